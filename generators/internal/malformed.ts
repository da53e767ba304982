import fc from 'fast-check';
import { ASCII_DIGITS, ASCII_LETTERS } from './alphabet.js';
import { DIGIT_ZEROS, insertAt } from './faults.js';
import { stringOf } from './names.js';
import type { MalformedWhy } from './pairs.js';

const digits = (n: number) => stringOf(ASCII_DIGITS, n, n);

/** One malformed code per reason, each breaking one constraint of authenticationCodeType. */
export function malformedCode(why: MalformedWhy): fc.Arbitrary<string> {
  switch (why) {
    case 'empty':
      return fc.constant('');
    case 'five-digits':
      return digits(5);
    case 'seven-digits':
      return digits(7);
    case 'letters':
      // Six characters, so the pattern alone is broken: letters over some digits.
      return fc.tuple(digits(6), stringOf(ASCII_LETTERS, 1, 6), fc.nat(5)).map(([d, l, at]) => (d.slice(0, at) + l + d.slice(at)).slice(0, 6));
    case 'space':
      // Leading, inner or trailing: an endpoint that trims would take the trimmed five digits.
      return fc.tuple(digits(5), fc.nat(5)).map(([d, at]) => insertAt(d, ' ', at));
    case 'sign':
      // `+` goes on the wire as %2B (both clients percent-encode it), never as a space.
      return fc.tuple(fc.constantFrom('+', '-'), digits(5)).map(([s, d]) => s + d);
    case 'non-ascii-digits':
      // Six digits of another script, some or all of them: Python's int() reads them all.
      return fc
        .tuple(digits(6), fc.constantFrom(...DIGIT_ZEROS), fc.integer({ min: 1, max: 63 }))
        .map(([d, zero, mask]) => Array.from(d, (c, i) => (mask & (1 << i) ? String.fromCodePoint(zero + Number(c)) : c)).join(''));
  }
}

