import fc from 'fast-check';
import type { CodePair } from './code-pair.js';

/** Code pairs that break the six-digit shape (first cut; see issue 3). */
export const malformedPair: fc.Arbitrary<CodePair> = fc.oneof(
  fc.constantFrom('12345', '1234567', 'abcdef', '12 456', '+12345', '').map((c): CodePair => ({ kind: 'malformed', code1: c, code2: '123456', reason: 'first code' })),
  fc.constantFrom('12345', '1234567', 'abcdef').map((c): CodePair => ({ kind: 'malformed', code1: '123456', code2: c, reason: 'second code' })),
);
