import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHAPES, STS_RECOGNISED_STEPS, codeAt, lengthOf, stepAt, violationsOf } from '../../specs/index.js';
import { FAR_DRIFT, MAX_DRIFT } from '../../generators/internal/pairs.js';
import { concretiseToken, foreignSeedText, notACode, tokenCode, tokenLabelOf, tokenSource, type TokenCode } from '../../generators/index.js';
import { must } from './support/oracle.js';

/**
 * Label proofs for sign-in codes (digest §8), by an independent reading of the digits sent: a
 * genuine code is the seed's code at its offset and at no nearer step of the other sign; a
 * wrong one is no code of the seed near now; a malformed one breaks tokenCodeType and only the
 * constraint its reason names.
 */
const SEEDS = ['JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U'];
const BASE = stepAt(1_767_225_600);
const CODE = SHAPES.tokenCode;

const WHY: Record<string, { breaks: 'length' | 'pattern'; looks: (c: string) => boolean }> = {
  empty: { breaks: 'length', looks: (c) => c === '' },
  'five-digits': { breaks: 'length', looks: (c) => /^[0-9]{5}$/.test(c) },
  'seven-digits': { breaks: 'length', looks: (c) => /^[0-9]{7}$/.test(c) },
  letters: { breaks: 'pattern', looks: (c) => /^[A-Za-z0-9]{6}$/.test(c) && /[A-Za-z]/.test(c) },
  space: { breaks: 'pattern', looks: (c) => c.length === 6 && /^[0-9]* [0-9]*$/.test(c) },
  sign: { breaks: 'pattern', looks: (c) => /^[+-][0-9]{5}$/.test(c) },
  'non-ascii-digits': { breaks: 'pattern', looks: (c) => lengthOf(c) === 6 && /^\p{Nd}+$/u.test(c) && /[^\x00-\x7f]/.test(c) },
};

function check(token: TokenCode, seed: string, step: number): void {
  const label = tokenLabelOf(token);
  const code = concretiseToken(token, seed, step);
  const [family, kind] = label.split(':');
  if (family === 'genuine') {
    must(token.kind === 'genuine', `${label}: not a genuine token`);
    must(code === codeAt(seed, step + token.offset), `${label}: not the seed's code at its offset`);
    must(kind === (token.offset === 0 ? 'current' : token.offset < 0 ? 'stale' : 'future'), `${label}: offset ${token.offset}`);
    must(Math.abs(token.offset) <= MAX_DRIFT || (Math.abs(token.offset) >= FAR_DRIFT.min && Math.abs(token.offset) <= FAR_DRIFT.max), `${label}: drift ${token.offset}`);
    return;
  }
  if (family === 'wrong') {
    must(violationsOf(CODE, code).length === 0 && /^[0-9]{6}$/.test(code), `${label}: ${JSON.stringify(code)} is not six ASCII digits`);
    if (kind === 'not-a-code') {
      for (let s = step - STS_RECOGNISED_STEPS; s <= step + STS_RECOGNISED_STEPS; s++) must(codeAt(seed, s) !== code, `${label}: the seed's code at ${s - step}`);
    }
    if (kind === 'foreign') must(token.kind === 'foreign' && code === codeAt(foreignSeedText(token.foreignSeed), step + token.offset), `${label}: not the other seed's code`);
    if (kind === 'random') must(token.kind === 'random' && code === token.code, `${label}: not its literal digits`);
    return;
  }
  must(family === 'malformed', `unknown label ${label}`);
  const rule = WHY[kind ?? ''];
  must(rule, `unknown reason ${kind}`);
  const vs = violationsOf(CODE, code);
  must(vs.length > 0, `${label}: ${JSON.stringify(code)} is inside tokenCodeType`);
  must(vs.every((v) => v.kind === rule.breaks), `${label}: breaks ${vs.map((v) => v.kind).join(',')}`);
  must(rule.looks(code), `${label}: ${JSON.stringify(code)} does not look like its reason`);
}

describe('tokenCode: every label holds for the digits sent', () => {
  it('10,000 tokens over seeds and steps', () => {
    fc.assert(
      fc.property(tokenCode, fc.constantFrom(...SEEDS), fc.integer({ min: BASE, max: BASE + 300 }), (t, seed, step) => check(t, seed, step)),
      { numRuns: 10_000, seed: 17 },
    );
  });

  it('not-a-code is none of the seed\'s codes within the recognised range, deterministically', () => {
    for (const seed of SEEDS) {
      const c = notACode(seed, BASE);
      expect(notACode(seed, BASE)).toBe(c);
      for (let s = BASE - 2048; s <= BASE + 2048; s += 1) expect(codeAt(seed, s) === c, `step ${s - BASE}`).toBe(false);
    }
  });

  it('the AWS CLI scripts read each token from the same definition', () => {
    expect(tokenSource({ kind: 'genuine', offset: -2 })).toEqual({ kind: 'computed', seed: 'device', offset: -2 });
    expect(tokenSource({ kind: 'foreign', offset: 1, foreignSeed: 3 })).toEqual({ kind: 'computed', seed: 'other', offset: 1 });
    expect(tokenSource({ kind: 'random', code: '123456' })).toEqual({ kind: 'literal', value: '123456' });
    expect(tokenSource({ kind: 'not-a-code' })).toEqual({ kind: 'not-a-code' });
  });
});
