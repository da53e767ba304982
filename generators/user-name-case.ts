import fc from 'fast-check';
import type { NameSpec } from './name.js';
import { userNameValid } from './user-name-valid.js';
import type { UserNameKind } from './internal/names.js';

const flip = (c: string): string => (/^[a-z]$/.test(c) ? c.toUpperCase() : /^[A-Z]$/.test(c) ? c.toLowerCase() : c);

/**
 * The same user name with the letter case of its body flipped (`valid:case-variant`): IAM
 * treats it as the same user for uniqueness (digest §1, MUST) and leaves open whether a
 * lookup finds it. Only ASCII letters flip (valid names have no others) and the prefix is
 * left alone, so the variant is still in the case's namespace. Throws for a body without a
 * letter, whose "variant" would be the name itself.
 */
export function caseVariant(spec: NameSpec): NameSpec {
  if (!/[A-Za-z]/.test(spec.body)) throw new RangeError(`no letter to flip in ${JSON.stringify(spec.body)}`);
  return { label: 'valid:case-variant', prefixed: spec.prefixed, body: Array.from(spec.body, flip).join('') };
}

export interface CaseVariantPair {
  readonly original: NameSpec;
  readonly variant: NameSpec;
}

/** A valid name of `userNameValid(kind, tag)` with a letter in it, and its case variant. */
export function userNameCaseVariant(kind: UserNameKind, tag: string): fc.Arbitrary<CaseVariantPair> {
  return userNameValid(kind, tag)
    .filter((original) => /[A-Za-z]/.test(original.body))
    .map((original) => ({ original, variant: caseVariant(original) }));
}
