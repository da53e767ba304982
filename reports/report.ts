import { CLAUSES, CONTRACT_VERSION, SOURCES, clauseById, type ClauseId, type Level } from '../specs/index.js';
import type { CaseSpec } from '../harness/case/spec.js';
import type { StepRecord } from '../harness/case/record.js';
import type { EngineResult, MeasurementCount, SetupFailure, UnjudgedClause } from '../harness/engine.js';
import { outcomeLabel, type OutcomeView } from '../harness/events.js';

/**
 * 2: divergence ids are `#N` (they read apart from clause ids such as D1), `run` records the
 * run prefix and account, `target.name` the target a replay launches again, `stopReason`
 * why a partial run stopped. Readers (compare, replay) take versions 1 and 2.
 */
export const SCHEMA_VERSION = 2;
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [1, 2];

/** How the run's account was chosen, so that `cleanup` and the AWS CLI scripts can select it again (or say they cannot). */
export type AccountFrom = 'x-moto-account-id' | 'access-key-id' | 'credentials';

export interface RunInfo {
  /** Every name the run created starts with it (`cleanup --prefix`). */
  readonly prefix: string;
  /** The account in the endpoint's ARNs; null when its answers showed none. */
  readonly account: string | null;
  readonly accountFrom: AccountFrom;
}

export type ClauseStatus = 'pass' | 'diverges' | 'not-implemented' | 'untested' | 'not-selected';

export interface ReportDivergence {
  readonly id: string;
  readonly signature: string;
  /** What a baseline records (action, clause, expected answer): the same in every run. */
  readonly key: string;
  readonly clause: ClauseId;
  readonly level: Level;
  readonly source: string;
  readonly operation: string;
  readonly kind: 'divergence' | 'not-implemented';
  readonly expected: OutcomeView;
  readonly observed: OutcomeView;
  readonly detail: string;
  readonly property: string;
  readonly counterexample: CaseSpec;
  readonly steps: readonly StepRecord[];
  readonly replay: string;
  readonly seed: number;
  /** 1-based index, in `steps`, of the request whose answer diverged. */
  readonly step?: number;
  /** The endpoint's Error/Message on that request, if it sent one. */
  readonly observedMessage?: string;
  /** Set by a baseline: known divergences never fail a run. */
  readonly baseline?: 'known' | 'new';
  /**
   * Every case found for it needed an earlier step that diverged itself: it is reported as
   * following that divergence (`id`, when this report has it) and counts under its clause.
   */
  readonly consequenceOf?: { readonly id?: string; readonly clause: ClauseId; readonly signature: string };
}

/** One accepted divergence in a baseline file; also how reports list fixed ones. */
export interface BaselineEntry {
  /** Action, clause and expected answer (harness/events.ts `keyOf`). */
  readonly key: string;
  readonly clause: string;
  readonly level: Level;
  readonly operation: string;
  /** The property that found it: the entry is decided only when its witnesses ran. */
  readonly property?: string;
}

export interface BaselineSummary {
  readonly file: string;
  readonly known: number;
  readonly new: number;
  /** In the baseline, not found although the property that found it ran all its witnesses: remove from the baseline. */
  readonly fixed: readonly BaselineEntry[];
  /** In the baseline, not found, and its property's witnesses did not all run (--include, cut short): nothing can be said. */
  readonly unseen: readonly BaselineEntry[];
  /** In the baseline, now found as a consequence of another divergence: moved under its cause, neither fixed nor new. */
  readonly migrated?: ReadonlyArray<BaselineEntry & { readonly follows: string }>;
  /** Set when this run rewrote the baseline (--update-baseline). */
  readonly updated?: boolean;
}

export interface Report {
  readonly tool: { readonly name: string; readonly version: string };
  readonly contractVersion: string;
  readonly schemaVersion: number;
  readonly target: ReportTarget;
  readonly run?: RunInfo;
  readonly seed: number;
  readonly numRuns: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly summary: {
    readonly cases: number;
    readonly requests: number;
    readonly divergences: number;
    readonly must: number;
    readonly should: number;
    readonly notImplemented: number;
  };
  readonly clauses: ReadonlyArray<{ readonly id: ClauseId; readonly level: Level; readonly title: string; readonly status: ClauseStatus; readonly checks: number; readonly sources: readonly string[]; readonly why?: string }>;
  /** Clauses some request could not judge, and why (an AccessDenied about the caller, digest §7 [AUTH]). */
  readonly unjudged: readonly UnjudgedClause[];
  readonly divergences: readonly ReportDivergence[];
  readonly measurements: readonly MeasurementCount[];
  readonly warnings: readonly string[];
  /** SHOULD divergences fail this run (--strict). */
  readonly strict?: boolean;
  /** The run was cut short (signal, deadline, stop at first): untested clauses may be untested for that reason. */
  readonly interrupted?: boolean;
  /** Why a partial run stopped. */
  readonly stopReason?: StopReason;
  readonly baseline?: BaselineSummary;
  /** Properties whose every witness example ran: baseline entries of others stay undecided. */
  readonly witnessed?: readonly string[];
  /** Answers outside --include/--exclude the contract would not have allowed: the cases' setup went wrong there. */
  readonly setupFailures?: readonly SetupFailure[];
}

