import fc from 'fast-check';
import { malformedCode } from './internal/malformed.js';
import { MALFORMED_WHICH, MALFORMED_WHYS, sixDigits, type MalformedWhich } from './internal/pairs.js';
import type { CodePair } from './code-pair.js';

/** Every label `malformedPair` produces (see `labelOf` in code-pair.ts). */
export const MALFORMED_LABELS: readonly string[] = MALFORMED_WHICH.flatMap((which) => MALFORMED_WHYS.map((why) => `malformed:${which}:${why}`));

/**
 * Pairs with one or both codes outside authenticationCodeType (V1: 400 ValidationError).
 * `reason` is `<which>:<why>`: which code (`code1`, `code2`, `both`) and why (MALFORMED_WHYS);
 * a code that is not malformed is six ASCII digits.
 */
export const malformedPair: fc.Arbitrary<CodePair> = fc.oneof(
  ...MALFORMED_WHICH.flatMap((which: MalformedWhich) =>
    MALFORMED_WHYS.map((why) =>
      fc.tuple(which === 'code2' ? sixDigits : malformedCode(why), which === 'code1' ? sixDigits : malformedCode(why)).map(
        ([code1, code2]): CodePair => ({ kind: 'malformed', code1, code2, reason: `${which}:${why}` }),
      ),
    ),
  ),
);
