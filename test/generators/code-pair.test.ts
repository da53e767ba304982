import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeAt, lengthOf, RECOGNISED_STEPS, stepAt, violationsOf } from '../../specs/index.js';
import { FAR_DRIFT, MAX_DRIFT } from '../../generators/internal/pairs.js';
import { codePair, concretise, describePair, foreignSeedText, labelOf, wrongPair, type CodePair } from '../../generators/code-pair.js';
import { futurePair } from '../../generators/future-pair.js';
import { genuinePair } from '../../generators/genuine-pair.js';
import { malformedPair } from '../../generators/malformed-codes.js';
import { stalePair } from '../../generators/stale-pair.js';
import { CODE, must, serverView } from './support/oracle.js';
import { checkShrinks } from './support/shrink.js';

const N = 10_000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 of `bytes`, as an endpoint might issue it: upper or lower case, padded or not. */
function base32(bytes: Uint8Array, style: number): string {
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  if (style % 3 === 1) out = out.toLowerCase();
  if (style % 3 === 2) out += '='.repeat((8 - (out.length % 8)) % 8);
  return out;
}

// A pool of seeds of many lengths (short ones included: endpoints may issue fewer than 16
// bytes) and a window of steps near now. TOTP costs ~0.1 ms a code here, so the codes of the
// pool over the window are memoised; 10,000 pairs then cost a few thousand codes, not a million.
const SEED_BYTES = [1, 5, 10, 10, 16, 20, 20, 32, 40, 64];
const SEEDS = SEED_BYTES.map((n, i) => base32(fc.sample(fc.uint8Array({ minLength: n, maxLength: n }), { numRuns: 1, seed: 1000 + i })[0] ?? new Uint8Array(n), i));
const BASE_STEP = stepAt(1_767_225_600);
const WINDOW = 300;
const seedArb = fc.constantFrom(...SEEDS);
const stepArb = fc.integer({ min: BASE_STEP, max: BASE_STEP + WINDOW });

const memo = new Map<string, string>();
function code(seed: string, step: number): string {
  const key = `${seed}/${step}`;
  let c = memo.get(key);
  if (c === undefined) memo.set(key, (c = codeAt(seed, step)));
  return c;
}

/**
 * Our own search: every offset o near the step (twice the near drift) at which (c1, c2) =
 * (code(T+o-1), code(T+o)), and the one offset `also` asked about (a far genuine pair's own).
 */
function offsetsOf(seed: string, c1: string, c2: string, step: number, also?: number): number[] {
  const out: number[] = [];
  const reach = 2 * MAX_DRIFT;
  for (let o = -reach; o <= reach; o++) if (code(seed, step + o - 1) === c1 && code(seed, step + o) === c2) out.push(o);
  if (also !== undefined && Math.abs(also) > reach && code(seed, step + also - 1) === c1 && code(seed, step + also) === c2) out.push(also);
  return out;
}

const sixDigitsOk = (c: string) => violationsOf(CODE, c).length === 0 && /^[0-9]{6}$/.test(c);

/** Per why: the constraints broken, and what the code must look like, by Unicode classes. */
const MALFORMED: Record<string, { breaks: string; looks: (c: string) => boolean }> = {
  empty: { breaks: 'length', looks: (c) => c === '' },
  'five-digits': { breaks: 'length', looks: (c) => /^[0-9]{5}$/.test(c) },
  'seven-digits': { breaks: 'length', looks: (c) => /^[0-9]{7}$/.test(c) },
  letters: { breaks: 'pattern', looks: (c) => /^[A-Za-z0-9]{6}$/.test(c) && /[A-Za-z]/.test(c) },
  space: { breaks: 'pattern', looks: (c) => /^[0-9]* [0-9]*$/.test(c) && c.length === 6 },
  sign: { breaks: 'pattern', looks: (c) => /^[+-][0-9]{5}$/.test(c) },
  'non-ascii-digits': { breaks: 'pattern', looks: (c) => lengthOf(c) === 6 && /^\p{Nd}+$/u.test(c) && /[^\x00-\x7f]/.test(c) },
};

function checkMalformed(pair: Extract<CodePair, { kind: 'malformed' }>, c1: string, c2: string): void {
  const [which, why] = pair.reason.split(':');
  const rule = MALFORMED[why ?? ''];
  must(rule && ['code1', 'code2', 'both'].includes(which ?? ''), `unknown reason ${pair.reason}`);
  must(labelOf(pair) === `malformed:${pair.reason}`, 'label');
  for (const [name, c] of [['code1', c1], ['code2', c2]] as const) {
    // `+` must reach the server as itself, not as a space.
    must(serverView(c) === c, `${name} does not survive the form encoding`);
    if (which === name || which === 'both') {
      must(violationsOf(CODE, c).map((v) => v.kind).join() === rule.breaks, `${pair.reason}: ${name} ${JSON.stringify(c)} breaks ${violationsOf(CODE, c).map((v) => v.kind).join() || 'nothing'}`);
      must(rule.looks(c), `${pair.reason}: ${name} ${JSON.stringify(c)} is not that`);
    } else must(sixDigitsOk(c), `${pair.reason}: ${name} ${JSON.stringify(c)} should be well-formed`);
  }
}

