import fc from 'fast-check';
import { sixDigits, WRONG_OFFSET } from './internal/pairs.js';
import type { TokenCode } from './token-code.js';

/**
 * Codes that are no code of the device near now (S1: 403 AccessDenied at MUST): digits chosen
 * at send time to be none of the seed's, a code of another seed, and random six digits (wrong
 * but for coincidences, which the model catches by searching the digits actually sent).
 */
export const wrongToken: fc.Arbitrary<TokenCode> = fc.oneof(
  fc.constant<TokenCode>({ kind: 'not-a-code' }),
  // Seed 0 is the harness's stand-in for a device whose seed it never learnt: not foreign.
  fc.record({ offset: fc.integer({ min: -WRONG_OFFSET, max: WRONG_OFFSET }), foreignSeed: fc.integer({ min: 1, max: 0x7fffffff }) }).map((r): TokenCode => ({ kind: 'foreign', ...r })),
  sixDigits.map((code): TokenCode => ({ kind: 'random', code })),
);
