import type { EngineEvent } from '../harness/events.js';
import type { Report } from './report.js';

/** Reporters consume events and the final report; they never call the engine back. */
export interface Reporter {
  readonly name: string;
  onEvent?(event: EngineEvent): void;
  /** Writes its output; returns the files written (if any). */
  finish?(report: Report, dir: string): Promise<string[]>;
}
