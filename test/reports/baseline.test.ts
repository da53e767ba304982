import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { startReference, type ReferenceEndpoint, type ReferenceHooks } from '../../harness/reference/server.js';
import { composeHooks } from '../../instruments/compose.js';
import { faultById } from '../../instruments/faults/index.js';
import { applyBaseline, BASELINE_VERSION, loadBaseline, updatedBaseline } from '../../reports/baseline.js';
import type { BaselineEntry, Report } from '../../reports/report.js';
import { keyOfSignature } from '../../harness/events.js';
import { CONTRACT_VERSION } from '../../specs/index.js';
import { cli, FAULT_PROPERTIES, FAULT_SIGNATURES, plantedReference, syntheticReport, tmp } from './support.js';

const readJson = <T>(f: string): T => JSON.parse(readFileSync(f, 'utf8')) as T;
const E2 = FAULT_SIGNATURES['enable-unknown-user-400'];
const L1 = FAULT_SIGNATURES['list-unknown-user-200'];

describe('baseline flow end to end (embedded reference with planted faults)', () => {
  let one: ReferenceEndpoint;
  let two: ReferenceEndpoint;
  let none: ReferenceEndpoint;
  const dir = tmp('imc-baseline-');
  const file = join(dir, 'baseline.json');
  const run = (url: string, tag: string, ...extra: string[]) => cli('run', '--endpoint-url', url, '--seed', '3', '--num-runs', '3', '--include', FAULT_PROPERTIES, '--report-dir', join(dir, tag), ...extra);

  beforeAll(async () => {
    one = await plantedReference(['enable-unknown-user-400']);
    two = await plantedReference(['enable-unknown-user-400', 'list-unknown-user-200']);
    none = await plantedReference([]);
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close(), none?.close()]);
  });

  it('first run fails; --update-baseline accepts; with the baseline it passes; a new divergence fails; a fix is reported', async () => {
    const first = await run(one.url, 'first');
    expect(first.code).toBe(EXIT.divergences);
    expect(readJson<Report>(join(dir, 'first', 'report.json')).divergences.map((d) => d.signature)).toEqual([E2]);

    const update = await run(one.url, 'update', '--baseline', file, '--update-baseline');
    expect(update.code).toBe(EXIT.ok);
    expect(update.out.join('\n')).toContain(`baseline written: ${file} (1 signature(s))`);
    expect(readJson(file)).toEqual({
      tool: 'iam-mfa-conformance',
      baselineVersion: BASELINE_VERSION,
      contractVersion: CONTRACT_VERSION,
      entries: [{ key: keyOfSignature(E2), clause: 'V1', level: 'MUST', operation: 'EnableMFADevice', property: 'enable.unknown-user' }],
    });

    const known = await run(one.url, 'known', '--baseline', file);
    expect(known.code).toBe(EXIT.ok);
    expect(known.out.join('\n')).toMatch(/\(known, in baseline\)/);
    const knownReport = readJson<Report>(join(dir, 'known', 'report.json'));
    expect(knownReport.divergences.map((d) => [d.signature, d.baseline])).toEqual([[E2, 'known']]);
    expect(knownReport.baseline).toMatchObject({ file, known: 1, new: 0, fixed: [], unseen: [] });
    // The known divergence is no JUnit failure either: CI and exit code agree.
    expect(readFileSync(join(dir, 'known', 'junit.xml'), 'utf8')).not.toContain('<failure');

    const planted = await run(two.url, 'planted', '--baseline', file);
    expect(planted.code).toBe(EXIT.divergences);
    const plantedReport = readJson<Report>(join(dir, 'planted', 'report.json'));
    expect(Object.fromEntries(plantedReport.divergences.map((d) => [d.signature, d.baseline]))).toEqual({ [E2]: 'known', [L1]: 'new' });
    expect(planted.out.join('\n')).toMatch(/NEW, not in baseline/);
    const junit = readFileSync(join(dir, 'planted', 'junit.xml'), 'utf8');
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(junit).toMatch(/<testcase name="L1 [^"]*"[^>]*>\s*<failure/);

    const fixed = await run(none.url, 'fixed', '--baseline', file);
    expect(fixed.code).toBe(EXIT.ok);
    expect(fixed.out).toContain(`  fixed, remove from baseline: ${keyOfSignature(E2)} (MUST V1)`);
    expect(readJson<Report>(join(dir, 'fixed', 'report.json')).baseline?.fixed).toEqual([{ key: keyOfSignature(E2), clause: 'V1', level: 'MUST', operation: 'EnableMFADevice', property: 'enable.unknown-user' }]);
    expect(readFileSync(join(dir, 'fixed', 'report.md'), 'utf8')).toContain('fixed, remove from baseline');
  });

  it('a baseline entry whose property did not run its witnesses is kept, not called fixed', async () => {
    const f = join(dir, 'partial.json');
    await run(one.url, 'p1', '--baseline', f, '--update-baseline');
    // This run selects users.* only: enable.unknown-user never ran, so nothing is known about its entry.
    const r = await cli('run', '--endpoint-url', none.url, '--seed', '3', '--num-runs', '2', '--include', 'users.unknown', '--report-dir', join(dir, 'p2'), '--baseline', f, '--update-baseline');
    expect(r.code).toBe(EXIT.ok);
    expect(readJson<Report>(join(dir, 'p2', 'report.json')).baseline?.unseen.map((s) => s.key)).toEqual([keyOfSignature(E2)]);
    expect(readJson<{ entries: Array<{ key: string }> }>(f).entries.map((s) => s.key)).toEqual([keyOfSignature(E2)]);
  });
});

