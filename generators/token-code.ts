import fc from 'fast-check';
import { RECOGNISED_STEPS, codeAt, codeSteps, normaliseSeed } from '../specs/index.js';
import { foreignSeedText, type CodeSource } from './code-pair.js';
import { driftSteps, MALFORMED_WHYS } from './internal/pairs.js';
import { malformedToken } from './malformed-token.js';
import { wrongToken } from './wrong-token.js';

export { wrongToken } from './wrong-token.js';
export { malformedToken } from './malformed-token.js';

/**
 * A sign-in's TokenCode (digest §8), symbolic until the request is sent, like a CodePair: the
 * digits depend on the device's seed and the endpoint's clock. Offsets name the step of the
 * code relative to the endpoint's current step T, so `genuine 0` is code(T), the code an
 * authenticator shows now.
 */
export type TokenCode =
  | { readonly kind: 'genuine'; readonly offset: number }
  /**
   * The earliest code the device can still sign in with: inside the recorded window around its
   * frame and not accepted by STS before (single use). The harness turns it into `genuine` at
   * send time; a witness that signs in more than once (settling retries) gets a new one each time.
   */
  | { readonly kind: 'fresh' }
  /** The code of the device's last sign-in in this case, again (single use, S2). */
  | { readonly kind: 'reuse' }
  /** Six digits that are no code of the device's seed near any step (chosen at send time). */
  | { readonly kind: 'not-a-code' }
  | { readonly kind: 'foreign'; readonly offset: number; readonly foreignSeed: number }
  | { readonly kind: 'random'; readonly code: string }
  | { readonly kind: 'malformed'; readonly code: string; readonly reason: string };

/** Where the code comes from, for reports and AWS CLI scripts (one definition with the harness). */
export function tokenSource(token: TokenCode): CodeSource | { readonly kind: 'not-a-code' } {
  switch (token.kind) {
    case 'genuine':
      return { kind: 'computed', seed: 'device', offset: token.offset };
    case 'fresh':
    case 'reuse':
      // Unresolved: the current code.
      return { kind: 'computed', seed: 'device', offset: 0 };
    case 'foreign':
      return { kind: 'computed', seed: 'other', offset: token.offset };
    case 'not-a-code':
      return { kind: 'not-a-code' };
    case 'random':
    case 'malformed':
      return { kind: 'literal', value: token.code };
  }
}

/** Seed numbers of `foreign` codes; 0 stands for a device whose seed the harness never learnt. */
function otherSeed(token: TokenCode, seed: string): string {
  const n = token.kind === 'foreign' ? token.foreignSeed : 0;
  const other = foreignSeedText(n);
  return normaliseSeed(other) === normaliseSeed(seed) ? foreignSeedText(n + 1) : other;
}

/**
 * Six digits that are the seed's code at no step within RECOGNISED_STEPS of `step`: wrong by
 * construction (S1, MUST 403), whatever the device's frame. Deterministic for a seed and step.
 */
export function notACode(seed: string, step: number): string {
  for (let n = (step * 7919 + 104729) % 1_000_000, tries = 0; tries < 1000; n = (n + 1_000_003) % 1_000_000, tries++) {
    const candidate = String(n).padStart(6, '0');
    if (codeSteps(seed, candidate, step - RECOGNISED_STEPS, step + RECOGNISED_STEPS, step).length === 0) return candidate;
  }
  throw new Error('no six digits are free of the seed near this step');
}

/** Digits for `token` given the device's seed and the endpoint's current step. Pure. `fresh` and `reuse` must be resolved first. */
export function concretiseToken(token: TokenCode, seed: string, step: number): string {
  switch (token.kind) {
    case 'genuine':
      return codeAt(seed, step + token.offset);
    case 'fresh':
    case 'reuse':
      return codeAt(seed, step);
    case 'foreign':
      return codeAt(otherSeed(token, seed), step + token.offset);
    case 'not-a-code':
      return notACode(seed, step);
    case 'random':
    case 'malformed':
      return token.code;
  }
}

export function describeToken(token: TokenCode): string {
  switch (token.kind) {
    case 'genuine':
      return token.offset === 0 ? 'the current code' : token.offset < 0 ? `the code ${-token.offset} step(s) stale` : `the code ${token.offset} step(s) ahead`;
    case 'fresh':
      return 'a code the device can still sign in with';
    case 'reuse':
      return 'the code of the last sign-in again';
    case 'not-a-code':
      return 'six digits that are no code of the device';
    case 'foreign':
      return "a code of another device's seed";
    case 'random':
      return `random code ${token.code}`;
    case 'malformed':
      return `malformed code (${token.reason})`;
  }
}

/** Stable labels, as for pairs: `genuine:current|stale|future|fresh|reuse`, `wrong:<kind>`, `malformed:<why>`. */
export function tokenLabelOf(token: TokenCode): string {
  switch (token.kind) {
    case 'genuine':
      return token.offset === 0 ? 'genuine:current' : token.offset < 0 ? 'genuine:stale' : 'genuine:future';
    case 'fresh':
      return 'genuine:fresh';
    case 'reuse':
      return 'genuine:reuse';
    case 'malformed':
      return `malformed:${token.reason}`;
    default:
      return `wrong:${token.kind}`;
  }
}

export const WRONG_TOKEN_LABELS = ['wrong:not-a-code', 'wrong:foreign', 'wrong:random'] as const;
export const MALFORMED_TOKEN_LABELS: readonly string[] = MALFORMED_WHYS.map((why) => `malformed:${why}`);
export const TOKEN_LABELS: readonly string[] = ['genuine:current', 'genuine:stale', 'genuine:future', ...WRONG_TOKEN_LABELS, ...MALFORMED_TOKEN_LABELS];

/**
 * Every kind of token code, weighted by the labels behind each arbitrary: the current code,
 * codes a few steps (and sometimes far) off, wrong and malformed ones.
 */
export const tokenCode: fc.Arbitrary<TokenCode> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<TokenCode>({ kind: 'genuine', offset: 0 }) },
  { weight: 1, arbitrary: driftSteps.map((k): TokenCode => ({ kind: 'genuine', offset: -k })) },
  { weight: 1, arbitrary: driftSteps.map((k): TokenCode => ({ kind: 'genuine', offset: k })) },
  { weight: WRONG_TOKEN_LABELS.length, arbitrary: wrongToken },
  { weight: MALFORMED_TOKEN_LABELS.length, arbitrary: malformedToken },
);
