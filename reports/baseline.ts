import { readFile, rename, writeFile } from 'node:fs/promises';
import { CONTRACT_VERSION } from '../specs/index.js';
import { keyOfSignature } from '../harness/events.js';
import { followsText, normalizeSignature, type BaselineEntry, type Report, type ReportDivergence } from './report.js';

/**
 * A baseline lists the divergences an implementation is known to have, by key (action,
 * clause, expected answer: see harness/events.ts `keyOf`), so an emulator's CI fails on new
 * ones only. Every key has a witness case that runs whatever the seed or --num-runs, so the
 * same endpoint gives the same keys in every run; an entry is called fixed only when the
 * property that found it ran all its witnesses and the key was not found again.
 *
 * Version 2 records keys and the finding property; version 1 files (signatures) are read,
 * their signatures turned into keys, and rewritten as version 2 on --update-baseline.
 */
export const BASELINE_VERSION = 2;
export const BASELINE_TOOL = 'iam-mfa-conformance';

export interface Baseline {
  readonly tool: typeof BASELINE_TOOL;
  readonly baselineVersion: typeof BASELINE_VERSION;
  /** Clause ids in keys mean what this contract version says they mean. */
  readonly contractVersion: string;
  readonly entries: readonly BaselineEntry[];
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
  if (parsed.baselineVersion !== BASELINE_VERSION && parsed.baselineVersion !== 1) {
    const msg = `baseline ${file} has baselineVersion ${JSON.stringify(parsed.baselineVersion)}; this iam-mfa-conformance reads versions 1 and ${BASELINE_VERSION} (regenerate it with --update-baseline)`;
    if (options.update) return { note: msg };
    throw new BaselineError(msg);
  }
  if (parsed.contractVersion !== CONTRACT_VERSION) {
    const msg = `baseline ${file} was written for contract ${JSON.stringify(parsed.contractVersion)}, this iam-mfa-conformance checks contract ${CONTRACT_VERSION} whose clauses may differ (review it, then regenerate it with --update-baseline)`;
    if (options.update) return { note: msg };
    throw new BaselineError(msg);
  }
  return { baseline: { tool: BASELINE_TOOL, baselineVersion: BASELINE_VERSION, contractVersion: parsed.contractVersion as string, entries: parsed.entries } };
}

const str = (e: Record<string, unknown>, k: string) => typeof e[k] === 'string' && e[k] !== '';

/** Shape checks only; versions are judged by the caller, which knows whether it may replace the file. */
export function parseBaseline(text: string, file: string): { tool: string; baselineVersion: unknown; contractVersion: unknown; entries: BaselineEntry[] } {
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
  const version = o['baselineVersion'];
  if (version !== BASELINE_VERSION && version !== 1) return { tool: BASELINE_TOOL, baselineVersion: version, contractVersion: o['contractVersion'], entries: [] };
  if (typeof o['contractVersion'] !== 'string') throw new BaselineError(`baseline ${file} is corrupt: "contractVersion" must be a string`);
  const field = version === 1 ? 'signatures' : 'entries';
  const list = o[field];
  if (!Array.isArray(list)) throw new BaselineError(`baseline ${file} is corrupt: "${field}" must be an array`);
  const entries: BaselineEntry[] = list.map((x: unknown, i) => {
    const e = x as Record<string, unknown>;
    const id = version === 1 ? 'signature' : 'key';
    const ok = x !== null && typeof x === 'object' && str(e, id) && str(e, 'clause') && str(e, 'operation') && typeof e['level'] === 'string' && LEVELS.has(e['level']) && (e['property'] === undefined || str(e, 'property'));
    if (!ok) throw new BaselineError(`baseline ${file} is corrupt: ${field}[${i}] needs string "${id}", "clause", "operation" and "level" MUST|SHOULD|OPEN`);
    // Version 1 recorded signatures (written before reason phrases: "500 OK"): read as keys.
    const key = version === 1 ? keyOfSignature(normalizeSignature(e['signature'] as string)) : (e['key'] as string);
    return { key, clause: e['clause'] as string, level: e['level'] as BaselineEntry['level'], operation: e['operation'] as string, ...(str(e, 'property') ? { property: e['property'] as string } : {}) };
  });
  return { tool: BASELINE_TOOL, baselineVersion: version, contractVersion: o['contractVersion'], entries };
}

