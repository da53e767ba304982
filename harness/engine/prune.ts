import type { CaseSpec } from '../case/spec.js';
import type { Property } from '../properties/property.js';
import { Throttled } from '../session.js';
import { causeSteps, occurrence, type Failing } from './attribution.js';
import type { CaseRunner } from './cases.js';

const MAX_PRUNE_RUNS = 20;

export interface Pruned {
  readonly best: Failing;
  /** Cases pruning ran. */
  readonly runs: number;
}

/**
 * Stage 3, prune: fast-check shrinks values, but a case's steps are fixed by its property;
 * dropping whole requests (last first) while the same signature still shows brings the
 * counterexample down to the requests that matter. First the earlier steps that diverged
 * themselves: a case without them, if the signature still shows, charges it to its own
 * clause rather than to their after-effects.
 */
export async function prune(runner: CaseRunner, property: Property, found: Failing, signature: string): Promise<Pruned> {
  // From here on the case is its executed steps: a plain, replayable sequence.
  let best: Failing = { ...found, spec: { label: found.spec.label, steps: found.run.executed } };
  let runs = 0;
  /** Drops step i if the signature still shows, and no earlier step diverges where none did. */
  const tryWithout = async (i: number): Promise<void> => {
    const candidate: CaseSpec = { ...best.spec, steps: best.spec.steps.filter((_, j) => j !== i) };
    runs++;
    let run;
    try {
      run = await runner.execute(candidate, { judging: true, property: property.id, stage: 'prune' });
    } catch (e) {
      if (!(e instanceof Throttled)) runner.fail(e);
      return;
    }
    const occ = !run.labelMismatch ? occurrence(run, signature) : undefined;
    if (!occ || (occ.cause && !best.cause)) return;
    best = { spec: candidate, run, ...occ };
  };
  for (const i of causeSteps(best).reverse()) {
    if (runs >= MAX_PRUNE_RUNS || runner.halted() || !best.cause) break;
    await tryWithout(i);
  }
  for (let i = best.spec.steps.length - 1; i >= 0 && runs < MAX_PRUNE_RUNS && !runner.halted(); i--) {
    if (best.spec.steps.length <= 1) break;
    await tryWithout(i);
  }
  return { best, runs };
}
