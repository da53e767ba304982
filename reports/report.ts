import { CLAUSES, CONTRACT_VERSION, SOURCES, clauseById, type ClauseId, type Level } from '../specs/index.js';
import type { CaseSpec } from '../harness/case/spec.js';
import type { StepRecord } from '../harness/case/record.js';
import type { EngineResult, MeasurementCount } from '../harness/engine.js';
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
  /** Set by a baseline: known divergences never fail a run. */
  readonly baseline?: 'known' | 'new';
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
  readonly clauses: ReadonlyArray<{ readonly id: ClauseId; readonly level: Level; readonly title: string; readonly status: ClauseStatus; readonly checks: number; readonly sources: readonly string[] }>;
  readonly divergences: readonly ReportDivergence[];
  readonly measurements: readonly MeasurementCount[];
  readonly warnings: readonly string[];
}

export interface ReportContext {
  readonly tool: { name: string; version: string };
  readonly target: Report['target'];
  readonly seed: number;
  readonly numRuns: number;
  readonly startedAt: Date;
  readonly requests: number;
  readonly replayCommand: (divergenceId: string) => string;
}

const sourceText = (id: ClauseId): string =>
  clauseById(id)
    .sources.map((s) => SOURCES[s].title)
    .join('; ');

/** The one report every format is written from. */
export function buildReport(result: EngineResult, ctx: ReportContext): Report {
  const divergences: ReportDivergence[] = result.divergences.map((d, i) => {
    const id = `D${i + 1}`;
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
    };
  });
  const clauses = CLAUSES.map((c) => {
    const mine = divergences.filter((d) => d.clause === c.id);
    const checks = result.exercised.get(c.id) ?? 0;
    const status: ClauseStatus = mine.some((d) => d.kind === 'divergence') ? 'diverges' : mine.length > 0 ? 'not-implemented' : checks > 0 ? 'pass' : 'untested';
    return { id: c.id, level: c.level, title: c.title, status, checks, sources: c.sources.map((s) => SOURCES[s].title) };
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
    warnings: result.warnings,
  };
}

/** Divergences that fail the run: MUST ones and unimplemented actions, SHOULD ones only when strict, never known ones. */
export function failing(report: Report, strict: boolean): ReportDivergence[] {
  return report.divergences.filter((d) => d.baseline !== 'known' && (d.level === 'MUST' || d.kind === 'not-implemented' || (strict && d.level === 'SHOULD')));
}
