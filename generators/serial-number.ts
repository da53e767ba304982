import fc from 'fast-check';

/** Serial numbers that break the serial shape (first cut; see issue 3). */
export const serialNumberInvalid: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
  fc.integer({ min: 257, max: 300 }).map((n) => 'A'.repeat(n)),
  fc.constantFrom('GAHT 12345678', 'arn:aws:iam::123456789012:mfa/a#b', 'GAHT12345678!'),
);
