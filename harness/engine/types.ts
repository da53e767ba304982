import type { ClauseId, ModelState } from '../../specs/index.js';
import type { Divergence, Listener, Measurement } from '../events.js';
import type { Property } from '../properties/property.js';
import type { Selection } from '../properties/select.js';

export interface EngineOptions {
  readonly seed: number;
  readonly numRuns: number;
  readonly runId: string;
  readonly properties: readonly Property[];
  readonly emit: Listener;
  readonly initialState: ModelState;
  readonly maxShrinkRuns?: number;
  readonly maxShrinkMs?: number;
  /** Stop the whole run at the first divergence of this level (planted-fault runs). */
  readonly stopAtFirst?: 'MUST' | 'ANY';
  readonly deadline?: number;
  readonly signal?: AbortSignal;
  /** Properties run at once (each on its own cases). */
  readonly concurrency?: number;
  /** What is judged and sent (--include/--exclude); everything by default. */
  readonly selection?: Selection;
  /** Measure the OPEN acceptance window and code clock after the properties. */
  readonly measure?: boolean;
  /** How long a witness waits for STS to follow IAM (S3, --settle-timeout), seconds. */
  readonly settleTimeout?: number;
}

export interface MeasurementCount extends Measurement {
  readonly count: number;
}

export interface SetupFailure {
  readonly property: string;
  readonly signature: string;
  readonly clause: ClauseId;
  readonly action: string;
  readonly count: number;
}

/** A clause some request could not judge, and why (e.g. the caller may not call the action). */
export interface UnjudgedClause {
  readonly clause: ClauseId;
  readonly action: string;
  readonly reason: string;
}

export interface EngineResult {
  readonly divergences: Divergence[];
  readonly unjudged: readonly UnjudgedClause[];
  /** Requests whose answers were judged; none at all means the run could judge nothing. */
  readonly judged: number;
  /** Properties whose every witness example ran (in property order). */
  readonly witnessed: readonly string[];
  /** Answers outside --include/--exclude the contract would not have allowed: the case's setup went wrong. */
  readonly setupFailures: readonly SetupFailure[];
  readonly measurements: MeasurementCount[];
  readonly exercised: ReadonlyMap<ClauseId, number>;
  readonly cases: number;
  readonly warnings: string[];
  readonly stoppedEarly: boolean;
  /** Why the run stopped before spending its budget, if it did. */
  readonly stopReason?: 'interrupted' | 'max-duration' | 'first-divergence';
}
