import type fc from 'fast-check';
import { ERRATA } from '../specs/index.js';
import type { NameSpec } from './name.js';
import { userNameValid } from './user-name-valid.js';

/** Characters of a serial number that the contract's sources disagree on (specs/errata.ts). */
const disputed = new Set(ERRATA.filter((e) => e.shape === 'serialNumber' && !e.settledBy).flatMap((e) => [...e.chars]));

/**
 * A valid prefixed virtual MFA device name starting with `tag`, whose serial number is valid
 * by every source: a ValidationError for it is then always a V1 divergence, never an OPEN
 * erratum (V1O), so the cases built on the device judge what they are about.
 */
export function deviceNameValid(tag: string): fc.Arbitrary<NameSpec> {
  return userNameValid('new', tag).filter((n) => ![...n.body].some((c) => disputed.has(c)));
}
