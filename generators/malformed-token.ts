import fc from 'fast-check';
import { malformedCode } from './internal/malformed.js';
import { MALFORMED_WHYS } from './internal/pairs.js';
import type { TokenCode } from './token-code.js';

/** Token codes outside tokenCodeType (V1: 400 ValidationError), one per reason (`malformed:<why>`). */
export const malformedToken: fc.Arbitrary<TokenCode> = fc.oneof(...MALFORMED_WHYS.map((why) => malformedCode(why).map((code): TokenCode => ({ kind: 'malformed', code, reason: why }))));