describe('a bad baseline is exit 2 with one clear line, before any endpoint is contacted', () => {
  // Nothing listens on port 1: had the run started, it would end in exit 3, not 2.
  const dead = 'http://127.0.0.1:1';
  const dir = tmp('imc-badbaseline-');
  const write = (name: string, content: string) => {
    const f = join(dir, name);
    writeFileSync(f, content);
    return f;
  };

  it.each([
    ['not JSON', () => write('corrupt.json', '{"tool": "iam-mfa-conformance", "baselineVersion": 1,'), /baseline .*corrupt\.json is corrupt: not valid JSON/],
    ['not a baseline', () => write('other.json', '{"hello": 1}'), /other\.json is not an iam-mfa-conformance baseline/],
    ['another baseline version', () => write('v9.json', JSON.stringify({ tool: 'iam-mfa-conformance', baselineVersion: 9, contractVersion: CONTRACT_VERSION, signatures: [] })), /has baselineVersion 9; this iam-mfa-conformance reads versions 1 and 2/],
    ['another contract version', () => write('c.json', JSON.stringify({ tool: 'iam-mfa-conformance', baselineVersion: 1, contractVersion: '1999-01-01.1', signatures: [] })), /was written for contract "1999-01-01\.1"/],
    ['entries of the wrong shape', () => write('shape.json', JSON.stringify({ tool: 'iam-mfa-conformance', baselineVersion: 1, contractVersion: CONTRACT_VERSION, signatures: [{ signature: 'x', level: 'MAYBE' }] })), /signatures\[0\] needs/],
    ['a missing file', () => join(dir, 'nope.json'), /does not exist \(create it with --update-baseline\)/],
  ])('%s', async (_what, make, message) => {
    const r = await cli('run', '--endpoint-url', dead, '--report-dir', join(dir, 'r'), '--baseline', make());
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
    expect(existsSync(join(dir, 'r', 'report.json'))).toBe(false);
  });

  it('--update-baseline without --baseline', async () => {
    const r = await cli('run', '--endpoint-url', dead, '--update-baseline');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err[0]).toMatch(/--update-baseline needs --baseline FILE/);
  });

  it('--update-baseline never overwrites a file that is not a baseline', async () => {
    const f = write('report-by-mistake.json', '{"tool": {"name": "iam-mfa-conformance"}}');
    const r = await cli('run', '--endpoint-url', dead, '--baseline', f, '--update-baseline');
    expect(r.code).toBe(EXIT.usage);
    expect(readFileSync(f, 'utf8')).toBe('{"tool": {"name": "iam-mfa-conformance"}}');
  });

  it('--update-baseline replaces a baseline of another version, saying so', async () => {
    const f = write('old.json', JSON.stringify({ tool: 'iam-mfa-conformance', baselineVersion: 0, contractVersion: 'old', signatures: [] }));
    expect(await loadBaseline(f, { update: true })).toEqual({ note: expect.stringMatching(/baselineVersion 0/) });
    await expect(loadBaseline(f, { update: false })).rejects.toThrow(/baselineVersion 0/);
  });
});

