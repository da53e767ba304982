import { CLAUSES, CONTRACT_VERSION, SOURCES, clauseById, type ClauseId, type Level } from '../specs/index.js';
import type { CaseSpec } from '../harness/case/spec.js';
import type { StepRecord } from '../harness/case/record.js';
import type { EngineResult, MeasurementCount, UnjudgedClause } from '../harness/engine.js';
import type { OutcomeView } from '../harness/events.js';

export const SCHEMA_VERSION = 1;

export type ClauseStatus = 'pass' | 'diverges' | 'not-implemented' | 'untested';

export interface ReportDivergence {
  readonly id: string;
  readonly signature: string;
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
}

/** One accepted divergence in a baseline file; also how reports list fixed ones. */
export interface BaselineSignature {
  readonly signature: string;
  readonly clause: string;
  readonly level: Level;
  readonly operation: string;
}

export interface BaselineSummary {
  readonly file: string;
  readonly known: number;
  readonly new: number;
  /** In the baseline, not found although its clause was exercised: remove from the baseline. */
  readonly fixed: readonly BaselineSignature[];
  /** In the baseline, not found, and its clause was not exercised by this run: nothing can be said. */
  readonly unseen: readonly BaselineSignature[];
  /** Set when this run rewrote the baseline (--update-baseline). */
  readonly updated?: boolean;
}

export interface Report {
  readonly tool: { readonly name: string; readonly version: string };
  readonly contractVersion: string;
  readonly schemaVersion: number;
  readonly target: { readonly endpoint: string; readonly kind: string; readonly selfCheck: boolean; readonly version?: string };
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
  readonly baseline?: BaselineSummary;
}

export interface ReportContext {
  readonly tool: { name: string; version: string };
  readonly target: Report['target'];
  readonly seed: number;
  readonly numRuns: number;
  readonly startedAt: Date;
  readonly requests: number;
  readonly replayCommand: (divergenceId: string) => string;
  readonly strict?: boolean;
}

const sourceText = (id: ClauseId): string =>
  clauseById(id)
    .sources.map((s) => SOURCES[s].title)
    .join('; ');

/** The one report every format is written from. */
export function buildReport(result: EngineResult, ctx: ReportContext): Report {
  const divergences: ReportDivergence[] = result.divergences.map((d, i) => {
    const id = `D${i + 1}`;
    const at = divergingStep(d.steps, d.finding.action, d.finding.observed);
    const message = at === undefined ? undefined : d.steps[at - 1]?.message;
    return {
      id,
      signature: d.signature,
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
      replay: ctx.replayCommand(id),
      seed: d.seed,
      ...(at !== undefined ? { step: at } : {}),
      ...(message !== undefined ? { observedMessage: message } : {}),
    };
  });
  const clauses = CLAUSES.map((c) => {
    const mine = divergences.filter((d) => d.clause === c.id);
    const checks = result.exercised.get(c.id) ?? 0;
    const status: ClauseStatus = mine.some((d) => d.kind === 'divergence') ? 'diverges' : mine.length > 0 ? 'not-implemented' : checks > 0 ? 'pass' : 'untested';
    const why = status === 'untested' ? result.unjudged.find((u) => u.clause === c.id)?.reason : undefined;
    return { id: c.id, level: c.level, title: c.title, status, checks, sources: c.sources.map((s) => SOURCES[s].title), ...(why ? { why } : {}) };
  });
  return {
    tool: ctx.tool,
    contractVersion: CONTRACT_VERSION,
    schemaVersion: SCHEMA_VERSION,
    target: ctx.target,
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
    measurements: result.measurements,
    unjudged: result.unjudged,
    warnings: result.warnings,
    strict: ctx.strict ?? false,
    ...(result.stoppedEarly ? { interrupted: true } : {}),
  };
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

/** "200 OK", "404 NoSuchEntity"; a failure status without an error code says so rather than "500 OK". */
export const outcomeText = (o: OutcomeView): string => `${o.status} ${o.code ?? (o.status >= 200 && o.status < 300 ? 'OK' : '(no error code)')}`;

/** A content divergence: the status and code were right, the result was not. */
export const sameOutcome = (d: Pick<ReportDivergence, 'expected' | 'observed'>): boolean => d.expected.status === d.observed.status && d.expected.code === d.observed.code;

/** Counts per clause status, for summary lines. */
export function clauseStatusCounts(report: Report): Record<ClauseStatus, number> {
  const counts: Record<ClauseStatus, number> = { pass: 0, diverges: 0, 'not-implemented': 0, untested: 0 };
  for (const c of report.clauses) counts[c.status]++;
  return counts;
}

/** Why a divergence does or does not fail this run, in a few words. */
export function verdictOf(d: ReportDivergence, strict: boolean): 'fails' | 'known' | 'reported' {
  if (d.baseline === 'known') return 'known';
  return d.level === 'MUST' || d.kind === 'not-implemented' || (strict && d.level === 'SHOULD') ? 'fails' : 'reported';
}

/** Divergences that fail the run: MUST ones and unimplemented actions, SHOULD ones only when strict, never known ones. */
export function failing(report: Report, strict: boolean): ReportDivergence[] {
  return report.divergences.filter((d) => verdictOf(d, strict) === 'fails');
}
