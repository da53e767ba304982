import fc from 'fast-check';
import { SHAPES } from '../specs/index.js';
import { bodyLengthFor, type NameSpec } from './name.js';
import { ASCII_ALNUM, maxOf } from './internal/alphabet.js';
import { checkTag, maxLengthOf, nameChars, stringOf, type UserNameKind } from './internal/names.js';

export type { UserNameKind } from './internal/names.js';

/**
 * Total lengths worth hitting exactly: the CreateUser maximum, one past it (valid only where
 * an existing user's name is expected) and the existing-user maximum. The 1-character edge is
 * not among them: valid names are always sent with the case prefix (an unprefixed valid name
 * could be another tenant's user on a shared account, and cleanup finds users by prefix), so
 * the shortest name sent is the prefix plus the tag. test/generators/user-name.test.ts checks
 * the 1-character edge against the shapes instead.
 */
export function lengthEdges(kind: UserNameKind): number[] {
  const max = maxLengthOf(kind);
  const newMax = maxOf(SHAPES.userName);
  const edges = [newMax, newMax + 1, maxOf(SHAPES.existingUserName)].filter((n) => n <= max);
  return [...new Set(edges)].sort((a, b) => a - b);
}

/** Every label `userNameValid(kind, ...)` produces. */
export function userNameValidLabels(kind: UserNameKind): string[] {
  return ['valid:word', 'valid:punctuation', 'valid:mixed', ...lengthEdges(kind).map((n) => `valid:length-${n}`)];
}

/**
 * Valid user names of the given kind, always prefixed, whose bodies start with `tag` (see
 * internal/names.ts: names with different tags never collide, even ignoring case). Labels:
 * `valid:word` (letters, digits and `_` only, sometimes the bare tag), `valid:punctuation`
 * (every allowed punctuation character at once), `valid:mixed` (anything allowed, any length),
 * `valid:length-N` (exactly N characters in all, N from `lengthEdges`).
 */
export function userNameValid(kind: UserNameKind, tag: string): fc.Arbitrary<NameSpec> {
  checkTag(tag);
  const { all, punctuation, word } = nameChars(kind);
  const wordSeparators = word.filter((c) => !ASCII_ALNUM.includes(c));
  const room = bodyLengthFor(maxLengthOf(kind)) - tag.length;
  if (room < punctuation.length || wordSeparators.length === 0) throw new RangeError(`tag ${JSON.stringify(tag)} leaves no room for a ${kind} user name body`);
  const named = (label: string) => (rest: string): NameSpec => ({ label, prefixed: true, body: tag + rest });

  // After the tag comes nothing or a non-alphanumeric character: that keeps the tag the body's
  // whole leading alphanumeric run.
  const wordRest = fc.oneof(fc.constant(''), fc.tuple(fc.constantFrom(...wordSeparators), stringOf(word, 0, Math.min(room - 1, 24))).map(([s, w]) => s + w));

  const fill = Math.floor((room - punctuation.length) / punctuation.length);
  const punctuationRest = fc
    .tuple(
      fc.shuffledSubarray(punctuation, { minLength: punctuation.length, maxLength: punctuation.length }),
      fc.array(stringOf(ASCII_ALNUM, 0, Math.min(fill, 3)), { minLength: punctuation.length, maxLength: punctuation.length }),
    )
    .map(([marks, fills]) => marks.map((m, i) => m + (fills[i] ?? '')).join(''));

  const mixedRest = fc.tuple(fc.constantFrom(...punctuation), stringOf(all, 0, room - 1)).map(([p, s]) => p + s);

  const exactly = (total: number) => {
    const rest = bodyLengthFor(total) - tag.length;
    return fc.tuple(fc.constantFrom(...punctuation), stringOf(all, rest - 1, rest - 1)).map(([p, s]) => p + s);
  };

  return fc.oneof(
    wordRest.map(named('valid:word')),
    punctuationRest.map(named('valid:punctuation')),
    mixedRest.map(named('valid:mixed')),
    ...lengthEdges(kind).map((n) => exactly(n).map(named(`valid:length-${n}`))),
  );
}
