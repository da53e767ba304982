import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import type { Report } from '../../reports/report.js';
import { updatedBaseline, writeBaseline } from '../../reports/baseline.js';
import type { ClauseId } from '../../specs/index.js';
import { cli } from '../cli/helpers.js';
import { missingInstall, type EmulatorName } from './installed.js';

/** Gate runs side by side (each launches its own emulator; the machine has two cores). */
const GATE_CONCURRENCY = 3;

/** Two fixed seeds: a failure names the runs to reproduce. */
export const SEEDS = [1, 2] as const;

export interface EmulatorRun {
  readonly code: number;
  readonly out: readonly string[];
  readonly err: readonly string[];
  readonly report: Report;
}

/** What is known about one emulator at its pinned version (scripts/install-emulators.sh). */
export interface EmulatorExpectations {
  readonly name: EmulatorName;
  /** Operations answered as missing (501, a non-XML 5xx or InvalidAction), sorted. */
  readonly notImplemented: readonly string[];
  /** Clauses the emulator gets right: a divergence there would be a false alarm of the suite. */
  readonly passes: readonly ClauseId[];
  /** Clauses it gets wrong besides E7, checked by hand against the emulator. */
  readonly diverges: readonly ClauseId[];
  /** Warnings the emulator's own behaviour causes, each with the reason as a comment. */
  readonly allowedWarnings?: readonly RegExp[];
  /**
   * `clause/kind` pairs left out of the two-seed comparison, with the reason. Only for
   * detections that hinge on something neither seed controls (the emulator's own randomness).
   */
  readonly unstable?: Readonly<Record<string, string>>;
  /** Upper bound on the index of E7's diverging request in its minimal case (default 3). */
  readonly e7MaxStep?: number;
  /**
   * Set when the emulator's seeds are not base32 (a D1 divergence): no code can be computed,
   * so the suite must leave E7 untested rather than guess a secret. The reason, for the title.
   */
  readonly codesUnjudgeable?: string;
  /** Seeds of the CI-gate measurement: a baseline from the first run must hold on each, at --num-runs 5. */
  readonly gateSeeds?: readonly number[];
  /** More tests for this emulator: `test` skips like the others when it is not installed. */
  readonly extra?: (test: (name: string, fn: () => Promise<void>) => void, first: () => Promise<EmulatorRun>) => void;
}

/** The default run (default --num-runs, acceptance-window probe included), as CI would run it. */
async function runEmulator(name: EmulatorName, seed: number, dir: string): Promise<EmulatorRun> {
  const r = await cli('run', '--target', name, '--seed', String(seed), '--report-dir', dir);
  // Exit 3 or 4 leaves no report: say why instead of failing on a missing file.
  if (r.code === EXIT.endpoint || r.code === EXIT.internal) throw new Error(`${name} run (seed ${seed}) exited ${r.code}: ${r.err.join(' | ')}`);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
  return { code: r.code, out: r.out, err: r.err, report };
}

/** The baseline keys a run found: what a CI gate compares, so what must not depend on luck. */
const keysOf = (r: Report): string[] => [...new Set(r.divergences.filter((d) => !d.consequenceOf).map((d) => d.key))].sort();
const statusOf = (r: Report, id: ClauseId) => r.clauses.find((c) => c.id === id)?.status;
/** Warnings that would mean the harness, not the emulator, went wrong. */
const HARNESS_TROUBLE = /internal|label no longer holds|bug/i;

/**
 * One emulator, started for real by the tool: a default run completes without a harness
 * error, missing actions are "not implemented", the known divergences are found, the known
 * good behaviour is not reported, and a second seed finds the same (clause, kind) pairs.
 */
