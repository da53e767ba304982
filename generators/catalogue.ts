import type fc from 'fast-check';
import { CODE_PAIR_LABELS, codePair, describePair, labelOf, WRONG_LABELS, type CodePair } from './code-pair.js';
import { futurePair } from './future-pair.js';
import { genuinePair } from './genuine-pair.js';
import { FAR_DRIFT, MAX_DRIFT } from './internal/pairs.js';
import { showText } from './internal/display.js';
import { MALFORMED_LABELS, malformedPair } from './malformed-codes.js';
import { resolveName, type NameSpec } from './name.js';
import { EXAMPLE_ACCOUNT, EXAMPLE_PREFIX } from './internal/examples.js';
import { resolveSerial, SERIAL_LABELS, serialNumber, type SerialSpec } from './serial-number.js';
import { SHAPES_WITH_OWN_GENERATORS, shapeViolation, shapeViolationLabels } from './shape-violation.js';
import { stalePair } from './stale-pair.js';
import { SHAPES, type ShapeId } from '../specs/index.js';
import { userNameCaseVariant } from './user-name-case.js';
import { userNameValid, userNameValidLabels } from './user-name-valid.js';
import { USER_NAME_INVALID_LABELS, userNameInvalid } from './user-name.js';
import { wrongPair } from './wrong-pair.js';
import { MALFORMED_TOKEN_LABELS, TOKEN_LABELS, WRONG_TOKEN_LABELS, describeToken, tokenCode, tokenLabelOf, type TokenCode } from './token-code.js';
import { wrongToken } from './wrong-token.js';
import { malformedToken } from './malformed-token.js';

export { EXAMPLE_ACCOUNT, EXAMPLE_PREFIX } from './internal/examples.js';

export interface Example {
  readonly label: string;
  /** The symbolic value and, where it differs, what it resolves to with the example prefix and account. */
  readonly text: string;
}

/** One public arbitrary, with every label it can produce: what the CLI shows and the tests hold it to. */
export interface CatalogueEntry {
  readonly name: string;
  readonly labels: readonly string[];
  readonly examples: fc.Arbitrary<Example>;
}

function entry<T>(name: string, arbitrary: fc.Arbitrary<T>, labels: readonly string[], label: (v: T) => string, show: (v: T) => string): CatalogueEntry {
  return { name, labels, examples: arbitrary.map((v) => ({ label: label(v), text: show(v) })) };
}

const showName = (n: NameSpec) => `${n.prefixed ? `{PREFIX}+${showText(n.body)}` : `unprefixed ${showText(n.body)}`}  ->  ${showText(resolveName(n, EXAMPLE_PREFIX))} (${[...resolveName(n, EXAMPLE_PREFIX)].length} chars)`;
const showSerial = (s: SerialSpec) => {
  const wire = resolveSerial(s, EXAMPLE_ACCOUNT, EXAMPLE_PREFIX);
  return `${s.contract}  ${showText(s.text)}${wire === s.text ? '' : `  ->  ${showText(wire)}`} (${[...wire].length} chars)`;
};
const showPair = (p: CodePair) => `${describePair(p)}  ${JSON.stringify(p)}`;
const drift = (p: CodePair) => `${labelOf(p)}:${p.kind !== 'genuine' ? '?' : Math.abs(p.offset) >= FAR_DRIFT.min ? 'far' : Math.abs(p.offset)}`;
const showToken = (t: TokenCode) => `${describeToken(t)}  ${JSON.stringify(t)}`;
const driftLabels = (kind: 'stale' | 'future') => [...Array.from({ length: MAX_DRIFT }, (_, i) => `genuine:${kind}:${i + 1}`), `genuine:${kind}:far`];

/** Every public arbitrary of generators/, with the arguments the harness typically gives it. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  entry("userNameValid('existing', 'u')", userNameValid('existing', 'u'), userNameValidLabels('existing'), (n) => n.label, showName),
  entry("userNameValid('new', 'u')", userNameValid('new', 'u'), userNameValidLabels('new'), (n) => n.label, showName),
  entry("userNameInvalid('existing')", userNameInvalid('existing'), USER_NAME_INVALID_LABELS, (n) => n.label, showName),
  entry("userNameInvalid('new')", userNameInvalid('new'), USER_NAME_INVALID_LABELS, (n) => n.label, showName),
  entry(
    "userNameCaseVariant('existing', 'u')",
    userNameCaseVariant('existing', 'u'),
    userNameValidLabels('existing').map((l) => `valid:case-variant(${l})`),
    (p) => `${p.variant.label}(${p.original.label})`,
    (p) => `${showText(p.original.body)} / ${showText(p.variant.body)}`,
  ),
  entry('serialNumber', serialNumber, SERIAL_LABELS, (s) => s.label, showSerial),
  entry('codePair', codePair, CODE_PAIR_LABELS, labelOf, showPair),
  entry('genuinePair', genuinePair, ['genuine:current'], labelOf, showPair),
  entry('stalePair', stalePair, driftLabels('stale'), drift, showPair),
  entry('futurePair', futurePair, driftLabels('future'), drift, showPair),
  entry('wrongPair', wrongPair, WRONG_LABELS, labelOf, showPair),
  entry('malformedPair', malformedPair, MALFORMED_LABELS, labelOf, showPair),
  entry('tokenCode', tokenCode, TOKEN_LABELS, tokenLabelOf, showToken),
  entry('wrongToken', wrongToken, WRONG_TOKEN_LABELS, tokenLabelOf, showToken),
  entry('malformedToken', malformedToken, MALFORMED_TOKEN_LABELS, tokenLabelOf, showToken),
  // One invalid-value generator per shape that has no generator of its own.
  ...(Object.keys(SHAPES) as ShapeId[])
    .filter((id) => !SHAPES_WITH_OWN_GENERATORS.includes(id))
    .map((id) => entry(`shapeViolation('${id}')`, shapeViolation(id), shapeViolationLabels(id), (v) => v.label, (v) => showText(v.text))),
];
