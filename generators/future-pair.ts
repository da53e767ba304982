import fc from 'fast-check';
import type { CodePair } from './code-pair.js';
import { driftSteps } from './internal/pairs.js';

/** A genuine pair k steps ahead (offset +k, 1 <= k <= MAX_DRIFT, sometimes far beyond: FAR_DRIFT): a device whose clock runs fast (E8, OPEN). */
export const futurePair: fc.Arbitrary<CodePair> = driftSteps.map((k): CodePair => ({ kind: 'genuine', offset: k }));
