/** Modeled error codes with their HTTP status and fault side (service model). */
export const ERRORS = {
  ValidationError: { status: 400, type: 'Sender' },
  MissingParameter: { status: 400, type: 'Sender' },
  InvalidInput: { status: 400, type: 'Sender' },
  InvalidAuthenticationCode: { status: 403, type: 'Sender' },
  NoSuchEntity: { status: 404, type: 'Sender' },
  EntityAlreadyExists: { status: 409, type: 'Sender' },
  EntityTemporarilyUnmodifiable: { status: 409, type: 'Sender' },
  LimitExceeded: { status: 409, type: 'Sender' },
  ConcurrentModification: { status: 409, type: 'Sender' },
  DeleteConflict: { status: 409, type: 'Sender' },
  ServiceFailure: { status: 500, type: 'Receiver' },
  // Not in the service model: the query protocol's answer to a value it cannot parse, recorded
  // on AWS for a MaxItems that is not an int32 (digest §7).
  MalformedInput: { status: 400, type: 'Sender' },
  // STS (digest §8): a sign-in refused (documented as "access denied"), and the modeled error.
  AccessDenied: { status: 403, type: 'Sender' },
  RegionDisabledException: { status: 403, type: 'Sender' },
} as const satisfies Record<string, { status: number; type: 'Sender' | 'Receiver' }>;

export type ErrorCode = keyof typeof ERRORS;

export function isModeledError(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/** Answers that say "slow down": retried by the harness, never a verdict. */
export const THROTTLING_CODES: readonly string[] = ['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException'];

/** Answers that say the caller's credentials were refused: the run cannot judge anything. */
export const CREDENTIAL_CODES: readonly string[] = [
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'ExpiredToken',
  'AuthFailure',
  'IncompleteSignature',
  'MissingAuthenticationToken',
];

/**
 * Error codes that say the action is not there at all, whatever the HTTP status they come
 * with (digest E9: "not implemented"). InternalFailure is not one: it is a crash (a 5xx).
 */
export const NOT_IMPLEMENTED_CODES: readonly string[] = ['InvalidAction', 'NotImplemented'];

/** What an answer shows of its action: only its status, error code and whether it is the awsQuery envelope. */
export interface AnswerShape {
  readonly status: number;
  readonly code: string | null;
  readonly envelope: 'result' | 'error' | 'none';
}

/**
 * What an answer says of whether its action exists (digest E9), the one definition the
 * verdict and the session share: `missing` for a 501, a not-implemented code at any status,
 * or a 5xx that is not the envelope; `present` for any other envelope below 500; `unknown`
 * otherwise (a 5xx inside the envelope is a crash of an action that may exist; a 4xx that is
 * not the envelope says nothing of the action).
 */
export function implementationOf(a: AnswerShape): 'missing' | 'present' | 'unknown' {
  if (a.status === 501 || (a.code !== null && NOT_IMPLEMENTED_CODES.includes(a.code)) || (a.status >= 500 && a.envelope === 'none')) return 'missing';
  return a.envelope !== 'none' && a.status < 500 ? 'present' : 'unknown';
}

/**
 * Answers that say the caller may not do this (an IAM policy, not the contract): judged only
 * when a control request of the same action is allowed (digest §7 [AUTH]).
 */
export const ACCESS_DENIED_CODES: readonly string[] = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'];