export type StopReason = 'interrupted' | 'max-duration' | 'first-divergence';

export interface ReportTarget {
  readonly endpoint: string;
  /** `reference`, `url` (an endpoint the user runs), or what the tool launched: an emulator name, `container`. */
  readonly kind: string;
  readonly selfCheck: boolean;
  readonly version?: string;
  /** The `--target` value of a target the tool launched, so that a replay can launch it again. */
  readonly name?: string;
}

/** The endpoint is gone after the run: the tool launched it and stopped it. */
export const launched = (t: ReportTarget): boolean => !t.selfCheck && t.kind !== 'url';

export interface ReportContext {
  readonly tool: { name: string; version: string };
  readonly target: ReportTarget;
  readonly run?: RunInfo;
  readonly seed: number;
  readonly numRuns: number;
  readonly startedAt: Date;
  readonly requests: number;
  readonly replayCommand: (divergenceId: string) => string;
  /** Clauses --include/--exclude leave out: reported as not selected, neither passed nor failed. */
  readonly unselected?: readonly ClauseId[];
  readonly strict?: boolean;
}

const sourceText = (id: ClauseId): string =>
  clauseById(id)
    .sources.map((s) => SOURCES[s].title)
    .join('; ');

/** The one report every format is written from. */
export function buildReport(result: EngineResult, ctx: ReportContext): Report {
  const idOf = new Map(result.divergences.map((d, i) => [d.signature, divergenceId(i + 1)]));
  const divergences: ReportDivergence[] = result.divergences.map((d, i) => {
    const id = divergenceId(i + 1);
    const at = d.finding.step !== undefined ? d.finding.step + 1 : divergingStep(d.steps, d.finding.action, d.finding.observed);
    const causeId = d.consequenceOf ? idOf.get(d.consequenceOf.signature) : undefined;
    const message = at === undefined ? undefined : d.steps[at - 1]?.message;
    return {
      id,
      signature: d.signature,
      key: d.key,
      clause: d.finding.clause,
      level: d.finding.level,
      source: sourceText(d.finding.clause),
      operation: d.finding.action,
      kind: d.finding.notImplemented ? 'not-implemented' : 'divergence',
      expected: d.finding.expected,
      observed: d.finding.observed,
      detail: d.finding.detail,
      property: d.property,
      counterexample: d.counterexample,
      steps: d.steps,
      replay: ctx.replayCommand(String(i + 1)),
      seed: d.seed,
      ...(at !== undefined ? { step: at } : {}),
      ...(message !== undefined ? { observedMessage: message } : {}),
      ...(d.consequenceOf ? { consequenceOf: { ...(causeId ? { id: causeId } : {}), clause: d.consequenceOf.clause, signature: d.consequenceOf.signature } } : {}),
    };
  });
  const clauses = CLAUSES.map((c) => {
    // A consequence counts under the clause it follows, never as a failure of its own.
    const mine = divergences.filter((d) => d.clause === c.id && !d.consequenceOf);
    const checks = result.exercised.get(c.id) ?? 0;
    const status: ClauseStatus = ctx.unselected?.includes(c.id) ? 'not-selected' : mine.some((d) => d.kind === 'divergence') ? 'diverges' : mine.length > 0 ? 'not-implemented' : checks > 0 ? 'pass' : 'untested';
    const why = status === 'untested' ? result.unjudged.find((u) => u.clause === c.id)?.reason : undefined;
    return { id: c.id, level: c.level, title: c.title, status, checks, sources: c.sources.map((s) => SOURCES[s].title), ...(why ? { why } : {}) };
  });
  return {
    tool: ctx.tool,
    contractVersion: CONTRACT_VERSION,
    schemaVersion: SCHEMA_VERSION,
    target: ctx.target,
    ...(ctx.run ? { run: ctx.run } : {}),
    seed: ctx.seed,
    numRuns: ctx.numRuns,
    startedAt: ctx.startedAt.toISOString(),
    durationMs: Date.now() - ctx.startedAt.getTime(),
    summary: {
      cases: result.cases,
      requests: ctx.requests,
      divergences: divergences.length,
      must: divergences.filter((d) => d.level === 'MUST' && d.kind === 'divergence').length,
      should: divergences.filter((d) => d.level === 'SHOULD').length,
      notImplemented: divergences.filter((d) => d.kind === 'not-implemented').length,
    },
    clauses,
    divergences,
    measurements: sortedMeasurements(reconcileWindow(result.measurements)),
    unjudged: result.unjudged,
    witnessed: result.witnessed,
    ...(result.setupFailures.length > 0 ? { setupFailures: result.setupFailures } : {}),
    warnings: result.warnings,
    strict: ctx.strict ?? false,
    ...(result.stoppedEarly ? { interrupted: true } : {}),
    ...(result.stoppedEarly && result.stopReason ? { stopReason: result.stopReason } : {}),
  };
}

