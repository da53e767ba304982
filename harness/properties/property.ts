import type fc from 'fast-check';
import type { ClauseId } from '../../specs/index.js';
import type { CaseSpec } from '../case/spec.js';

/** A family of cases about some clauses; witness examples run in every run, whatever the seed. */
export interface Property {
  readonly id: string;
  readonly title: string;
  readonly clauses: readonly ClauseId[];
  readonly arbitrary: fc.Arbitrary<CaseSpec>;
  readonly examples: readonly CaseSpec[];
  /** Share of --num-runs this property gets (stateful ones are costlier). */
  readonly weight?: number;
}
