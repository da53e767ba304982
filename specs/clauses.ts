import { MFA_DEVICES_PER_USER } from './actions.js';
import type { SourceId } from './sources.js';

/**
 * MUST fails a run; SHOULD is AWS behaviour that was observed but not documented (fails only
 * with --strict); OPEN is left undetermined by the docs and is only ever measured.
 */
export type Level = 'MUST' | 'SHOULD' | 'OPEN';

export interface Clause {
  readonly id: string;
  readonly level: Level;
  readonly title: string;
  readonly text: string;
  readonly sources: readonly SourceId[];
}

const clause = (id: string, level: Level, title: string, text: string, ...sources: SourceId[]): Clause => ({
  id,
  level,
  title,
  text,
  sources,
});

/** Every verdict names one of these. Ids follow the contract digest; suffixed ids are refinements. */
export const CLAUSES = [
  clause('V1', 'MUST', 'Parameter constraints', 'A value outside its length or pattern constraint is rejected with 400 ValidationError.', 'model', 'apiRef'),
  clause('V1M', 'SHOULD', 'MaxItems that is not an int32', 'A MaxItems that is not an integer or is outside int32 gets 400 MalformedInput (ValidationError is allowed at the MUST level); signed and zero-padded integers are integers.', 'awsRecordedCounter'),
  clause('V1O', 'OPEN', 'Constraints where the sources disagree', 'Where the documentation text and the service model disagree about a character (DEL in a path; + and _ in a serial number), a value whose validity depends only on it may be accepted or refused with 400 ValidationError.', 'digest', 'seed', 'apiRef'),
  clause('V2', 'MUST', 'Missing required parameter', 'A missing required parameter is rejected with a 4xx (ValidationError or MissingParameter: which one is open).', 'model'),
  clause('V3', 'SHOULD', 'Validation before existence', 'Parameter validation happens before any existence or state check.', 'awsRecorded'),
  clause('U1', 'MUST', 'User names are unique regardless of case', 'CreateUser of a name that differs from an existing one only by case gets 409 EntityAlreadyExists.', 'apiRef', 'userGuide'),
  clause('U2', 'OPEN', 'Lookup by another case', 'Whether a user is found under a name of another case is not documented.', 'digest'),
  clause('U3', 'MUST', 'CreateUser and GetUser', 'CreateUser of a new valid name succeeds; GetUser/DeleteUser of an unknown user get 404 NoSuchEntity.', 'apiRef'),
  clause('L1', 'MUST', 'ListMFADevices', "ListMFADevices of an unknown user gets 404 NoSuchEntity; of a known user it lists exactly the user's enabled devices, each with EnableDate.", 'apiRef'),
  clause('E1', 'MUST', 'EnableMFADevice success', 'A valid request succeeds with 200 and an empty result; the device is then listed by ListMFADevices and as Assigned with User and EnableDate by ListVirtualMFADevices.', 'seed', 'apiRef'),
  clause('E2', 'MUST', 'Unknown user', 'EnableMFADevice for a user that does not exist gets 404 NoSuchEntity.', 'apiRef'),
  clause('E2P', 'SHOULD', 'User checked before codes', 'AWS checks the user before the codes: an unknown user with wrong codes gets 404, not 403.', 'awsRecorded'),
  clause('E3', 'MUST', 'Unknown serial', 'A virtual-device ARN of the same account that was never created (or was deleted) gets 404 NoSuchEntity.', 'apiRef'),
  clause('E3O', 'OPEN', 'Foreign and hardware serials', "Hardware-style serials and other accounts' or partitions' ARNs, and whether the serial is checked before the codes, are not documented: any 4xx but ValidationError (the value is inside its shape, so V1 forbids that one).", 'digest'),
  clause('E4', 'MUST', 'Device of another user', 'Enabling a device that is enabled for another user gets 409 EntityAlreadyExists and changes nothing.', 'userGuide', 'apiRef'),
  clause('E5', 'SHOULD', 'Enabling an enabled device again', 'Enabling a device that is already enabled for the same user is an error (409 EntityAlreadyExists) and changes nothing.', 'awsRecorded'),
  clause('E6', 'MUST', `At most ${MFA_DEVICES_PER_USER} devices per user`, `A user has at most ${MFA_DEVICES_PER_USER} MFA devices; a ${MFA_DEVICES_PER_USER + 1}th gets 409 LimitExceeded.`, 'userGuide'),
  clause('E7', 'MUST', 'Two consecutive codes', 'AuthenticationCode1 and AuthenticationCode2 must be two consecutive TOTP codes of the device (RFC 6238, SHA-1, 30 s, 6 digits); any other pair gets 403 InvalidAuthenticationCode and the device stays unassigned. A current pair whose first code is after the device\'s last accepted step is accepted.', 'seed', 'userGuide', 'rfc6238'),
  clause('E8', 'OPEN', 'Acceptance window of out-of-sync pairs', 'A genuine pair generated too long before the request still associates the device, out of sync; how stale or how far ahead a pair may be is not documented (AWS was recorded accepting +1000/-998 steps from the later of now and the last accepted step). A genuine pair is never an invalid pair.', 'seed', 'awsRecordedCounter'),
  clause('E8R', 'SHOULD', 'Per-device code counter', "A genuine pair whose first code is at or before the step of the last pair the device accepted (by Enable or Resync) is refused with 403 InvalidAuthenticationCode, even a current one; the counter survives DeactivateMFADevice and goes with the device. At the MUST level such a pair may be accepted or refused.", 'rfc6238', 'awsRecordedCounter'),
  clause('E8T', 'OPEN', 'Code clock and Date header', "An endpoint's TOTP clock may disagree with its Date header (a frozen or shifted emulator clock); the offset is measured from the pairs it accepts, never judged.", 'awsRecordedCounter'),
  clause('E9', 'MUST', 'Well-formed answers, never 5xx for bad input', 'No request, however malformed, may produce a 5xx or a response that is not the awsQuery XML envelope; an action answering a valid request with 501, a non-XML 5xx or InvalidAction is not implemented.', 'model', 'apiRef'),
  clause('D1', 'MUST', 'CreateVirtualMFADevice result', "The result carries SerialNumber arn:aws:iam::ACCOUNT:mfa/PATH-WITHOUT-LEADING-SLASH+NAME, and Base32StringSeed, the ASCII text of an RFC 4648 base32 secret.", 'apiRef'),
  clause('D1Q', 'MUST', 'QRCodePNG is a PNG', 'QRCodePNG, when returned, is a PNG image (of the otpauth URI).', 'apiRef'),
  clause('D2', 'MUST', 'Duplicate virtual device', 'Creating a virtual device with the same path and name twice gets 409 EntityAlreadyExists.', 'apiRef'),
  clause('D3', 'MUST', 'Path shape', 'A path that does not begin and end with / gets 400 ValidationError.', 'model'),
  clause('D4', 'MUST', 'Deleting a virtual device', 'DeleteVirtualMFADevice of an unknown serial gets 404 NoSuchEntity; of an assigned device 409 DeleteConflict.', 'apiRef'),
  clause('D5', 'MUST', 'Listing virtual devices', 'ListVirtualMFADevices defaults to AssignmentStatus Any; assigned entries carry User and EnableDate; the filter selects by assignment.', 'model', 'apiRef'),
  clause('D5S', 'SHOULD', 'Secrets only at creation', 'The seed and QR code are only returned by CreateVirtualMFADevice, never by list calls; a bad Marker gets 400 ValidationError.', 'awsRecorded'),
  clause('R1', 'MUST', 'DeactivateMFADevice', 'Deactivating for an unknown user gets 404 NoSuchEntity; afterwards the device leaves ListMFADevices and is Unassigned.', 'apiRef'),
  clause('R1S', 'SHOULD', 'Deactivating a device the user does not have', 'Deactivating a device that is not enabled for that user gets 404 NoSuchEntity.', 'awsRecorded'),
  clause('R2', 'MUST', 'ResyncMFADevice', 'The same code rules as E7 for a device assigned to that user; wrong codes get 403 InvalidAuthenticationCode; an unknown user gets 404.', 'apiRef'),
  clause('R2S', 'SHOULD', 'Resync of a device the user does not have', 'Resyncing a device that is not enabled for that user is an error (404 NoSuchEntity expected).', 'awsRecorded'),
  clause('R3', 'MUST', 'DeleteUser with an MFA device', 'DeleteUser while the user has an MFA device gets 409 DeleteConflict.', 'apiRef'),
  clause('K1', 'MUST', 'Access keys', 'CreateAccessKey for an existing user succeeds with an AccessKeyId, a SecretAccessKey and Status Active; for an unknown user it gets 404 NoSuchEntity, beyond two keys per user 409 LimitExceeded; DeleteAccessKey of a key the user does not have gets 404 NoSuchEntity.', 'apiRef', 'userGuide'),
  clause('R3K', 'MUST', 'DeleteUser with an access key', 'DeleteUser while the user has an access key gets 409 DeleteConflict. A user with an access key says nothing about R3: the MFA conflict is judged on users without keys.', 'apiRef'),
  clause('G1', 'SHOULD', 'GetMFADevice of a virtual device', 'GetMFADevice only accepts FIDO security key serials; for a virtual device AWS answers 400 ValidationError.', 'model', 'awsRecorded'),
  clause('W1', 'MUST', 'Error envelope: Code and Message', 'An error answer is an awsQuery ErrorResponse carrying Error/Code and Error/Message.', 'apiRef'),
  clause('W1S', 'SHOULD', 'Error envelope: Type and RequestId', 'An error answer also carries Error/Type (Sender, or Receiver for ServiceFailure) and RequestId.', 'awsRecorded'),
  clause('W2', 'MUST', 'Status matches the error code', "The HTTP status of an error answer is the error code's modeled status.", 'model'),
  clause('M1', 'SHOULD', 'Recorded error messages', "Where AWS's message for a situation was recorded (digest §7 table, and the sign-in messages of §8), the error answer carries that message.", 'awsRecordedCounter', 'awsRecordedSts'),
  clause(
    'S1',
    'MUST',
    'Sign-in with the device',
    'GetSessionToken signed by an IAM user with SerialNumber and TokenCode: a code at the current step of a device enabled for that user and in sync (enabled or last resynced with a current pair), not used for sign-in before, once settling (S3) is over, gets 200 with AccessKeyId, SecretAccessKey, SessionToken and Expiration; a wrong code (not a code of the device\'s seed near the current step or the device\'s frame), a device not enabled for that user (unassigned, another user\'s, deactivated, unknown) gets 403 AccessDenied. Anything else (a reused code, a code a few steps off, a device out of sync) may get 200 or 403: S2 decides. Without SerialNumber and TokenCode it gets 200 (a session without MFA).',
    'stsApiRef',
    'digest',
  ),
  clause('S1O', 'OPEN', 'Half a sign-in', 'A GetSessionToken with a SerialNumber and no TokenCode, or the reverse, is not documented: 200 (a session without MFA) or any 4xx.', 'stsApiRef', 'digest'),
  clause(
    'S2',
    'SHOULD',
    'Sign-in as recorded on AWS',
    'STS accepts a code within 2 steps of the device\'s frame (the current step, shifted by the offset of the pair of the last Enable or Resync) and refuses codes further out (so a device enabled with a stale pair is refused current codes until ResyncMFADevice with current ones); a code STS accepted once is refused the second time, even after a Resync whose pair holds it.',
    'awsRecordedSts',
  ),
  clause(
    'S3',
    'OPEN',
    'Settling after an IAM change',
    'Right after EnableMFADevice, ResyncMFADevice or DeactivateMFADevice (and a new access key), STS may answer as it did before the change for a while (recorded: about 7.5 s after Enable, 13 s after Deactivate and Resync); after about nine verifications of one device in three minutes it answers "unable to validate" to every code. Measured: a judge retries a witness with backoff up to a bound (--settle-timeout) and judges the settled answer, or the last one at the bound; an unsettled answer in a random case is inconclusive.',
    'awsRecordedSts',
    'digest',
  ),
] as const satisfies readonly Clause[];

export type ClauseId = (typeof CLAUSES)[number]['id'];

const byId = new Map<string, Clause>(CLAUSES.map((c) => [c.id, c]));

export function clauseById(id: string): Clause {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown clause ${id}`);
  return found;
}

export function isClauseId(id: string): id is ClauseId {
  return byId.has(id);
}

/** Bumped whenever a clause, constraint or error changes meaning: reports and baselines carry it. */
export const CONTRACT_VERSION = '2026-12-01.2';
