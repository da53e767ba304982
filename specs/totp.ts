import { createHash } from 'node:crypto';

/**
 * The TOTP parameters the contract fixes (digest E7): the otpauth URI AWS issues names no
 * algorithm, digits or period, so authenticators use RFC 6238's defaults.
 */
export const TOTP = { stepSeconds: 30, digits: 6, algorithm: 'sha1' } as const;

/**
 * How far from its anchor (the later of the endpoint's step and the device's last accepted
 * step) the model recognises a genuine pair. AWS accepts pairs up to 1000 steps ahead and 998
 * behind (digest §7), so a genuine pair anywhere inside the window must be recognised as
 * genuine (an E8 question) and never mistaken for an invalid pair (E7).
 */
export const RECOGNISED_STEPS = 2048;

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
 * The seed's bytes. Decoded here rather than by a library because RFC 4648 leaves the unused
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

/**
 * HMAC-SHA-1 HOTP (RFC 4226) for one key, with the key's inner and outer SHA-1 states
 * computed once. A code then costs two SHA-1 compressions and no allocation, which is what
 * lets the model search thousands of steps around a device's anchor (RECOGNISED_STEPS) on
 * every judgement. Checked against otplib and the RFC 6238 vectors in the tests.
 */
class HotpKey {
  private readonly inner = new Int32Array(5);
  private readonly outer = new Int32Array(5);
  private readonly w = new Int32Array(80);
  private readonly h = new Int32Array(5);

  constructor(key: Uint8Array) {
    const k = key.length > 64 ? createHash('sha1').update(key).digest() : key;
    const pad = (x: number) => {
      const words = new Int32Array(16);
      for (let i = 0; i < 64; i++) words[i >> 2]! |= (((k[i] ?? 0) ^ x) & 0xff) << (24 - 8 * (i & 3));
      return words;
    };
    this.inner.set(INITIAL);
    this.compress(this.inner, pad(0x36));
    this.outer.set(INITIAL);
    this.compress(this.outer, pad(0x5c));
  }

