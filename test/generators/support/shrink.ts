import fc from 'fast-check';

export interface ShrinkReport {
  /** Values checked after a failure was found: every one a shrink of a generated value. */
  readonly shrunk: number;
  readonly runs: number;
}

/**
 * Checks `check` on the values shrinking produces. Each run is a property that fails on
 * purpose for about half the values (`fails`, a hash of the value, not the label), so
 * fast-check shrinks from a generated value and tries many candidates, accepted or not; every
 * candidate goes through `check`, whose failures are collected instead of thrown so they
 * cannot steer the shrinking.
 */
export function checkShrinks<T>(arb: fc.Arbitrary<T>, check: (v: T) => void, opts: { runs?: number; seed?: number } = {}): ShrinkReport {
  const runs = opts.runs ?? 60;
  const errors: string[] = [];
  let shrunk = 0;
  for (let r = 0; r < runs; r++) {
    let failedOnce = false;
    const details = fc.check(
      fc.property(arb, (v) => {
        try {
          check(v);
        } catch (e) {
          errors.push(`${(e as Error).message} for ${fc.stringify(v)}`);
        }
        if (failedOnce) shrunk++;
        const fail = hash(fc.stringify(v)) % 2 === 0;
        if (fail) failedOnce = true;
        return !fail;
      }),
      { seed: (opts.seed ?? 20_260_101) + r, numRuns: 100 },
    );
    if (details.failed && details.counterexample) {
      // The final counterexample was checked as a candidate already; check it once more plainly.
      check(details.counterexample[0]);
    }
  }
  if (errors.length > 0) throw new Error(`${errors.length} shrunk value(s) broke their label, first: ${errors[0]}`);
  return { shrunk, runs };
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h ^ (h >>> 16);
}