/**
 * `#3`: clause ids are letters and digits (D1, E7), so a divergence id must not be; `replay
 * --id` takes `3`, `#3`, and the `D3` of reports written before schema version 2.
 */
export const divergenceId = (n: number): string => `#${n}`;

/** An HTML/Markdown anchor for a divergence id (`#3` -> `divergence-3`). */
export const anchorOf = (id: string): string => `divergence-${id.replace(/^[#D]/, '')}`;

/** The number in `3`, `#3` or `D3`, or undefined. */
export function idNumber(text: string): number | undefined {
  const m = /^(?:#|D)?(\d+)$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** Why a partial run stopped, in words, for every format. */
export function partialText(r: Pick<Report, 'interrupted' | 'stopReason'>): string | undefined {
  if (!r.interrupted) return undefined;
  const why = r.stopReason === 'interrupted' ? 'interrupted (Ctrl-C)' : r.stopReason === 'max-duration' ? 'stopped at --max-duration' : r.stopReason === 'first-divergence' ? 'stopped at the first divergence' : 'cut short';
  return `PARTIAL run, ${why}: the report covers what ran; untested clauses may be untested for that reason`;
}

/** The offset a per-case E8 measurement names: "... (offset -16)". */
const offsetOf = (subject: string): number | undefined => {
  const m = /\(offset (-?\d+)\)\s*$/.exec(subject);
  return m ? Number(m[1]) : undefined;
};

const accepted = (value: string) => value === '200 OK';

/**
 * The acceptance-window probe searches a few steps out and says "at least K step(s)" at its
 * bound; the properties may meanwhile have seen a pair much further out accepted. The
 * summary states the furthest pair accepted anywhere in the run, so the two never disagree.
 */
export function reconcileWindow(ms: readonly MeasurementCount[]): MeasurementCount[] {
  const furthest = { stale: 0, future: 0 };
  for (const m of ms) {
    const o = m.clause === 'E8' ? offsetOf(m.subject) : undefined;
    if (o === undefined || !accepted(m.value)) continue;
    if (o < 0) furthest.stale = Math.max(furthest.stale, -o);
    if (o > 0) furthest.future = Math.max(furthest.future, o);
  }
  return ms.map((m) => {
    const dir = /^(stale|future) genuine pairs accepted$/.exec(m.subject)?.[1] as 'stale' | 'future' | undefined;
    if (m.clause !== 'E8' || dir === undefined) return m;
    const seen = furthest[dir];
    const bound = /^at least (\d+) step\(s\)/.exec(m.value);
    const upTo = /^up to (\d+) step\(s\)/.exec(m.value);
    if (bound && seen > Number(bound[1])) return { ...m, value: `at least ${seen} step(s) (a pair ${seen} step(s) ${dir === 'stale' ? 'stale' : 'ahead'} was accepted; the probe searched ${bound[1]})` };
    if (upTo && seen > Number(upTo[1])) return { ...m, value: `inconsistent: up to ${upTo[1]} step(s) in the probe, yet a pair ${seen} step(s) ${dir === 'stale' ? 'stale' : 'ahead'} was accepted` };
    return m;
  });
}

/**
 * In contract order, then by question; per-case answers by offset (furthest stale first),
 * so an acceptance window reads top to bottom; summaries after them.
 */
export function sortedMeasurements<M extends { clause: string; question: string; subject: string; value: string }>(ms: readonly M[]): M[] {
  const order = new Map(CLAUSES.map((c, i) => [c.id as string, i]));
  const key = (m: M) => offsetOf(m.subject) ?? Number.POSITIVE_INFINITY;
  return [...ms].sort(
    (a, b) =>
      (order.get(a.clause) ?? 999) - (order.get(b.clause) ?? 999) ||
      a.question.localeCompare(b.question) ||
      (key(a) === key(b) ? 0 : key(a) < key(b) ? -1 : 1) ||
      a.subject.localeCompare(b.subject, 'en', { numeric: true }) ||
      a.value.localeCompare(b.value),
  );
}

/**
 * The engine does not say which request of the minimal case diverged; it is the last one of
 * the finding's action that got the observed answer (earlier ones set the state up).
 */
export function divergingStep(steps: readonly StepRecord[], action: string, observed: OutcomeView): number | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (s && s.action === action && s.status === observed.status && s.code === observed.code) return i + 1;
  }
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]?.action === action) return i + 1;
  return undefined;
}

