import fc from 'fast-check';
import { MODEL_SEARCH_STEPS } from '../../specs/index.js';
import { ASCII_DIGITS } from './alphabet.js';
import { stringOf } from './names.js';

/**
 * The furthest a genuine pair is placed from the endpoint's current step: 20 steps (ten
 * minutes) covers any acceptance window worth measuring, and never more than half the model's
 * search, so the model can always place a pair the generators made.
 */
export const MAX_DRIFT = Math.min(20, Math.floor(MODEL_SEARCH_STEPS / 2));

/** Wrong pairs are built from codes near the current step, where a lenient endpoint looks. */
export const WRONG_OFFSET = 3;
export const MAX_GAP = 10;

export const sixDigits: fc.Arbitrary<string> = stringOf(ASCII_DIGITS, 6, 6);

/** Why a malformed code is malformed; each is one constraint of authenticationCodeType. */
export const MALFORMED_WHYS = ['empty', 'five-digits', 'seven-digits', 'letters', 'space', 'sign', 'non-ascii-digits'] as const;
export type MalformedWhy = (typeof MALFORMED_WHYS)[number];

/** Which code of the pair is malformed (the other one is six ASCII digits). */
export const MALFORMED_WHICH = ['code1', 'code2', 'both'] as const;
export type MalformedWhich = (typeof MALFORMED_WHICH)[number];
