import type { CaseSpec } from '../case/spec.js';
import type { CaseRun } from '../case/run.js';
import type { Measurement } from '../events.js';

/**
 * A bounded measurement of an OPEN point: it runs cases of its choosing and reports what the
 * endpoint did, never a verdict (the cases' own findings still go through the engine).
 */
export interface Probe {
  readonly id: string;
  measure(execute: (spec: CaseSpec) => Promise<CaseRun | undefined>): Promise<Measurement[]>;
}
