import fc from 'fast-check';
import { AWS_CODE_WINDOW, RECOGNISED_STEPS } from '../../specs/index.js';
import { ASCII_DIGITS } from './alphabet.js';
import { stringOf } from './names.js';

/**
 * Near drift: up to 20 steps (ten minutes) from the endpoint's current step, one label per
 * step, where narrow acceptance windows have their edges.
 */
export const MAX_DRIFT = 20;

/**
 * Far drift: from past the near range to a little beyond AWS's recorded window (digest §7),
 * and never more than half the model's recognition, so the model can always place a pair the
 * generators made (a genuine pair 900 steps stale is an E8 question, never an invalid pair).
 */
export const FAR_DRIFT = { min: MAX_DRIFT + 1, max: Math.min(Math.max(AWS_CODE_WINDOW.ahead, AWS_CODE_WINDOW.behind) + 100, Math.floor(RECOGNISED_STEPS / 2)) } as const;

/** Offsets 1..MAX_DRIFT one by one, and sometimes a far one. */
export const driftSteps: fc.Arbitrary<number> = fc.oneof(
  { weight: MAX_DRIFT, arbitrary: fc.integer({ min: 1, max: MAX_DRIFT }) },
  { weight: 1, arbitrary: fc.integer(FAR_DRIFT) },
);

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
