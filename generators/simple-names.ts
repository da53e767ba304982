import type fc from 'fast-check';
import type { NameSpec } from './name.js';
import { userNameValid } from './user-name-valid.js';

/**
 * A valid prefixed name whose body starts with `tag`, so names within one case never
 * collide. Valid as a CreateUser name (hence also for existing-user calls) and as a virtual
 * MFA device name, whose pattern is the same. Kept for the properties written against the
 * first cut; new code can call `userNameValid` directly.
 */
export function validName(tag: string): fc.Arbitrary<NameSpec> {
  return userNameValid('new', tag);
}

/** One fixed valid name, for a property's explicit examples. */
export const fixedName = (tag: string): NameSpec => ({ label: 'valid', prefixed: true, body: tag });
