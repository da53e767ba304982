import fc from 'fast-check';
import type { CodePair } from './code-pair.js';
import { MAX_DRIFT } from './internal/pairs.js';

/**
 * A genuine pair k steps in the past (offset -k, 1 <= k <= MAX_DRIFT): E8 leaves open how
 * stale a pair may be, so these measure the window rather than expect an answer.
 */
export const stalePair: fc.Arbitrary<CodePair> = fc.integer({ min: 1, max: MAX_DRIFT }).map((k): CodePair => ({ kind: 'genuine', offset: -k }));
