/** The generators' public API in one place (each arbitrary also has its own module). */
export { type NameSpec, resolveName, bodyLengthFor } from './name.js';
export { CASE_PREFIX_LENGTH, casePrefix, runPrefix } from './prefix.js';
export { type UserNameKind, userNameInvalid, USER_NAME_INVALID_LABELS } from './user-name.js';
export { userNameValid, userNameValidLabels, lengthEdges } from './user-name-valid.js';
export { caseVariant, userNameCaseVariant, type CaseVariantPair } from './user-name-case.js';
export {
  type SerialSpec,
  type SerialLabel,
  resolveSerial,
  serialNumber,
  serialNumberOf,
  SERIAL_LABELS,
  SERIAL_VALID_LABELS,
  SERIAL_INVALID_LABELS,
  KNOWN_PARTITIONS,
} from './serial-number.js';
export { type CodePair, codePair, concretise, describePair, labelOf, foreignSeedText, codeSources, type CodeSource, CODE_PAIR_LABELS, WRONG_LABELS } from './code-pair.js';
export { genuinePair } from './genuine-pair.js';
export { deviceNameValid } from './device-name.js';
export { freshPair } from './fresh-pair.js';
export { stalePair } from './stale-pair.js';
export { futurePair } from './future-pair.js';
export { wrongPair } from './wrong-pair.js';
export { malformedPair, MALFORMED_LABELS } from './malformed-codes.js';
export { CATALOGUE, EXAMPLE_ACCOUNT, EXAMPLE_PREFIX, type CatalogueEntry, type Example } from './catalogue.js';
export { FAR_DRIFT, MAX_DRIFT } from './internal/pairs.js';
export {
  type TokenCode,
  tokenCode,
  concretiseToken,
  describeToken,
  tokenLabelOf,
  tokenSource,
  notACode,
  TOKEN_LABELS,
  WRONG_TOKEN_LABELS,
  MALFORMED_TOKEN_LABELS,
} from './token-code.js';
export { wrongToken } from './wrong-token.js';
export { malformedToken } from './malformed-token.js';
