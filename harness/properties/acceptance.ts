import type { CodePair } from '../../generators/code-pair.js';
import { fixedName } from '../../generators/simple-names.js';
import type { CaseRun } from '../case/run.js';
import type { CaseSpec } from '../case/spec.js';
import { createDevice, createUser, enable, nameOf, serialOf } from './steps.js';

const U = fixedName('u');
const D = fixedName('d');

/** One fresh user and device per attempt, so no earlier pair (a per-device counter) decides. */
const attempt = (offset: number): CaseSpec => ({
  label: `enable with a genuine pair at offset ${offset}`,
  steps: [createUser(U), createDevice(D), enable(nameOf(U), serialOf(D), D, { kind: 'genuine', offset } satisfies CodePair)],
});

/** Offsets (from the step the harness takes as the endpoint's) at which a fresh device accepted a genuine pair. */
export interface AcceptedRange {
  readonly lo: number;
  readonly hi: number;
  /** The range ends at the search bound on that side: the endpoint may accept further out. */
  readonly loBounded: boolean;
  readonly hiBounded: boolean;
}

export type Execute = (spec: CaseSpec) => Promise<CaseRun | undefined>;

/** Accepted, refused, or undefined where the attempt said nothing (setup failed, throttled). */
async function accepts(execute: Execute, offset: number): Promise<boolean | undefined> {
  const run = await execute(attempt(offset));
  const last = run?.records.at(-1);
  if (!run || !last || last.action !== 'EnableMFADevice') return undefined;
  return last.status === 200 && last.code === null;
}

/**
 * The contiguous range of offsets a fresh device accepts, found outward from 0 (0, +1, -1,
 * +2, ...) up to `find` steps, then extended each way up to `extend` steps. Null where
 * nothing within `find` was accepted; undefined where an attempt could not be judged.
 */
export async function acceptedRange(execute: Execute, options: { find: number; extend: number }): Promise<AcceptedRange | null | undefined> {
  let seed: number | undefined;
  for (let k = 0; k <= options.find && seed === undefined; k++) {
    for (const offset of k === 0 ? [0] : [k, -k]) {
      const ok = await accepts(execute, offset);
      if (ok === undefined) return undefined;
      if (ok) {
        seed = offset;
        break;
      }
    }
  }
  if (seed === undefined) return null;
  const edge = async (direction: 1 | -1): Promise<{ at: number; bounded: boolean } | undefined> => {
    let at = seed;
    for (let k = 1; k <= options.extend; k++) {
      const ok = await accepts(execute, seed + direction * k);
      if (ok === undefined) return undefined;
      if (!ok) return { at, bounded: false };
      at = seed + direction * k;
    }
    return { at, bounded: true };
  };
  const hi = await edge(1);
  const lo = hi && (await edge(-1));
  if (!hi || !lo) return undefined;
  return { lo: lo.at, hi: hi.at, loBounded: lo.bounded, hiBounded: hi.bounded };
}

/** The middle of an accepted range: where a fresh device's code clock most likely is. */
export const centreOf = (r: AcceptedRange): number => Math.round((r.lo + r.hi) / 2);
