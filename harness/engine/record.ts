import { keyOf, signatureOf, type Divergence } from '../events.js';
import type { Property } from '../properties/property.js';
import type { CaseRunner } from './cases.js';
import type { Pruned } from './prune.js';
import type { Found } from './search.js';

/**
 * Stage 4, record: the pruned case becomes the signature's divergence, is announced to the
 * listeners, and stops the run where it stops at the first one.
 */
export function record(runner: CaseRunner, property: Property, found: Found, pruned: Pruned, seed: number, stopAtFirst: 'MUST' | 'ANY' | undefined): Divergence {
  const { best } = pruned;
  const divergence: Divergence = {
    signature: found.signature,
    key: keyOf(best.finding),
    // No case without an earlier divergent step shows it: an after-effect of that one.
    ...(best.cause ? { consequenceOf: { signature: signatureOf(best.cause), clause: best.cause.clause, level: best.cause.level } } : {}),
    finding: best.finding,
    property: property.id,
    counterexample: best.spec,
    steps: best.run.records,
    seed,
    ...(found.path ? { path: found.path } : {}),
    shrinkRuns: found.shrinkRuns + pruned.runs,
  };
  runner.tally.divergences.push(divergence);
  runner.emit({ type: 'divergence', divergence });
  if (stopAtFirst === 'ANY' || (stopAtFirst === 'MUST' && best.finding.level === 'MUST')) runner.stop();
  return divergence;
}
