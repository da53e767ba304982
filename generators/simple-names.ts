import fc from 'fast-check';
import type { NameSpec } from './name.js';

/** A valid prefixed name whose body starts with `tag`, so names within one case never collide. */
export function validName(tag: string, maxBody = 20): fc.Arbitrary<NameSpec> {
  return fc
    .stringMatching(new RegExp(`^[A-Za-z0-9_+=,.@-]{0,${maxBody}}$`))
    .map((body): NameSpec => ({ label: 'valid', prefixed: true, body: `${tag}${body}` }));
}

export const fixedName = (tag: string): NameSpec => ({ label: 'valid', prefixed: true, body: tag });