/** "200 OK", "404 NoSuchEntity", "500 Internal Server Error" (the reason phrase where there is no error code). */
export const outcomeText = (o: OutcomeView): string => outcomeLabel(o);

/** A content divergence: the status and code were right, the result was not. */
export const sameOutcome = (d: Pick<ReportDivergence, 'expected' | 'observed'>): boolean => d.expected.status === d.observed.status && d.expected.code === d.observed.code;

/**
 * What differed, in one phrase: "expected 403 InvalidAuthenticationCode, observed 200 OK",
 * or for a content divergence (same status and code) "200 OK, but QRCodePNG does not start
 * with the PNG signature": never "expected 200 OK, observed 200 OK".
 */
export function differenceText(d: Pick<ReportDivergence, 'expected' | 'observed' | 'detail'>): string {
  return sameOutcome(d) ? `${outcomeText(d.observed)}, but ${d.detail}` : `expected ${outcomeText(d.expected)}, observed ${outcomeText(d.observed)}`;
}

/** Operations answered as missing, sorted: what "N actions not implemented" counts. */
export function notImplementedActions(report: Pick<Report, 'divergences'>): string[] {
  return [...new Set(report.divergences.filter((d) => d.kind === 'not-implemented').map((d) => d.operation))].sort();
}

/**
 * The clause summary in words. Clause statuses and the not-implemented count measure
 * different things (clauses, actions), so each says what it counts.
 */
export function clauseCountsText(report: Report): string {
  const c = clauseStatusCounts(report);
  const parts = [`${c.pass} pass`, `${c.diverges} diverge`];
  if (c['not-implemented'] > 0) parts.push(`${c['not-implemented']} only reached through unimplemented actions`);
  parts.push(`${c.untested} untested`);
  if (c['not-selected'] > 0) parts.push(`${c['not-selected']} not selected`);
  return `${report.clauses.length} clauses: ${parts.join(', ')}`;
}

/** "2 actions not implemented (GetMFADevice, ResyncMFADevice)". */
export function notImplementedText(report: Pick<Report, 'divergences'>): string {
  const ops = notImplementedActions(report);
  return `${ops.length} action${ops.length === 1 ? '' : 's'} not implemented${ops.length ? ` (${ops.join(', ')})` : ''}`;
}

/** Counts per clause status, for summary lines. */
export function clauseStatusCounts(report: Report): Record<ClauseStatus, number> {
  const counts: Record<ClauseStatus, number> = { pass: 0, diverges: 0, 'not-implemented': 0, untested: 0, 'not-selected': 0 };
  for (const c of report.clauses) counts[c.status]++;
  return counts;
}

/** Why a divergence does or does not fail this run, in a few words. */
export function verdictOf(d: ReportDivergence, strict: boolean): 'fails' | 'known' | 'reported' | 'consequence' {
  if (d.consequenceOf) return 'consequence';
  if (d.baseline === 'known') return 'known';
  return d.level === 'MUST' || d.kind === 'not-implemented' || (strict && d.level === 'SHOULD') ? 'fails' : 'reported';
}

/** "follows #4 (E3)": how every format names a consequence's cause. */
export const followsText = (c: NonNullable<ReportDivergence['consequenceOf']>): string => `follows ${c.id ?? 'a divergence'} (${c.clause})`;

/** Divergences that fail the run: MUST ones and unimplemented actions, SHOULD ones only when strict, never known ones or consequences. */
export function failing(report: Report, strict: boolean): ReportDivergence[] {
  return report.divergences.filter((d) => verdictOf(d, strict) === 'fails');
}

/**
 * Signatures written before the reason phrases (schema version 1, baselines of that time)
 * said "500 OK" for a bare HTTP 500; today's say "500 Internal Server Error". Old ones are
 * read in today's spelling so that a baseline still matches the same divergence.
 */
export function normalizeSignature(signature: string): string {
  return signature
    .split('|')
    .map((part) => {
      const m = /^(\d{3}) OK$/.exec(part);
      if (!m) return part;
      const status = Number(m[1]);
      return status >= 200 && status < 300 ? part : outcomeLabel({ status, code: null });
    })
    .join('|');
}
