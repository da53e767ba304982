import { readFile, rename, writeFile } from 'node:fs/promises';
import { CONTRACT_VERSION } from '../specs/index.js';
import { normalizeSignature, type BaselineSignature, type Report, type ReportDivergence } from './report.js';

/**
 * A baseline lists the divergences an implementation is known to have, by signature, so an
 * emulator's CI fails on new ones only. Signatures carry no names, ids or messages, so the
 * same divergence has the same signature in every run.
 */
export const BASELINE_VERSION = 1;
export const BASELINE_TOOL = 'iam-mfa-conformance';

export interface Baseline {
  readonly tool: typeof BASELINE_TOOL;
  readonly baselineVersion: typeof BASELINE_VERSION;
  /** Clause ids in signatures mean what this contract version says they mean. */
  readonly contractVersion: string;
  readonly signatures: readonly BaselineSignature[];
}

/** Anything wrong with a baseline file: the CLI turns it into exit code 2 with this one-line message. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

export interface LoadedBaseline {
  /** Absent when there is no usable previous baseline (only possible when updating). */
  readonly baseline?: Baseline;
  /** Why a previous file was set aside when updating. */
  readonly note?: string;
}

const LEVELS = new Set(['MUST', 'SHOULD', 'OPEN']);

/**
 * Reads and checks a baseline before anything is started. When `update` is set, a missing
 * file or one of another baseline or contract version is replaced rather than refused; a
 * file that is not a baseline at all is still refused, so a mistyped path never overwrites
 * a report or anything else.
 */
export async function loadBaseline(file: string, options: { update: boolean }): Promise<LoadedBaseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (options.update) return {};
      throw new BaselineError(`baseline ${file} does not exist (create it with --update-baseline)`);
    }
    throw new BaselineError(`cannot read baseline ${file}: ${(e as Error).message}`);
  }
  const parsed = parseBaseline(text, file);
  if (parsed.baselineVersion !== BASELINE_VERSION) {
    const msg = `baseline ${file} has baselineVersion ${JSON.stringify(parsed.baselineVersion)}; this iam-mfa-conformance reads version ${BASELINE_VERSION} (regenerate it with --update-baseline)`;
    if (options.update) return { note: msg };
    throw new BaselineError(msg);
  }
  if (parsed.contractVersion !== CONTRACT_VERSION) {
    const msg = `baseline ${file} was written for contract ${JSON.stringify(parsed.contractVersion)}, this iam-mfa-conformance checks contract ${CONTRACT_VERSION} whose clauses may differ (review it, then regenerate it with --update-baseline)`;
    if (options.update) return { note: msg };
    throw new BaselineError(msg);
  }
  return { baseline: parsed as Baseline };
}

/** Shape checks only; versions are judged by the caller, which knows whether it may replace the file. */
export function parseBaseline(text: string, file: string): { tool: string; baselineVersion: unknown; contractVersion: unknown; signatures: BaselineSignature[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`baseline ${file} is corrupt: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const o = data as Record<string, unknown>;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || o['tool'] !== BASELINE_TOOL) {
    throw new BaselineError(`${file} is not an iam-mfa-conformance baseline (expected an object with "tool": "${BASELINE_TOOL}")`);
  }
  if (o['baselineVersion'] !== BASELINE_VERSION) return { tool: BASELINE_TOOL, baselineVersion: o['baselineVersion'], contractVersion: o['contractVersion'], signatures: [] };
  if (typeof o['contractVersion'] !== 'string') throw new BaselineError(`baseline ${file} is corrupt: "contractVersion" must be a string`);
  const sigs = o['signatures'];
  if (!Array.isArray(sigs)) throw new BaselineError(`baseline ${file} is corrupt: "signatures" must be an array`);
  const signatures: BaselineSignature[] = sigs.map((s: unknown, i) => {
    const e = s as Record<string, unknown>;
    const ok = s !== null && typeof s === 'object' && typeof e['signature'] === 'string' && e['signature'] !== '' && typeof e['clause'] === 'string' && typeof e['operation'] === 'string' && typeof e['level'] === 'string' && LEVELS.has(e['level']);
    if (!ok) throw new BaselineError(`baseline ${file} is corrupt: signatures[${i}] needs string "signature", "clause", "operation" and "level" MUST|SHOULD|OPEN`);
    // Entries written before reason phrases ("500 OK") are read in today's spelling.
    return { signature: normalizeSignature(e['signature'] as string), clause: e['clause'] as string, level: e['level'] as BaselineSignature['level'], operation: e['operation'] as string };
  });
  return { tool: BASELINE_TOOL, baselineVersion: BASELINE_VERSION, contractVersion: o['contractVersion'], signatures };
}

const entryOf = (d: ReportDivergence): BaselineSignature => ({ signature: d.signature, clause: d.clause, level: d.level, operation: d.operation });

const exercised = (report: Report, clause: string) => report.clauses.some((c) => c.id === clause && c.status !== 'untested');

/**
 * Marks each divergence known or new, and lists baseline entries the run did not find: fixed
 * when their clause was exercised, unseen when it was not (a shorter run proves nothing).
 */
export function applyBaseline(report: Report, baseline: Baseline | undefined, file: string): Report {
  const known = new Set((baseline?.signatures ?? []).map((s) => s.signature));
  const found = new Set(report.divergences.map((d) => d.signature));
  const divergences = report.divergences.map((d) => ({ ...d, baseline: known.has(d.signature) ? ('known' as const) : ('new' as const) }));
  const missing = (baseline?.signatures ?? []).filter((s) => !found.has(s.signature));
  return {
    ...report,
    divergences,
    baseline: {
      file,
      known: divergences.filter((d) => d.baseline === 'known').length,
      new: divergences.filter((d) => d.baseline === 'new').length,
      fixed: missing.filter((s) => exercised(report, s.clause)),
      unseen: missing.filter((s) => !exercised(report, s.clause)),
    },
  };
}

/**
 * The baseline after this run: every divergence it found, plus previous entries whose clause
 * it did not exercise (kept, since nothing was learnt about them). Fixed entries are dropped.
 * Returns the new baseline and the report as judged against it: every divergence known.
 */
export function updatedBaseline(report: Report, previous: Baseline | undefined, file: string): { baseline: Baseline; report: Report } {
  const judged = applyBaseline(report, previous, file);
  const entries = new Map<string, BaselineSignature>();
  for (const d of report.divergences) entries.set(d.signature, entryOf(d));
  for (const s of judged.baseline?.unseen ?? []) entries.set(s.signature, s);
  const baseline: Baseline = {
    tool: BASELINE_TOOL,
    baselineVersion: BASELINE_VERSION,
    contractVersion: CONTRACT_VERSION,
    signatures: [...entries.values()].sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0)),
  };
  const summary = judged.baseline!;
  return {
    baseline,
    report: {
      ...judged,
      divergences: report.divergences.map((d) => ({ ...d, baseline: 'known' as const })),
      // `new` counts the entries this update added; `fixed` the ones it dropped.
      baseline: { ...summary, known: report.divergences.length, updated: true },
    },
  };
}

export function baselineJson(b: Baseline): string {
  return JSON.stringify(b, null, 2) + '\n';
}

/** Written beside the target and renamed over it, so an interrupted run never leaves half a file. */
export async function writeBaseline(file: string, b: Baseline): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, baselineJson(b));
  await rename(tmp, file);
}