  /** The 6-digit code for HOTP counter `counter` (a TOTP step). */
  code(counter: number): number {
    const w = this.w;
    const h = this.h;
    // Inner hash: the 8-byte counter, then SHA-1 padding for 64 + 8 bytes of message.
    w.fill(0, 0, 16);
    w[0] = Math.floor(counter / 0x1_0000_0000) | 0;
    w[1] = counter >>> 0;
    w[2] = 0x80000000 | 0;
    w[15] = (64 + 8) * 8;
    h.set(this.inner);
    this.compress(h, w);
    // Outer hash: the 20-byte inner digest, padded for 64 + 20 bytes.
    const d0 = h[0]!, d1 = h[1]!, d2 = h[2]!, d3 = h[3]!, d4 = h[4]!;
    w.fill(0, 0, 16);
    w[0] = d0;
    w[1] = d1;
    w[2] = d2;
    w[3] = d3;
    w[4] = d4;
    w[5] = 0x80000000 | 0;
    w[15] = (64 + 20) * 8;
    h.set(this.outer);
    this.compress(h, w);
    // Dynamic truncation (RFC 4226 §5.3) over the big-endian bytes of the digest.
    const byte = (i: number) => (h[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
    const offset = byte(19) & 0x0f;
    const bin = ((byte(offset) & 0x7f) << 24) | (byte(offset + 1) << 16) | (byte(offset + 2) << 8) | byte(offset + 3);
    return bin % 1_000_000;
  }

  /** One SHA-1 compression of the 16 words at the start of `block` into `state`. */
  private compress(state: Int32Array, block: Int32Array): void {
    const w = this.w;
    if (block !== w) for (let i = 0; i < 16; i++) w[i] = block[i]!;
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!;
    // Four loops, one per round function, keep the hot path free of branches.
    for (let i = 0; i < 20; i++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 20; i < 40; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 40; i < 60; i++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 60; i < 80; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    state[0] = (state[0]! + a) | 0;
    state[1] = (state[1]! + b) | 0;
    state[2] = (state[2]! + c) | 0;
    state[3] = (state[3]! + d) | 0;
    state[4] = (state[4]! + e) | 0;
  }
}

const INITIAL = Int32Array.from([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);

/**
 * Codes of one seed in blocks of steps, computed on first use and kept: the model asks about
 * the same device many times (harness and reference alike), usually near the same anchor.
 */
const BLOCK = 256;

class SeedCodes {
  private readonly key: HotpKey;
  private readonly blocks = new Map<number, Int32Array>();

  constructor(seed: string) {
    this.key = new HotpKey(seedBytes(seed));
  }

  at(step: number): number {
    const b = Math.floor(step / BLOCK);
    return this.block(b)[step - b * BLOCK]!;
  }

  block(b: number): Int32Array {
    let codes = this.blocks.get(b);
    if (!codes) {
      codes = new Int32Array(BLOCK);
      for (let i = 0; i < BLOCK; i++) codes[i] = this.key.code(b * BLOCK + i);
      this.blocks.set(b, codes);
    }
    return codes;
  }
}

const seeds = new Map<string, SeedCodes>();
const SEED_LIMIT = 512;

function codesOf(seed: string): SeedCodes {
  const key = normaliseSeed(seed);
  let found = seeds.get(key);
  if (found) {
    // Re-inserted so the map's order is least recently used first.
    seeds.delete(key);
  } else {
    found = new SeedCodes(key);
    if (seeds.size >= SEED_LIMIT) seeds.delete(seeds.keys().next().value as string);
  }
  seeds.set(key, found);
  return found;
}

const format = (n: number): string => String(n).padStart(TOTP.digits, '0');

/** The 6-digit code of `seed` for TOTP step `step`. */
export function codeAt(seed: string, step: number): string {
  return format(codesOf(seed).at(step));
}

/** The pair whose second code belongs to `step` (digest E7 naming). */
export function pairAt(seed: string, step: number): [string, string] {
  return [codeAt(seed, step - 1), codeAt(seed, step)];
}

const asCode = (code: string): number => (/^\d{6}$/.test(code) ? Number(code) : -1);

/**
 * Steps s within [from, to] such that (code1, code2) = (code(s-1), code(s)): every step at
 * which this pair is a genuine consecutive pair of the seed. Searched outward from `near`
 * (default: the middle), block by block, and stopped at the first block ring that holds one:
 * a pair that is genuine near its anchor is the pair the user meant, and the blocks further
 * out are then never computed.
 */
export function genuineSteps(seed: string, code1: string, code2: string, from: number, to: number, near = Math.floor((from + to) / 2)): number[] {
  const c1 = asCode(code1);
  const c2 = asCode(code2);
  if (c1 < 0 || c2 < 0 || from > to) return [];
  const codes = codesOf(seed);
  const first = Math.floor(from / BLOCK);
  const last = Math.floor(to / BLOCK);
  const centre = Math.min(last, Math.max(first, Math.floor(near / BLOCK)));
  const out: number[] = [];
  for (let ring = 0; centre - ring >= first || centre + ring <= last; ring++) {
    for (const b of ring === 0 ? [centre] : [centre - ring, centre + ring]) {
      if (b < first || b > last) continue;
      const block = codes.block(b);
      for (let i = 0; i < BLOCK; i++) {
        const s = b * BLOCK + i;
        if (block[i] === c2 && s >= from && s <= to && codes.at(s - 1) === c1) out.push(s);
      }
    }
    if (out.length > 0) break;
  }
  return out.sort((a, b) => a - b);
}

/**
 * How far from the current step and from the device's sign-in frame the model recognises a
 * single code of the device (digest §8). STS was recorded accepting 2 steps either way of the
 * frame and refusing 3 and 10; 64 steps (32 minutes) either way is far beyond any verifier's
 * window, so a code further out is "wrong" (S1, MUST 403), and a random six digits is
 * mistaken for a genuine code about once in 4,000.
 */
export const STS_RECOGNISED_STEPS = 64;

/**
 * Steps within [from, to] at which `code` is the seed's code, searched outward from `near`
 * block by block and stopped at the first block ring that holds one (as `genuineSteps`).
 */
export function codeSteps(seed: string, code: string, from: number, to: number, near = Math.floor((from + to) / 2)): number[] {
  const c = asCode(code);
  if (c < 0 || from > to) return [];
  const codes = codesOf(seed);
  const first = Math.floor(from / BLOCK);
  const last = Math.floor(to / BLOCK);
  const centre = Math.min(last, Math.max(first, Math.floor(near / BLOCK)));
  const out: number[] = [];
  for (let ring = 0; centre - ring >= first || centre + ring <= last; ring++) {
    for (const b of ring === 0 ? [centre] : [centre - ring, centre + ring]) {
      if (b < first || b > last) continue;
      const block = codes.block(b);
      for (let i = 0; i < BLOCK; i++) {
        const s = b * BLOCK + i;
        if (block[i] === c && s >= from && s <= to) out.push(s);
      }
    }
    if (out.length > 0) break;
  }
  return out.sort((a, b) => a - b);
}
