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

/** Answers that say the action is not there at all (digest E9: "not implemented"). */
export const NOT_IMPLEMENTED_CODES: readonly string[] = ['InvalidAction', 'NotImplemented', 'InternalFailure'];

/**
 * Answers that say the caller may not do this (an IAM policy, not the contract): judged only
 * when a control request of the same action is allowed (digest §7 [AUTH]).
 */
export const ACCESS_DENIED_CODES: readonly string[] = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'];
