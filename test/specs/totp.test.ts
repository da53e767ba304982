import { describe, expect, it } from 'vitest';
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
