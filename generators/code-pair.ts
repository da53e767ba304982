import fc from 'fast-check';
import { codeAt, normaliseSeed } from '../specs/index.js';
import { futurePair } from './future-pair.js';
import { genuinePair } from './genuine-pair.js';
import { malformedPair, MALFORMED_LABELS } from './malformed-codes.js';
import { stalePair } from './stale-pair.js';
import { wrongPair } from './wrong-pair.js';

export { wrongPair } from './wrong-pair.js';

/**
 * A pair of authentication codes, symbolic until the request is sent: the digits depend on
 * the device's seed (known only after CreateVirtualMFADevice) and on the endpoint's clock.
 * Offsets follow the digest's naming: the step of the SECOND code relative to the endpoint's
 * current step T, so `genuine 0` is (code(T-1), code(T)).
 */
export type CodePair =
  | { readonly kind: 'genuine'; readonly offset: number }
  /**
   * The earliest genuine pair the device can still accept: after its last accepted step (the
   * per-device counter, E8R) and no earlier than the endpoint's window reaches, or with
   * `when: 'current'` the current pair once it is after the counter (a verdict that needs a
   * current pair, R2's "must accept", waits for it). The harness turns it into a `genuine`
   * pair when the request is sent: state clauses are judged with it.
   */
  | { readonly kind: 'fresh'; readonly when?: 'current' }
  | { readonly kind: 'identical'; readonly offset: number }
  | { readonly kind: 'reversed'; readonly offset: number }
  | { readonly kind: 'gapped'; readonly offset: number; readonly gap: number }
  | { readonly kind: 'foreign'; readonly offset: number; readonly foreignSeed: number }
  | { readonly kind: 'random'; readonly code1: string; readonly code2: string }
  | { readonly kind: 'malformed'; readonly code1: string; readonly code2: string; readonly reason: string };

/** A seed of our own for `foreign` pairs, derived from a number so nothing secret is recorded. */
export function foreignSeedText(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let x = (n >>> 0) ^ 0x9e3779b9;
  let out = '';
  for (let i = 0; i < 32; i++) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
    x = (x + 0x6d2b79f5 + i) >>> 0;
    out += alphabet[x & 31];
  }
  return out;
}

/** Where each code of a pair comes from: a step offset of the device's seed or of another one, or literal digits. */
export type CodeSource = { readonly kind: 'computed'; readonly seed: 'device' | 'other'; readonly offset: number } | { readonly kind: 'literal'; readonly value: string };

/**
 * The two codes of `pair`, as step offsets from the endpoint's current step. One definition
 * for the harness (digits at send time) and for reports (an AWS CLI script's oathtool calls).
 */
export function codeSources(pair: CodePair): [CodeSource, CodeSource] {
  const dev = (offset: number): CodeSource => ({ kind: 'computed', seed: 'device', offset });
  switch (pair.kind) {
    case 'genuine':
      return [dev(pair.offset - 1), dev(pair.offset)];
    case 'fresh':
      // Unresolved (no counter, no window known): the current pair.
      return [dev(-1), dev(0)];
    case 'identical':
      return [dev(pair.offset), dev(pair.offset)];
    case 'reversed':
      return [dev(pair.offset), dev(pair.offset - 1)];
    case 'gapped':
      return [dev(pair.offset - 1 - pair.gap), dev(pair.offset)];
    case 'foreign':
      return [
        { kind: 'computed', seed: 'other', offset: pair.offset - 1 },
        { kind: 'computed', seed: 'other', offset: pair.offset },
      ];
    case 'random':
    case 'malformed':
      return [
        { kind: 'literal', value: pair.code1 },
        { kind: 'literal', value: pair.code2 },
      ];
  }
}

