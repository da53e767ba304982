import fc from 'fast-check';
import type { CodePair } from './code-pair.js';
import { driftSteps } from './internal/pairs.js';

/**
 * A genuine pair k steps in the past (offset -k, 1 <= k <= MAX_DRIFT, sometimes far beyond: FAR_DRIFT): E8 leaves open how
 * stale a pair may be, so these measure the window rather than expect an answer.
 */
export const stalePair: fc.Arbitrary<CodePair> = driftSteps.map((k): CodePair => ({ kind: 'genuine', offset: -k }));
