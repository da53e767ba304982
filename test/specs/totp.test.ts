import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32 } from '../../harness/reference/seed.js';
import { createGuardrails, generateSync } from 'otplib';
import { codeAt, genuineSteps, pairAt, stepAt } from '../../specs/index.js';

// RFC 6238 appendix B, SHA-1 rows: seed "12345678901234567890" (ASCII), 8 digits.
const RFC_SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, SHA-1)', () => {
  it.each(VECTORS)('at T=%i the 8-digit code is %s, and the 6-digit code is its last six digits', (t, code) => {
    const eight = generateSync({ secret: RFC_SEED_BASE32, epoch: t, digits: 8, guardrails: createGuardrails({ MIN_SECRET_BYTES: 1 }) });
    expect(eight).toBe(code);
    expect(codeAt(RFC_SEED_BASE32, stepAt(t))).toBe(code.slice(2));
  });

  it('finds a genuine pair at exactly its step, and a reversed pair nowhere nearby', () => {
    const step = stepAt(1_700_000_000);
    const [c1, c2] = pairAt(RFC_SEED_BASE32, step);
    expect(genuineSteps(RFC_SEED_BASE32, c1, c2, step - 40, step + 40)).toEqual([step]);
    expect(genuineSteps(RFC_SEED_BASE32, c2, c1, step - 40, step + 40)).toEqual([]);
  });

  it('accepts a seed whose last character carries non-zero unused bits, as authenticators do', () => {
    expect(codeAt('JBSWY3DPEHPK3PXPAB', 1)).toMatch(/^\d{6}$/);
    expect(codeAt('JBSWY3DPEHPK3PXPAB', 1)).toBe(codeAt('JBSWY3DPEHPK3PXPAA', 1));
  });

  it('accepts seeds shorter than 16 bytes, lower case and padded', () => {
    expect(codeAt('jbswy3dp', 1)).toBe(codeAt('JBSWY3DP', 1));
    expect(codeAt('JBSWY3DP====', 1)).toBe(codeAt('JBSWY3DP', 1));
  });
});

describe('our HMAC-SHA-1 against otplib', () => {
  it('agrees on 3,000 random seeds (1 to 100 bytes, keys past 64 bytes are hashed) and steps', () => {
    const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1, MAX_SECRET_BYTES: 4096 });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.integer({ min: 0, max: 2 ** 40 }), (bytes, step) => {
        const seed = base32(bytes);
        expect(codeAt(seed, step)).toBe(generateSync({ secret: seed, epoch: step * 30, digits: 6, guardrails }));
      }),
      { numRuns: 3000 },
    );
  });

  it('places a genuine pair up to the edge of its recognition, and nowhere else', () => {
    const step = stepAt(1_790_000_000);
    for (const offset of [-2048, -999, 1001, 2048]) {
      const [c1, c2] = pairAt(RFC_SEED_BASE32, step + offset);
      expect(genuineSteps(RFC_SEED_BASE32, c1, c2, step - 2048, step + 2048, step)).toEqual([step + offset]);
    }
  });
});
