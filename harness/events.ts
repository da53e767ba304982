import { STATUS_CODES } from 'node:http';
import type { ActionName, ClauseId, Level } from '../specs/index.js';
import type { CaseSpec } from './case/spec.js';
import type { StepRecord } from './case/record.js';

/** What a request ended in, reduced to what verdicts speak of. */
export interface OutcomeView {
  readonly status: number;
  readonly code: string | null;
}

export interface Finding {
  readonly clause: ClauseId;
  readonly level: Level;
  readonly action: ActionName;
  readonly expected: OutcomeView;
  readonly observed: OutcomeView;
  /** Short, stable name of a content problem (result checks); part of the signature. */
  readonly what?: string;
  readonly detail: string;
  readonly notImplemented?: boolean;
}

/**
 * "200 OK", "404 NoSuchEntity", "500 Internal Server Error": the error code where the answer
 * had one, otherwise the status's own reason phrase (never "500 OK").
 */
export function outcomeLabel(v: OutcomeView): string {
  return `${v.status} ${v.code ?? STATUS_CODES[v.status] ?? 'without an error code'}`;
}

/** No messages, names or ids: two runs find the same divergence under the same signature. */
export function signatureOf(f: Finding): string {
  if (f.notImplemented) return `${f.action}|E9|not-implemented`;
  return `${f.action}|${f.clause}|${outcomeLabel(f.expected)}|${outcomeLabel(f.observed)}${f.what ? `|${f.what}` : ''}`;
}

export interface Divergence {
  readonly signature: string;
  readonly finding: Finding;
  readonly property: string;
  /** The minimal case, symbolic. */
  readonly counterexample: CaseSpec;
  /** What each request of the minimal case did when it was last run. */
  readonly steps: readonly StepRecord[];
  /** Seed and path fast-check reported, so the same search can be replayed. */
  readonly seed: number;
  readonly path?: string;
  readonly shrinkRuns: number;
}

export interface Measurement {
  readonly clause: ClauseId;
  readonly question: string;
  readonly subject: string;
  readonly value: string;
}

export type EngineEvent =
  | { readonly type: 'run-started'; readonly endpoint: string; readonly selfCheck: boolean; readonly seed: number }
  | { readonly type: 'property-started'; readonly property: string; readonly clauses: readonly ClauseId[] }
  | { readonly type: 'case-finished'; readonly property: string; readonly requests: number }
  | { readonly type: 'request'; readonly action: ActionName; readonly via: 'sdk' | 'raw'; readonly status: number; readonly ms: number; readonly wire?: string; readonly response?: string }
  | { readonly type: 'divergence'; readonly divergence: Divergence }
  | { readonly type: 'measurement'; readonly measurement: Measurement }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'property-finished'; readonly property: string; readonly cases: number };

export type Listener = (e: EngineEvent) => void;
