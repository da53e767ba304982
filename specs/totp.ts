import { createGuardrails, generateSync } from 'otplib';

/**
 * The TOTP parameters the contract fixes (digest E7): the otpauth URI AWS issues names no
 * algorithm, digits or period, so authenticators use RFC 6238's defaults.
 */
export const TOTP = { stepSeconds: 30, digits: 6, algorithm: 'sha1' } as const;

/**
 * How far from the current step the model looks for a genuine pair. Generators never make
 * pairs further out than half of this, so a pair the model cannot place is not a pair.
 */
export const MODEL_SEARCH_STEPS = 40;

// Endpoints may issue seeds shorter than otplib's 16-byte floor; the contract sets no minimum.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1 });

export function stepAt(epochSeconds: number): number {
  return Math.floor(epochSeconds / TOTP.stepSeconds);
}

/** RFC 4648 base32 text as issued (case and padding vary between endpoints). */
export function normaliseSeed(seed: string): string {
  return seed.replace(/[\s=]/g, '').toUpperCase();
}

export function isBase32Seed(seed: string): boolean {
  const s = normaliseSeed(seed);
  return s.length > 0 && /^[A-Z2-7]+$/.test(s);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The seed's bytes. Decoded here rather than by otplib because RFC 4648 leaves the unused
 * bits of the last character to the encoder: endpoints that issue seeds of any length may
 * leave them non-zero, and a strict decoder would then refuse a seed authenticators accept.
 */
export function seedBytes(seed: string): Uint8Array {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of normaliseSeed(seed)) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError('seed is not base32 text');
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** The 6-digit code of `seed` for TOTP step `step`. */
export function codeAt(seed: string, step: number): string {
  const key = `${seed}\u0000${step}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const code = generateSync({
    secret: seedBytes(seed),
    epoch: step * TOTP.stepSeconds,
    period: TOTP.stepSeconds,
    digits: TOTP.digits,
    algorithm: TOTP.algorithm,
    guardrails,
  });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, code);
  return code;
}

/** The pair whose second code belongs to `step` (digest E7 naming). */
export function pairAt(seed: string, step: number): [string, string] {
  return [codeAt(seed, step - 1), codeAt(seed, step)];
}

/**
 * Steps s within [from, to] such that (code1, code2) = (code(s-1), code(s)): every step at
 * which this pair is a genuine consecutive pair of the seed.
 */
export function genuineSteps(seed: string, code1: string, code2: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = from; s <= to; s++) {
    if (codeAt(seed, s) === code2 && codeAt(seed, s - 1) === code1) out.push(s);
  }
  return out;
}
