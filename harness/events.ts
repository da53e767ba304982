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
  /** Index, in the case's records, of the request whose answer this is (for attribution). */
  readonly step?: number;
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

/**
 * The baseline key of a finding: action, clause and the answer the contract expected (and the
 * content problem's name). The observed answer is left out on purpose: an endpoint that gets
 * one rule wrong often answers the various inputs of a witness differently (404 for one
 * invalid name, 200 for another), and which of them a random case hits depends on the seed.
 * Every key has a witness case that runs whatever the seed, so a key is found in every run.
 */
export function keyOf(f: Finding): string {
  if (f.notImplemented) return `${f.action}|E9|not-implemented`;
  // Missing members and validation order are one class per action whatever member is at
  // fault (which member a random case picks, and so the exact refusal expected, varies).
  if (COARSE.has(f.clause)) return `${f.action}|${f.clause}`;
  return `${f.action}|${f.clause}|${outcomeLabel(f.expected)}${f.what ? `|${f.what}` : ''}`;
}

const COARSE: ReadonlySet<string> = new Set(['V2', 'V3']);

/** The key of a signature (for reports and baselines written before keys existed). */
export function keyOfSignature(signature: string): string {
  const parts = signature.split('|');
  if (parts[2] === 'not-implemented') return signature;
  if (COARSE.has(parts[1] ?? '')) return parts.slice(0, 2).join('|');
  return [...parts.slice(0, 3), ...parts.slice(4)].join('|');
}

export interface Divergence {
  readonly signature: string;
  /** See keyOf: what a baseline records. */
  readonly key: string;
  /**
   * Set when every case found for this signature needed an earlier step that itself diverged
   * (at this level or above): this one is reported as following that one, and counts under
   * its clause.
   */
  readonly consequenceOf?: { readonly signature: string; readonly clause: ClauseId; readonly level: Level };
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

/**
 * Which stage of the engine ran a case: the search for a new signature, fast-check's
 * shrinking of a failing case, or the pruning of whole requests (harness/engine.ts).
 */
export type CaseStage = 'search' | 'shrink' | 'prune';

export type EngineEvent =
  | { readonly type: 'run-started'; readonly endpoint: string; readonly selfCheck: boolean; readonly seed: number }
  | { readonly type: 'property-started'; readonly property: string; readonly clauses: readonly ClauseId[] }
  /** A case of a property ran and was cleaned up; `requests` is how many of its steps were sent. */
  | { readonly type: 'case-finished'; readonly property: string; readonly stage: CaseStage; readonly requests: number }
  | { readonly type: 'request'; readonly action: ActionName; readonly via: 'sdk' | 'raw'; readonly status: number; readonly ms: number; readonly wire?: string; readonly response?: string }
  | { readonly type: 'divergence'; readonly divergence: Divergence }
  | { readonly type: 'measurement'; readonly measurement: Measurement }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'property-finished'; readonly property: string; readonly cases: number };

export type Listener = (e: EngineEvent) => void;
