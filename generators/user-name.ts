import fc from 'fast-check';
import { bodyLengthFor, type NameSpec } from './name.js';

/** Names that break the user-name shape, labelled by the constraint broken (first cut; see issue 3). */
export function userNameInvalid(kind: 'existing' | 'new'): fc.Arbitrary<NameSpec> {
  const max = kind === 'existing' ? 128 : 64;
  return fc.oneof(
    fc.constant<NameSpec>({ label: 'invalid:empty', prefixed: false, body: '' }),
    fc.integer({ min: max + 1, max: max + 40 }).map((n): NameSpec => ({ label: 'invalid:too-long', prefixed: true, body: 'x'.repeat(bodyLengthFor(n)) })),
    fc.constantFrom(' ', '/', '#', ':', '"', "'", '!', '*').map((c): NameSpec => ({ label: 'invalid:forbidden-char', prefixed: true, body: `a${c}b` })),
  );
}
