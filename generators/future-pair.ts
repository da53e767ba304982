import fc from 'fast-check';
import type { CodePair } from './code-pair.js';
import { MAX_DRIFT } from './internal/pairs.js';

/** A genuine pair k steps ahead (offset +k, 1 <= k <= MAX_DRIFT): a device whose clock runs fast (E8, OPEN). */
export const futurePair: fc.Arbitrary<CodePair> = fc.integer({ min: 1, max: MAX_DRIFT }).map((k): CodePair => ({ kind: 'genuine', offset: k }));
