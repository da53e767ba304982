/**
 * Independent checks of generator labels, written from specs/ and the wire encoder the harness
 * uses, not from the generators' own tables: character classes are Unicode properties, allowed
 * characters are re-derived from the shapes' patterns, and ARNs are taken apart by regex.
 */
import { lengthOf, SHAPES, violationsOf, type StringShape, type Violation } from '../../../specs/index.js';
import { decodeForm, percentEncode, wtf8 } from '../../../harness/protocol/form.js';

export const PREFIX = 'imcexamp00001-';
export const ACCOUNT = '123456789012';

/** A failed check: thrown, so fast-check and vitest both report it with the value. */
export class LabelError extends Error {}
export function must(cond: unknown, what: string): asserts cond {
  if (!cond) throw new LabelError(what);
}

const kinds = (vs: Violation[]) => vs.map((v) => v.kind).sort().join(',');

/** What a lenient awsQuery server reads from the harness's form encoding of `value`. */
export function serverView(value: string): string {
  const pairs = decodeForm(`v=${percentEncode(value)}`);
  return pairs[0]?.[1] ?? '';
}

/** Every way an endpoint might count a value's length. */
export function lengthsOf(value: string): number[] {
  return [lengthOf(value), value.length, wtf8(value).length, lengthOf(serverView(value))];
}

const allowed = (shape: StringShape, ch: string) => shape.pattern?.test(ch) === true;

/** Characters the shape refuses, one code point (or lone surrogate) at a time. */
export const disallowed = (shape: StringShape, value: string): string[] => [...value].filter((ch) => !allowed(shape, ch));

/** No lone surrogate (with the u flag a proper pair is one code point, never Cs). */
export const wellFormed = (s: string): boolean => !/\p{Cs}/u.test(s);

const isAscii = (ch: string) => (ch.codePointAt(0) ?? 0) < 0x80;

/** The character class each `invalid:<fault>` label claims, as Unicode properties. */
const FAULT_CLASS: Record<string, (ch: string) => boolean> = {
  'forbidden-ascii': (ch) => /^[\x20-\x7e]$/.test(ch),
  'control-char': (ch) => /^\p{Cc}$/u.test(ch),
  'non-ascii-letter': (ch) => !isAscii(ch) && /^\p{L}$/u.test(ch),
  'non-ascii-digit': (ch) => !isAscii(ch) && /^\p{Nd}$/u.test(ch),
  'unicode-space': (ch) => !isAscii(ch) && /^[\p{Zs}\p{Zl}\p{Zp}]$/u.test(ch),
  'invisible-format': (ch) => /^\p{Cf}$/u.test(ch),
  // An emoji may be a sequence: pictographs glued with ZWJ, variation selectors, skin tones.
  emoji: (ch) => !isAscii(ch) && /^[\p{Extended_Pictographic}\p{Emoji_Component}]$/u.test(ch),
  'lone-surrogate': (ch) => /^\p{Cs}$/u.test(ch),
};

const EMOJI_CORE = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u;

/**
 * `invalid:<fault>`: the pattern is the one constraint broken, in every unit of length and
 * after the server decodes the bytes, and every refused character belongs to the class.
 */
export function checkCharFault(shape: StringShape, fault: string, value: string): void {
  const cls = FAULT_CLASS[fault];
  must(cls, `unknown fault label ${fault}`);
  must(kinds(violationsOf(shape, value)) === 'pattern', `${fault}: violations ${kinds(violationsOf(shape, value))}, expected pattern only`);
  const server = serverView(value);
  must(kinds(violationsOf(shape, server)) === 'pattern', `${fault}: as decoded by the server, violations ${kinds(violationsOf(shape, server))}`);
  for (const n of lengthsOf(value)) must(n >= shape.min && (shape.max === undefined || n <= shape.max), `${fault}: a length of ${n} is out of ${shape.min}..${shape.max}`);
  const bad = disallowed(shape, value);
  must(bad.length > 0, `${fault}: no refused character`);
  for (const ch of bad) must(cls(ch), `${fault}: refused character U+${(ch.codePointAt(0) ?? 0).toString(16)} is not of that class`);
  if (fault === 'emoji') must(EMOJI_CORE.test(value), 'emoji: no pictograph');
  if (fault === 'lone-surrogate') must(!wellFormed(value), 'lone-surrogate: the string is well-formed');
  else must(wellFormed(value), `${fault}: a lone surrogate crept in`);
}

/** Length-only labels: the value is ASCII, so every unit of length agrees. */
export function checkLengthOnly(shape: StringShape, value: string, dir: 'short' | 'long'): void {
  must(kinds(violationsOf(shape, value)) === 'length', `length label: violations ${kinds(violationsOf(shape, value))}`);
  must(/^[\x20-\x7e]*$/.test(value), 'length label: not printable ASCII');
  const n = lengthOf(value);
  must(dir === 'short' ? n < shape.min : shape.max !== undefined && n > shape.max, `length label: ${n} is not too ${dir}`);
}

/** The label rule the harness applies before sending (harness/case/run.ts `labelHolds`). */
export function checkValidity(shape: StringShape, label: string, value: string): void {
  const valid = violationsOf(shape, value).length === 0;
  must(label.startsWith('valid') === valid, `label ${label} but ${valid ? 'no violation' : kinds(violationsOf(shape, value))}`);
  must(label.startsWith('valid:') || label.startsWith('invalid:'), `label ${label} is neither valid:* nor invalid:*`);
  // Whatever the client, the server must read back exactly this value (`+` as %2B, not a space).
  if (wellFormed(value)) must(serverView(value) === value, 'the form encoding does not round-trip');
}

export const ALNUM = /^[A-Za-z0-9]$/;
/** The punctuation of a shape, re-derived: printable ASCII accepted alone, minus letters and digits. */
export function punctuationOf(shape: StringShape): string[] {
  const out: string[] = [];
  for (let c = 0x21; c < 0x7f; c++) {
    const ch = String.fromCharCode(c);
    if (allowed(shape, ch) && !ALNUM.test(ch)) out.push(ch);
  }
  return out;
}

export const SERIAL = SHAPES.serialNumber;
export const CODE = SHAPES.authenticationCode;
