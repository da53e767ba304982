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

/** Messages recorded from real AWS; used by the reference endpoint, never required of a target. */
export const AWS_MESSAGES = {
  noSuchUser: (name: string) => `The user with name ${name} cannot be found.`,
  invalidCode: () => 'Authentication code for device is not valid.',
  deviceInUse: () => 'MFA Device is already in use.',
  deviceExists: () => 'MFA device already exists.',
  noSuchDevice: (serial: string) => `MFA Device with serial number ${serial} does not exist.`,
  deleteConflictDevice: () => 'MFA Device is still assigned to a user.',
  deleteConflictUser: () => 'Cannot delete entity, must delete MFA device first.',
  userExists: (name: string) => `User with name ${name} already exists.`,
  limit: () => 'Cannot exceed quota for MfaDevicesPerUser: 8.',
  invalidMarker: () => 'Invalid Marker.',
} as const;
