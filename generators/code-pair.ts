import fc from 'fast-check';
import { codeAt } from '../specs/index.js';

/**
 * A pair of authentication codes, symbolic until the request is sent: the digits depend on
 * the device's seed (known only after CreateVirtualMFADevice) and on the endpoint's clock.
 * Offsets follow the digest's naming: the step of the SECOND code relative to the endpoint's
 * current step T, so `genuine 0` is (code(T-1), code(T)).
 */
export type CodePair =
  | { readonly kind: 'genuine'; readonly offset: number }
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

/** Digits for `pair` given the device's seed and the endpoint's current step. Pure. */
export function concretise(pair: CodePair, seed: string, step: number): [string, string] {
  switch (pair.kind) {
    case 'genuine':
      return [codeAt(seed, step + pair.offset - 1), codeAt(seed, step + pair.offset)];
    case 'identical': {
      const c = codeAt(seed, step + pair.offset);
      return [c, c];
    }
    case 'reversed':
      return [codeAt(seed, step + pair.offset), codeAt(seed, step + pair.offset - 1)];
    case 'gapped':
      return [codeAt(seed, step + pair.offset - 1 - pair.gap), codeAt(seed, step + pair.offset)];
    case 'foreign': {
      const other = foreignSeedText(pair.foreignSeed);
      return [codeAt(other, step + pair.offset - 1), codeAt(other, step + pair.offset)];
    }
    case 'random':
    case 'malformed':
      return [pair.code1, pair.code2];
  }
}

export function describePair(pair: CodePair): string {
  switch (pair.kind) {
    case 'genuine':
      return pair.offset === 0 ? 'genuine current pair' : pair.offset < 0 ? `genuine pair, ${-pair.offset} step(s) stale` : `genuine pair, ${pair.offset} step(s) ahead`;
    case 'identical':
      return 'the same code twice';
    case 'reversed':
      return 'a genuine pair in reversed order';
    case 'gapped':
      return `two codes ${pair.gap} step(s) apart`;
    case 'foreign':
      return "a genuine pair of another device's seed";
    case 'random':
      return `random codes ${pair.code1} ${pair.code2}`;
    case 'malformed':
      return `malformed codes (${pair.reason})`;
  }
}

const sixDigits = fc.integer({ min: 0, max: 999_999 }).map((n) => n.toString().padStart(6, '0'));

/** Pairs that the contract says must be rejected (E7), whatever the clock. */
export const wrongPair: fc.Arbitrary<CodePair> = fc.oneof(
  fc.integer({ min: -1, max: 1 }).map((offset): CodePair => ({ kind: 'identical', offset })),
  fc.integer({ min: -1, max: 1 }).map((offset): CodePair => ({ kind: 'reversed', offset })),
  fc.record({ offset: fc.integer({ min: -1, max: 1 }), gap: fc.integer({ min: 1, max: 3 }) }).map((r): CodePair => ({ kind: 'gapped', ...r })),
  fc.record({ offset: fc.constant(0), foreignSeed: fc.nat() }).map((r): CodePair => ({ kind: 'foreign', ...r })),
  fc.record({ code1: sixDigits, code2: sixDigits }).map((r): CodePair => ({ kind: 'random', ...r })),
);