export function emulatorSuite(e: EmulatorExpectations): void {
  const missing = missingInstall(e.name);
  const inCi = process.env['CI'] === 'true';
  // .ci/run installs every emulator before this suite: missing there is a broken install.
  const skip = missing !== undefined && !inCi;
  const dirs: string[] = [];
  const lazyRun = (seed: number) => {
    let p: Promise<EmulatorRun> | undefined;
    return () => {
      if (missing !== undefined) return Promise.reject(new Error(`${missing} (.ci/run runs scripts/install-emulators.sh all before this suite)`));
      if (!p) {
        const dir = mkdtempSync(join(tmpdir(), `imc-${e.name}-`));
        dirs.push(dir);
        p = runEmulator(e.name, seed, dir);
      }
      return p;
    };
  };
  const first = lazyRun(SEEDS[0]);
  const second = lazyRun(SEEDS[1]);
  const title = (t: string) => (skip ? `${t} (skipped: ${missing})` : t);

  describe(`${e.name}, started for real`, () => {
    afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    it.skipIf(skip)(title(`a default run (seed ${SEEDS[0]}) completes without a harness error`), async () => {
      // The second seed's run starts beside the first: both mostly wait on the emulator.
      second().catch(() => undefined);
      const { code, err, report } = await first();
      expect(err, 'stderr').toEqual([]);
      expect([EXIT.ok, EXIT.divergences]).toContain(code);
      expect(report.numRuns, 'default --num-runs').toBe(25);
      expect(report.interrupted, 'interrupted').toBeUndefined();
      expect(report.target.kind).toBe(e.name);
      expect(report.target.version, 'version the emulator reports').toMatch(new RegExp(`^${e.name} \\d`));
      expect(report.warnings.filter((w) => HARNESS_TROUBLE.test(w)), 'harness trouble in warnings').toEqual([]);
      const unexplained = report.warnings.filter((w) => !(e.allowedWarnings ?? []).some((re) => re.test(w)));
      expect(unexplained, 'warnings not explained by the emulator').toEqual([]);
    });

    it.skipIf(skip)(title('reports each unimplemented action once, as not implemented'), async () => {
      const { report } = await first();
      const missingOps = report.divergences.filter((d) => d.kind === 'not-implemented');
      expect(missingOps.map((d) => d.operation).sort()).toEqual([...e.notImplemented]);
      for (const d of missingOps) expect([d.clause, d.level], d.id).toEqual(['E9', 'MUST']);
      // An action that is missing is that and nothing else: no divergences filed on it.
      const onMissing = report.divergences.filter((d) => d.kind === 'divergence' && e.notImplemented.includes(d.operation));
      expect(onMissing.map((d) => `${d.id} ${d.clause} ${d.operation}`)).toEqual([]);
    });

    // One of the next two tests is defined per emulator (not skipped): which depends on its seeds.
    if (e.codesUnjudgeable !== undefined) it.skipIf(skip)(title(`leaves the codes unjudged, and says why: ${e.codesUnjudgeable}`), async () => {
      const { code, report } = await first();
      expect(code).toBe(EXIT.divergences);
      expect(statusOf(report, 'D1')).toBe('diverges');
      expect(report.divergences.some((d) => d.clause === 'D1' && /not RFC 4648 base32/.test(d.detail))).toBe(true);
      // No verdict on codes that could not be computed: E7 is neither passed nor failed.
      expect(statusOf(report, 'E7')).toBe('untested');
    });

    else it.skipIf(skip)(title('finds what it must (E7: codes are never verified) and nothing on what the emulator gets right'), async () => {
      const { code, report } = await first();
      const e7 = report.divergences.find((d) => d.clause === 'E7' && d.operation === 'EnableMFADevice');
      expect(e7, 'E7 divergence').toBeDefined();
      expect(e7?.level).toBe('MUST');
      expect(e7?.kind).toBe('divergence');
      expect(code).toBe(EXIT.divergences);
      // The minimal case: a user, a device, and the enable with a wrong pair.
      const at = e7?.step ?? Number.NaN;
      expect(at).toBeLessThanOrEqual(e.e7MaxStep ?? 3);
      expect(e7?.steps[at - 1]?.codes).toMatch(/same code twice|reversed|apart|another device|random/);
      expect(e7?.replay).toMatch(new RegExp(`iam-mfa-conformance replay .*--id \\d+ --target ${e.name}$`));
      const status = (ids: readonly ClauseId[]) => Object.fromEntries(ids.map((id) => [id, statusOf(report, id)]));
      expect(status(e.passes), 'clauses the emulator gets right').toEqual(Object.fromEntries(e.passes.map((id) => [id, 'pass'])));
      expect(status(e.diverges), 'clauses the emulator gets wrong').toEqual(Object.fromEntries(e.diverges.map((id) => [id, 'diverges'])));
    });

    it.skipIf(skip)(title(`finds the same baseline keys under seed ${SEEDS[1]}`), async () => {
      const a = await first();
      const b = await second();
      expect(b.err, 'stderr').toEqual([]);
      const stable = (r: Report) => keysOf(r).filter((k) => !(k in (e.unstable ?? {})));
      expect(stable(b.report)).toEqual(stable(a.report));
    });

    if (e.gateSeeds) {
      const seeds = e.gateSeeds;
      it.skipIf(skip)(title(`a baseline from seed ${SEEDS[0]} holds for seeds ${seeds.join(', ')} at --num-runs 5: the same keys, exit 0`), async () => {
        const a = await first();
        const dir = mkdtempSync(join(tmpdir(), `imc-${e.name}-gate-`));
        dirs.push(dir);
        const file = join(dir, 'baseline.json');
        await writeBaseline(file, updatedBaseline(a.report, undefined, file).baseline);
        // Each run launches its own emulator and mostly waits (for the next code step, for
        // settling), so a few run side by side: the measurement is the same, in a third of the time.
        const gateRun = async (seed: number) => {
          const r = await cli('run', '--target', e.name, '--seed', String(seed), '--num-runs', '5', '--quiet', '--baseline', file, '--report-dir', join(dir, String(seed)));
          const report = JSON.parse(readFileSync(join(dir, String(seed), 'report.json'), 'utf8')) as Report;
          return { seed, code: r.code, report };
        };
        const results: Array<Awaited<ReturnType<typeof gateRun>>> = [];
        for (let i = 0; i < seeds.length; i += GATE_CONCURRENCY) results.push(...(await Promise.all(seeds.slice(i, i + GATE_CONCURRENCY).map(gateRun))));
        for (const { seed, code, report } of results) {
          expect({ seed, keys: keysOf(report) }).toEqual({ seed, keys: keysOf(a.report) });
          expect({ seed, code, fixed: report.baseline?.fixed.map((f) => f.key) }).toEqual({ seed, code: EXIT.ok, fixed: [] });
        }
      }, 900_000);
    }

    e.extra?.((name, fn) => it.skipIf(skip)(title(name), fn), first);
  });
}