describe('applyBaseline and updatedBaseline', () => {
  const report = syntheticReport();
  const entry = (i: number): BaselineEntry => {
    const d = report.divergences[i]!;
    return { key: d.key, clause: d.clause, level: d.level, operation: d.operation, property: d.property };
  };
  const base = (entries: BaselineEntry[]) => ({ tool: 'iam-mfa-conformance' as const, baselineVersion: 2 as const, contractVersion: CONTRACT_VERSION, entries });

  it('marks known and new by key, splits missing entries into fixed and undecided by whether their property ran all its witnesses', () => {
    const gone: BaselineEntry = { key: 'EnableMFADevice|E7|403 InvalidAuthenticationCode|other', clause: 'E7', level: 'MUST', operation: 'EnableMFADevice', property: 'enable.wrong-codes' };
    const untested: BaselineEntry = { key: 'DeleteUser|R3|409 DeleteConflict', clause: 'R3', level: 'MUST', operation: 'DeleteUser', property: 'users.delete-conflict' };
    const judged = applyBaseline({ ...report, witnessed: ['enable.wrong-codes'] }, base([entry(0), entry(3), gone, untested]), 'b.json');
    expect(judged.divergences.map((d) => d.baseline)).toEqual(['known', 'new', 'new', 'known', 'new']);
    expect(judged.baseline).toEqual({ file: 'b.json', known: 2, new: 3, fixed: [gone], unseen: [untested] });
  });

  it('an update keeps undecided entries, drops fixed ones, sorts, and leaves nothing failing', () => {
    const untested: BaselineEntry = { key: 'DeleteUser|R3|409 DeleteConflict', clause: 'R3', level: 'MUST', operation: 'DeleteUser', property: 'users.delete-conflict' };
    const gone: BaselineEntry = { key: 'AAA|E7|x', clause: 'E7', level: 'MUST', operation: 'EnableMFADevice', property: 'enable.wrong-codes' };
    const { baseline, report: after } = updatedBaseline({ ...report, witnessed: ['enable.wrong-codes'] }, base([entry(0), gone, untested]), 'b.json');
    const keys = baseline.entries.map((s) => s.key);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toContain(untested.key);
    expect(keys).not.toContain(gone.key);
    expect(new Set(keys)).toEqual(new Set([...report.divergences.map((d) => d.key), untested.key]));
    expect(after.divergences.every((d) => d.baseline === 'known')).toBe(true);
    expect(after.baseline).toMatchObject({ updated: true, new: report.divergences.length - 1, fixed: [gone] });
  });
});

describe('a CI gate that holds: baseline under fault A, then other seeds, A+B, and nothing', () => {
  const dir = tmp('imc-gate-');
  const file = join(dir, 'baseline.json');
  const hooks = (id: string) => faultById(id)!.hooks;
  const A = 'codes.unchecked';
  const B = 'enable.reassign';
  const gate = async (h: ReferenceHooks, tag: string, seed: number, numRuns: number, ...extra: string[]) => {
    const ref = await startReference({ hooks: h });
    try {
      const r = await cli('run', '--endpoint-url', ref.url, '--seed', String(seed), '--num-runs', String(numRuns), '--include', 'enable', '--no-measure', '--report-dir', join(dir, tag), '--baseline', file, ...extra);
      return { ...r, report: readJson<Report>(join(dir, tag, 'report.json')) };
    } finally {
      await ref.close();
    }
  };

  it('writes the baseline under A; other seeds at --num-runs 5 and 25 pass; A+B fails naming B only; without faults A is fixed', async () => {
    const base = await gate(hooks(A), 'base', 1, 5, '--update-baseline');
    expect(base.code).toBe(EXIT.ok);
    const keys = readJson<{ entries: Array<{ key: string }> }>(file).entries.map((e) => e.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.includes('|E7|'))).toBe(true);

    for (const [seed, n] of [
      [2, 5],
      [3, 25],
    ] as const) {
      const again = await gate(hooks(A), `a-${seed}`, seed, n);
      expect({ seed, n, code: again.code, fixed: again.report.baseline?.fixed, fresh: again.report.baseline?.new }).toEqual({ seed, n, code: EXIT.ok, fixed: [], fresh: 0 });
    }

    const both = await gate(composeHooks(hooks(A), hooks(B)), 'ab', 4, 5);
    expect(both.code).toBe(EXIT.divergences);
    const fresh = both.report.divergences.filter((d) => d.baseline === 'new');
    expect(fresh.length).toBeGreaterThan(0);
    expect([...new Set(fresh.map((d) => d.clause))]).toEqual(['E4']);
    expect(both.out.join('\n')).toMatch(/E4 EnableMFADevice.*NEW, not in baseline/);

    const none = await gate({}, 'none', 5, 5);
    expect(none.code).toBe(EXIT.ok);
    expect(none.report.baseline?.fixed.map((f) => f.key).sort()).toEqual([...keys].sort());
  }, 120_000);
});
