import fc from 'fast-check';
import { bodyLengthFor, type NameSpec } from './name.js';
import { CHAR_FAULTS, FAULT_MAX_BYTES, faultUnit, insertAt } from './internal/faults.js';
import { maxLengthOf, nameChars, stringOf, userNameShape, type UserNameKind } from './internal/names.js';
import { CASE_PREFIX_LENGTH } from './prefix.js';

export type { UserNameKind } from './internal/names.js';
export { userNameValid, userNameValidLabels, lengthEdges } from './user-name-valid.js';
export { caseVariant, userNameCaseVariant } from './user-name-case.js';

/** Every label `userNameInvalid(kind)` produces. */
export const USER_NAME_INVALID_LABELS = ['invalid:empty', 'invalid:too-long', ...CHAR_FAULTS.map((f) => `invalid:${f}`)] as const;

/**
 * User names that break exactly one constraint of the kind's shape, labelled by it:
 * `invalid:empty` (the only unprefixed one: its point is that nothing is sent),
 * `invalid:too-long` (one past the maximum or more, all allowed characters), and
 * `invalid:<fault>` for a single character of one class (internal/faults.ts) in an otherwise
 * valid prefixed name that stays short enough in any unit of length. Prefixed, so that an
 * endpoint that wrongly accepts one creates a user that cleanup finds.
 */
export function userNameInvalid(kind: UserNameKind): fc.Arbitrary<NameSpec> {
  const shape = userNameShape(kind);
  const max = maxLengthOf(kind);
  const { all } = nameChars(kind);
  const named = (label: string) => (body: string): NameSpec => ({ label, prefixed: true, body });

  // One past the maximum is the edge that matters most; longer ones catch off-by-more limits.
  const tooLong = fc.oneof(
    { weight: 1, arbitrary: stringOf(all, bodyLengthFor(max + 1), bodyLengthFor(max + 1)) },
    { weight: 2, arbitrary: stringOf(all, bodyLengthFor(max + 1), bodyLengthFor(2 * max)) },
  );

  // Room for the fault: even if an endpoint counts UTF-8 bytes, or decodes a lone surrogate's
  // three WTF-8 bytes as three U+FFFD, the name stays within the maximum.
  const baseMax = Math.min(20, max - CASE_PREFIX_LENGTH - FAULT_MAX_BYTES);
  const faulty = CHAR_FAULTS.map((fault) =>
    fc.tuple(stringOf(all, 0, baseMax), faultUnit(fault, shape), fc.nat(baseMax)).map(([base, unit, at]) => named(`invalid:${fault}`)(insertAt(base, unit, at))),
  );

  return fc.oneof(
    fc.constant<NameSpec>({ label: 'invalid:empty', prefixed: false, body: '' }),
    tooLong.map(named('invalid:too-long')),
    ...faulty,
  );
}
