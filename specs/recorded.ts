import { MFA_DEVICES_PER_USER } from './actions.js';

/**
 * What real AWS was recorded doing where the documentation is silent (digest §7). These are
 * SHOULD facts: the reference endpoint answers with them by default, SHOULD tiers and message
 * checks read them, and nothing else restates them.
 */

/**
 * The Enable/Resync acceptance window, in steps of the pair's second code from the anchor
 * (the later of the current step and the device's last accepted step): +1000 and -998 were
 * accepted, +1001 and -999 refused.
 */
export const AWS_CODE_WINDOW = { ahead: 1000, behind: 998 } as const;

/** Error messages recorded on AWS (digest §7 table), by situation. */
export const AWS_MESSAGES = {
  noSuchUser: (name: string) => `The user with name ${name} cannot be found.`,
  noSuchDevice: (serial: string) => `MFA Device with serial number ${serial} does not exist.`,
  deviceNotForUser: () => 'MFA Device invalid for user.',
  invalidCode: () => 'Authentication code for device is not valid.',
  deviceInUse: () => 'MFA Device is already in use.',
  deviceAlreadyEnabled: (name: string) => `MFA Device for user ${name} already exists.`,
  deviceExists: () => 'MFA device already exists.',
  userExists: (name: string) => `User with name ${name} already exists.`,
  limit: () => `Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`,
  deleteConflictDevice: () => 'MFA VirtualDevice in use. Must deactivate first.',
  deleteConflictUser: () => 'Cannot delete entity, must remove tokens from principal first.',
  invalidPath: () => 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
  invalidMarker: () => 'Invalid Marker.',
  getMfaDeviceVirtual: () =>
    'The MFA device serial number sent in the request is invalid or not supported by this API. Currently, only hardware FIDO security keys are supported. Please use the compatible device or API.',
} as const;

/**
 * AWS's texts for answers outside the model's rules (the awsQuery protocol's own refusals, and
 * MalformedInput, whose text no recording gave): what the reference answers with. M1 never
 * judges them (only AWS_MESSAGES, through the prediction).
 */
export const AWS_OTHER_MESSAGES = {
  missingAction: () => 'Missing Action',
  invalidAction: (action: string, version: string) => `Could not find operation ${action} for version ${version}`,
  malformedMaxItems: () => 'Invalid value for parameter MaxItems.',
} as const;

/**
 * Sign-in (STS GetSessionToken) as recorded on AWS (digest §8; radkawar/stackd testdata/aws/iam,
 * replayed in test/recorded-aws/sts.ts). SHOULD facts (S2) and OPEN measurements (S3).
 */
export const AWS_STS = {
  /** Codes this many steps either side of the device's frame were accepted (±3 and ±10 refused). */
  window: 2,
  /**
   * Seconds until STS was seen following IAM: Enable about 7.5 s, Deactivate and Resync about
   * 13 s; the digest says 12-16 s. OPEN (S3): only ever measured, and waited out up to a bound.
   */
  settled: { EnableMFADevice: 7.5, DeactivateMFADevice: 13.5, ResyncMFADevice: 13.4 },
  /**
   * About nine verifications per device in a three-minute UTC window; past that every attempt
   * got "unable to validate" whatever the code (stackd docs/iam-mfa.md). Counted conservatively
   * (a sliding window, from a little under nine) where the model widens for it.
   */
  budget: { verifications: 9, seconds: 180 },
} as const;

/** Sign-in messages recorded on AWS (digest §8), M1. */
export const AWS_STS_MESSAGES = {
  /** Recorded with the trailing space. */
  wrongCode: () => 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
  /** Recorded with two spaces after "code.": a device STS cannot (yet, or no longer) tie to the user. */
  unableToValidate: () => 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
} as const;