const entryOf = (d: ReportDivergence): BaselineEntry => ({ key: d.key, clause: d.clause, level: d.level, operation: d.operation, property: d.property });

/**
 * Whether this run can tell that an entry is gone: the property that found it ran all its
 * witnesses. An entry without a property (version 1) falls back to its clause being exercised.
 */
function decidable(report: Report, e: BaselineEntry): boolean {
  if (e.property !== undefined && report.witnessed) return report.witnessed.includes(e.property);
  return report.clauses.some((c) => c.id === e.clause && c.status !== 'untested');
}

/**
 * Marks each divergence known or new, and lists baseline entries the run did not find: fixed
 * when the property that found them ran all its witnesses, unseen otherwise (a run limited by
 * --include or cut short proves nothing about them).
 */
export function applyBaseline(report: Report, baseline: Baseline | undefined, file: string): Report {
  const entries = baseline?.entries ?? [];
  const known = new Set(entries.map((e) => e.key));
  // A consequence has no key of its own: it is judged with the divergence it follows.
  const found = new Set(report.divergences.filter((d) => !d.consequenceOf).map((d) => d.key));
  const followers = new Map(report.divergences.filter((d) => d.consequenceOf).map((d) => [d.key, d]));
  const divergences = report.divergences.map((d) => (d.consequenceOf ? d : { ...d, baseline: known.has(d.key) ? ('known' as const) : ('new' as const) }));
  const missing = entries.filter((e) => !found.has(e.key));
  // An entry whose divergence now shows as a consequence was not fixed: it moved under its cause.
  const migrated = missing.filter((e) => followers.has(e.key)).map((e) => ({ ...e, follows: followsText(followers.get(e.key)!.consequenceOf!) }));
  const rest = missing.filter((e) => !followers.has(e.key));
  return {
    ...report,
    divergences,
    baseline: {
      file,
      known: divergences.filter((d) => d.baseline === 'known').length,
      new: divergences.filter((d) => d.baseline === 'new').length,
      fixed: rest.filter((e) => decidable(report, e)),
      unseen: rest.filter((e) => !decidable(report, e)),
      ...(migrated.length > 0 ? { migrated } : {}),
    },
  };
}

/**
 * The baseline after this run: every key it found, plus previous entries it could not decide
 * (kept, since nothing was learnt about them). Fixed entries are dropped. Returns the new
 * baseline and the report as judged against it: every divergence known.
 */
export function updatedBaseline(report: Report, previous: Baseline | undefined, file: string): { baseline: Baseline; report: Report } {
  const judged = applyBaseline(report, previous, file);
  const entries = new Map<string, BaselineEntry>();
  for (const d of report.divergences) if (!d.consequenceOf && !entries.has(d.key)) entries.set(d.key, entryOf(d));
  for (const e of judged.baseline?.unseen ?? []) entries.set(e.key, e);
  const baseline: Baseline = {
    tool: BASELINE_TOOL,
    baselineVersion: BASELINE_VERSION,
    contractVersion: CONTRACT_VERSION,
    entries: [...entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
  const summary = judged.baseline!;
  return {
    baseline,
    report: {
      ...judged,
      divergences: report.divergences.map((d) => (d.consequenceOf ? d : { ...d, baseline: 'known' as const })),
      // `new` counts the entries this update added; `fixed` the ones it dropped.
      baseline: { ...summary, known: report.divergences.filter((d) => !d.consequenceOf).length, updated: true },
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
