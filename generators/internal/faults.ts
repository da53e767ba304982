import fc from 'fast-check';
import type { StringShape } from '../../specs/index.js';
import { forbiddenAscii } from './alphabet.js';

/**
 * The ways one character can put a value outside a `[\w...]+` pattern, each a label suffix
 * (`invalid:<fault>`). Every fault character is chosen to break the PATTERN only: the
 * generators keep the length inside the shape's bounds however the endpoint counts it
 * (code points, UTF-16 units, UTF-8 bytes, or after decoding a lone surrogate's WTF-8 bytes
 * as U+FFFD), so the label names the one constraint the value breaks.
 */
export const CHAR_FAULTS = [
  'forbidden-ascii',
  'control-char',
  'non-ascii-letter',
  'non-ascii-digit',
  'unicode-space',
  'invisible-format',
  'emoji',
  'lone-surrogate',
] as const;

export type CharFault = (typeof CHAR_FAULTS)[number];

/** Upper bound of the UTF-8 bytes of one fault unit (the longest emoji sequence below is 14). */
export const FAULT_MAX_BYTES = 16;

const cp = (...points: number[]) => points.map((p) => String.fromCodePoint(p));

// Letters that matter beyond being non-ASCII: Python's `\w` and many regex engines accept
// them (é, Cyrillic а that looks like a), and some case-fold to ASCII (Kelvin sign -> k,
// dotless ı -> I, long ſ -> S), which trips case-insensitive lookups. Written as code
// points: several look exactly like ASCII letters in source.
const LETTERS = cp(0xe9, 0xf1, 0xdf, 0x3a9, 0x436, 0x430, 0x131, 0x212a, 0x17f, 0xfb01, 0x1c5, 0x540d, 0x639, 0x5d0);

// Zeros of decimal-digit scripts: Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali,
// Thai, fullwidth, and mathematical bold (astral: two UTF-16 units). Python's `\d` and int()
// accept all of them, so an endpoint written that way may take them for digits.
export const DIGIT_ZEROS: readonly number[] = [0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10, 0x1d7ce];

const SPACES = cp(0xa0, 0x1680, 0x2000, 0x2003, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000);
const INVISIBLE = cp(0xad, 0x200b, 0x200c, 0x200d, 0x200e, 0x202e, 0x2060, 0xfeff);
// Single pictographs (astral and BMP) and sequences: skin tone, ZWJ, flag, variation selector.
const seq = (...points: number[]) => String.fromCodePoint(...points);
const EMOJI = [seq(0x1f600), seq(0x1f510), seq(0x2603), seq(0x1f44d, 0x1f3fd), seq(0x1f469, 0x200d, 0x1f4bb), seq(0x1f1fa, 0x1f1f8), seq(0x2764, 0xfe0f), seq(0x1f3f3, 0xfe0f, 0x200d, 0x1f308)];

/** One fault unit: a string of one or a few code points that breaks the shape's pattern. */
export function faultUnit(fault: CharFault, shape: StringShape): fc.Arbitrary<string> {
  switch (fault) {
    case 'forbidden-ascii':
      return fc.constantFrom(...forbiddenAscii(shape));
    case 'control-char':
      // NUL, tab, LF, CR and DEL first: the ones parsers and loggers treat specially.
      return fc.oneof(
        fc.constantFrom('\u0000', '\t', '\n', '\r', '\u007f'),
        fc.integer({ min: 0, max: 0x1f }).map((n) => String.fromCharCode(n)),
        fc.integer({ min: 0x80, max: 0x9f }).map((n) => String.fromCharCode(n)),
      );
    case 'non-ascii-letter':
      return fc.constantFrom(...LETTERS);
    case 'non-ascii-digit':
      return fc.tuple(fc.constantFrom(...DIGIT_ZEROS), fc.integer({ min: 0, max: 9 })).map(([zero, d]) => String.fromCodePoint(zero + d));
    case 'unicode-space':
      return fc.constantFrom(...SPACES);
    case 'invisible-format':
      return fc.constantFrom(...INVISIBLE);
    case 'emoji':
      return fc.constantFrom(...EMOJI);
    case 'lone-surrogate':
      // The harness sends these as their WTF-8 bytes (harness/protocol/form.ts): the bytes on
      // the wire are not UTF-8, so whatever the endpoint decodes them to is not `\w`.
      return fc.oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff })).map((n) => String.fromCharCode(n));
  }
}

/** `base` with `unit` inserted at `at` (clamped), so shrinking `at` or `base` keeps the fault. */
export function insertAt(base: string, unit: string, at: number): string {
  const i = Math.min(Math.max(0, at), base.length);
  return base.slice(0, i) + unit + base.slice(i);
}
