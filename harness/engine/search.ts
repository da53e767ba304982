import fc from 'fast-check';
import type { CaseRun } from '../case/run.js';
import type { CaseSpec } from '../case/spec.js';
import { signatureOf } from '../events.js';
import type { Property } from '../properties/property.js';
import { selects } from '../properties/select.js';
import { Throttled } from '../session.js';
import { occurrence, type Failing } from './attribution.js';
import type { CaseRunner } from './cases.js';

export interface SearchRequest {
  readonly seed: number;
  readonly numRuns: number;
  /** Witness examples, run first. */
  readonly examples: readonly CaseSpec[];
  /** Look only for this signature (another new one of a case already found). */
  readonly preset?: string;
  readonly maxShrinkRuns: number;
  readonly maxShrinkMs: number;
}

/** What a search hands to pruning: the smallest case fast-check's shrinking reached. */
export interface Found {
  readonly failing: Failing;
  readonly signature: string;
  /** fast-check's path to the failing case, to replay the search. */
  readonly path?: string;
  readonly shrinkRuns: number;
}

export interface SearchOutcome {
  /** Cases the search ran before it found something (shrinking not counted). */
  readonly executed: number;
  readonly found?: Found;
}

/**
 * Stage 1 and 2, search and shrink: one fc.check with a sticky predicate. It passes until a
 * case shows a signature not in `tally.known`; from then on, while fast-check shrinks, it
 * fails only on that same signature, and (attribution) once a case shows it with every
 * earlier step as predicted, no longer on cases that need an earlier divergent step for it.
 * Searched cases add their measurements, clauses and setup failures to the tally.
 */
export async function search(runner: CaseRunner, property: Property, request: SearchRequest): Promise<SearchOutcome> {
  const { tally, selection } = runner;
  const { examples, maxShrinkRuns, maxShrinkMs } = request;
  let target = request.preset;
  let shrinkRuns = 0;
  let shrinkStart = 0;
  let executed = 0;
  let last: Failing | undefined;
  const predicate = async (spec: CaseSpec): Promise<boolean> => {
    if (runner.halted()) return true;
    const shrinking = target !== undefined && last !== undefined;
    if (shrinking && (++shrinkRuns > maxShrinkRuns || Date.now() - shrinkStart > maxShrinkMs)) return true;
    let run: CaseRun;
    try {
      run = await runner.execute(spec, { judging: true, property: property.id, stage: shrinking ? 'shrink' : 'search', witness: examples.includes(spec) });
    } catch (e) {
      if (e instanceof Throttled) tally.warn(`throttled: ${e.message}`);
      else runner.fail(e);
      return true;
    }
    if (target === undefined) executed++;
    if (run.labelMismatch) {
      tally.warn(`label no longer holds, case skipped: ${run.labelMismatch}`);
      return true;
    }
    // Findings outside the selection are not judged: the case's setup went wrong there.
    const selected = run.findings.filter((f) => selects(selection, f.clause, f.action, property.id));
    if (!shrinking) {
      tally.searchedCase(run);
      for (const f of run.findings) if (!selected.includes(f)) tally.setupFailure(property.id, f);
    }
    const bySig = new Map(selected.map((f) => [signatureOf(f), f]));
    if (target === undefined) {
      const fresh = [...bySig.keys()].find((s) => !tally.known.has(s));
      if (fresh === undefined) return true;
      target = fresh;
    }
    const occ = occurrence(run, target);
    if (!occ || !bySig.has(target)) return true;
    if (last && !last.cause && occ.cause) return true;
    if (last === undefined) shrinkStart = Date.now();
    last = { spec, run, ...occ };
    return false;
  };
  const details = await fc.check(fc.asyncProperty(property.arbitrary, predicate), {
    seed: request.seed,
    numRuns: Math.max(request.numRuns, examples.length),
    examples: examples.map((e) => [e] as [CaseSpec]),
    endOnFailure: false,
  });
  runner.rethrow();
  if (last === undefined || target === undefined) return { executed };
  const path = details.counterexamplePath ?? undefined;
  return { executed, found: { failing: last, signature: target, ...(path ? { path } : {}), shrinkRuns } };
}
