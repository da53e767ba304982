import fc from 'fast-check';
import type { CodePair } from './code-pair.js';

/**
 * The earliest genuine pair the device can still accept (resolved at send time from the
 * device's counter and the endpoint's window): what a case sends when the verdict it is after
 * is about state (E4, E5, R2, ...) and must not be masked by a refusal for time or reuse.
 */
export const freshPair: fc.Arbitrary<CodePair> = fc.constant<CodePair>({ kind: 'fresh' });
