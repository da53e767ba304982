import fc from 'fast-check';
import type { CodePair } from './code-pair.js';

/** The current genuine pair, (code(T-1), code(T)): what AWS's own recorded tests send (E7). */
export const genuinePair: fc.Arbitrary<CodePair> = fc.constant<CodePair>({ kind: 'genuine', offset: 0 });
