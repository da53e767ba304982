import fc from 'fast-check';
import { SHAPES, type StringShape } from '../../specs/index.js';
import { allowedChars, allowedPunctuation, maxOf } from './alphabet.js';

/**
 * `existing`: a user name sent to an action on an existing user (Enable, Resync, DeleteUser,
 * ...), shape existingUserNameType (1-128). `new`: a name given to CreateUser, shape
 * userNameType (1-64). A valid `new` name is valid for both.
 */
export type UserNameKind = 'existing' | 'new';

export const userNameShape = (kind: UserNameKind): StringShape => (kind === 'existing' ? SHAPES.existingUserName : SHAPES.userName);

/**
 * Tags keep the names of one case apart: every generated body is the tag, then nothing or a
 * non-alphanumeric character. The body's leading run of letters and digits is therefore the
 * tag itself, so names with different tags differ even ignoring case (IAM compares user names
 * case-insensitively, digest §1). Lower-case letters and digits only, so that holds however a
 * case variant flips the letters.
 */
const TAG = /^[a-z0-9]{1,16}$/;

/**
 * Bodies starting with `x` are reserved for things a case never creates (the unknown serials
 * of serial-number.ts are `PREFIX` + `x...`), so a created device can never be one of them.
 */
export const RESERVED_TAG_START = 'x';

export function checkTag(tag: string): void {
  if (!TAG.test(tag)) throw new RangeError(`name tag must match ${TAG.source}, got ${JSON.stringify(tag)}`);
  if (tag.startsWith(RESERVED_TAG_START)) throw new RangeError(`name tags starting with '${RESERVED_TAG_START}' are reserved for serials that are never created, got ${JSON.stringify(tag)}`);
}

/** A string of exactly the characters given, between the lengths given. */
export const stringOf = (chars: readonly string[], minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength });

/** Characters for the bodies of valid names of this kind, and its punctuation. */
export function nameChars(kind: UserNameKind): { all: string[]; punctuation: string[]; word: string[] } {
  const shape = userNameShape(kind);
  const all = allowedChars(shape);
  return { all, punctuation: allowedPunctuation(shape), word: all.filter((c) => /^\w$/.test(c)) };
}

export const maxLengthOf = (kind: UserNameKind): number => maxOf(userNameShape(kind));
