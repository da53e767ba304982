import fc from 'fast-check';
import type { CodePair } from './code-pair.js';
import { MAX_GAP, sixDigits, WRONG_OFFSET } from './internal/pairs.js';

const offset = fc.integer({ min: -WRONG_OFFSET, max: WRONG_OFFSET });

/**
 * Pairs that are not two consecutive codes of the device (E7: 403 InvalidAuthenticationCode),
 * whatever the clock: the same code twice, a genuine pair reversed, two codes `gap` steps
 * further apart than consecutive, a genuine pair of another seed, and random six digits.
 * Each is wrong by construction except for coincidences of the digits (two consecutive codes
 * that happen to be equal make `identical` and `reversed` genuine), which the model catches
 * by searching the digits actually sent.
 */
export const wrongPair: fc.Arbitrary<CodePair> = fc.oneof(
  offset.map((o): CodePair => ({ kind: 'identical', offset: o })),
  offset.map((o): CodePair => ({ kind: 'reversed', offset: o })),
  fc.record({ offset, gap: fc.integer({ min: 1, max: MAX_GAP }) }).map((r): CodePair => ({ kind: 'gapped', ...r })),
  // Seed 0 is the harness's stand-in for a device whose seed it never learnt: not foreign.
  fc.record({ offset, foreignSeed: fc.integer({ min: 1, max: 0x7fffffff }) }).map((r): CodePair => ({ kind: 'foreign', ...r })),
  fc.record({ code1: sixDigits, code2: sixDigits }).map((r): CodePair => ({ kind: 'random', ...r })),
);
