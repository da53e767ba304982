import type { StringShape } from '../../specs/index.js';

/**
 * Character sets read off the contract's own patterns (specs/shapes.ts), so a change to a
 * shape changes what the generators make instead of leaving them silently out of date.
 * Only printable ASCII is scanned: every allowed character of these shapes is ASCII (`\w`
 * without the u flag), and everything beyond ASCII is produced on purpose by ./unicode.ts.
 */
const PRINTABLE_ASCII: readonly string[] = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

const ALNUM = /^[A-Za-z0-9]$/;

function patternOf(shape: StringShape): RegExp {
  if (!shape.pattern) throw new Error(`shape ${shape.name} has no pattern to derive characters from`);
  return shape.pattern;
}

/** Every printable ASCII character the shape's pattern accepts on its own. */
export function allowedChars(shape: StringShape): string[] {
  const p = patternOf(shape);
  return PRINTABLE_ASCII.filter((c) => p.test(c));
}

/** The allowed characters that are neither letters nor digits (`_` and the punctuation). */
export function allowedPunctuation(shape: StringShape): string[] {
  return allowedChars(shape).filter((c) => !ALNUM.test(c));
}

/** Printable ASCII the shape's pattern refuses (space, `#`, quotes, ...). */
export function forbiddenAscii(shape: StringShape): string[] {
  const p = patternOf(shape);
  return PRINTABLE_ASCII.filter((c) => !p.test(c));
}

export const ASCII_LETTERS: readonly string[] = PRINTABLE_ASCII.filter((c) => /^[A-Za-z]$/.test(c));
export const ASCII_DIGITS: readonly string[] = PRINTABLE_ASCII.filter((c) => /^[0-9]$/.test(c));
export const ASCII_ALNUM: readonly string[] = PRINTABLE_ASCII.filter((c) => ALNUM.test(c));

/** The shape's maximum, which every shape this directory generates for has. */
export function maxOf(shape: StringShape): number {
  if (shape.max === undefined) throw new Error(`shape ${shape.name} has no maximum length`);
  return shape.max;
}