/** The seed a `foreign` pair's codes come from: never the device's own. */
function otherSeed(pair: CodePair, seed: string): string {
  const n = pair.kind === 'foreign' ? pair.foreignSeed : 0;
  // The harness stands in foreignSeedText(0) for a seed it never learnt; should the "other"
  // seed be the device's own, the pair would be genuine, so take the next one.
  const other = foreignSeedText(n);
  return normaliseSeed(other) === normaliseSeed(seed) ? foreignSeedText(n + 1) : other;
}

/** Digits for `pair` given the device's seed and the endpoint's current step. Pure. */
export function concretise(pair: CodePair, seed: string, step: number): [string, string] {
  const digits = (c: CodeSource) => (c.kind === 'literal' ? c.value : codeAt(c.seed === 'device' ? seed : otherSeed(pair, seed), step + c.offset));
  const [a, b] = codeSources(pair);
  return [digits(a), digits(b)];
}

const WHY_TEXT: Record<string, string> = {
  empty: 'empty',
  'five-digits': '5 digits',
  'seven-digits': '7 digits',
  letters: 'letters among the digits',
  space: 'a space among the digits',
  sign: 'a sign before 5 digits',
  'non-ascii-digits': 'digits of another script',
};
const WHICH_TEXT: Record<string, string> = { code1: 'first code', code2: 'second code', both: 'both codes' };

export function describePair(pair: CodePair): string {
  switch (pair.kind) {
    case 'fresh':
      return pair.when === 'current' ? 'the current pair, after the last accepted one' : 'the earliest genuine pair the device can still accept';
    case 'genuine':
      return pair.offset === 0 ? 'genuine current pair' : pair.offset < 0 ? `genuine pair, ${-pair.offset} step(s) stale` : `genuine pair, ${pair.offset} step(s) ahead`;
    case 'identical':
      return 'the same code twice';
    case 'reversed':
      return 'a genuine pair in reversed order';
    case 'gapped':
      return `two codes with ${pair.gap} step(s) missing between them`;
    case 'foreign':
      return "a genuine pair of another device's seed";
    case 'random':
      return `random codes ${pair.code1} ${pair.code2}`;
    case 'malformed': {
      const [which, why] = pair.reason.split(':');
      const text = which !== undefined && why !== undefined ? WHICH_TEXT[which] && WHY_TEXT[why] && `${WHICH_TEXT[which]}: ${WHY_TEXT[why]}` : undefined;
      return `malformed codes (${text || pair.reason})`;
    }
  }
}

/**
 * A short, stable label for reports and statistics: `genuine:current|stale|future`,
 * `wrong:<kind>`, `malformed:<which>:<why>`. Offsets and digits are left to `describePair`.
 */
export function labelOf(pair: CodePair): string {
  switch (pair.kind) {
    case 'genuine':
      return pair.offset === 0 ? 'genuine:current' : pair.offset < 0 ? 'genuine:stale' : 'genuine:future';
    case 'fresh':
      return 'genuine:fresh';
    case 'malformed':
      return `malformed:${pair.reason}`;
    default:
      return `wrong:${pair.kind}`;
  }
}

export const WRONG_LABELS = ['wrong:identical', 'wrong:reversed', 'wrong:gapped', 'wrong:foreign', 'wrong:random'] as const;
export const CODE_PAIR_LABELS: readonly string[] = ['genuine:current', 'genuine:stale', 'genuine:future', ...WRONG_LABELS, ...MALFORMED_LABELS];

/**
 * Every kind of pair. Weighted by the number of labels behind each arbitrary, so each of the
 * fine labels (the 21 malformed ones included) is about as frequent as any other.
 */
export const codePair: fc.Arbitrary<CodePair> = fc.oneof(
  { weight: 1, arbitrary: genuinePair },
  { weight: 1, arbitrary: stalePair },
  { weight: 1, arbitrary: futurePair },
  { weight: WRONG_LABELS.length, arbitrary: wrongPair },
  { weight: MALFORMED_LABELS.length, arbitrary: malformedPair },
);
