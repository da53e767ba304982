import type { EngineEvent } from '../harness/events.js';
import type { Report, RunInfo } from '../reports/report.js';

/**
 * What a run tells its listener as it goes: the engine's events (run, property, request,
 * divergence, ...) and three of the run's own, in this order: `target-opened` once the
 * endpoint is up and calibrated and before any case runs; `notice` for a line the caller
 * should show (a baseline that will be replaced, or left alone); `report-written` once every
 * reporter has finished.
 */
export type ConformanceEvent = EngineEvent | TargetOpened | Notice | ReportWritten;

export interface TargetOpened {
  readonly type: 'target-opened';
  readonly endpoint: string;
  /** `reference`, `url`, or what the run launched (an emulator name, `container`). */
  readonly kind: string;
  readonly selfCheck: boolean;
  /** Prefix and account of everything the run creates: what `cleanup` needs if the process is killed. */
  readonly run: RunInfo;
  /** Where sign-ins go, and what said so when not the endpoint's own. */
  readonly sts: { readonly url: string; readonly source?: string };
}

export interface Notice {
  readonly type: 'notice';
  readonly message: string;
}

export interface ReportWritten {
  readonly type: 'report-written';
  readonly report: Report;
  /** Where the files went; undefined when the run was given no report directory. */
  readonly reportDir?: string;
  /** Set when this run rewrote its baseline file. */
  readonly baselineWritten?: { readonly file: string; readonly signatures: number };
}

export type ConformanceListener = (event: ConformanceEvent) => void;