/** Wrong pairs that the digits happen to make genuine: rare, counted, never assumed away. */
let coincidences = 0;

function checkPair(pair: CodePair, seed: string, step: number): void {
  const [c1, c2] = concretise(pair, seed, step);
  must(concretise(pair, seed, step).join() === `${c1},${c2}`, 'concretise is not pure');
  must(describePair(pair).length > 0, 'no description');
  if (pair.kind === 'malformed') return checkMalformed(pair, c1, c2);
  must(sixDigitsOk(c1) && sixDigitsOk(c2), `codes ${c1} ${c2} are not six digits`);
  const found = offsetsOf(seed, c1, c2, step, pair.kind === 'genuine' ? pair.offset : undefined);
  const label = labelOf(pair);
  if (pair.kind === 'genuine') {
    must(Math.abs(pair.offset) <= RECOGNISED_STEPS / 2, `offset ${pair.offset} beyond half the model's recognition`);
    must(found.length === 1 && found[0] === pair.offset, `genuine at ${pair.offset} but found at [${found.join(',')}]`);
    must(label === (pair.offset === 0 ? 'genuine:current' : pair.offset < 0 ? 'genuine:stale' : 'genuine:future'), `label ${label} for offset ${pair.offset}`);
    return;
  }
  must(label === `wrong:${pair.kind}`, `label ${label}`);
  if (found.length > 0) coincidences++;
  switch (pair.kind) {
    case 'identical':
      must(c1 === c2, 'identical codes differ');
      break;
    case 'reversed':
      must(offsetsOf(seed, c2, c1, step).includes(pair.offset), 'not a genuine pair reversed');
      break;
    case 'gapped': {
      const t = step + pair.offset;
      must(code(seed, t) === c2 && code(seed, t - 1 - pair.gap) === c1, `not two codes with ${pair.gap} missing between them`);
      must(pair.gap >= 1, 'a gap of 0 is a genuine pair');
      break;
    }
    case 'foreign': {
      const other = foreignSeedText(pair.foreignSeed);
      must(other !== seed && pair.foreignSeed !== 0, 'the foreign seed is the device seed or the harness stand-in');
      must(codeAt(other, step + pair.offset - 1) === c1 && codeAt(other, step + pair.offset) === c2, 'not a genuine pair of the foreign seed');
      break;
    }
    case 'random':
      break;
  }
}

const withClock = <T extends CodePair>(arb: fc.Arbitrary<T>) => fc.tuple(arb, seedArb, stepArb);

describe.each([
  ['codePair', codePair],
  ['genuinePair', genuinePair],
  ['stalePair', stalePair],
  ['futurePair', futurePair],
  ['wrongPair', wrongPair],
  ['malformedPair', malformedPair],
] as const)('%s', (name, arb) => {
  it(`${N} pairs, concretised with random seeds and steps, are what their labels say`, () => {
    coincidences = 0;
    fc.assert(fc.property(withClock(arb), ([p, s, t]) => checkPair(p, s, t)), { numRuns: N });
    expect(coincidences).toBeLessThan(N / 1000);
  });

  it('shrunk pairs keep their labels (a stale pair stays genuine for its seed)', () => {
    const r = checkShrinks(withClock(arb), ([p, s, t]) => checkPair(p, s, t), { runs: 40 });
    if (name !== 'genuinePair') expect(r.shrunk).toBeGreaterThan(100);
  });
});

describe('code pair ranges', () => {
  it('stale and future pairs cover 1..20 steps, reach past the recorded AWS window, and never pass half the model recognition', () => {
    const ks = new Set([...fc.sample(stalePair, 4000), ...fc.sample(futurePair, 4000)].map((p) => (p.kind === 'genuine' ? p.offset : NaN)));
    for (let k = 1; k <= MAX_DRIFT; k++) expect(ks.has(k) && ks.has(-k)).toBe(true);
    expect([...ks].some((k) => k > 1000) && [...ks].some((k) => k < -998)).toBe(true);
    for (const k of ks) expect(Math.abs(k)).toBeLessThanOrEqual(Math.min(FAR_DRIFT.max, RECOGNISED_STEPS / 2));
  });

  it('a foreign seed equal to the device seed is replaced, so the pair stays foreign', () => {
    const seed = foreignSeedText(5);
    const [c1, c2] = concretise({ kind: 'foreign', offset: 0, foreignSeed: 5 }, seed.toLowerCase(), BASE_STEP);
    expect([c1, c2]).not.toEqual([codeAt(seed, BASE_STEP - 1), codeAt(seed, BASE_STEP)]);
    expect([c1, c2]).toEqual([codeAt(foreignSeedText(6), BASE_STEP - 1), codeAt(foreignSeedText(6), BASE_STEP)]);
  });
});
