import type { RecordedExchange, RecordedOutcome, RecordedSource, RecordedStep } from './types.js';

/**
 * Sign-in exchanges (sts:GetSessionToken with SerialNumber and TokenCode) recorded against real
 * AWS, for issue 17. Data only for now: the model has no STS yet, so nothing replays these.
 * TokenCode offsets are `genuine`: code(T+offset) of the device's own seed, T the step at which
 * the request was sent. GetSessionToken is signed with an access key of `user`.
 *
 * Caveat for every stackd capture here (docs/iam-mfa.md): AWS allowed about nine verifications
 * per device in a three-minute UTC window; past that, every attempt got the "unable to validate"
 * message whatever the code. The entries below stop before a device's budget could be spent, or
 * say where it may have been.
 */

const STACKD = 'radkawar/stackd';
const STACKD_COMMIT = '9dc356f5e5cc49d2d334178a09c1398dd1c62617';
const stackd = (file: string, test?: string): RecordedSource => ({ repo: STACKD, commit: STACKD_COMMIT, path: `testdata/aws/iam/${file}`, ...(test ? { test } : {}) });
const STACKD_NOTES: RecordedSource = { repo: STACKD, commit: STACKD_COMMIT, path: 'docs/iam-mfa.md' };
const digest8: RecordedSource = { repo: 'shared', commit: '2026-12-01', path: 'contract/iam-mfa-contract.md#8' };

const OK = { status: 200, code: null } as const;
/** Recorded with the trailing space. */
const WRONG_CODE: RecordedOutcome = { status: 403, code: 'AccessDenied', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ' };
/** Recorded with two spaces after "code.": the device is not (yet, or no longer) tied to the user, or its budget is spent. */
const UNABLE: RecordedOutcome = {
  status: 403,
  code: 'AccessDenied',
  message: 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
};
const INVALID_PAIR: RecordedOutcome = { status: 403, code: 'InvalidAuthenticationCode', message: 'Authentication code for device is not valid.' };
const ORG = { Path: '/org-access/' } as const;
const D900 = { DurationSeconds: '900' } as const;
const genuine = (offset: number) => ({ kind: 'genuine', offset }) as const;

/** A user with an access key and an enabled device, as every stackd probe sets up. */
function signedInUser(user: string, device: string, userStep: number, deviceStep: number): RecordedStep[] {
  return [
    { action: 'CreateUser', user, params: ORG, atStep: userStep, outcome: OK },
    { action: 'CreateAccessKey', user, outcome: OK },
    { action: 'CreateVirtualMFADevice', device, atStep: deviceStep, outcome: OK },
    { action: 'EnableMFADevice', user, device, codes: genuine(0), outcome: OK },
  ];
}

const signIn = (user: string, device: string, offset: number, outcome: RecordedOutcome, extra: Partial<RecordedStep> = {}): RecordedStep => ({
  action: 'GetSessionToken',
  user,
  device,
  params: D900,
  codes: genuine(offset),
  ...extra,
  outcome,
});

export const RECORDED_STS: readonly RecordedExchange[] = [
  {
    id: 'stackd.sts.window-and-single-use',
    title: 'STS accepts codes -2..+2 steps from now once each (a second use is refused); -3 and +3 are refused',
    sources: [stackd('mfa_verification.json'), STACKD_NOTES, digest8],
    derivation:
      'mfa_verification.json: one user, key and device per offset (window0..6, enabled at offset 0 between 20:06:55 and 20:08:06 UTC; step 0 = ' +
      '20:06:30). About a minute later each device signs in twice with the code at its offset (use_offset_<k>_0/_1, code_step - step of observed_at = k). ' +
      'use_offset_-2_1 crossed into the next step, so its code is a different one (also -2) and was accepted. Each device spent at most two ' +
      'verifications. Cleanup (Deactivate, Delete, DeleteAccessKey, DeleteUser 200; GetUser 404) left out.',
    steps: [
      ...signedInUser('u0', 'd0', 0, 0),
      ...signedInUser('u1', 'd1', 0, 1),
      ...signedInUser('u2', 'd2', 1, 1),
      ...signedInUser('u3', 'd3', 1, 2),
      ...signedInUser('u4', 'd4', 2, 2),
      ...signedInUser('u5', 'd5', 2, 2),
      ...signedInUser('u6', 'd6', 2, 3),
      signIn('u0', 'd0', -3, WRONG_CODE, { atStep: 3 }),
      signIn('u0', 'd0', -3, WRONG_CODE),
      signIn('u1', 'd1', -2, OK),
      signIn('u1', 'd1', -2, OK, { atStep: 4 }),
      signIn('u2', 'd2', -1, OK),
      signIn('u2', 'd2', -1, WRONG_CODE),
      signIn('u3', 'd3', 0, OK),
      signIn('u3', 'd3', 0, WRONG_CODE),
      signIn('u4', 'd4', 1, OK),
      signIn('u4', 'd4', 1, WRONG_CODE),
      signIn('u5', 'd5', 2, OK),
      signIn('u5', 'd5', 2, WRONG_CODE),
      signIn('u6', 'd6', 3, WRONG_CODE),
      signIn('u6', 'd6', 3, WRONG_CODE),
    ],
  },
  {
    id: 'stackd.sts.interleaved-reuse-then-resync',
    title: 'Codes used out of order are accepted once each; Resync then accepts pairs made of STS-used codes that start after the last accepted pair',
    sources: [stackd('mfa_reuse.json'), STACKD_NOTES, digest8],
    derivation:
      'mfa_reuse.json, absolute steps: user at 20:21:50 UTC (step 0), enable at offset 0 in step 1 (S = step 1). About 66 s later, in step 3: reuse_0..5 ' +
      'sign in with S+2 (offset 0, 200), S+3 (+1, 200), S+2 (refused), S+4 (+2, 200), S+3 (refused), S+4 (refused); then resync_after_use_1..4 with second ' +
      'codes S+3..S+6 (offsets +1 accepted, +2 refused, +3 accepted, +4 refused). Six verifications: within the budget. Cleanup left out.',
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateAccessKey', user: 'u1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', atStep: 1, outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      signIn('u1', 'd1', 0, OK, { atStep: 3, secondsAfterPrevious: 66 }),
      signIn('u1', 'd1', 1, OK),
      signIn('u1', 'd1', 0, WRONG_CODE),
      signIn('u1', 'd1', 2, OK),
      signIn('u1', 'd1', 1, WRONG_CODE),
      signIn('u1', 'd1', 2, WRONG_CODE),
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(1), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(2), outcome: INVALID_PAIR },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(3), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(4), outcome: INVALID_PAIR },
    ],
  },
  {
    id: 'stackd.sts.used-code-stays-used-after-resync',
    title: 'A code STS accepted stays refused after a Resync whose pair contains it; the pair\'s other code signs in',
    sources: [stackd('mfa_synchronization_reuse.json'), STACKD_NOTES, digest8],
    derivation:
      'mfa_synchronization_reuse.json, absolute steps (step 0 = 21:50:30 UTC). consumed_0: enabled at S0 (step 0); in step 4 signs in with S0+4 ' +
      '(offset 0), resyncs with second code S0+5 (+1, so the pair holds the used code first), 20 s later S0+4 is refused, S0+5 accepted, S0+4 refused again. ' +
      'consumed_1: enabled in step 1; in step 5 signs in with +1, resyncs with the pair whose second code is that used code (+1), 20 s later +1 refused, ' +
      '0 accepted, +1 refused. GetSessionToken carried no DurationSeconds in this capture. Cleanup left out.',
    steps: [
      { action: 'CreateUser', user: 'u0', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateAccessKey', user: 'u0', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd0', outcome: OK },
      { action: 'EnableMFADevice', user: 'u0', device: 'd0', codes: genuine(0), outcome: OK },
      { action: 'CreateUser', user: 'u1', params: ORG, outcome: OK },
      { action: 'CreateAccessKey', user: 'u1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', atStep: 1, outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'GetSessionToken', user: 'u0', device: 'd0', codes: genuine(0), atStep: 4, outcome: OK },
      { action: 'ResyncMFADevice', user: 'u0', device: 'd0', codes: genuine(1), outcome: OK },
      { action: 'GetSessionToken', user: 'u0', device: 'd0', codes: genuine(0), secondsAfterPrevious: 20, outcome: WRONG_CODE },
      { action: 'GetSessionToken', user: 'u0', device: 'd0', codes: genuine(1), outcome: OK },
      { action: 'GetSessionToken', user: 'u0', device: 'd0', codes: genuine(0), outcome: WRONG_CODE },
      { action: 'GetSessionToken', user: 'u1', device: 'd1', codes: genuine(1), atStep: 5, outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(1), outcome: OK },
      { action: 'GetSessionToken', user: 'u1', device: 'd1', codes: genuine(1), secondsAfterPrevious: 20, outcome: WRONG_CODE },
      { action: 'GetSessionToken', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'GetSessionToken', user: 'u1', device: 'd1', codes: genuine(1), outcome: WRONG_CODE },
    ],
  },
  {
    id: 'stackd.sts.settling-after-enable',
    title: 'Right after Enable, STS answers "unable to validate" for about 7 s, then accepts the same code',
    sources: [stackd('mfa_propagation.json', 'enable_enrollment, enrollment_0..4'), STACKD_NOTES, digest8],
    derivation:
      'mfa_propagation.json, device "enrollment": user at 20:34:57 UTC (step 0), create and enable at offset 0 at 20:35:06-07 (step 1), then ' +
      'enrollment_0..3 with code_step offset +1 at 0.75, 2.4, 4.1 and 5.8 s after the enable: "unable to validate"; enrollment_4 at 7.55 s: 200. ' +
      'Five verifications.',
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateAccessKey', user: 'u1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', atStep: 1, outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      signIn('u1', 'd1', 1, UNABLE, { secondsAfterPrevious: 0.75 }),
      signIn('u1', 'd1', 1, UNABLE, { secondsAfterPrevious: 1.68 }),
      signIn('u1', 'd1', 1, UNABLE, { secondsAfterPrevious: 1.68 }),
      signIn('u1', 'd1', 1, UNABLE, { secondsAfterPrevious: 1.66 }),
      signIn('u1', 'd1', 1, OK, { secondsAfterPrevious: 1.78 }),
    ],
  },
  {
    id: 'stackd.sts.first-sign-ins',
    title: 'About 7 s after Enable: "unable to validate", then the code at 0 refused, -1, +1, -2, +2 accepted, -10 and +10 refused; a Resync +10 is not honoured 0.7 s later',
    sources: [stackd('mfa.json', 'sts_initial_17..24, resync_25, sts_resynced_26'), STACKD_NOTES, digest8],
    derivation:
      'mfa.json (the IAM part is stackd.mfa.lifecycle in iam.ts): after the failed identical/reversed attempts (which change nothing) the owner enables ' +
      'at offset 0 (19:58:39 UTC, step 1). sts_initial_17 (7.1 s later): "unable to validate"; _18 (offset 0, 7.8 s): invalid code, read by stackd as the ' +
      'binding still settling; _19.._22 (-1, +1, -2, +2): 200; _23, _24 (-10, +10): invalid code. resync_25 (+10) accepted, sts_resynced_26 (+10, 0.7 s ' +
      'later): invalid code, not settled. That is about the ninth attempt on the device in its three-minute window: every later sign-in in the capture ' +
      'answers "unable to validate" whatever the code, so they are left out. Setup: two users (the other one has no key), one key, device at /devices/.',
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateUser', user: 'u2', params: ORG, outcome: OK },
      { action: 'CreateAccessKey', user: 'u1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', params: { Path: '/devices/' }, atStep: 1, outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      signIn('u1', 'd1', 0, UNABLE, { secondsAfterPrevious: 7.1 }),
      signIn('u1', 'd1', 0, WRONG_CODE),
      signIn('u1', 'd1', -1, OK),
      signIn('u1', 'd1', 1, OK),
      signIn('u1', 'd1', -2, OK),
      signIn('u1', 'd1', 2, OK),
      signIn('u1', 'd1', -10, WRONG_CODE),
      signIn('u1', 'd1', 10, WRONG_CODE),
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(10), outcome: OK },
      signIn('u1', 'd1', 10, WRONG_CODE, { secondsAfterPrevious: 0.67 }),
    ],
  },
  {
    id: 'stackd.sts.deactivate-settling',
    title: 'A deactivated device still signs in 1.4 s after Deactivate; 13.5 s after, "unable to validate"',
    sources: [stackd('mfa_propagation.json', 'deactivate_0, deactivate_12'), STACKD_NOTES, digest8],
    derivation:
      'mfa_propagation.json, devices deactivate_0 and deactivate_12, enabled at offset 0 (20:31:57 and 20:32:07 UTC; step 0 = 20:31:30). In step 4 each ' +
      'signs in with +1 (200), is deactivated, its user lists no device, then signs in with +2: 0.7 s after the list (1.4 s after Deactivate, ' +
      '"deactivate_0_elapsed_seconds": 1.5) 200, or 12.8 s after the list (13.5 s after Deactivate) "unable to validate". Three verifications each. ' +
      'The GetCallerIdentity checks of the issued sessions are left out.',
    steps: [
      ...signedInUser('u1', 'd1', 0, 0),
      ...signedInUser('u2', 'd2', 0, 1),
      signIn('u1', 'd1', 1, OK, { atStep: 4 }),
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'ListMFADevices', user: 'u1', outcome: OK },
      signIn('u1', 'd1', 2, OK, { secondsAfterPrevious: 0.68 }),
      signIn('u2', 'd2', 1, OK),
      { action: 'DeactivateMFADevice', user: 'u2', device: 'd2', outcome: OK },
      { action: 'ListMFADevices', user: 'u2', outcome: OK },
      signIn('u2', 'd2', 2, UNABLE, { secondsAfterPrevious: 12.77 }),
    ],
  },
  {
    id: 'stackd.sts.resync-moves-window',
    title: 'After Resync +10, STS follows the new frame once settled: +2 refused and +11 accepted 13.4 s later (1.4 s later: the reverse)',
    sources: [stackd('mfa_propagation.json', 'resync_0, resync_12'), STACKD_NOTES, digest8],
    derivation:
      'mfa_propagation.json, devices resync_0 and resync_12, enabled at offset 0 in step 0 (20:32:43 and 20:32:55 UTC; step 0 = 20:32:30). In step 3 each ' +
      'signs in with +1 (200) and resyncs with the pair at +10 (200). resync_0, 1.4 s after the Resync: +2 accepted, +11 refused (old frame still in use). ' +
      'resync_12, 13.4 s after ("resync_12_elapsed_seconds"), in step 4: +2 refused, +11 accepted (codes 1 and 10 steps after the resynced frame: the ' +
      'frame moved with the Resync). This is the mechanism behind the seed page\'s "out of sync until resynchronised"; no capture signs in after a stale Enable.',
    steps: [
      ...signedInUser('u1', 'd1', 0, 0),
      ...signedInUser('u2', 'd2', 0, 0),
      signIn('u1', 'd1', 1, OK, { atStep: 3 }),
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(10), outcome: OK },
      { action: 'ListMFADevices', user: 'u1', outcome: OK },
      signIn('u1', 'd1', 2, OK, { secondsAfterPrevious: 0.7 }),
      signIn('u1', 'd1', 11, WRONG_CODE),
      signIn('u2', 'd2', 1, OK),
      { action: 'ResyncMFADevice', user: 'u2', device: 'd2', codes: genuine(10), outcome: OK },
      { action: 'ListMFADevices', user: 'u2', outcome: OK },
      signIn('u2', 'd2', 2, WRONG_CODE, { atStep: 4, secondsAfterPrevious: 12.73 }),
      signIn('u2', 'd2', 11, OK),
    ],
  },
  {
    id: 'stackd.sts.replaced-device',
    title: 'Same ARN re-created: the old seed\'s code still signs in at once, is refused 13 s later; the new seed signs in',
    sources: [stackd('mfa_recreation_fresh.json'), STACKD_NOTES, digest8],
    derivation:
      'mfa_recreation_fresh.json (IAM part: stackd.mfa.recreate-same-arn). Absolute steps, step 0 = 20:46:00 UTC: enable_original (0) in step 0; ' +
      'before_recreate +1 in step 1 (200); deactivate, delete, re-create, enable_replacement (0) in step 1; old_immediate: the old seed\'s code at +2 (0.8 s ' +
      'after the enable, 200); old_later: the same code 12.8 s later (refused); new_later: the new seed\'s +1 (200); new_unspent_later: new seed -1 ' +
      '(refused; stackd leaves this one unexplained); new_recovered: new seed +1 at 20:47:27 (step 2, 200). Old-seed codes are `foreign`.',
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateAccessKey', user: 'u1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      signIn('u1', 'd1', 1, OK, { atStep: 1 }),
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'GetSessionToken', user: 'u1', device: 'd1', params: D900, codes: { kind: 'foreign', offset: 2 }, secondsAfterPrevious: 0.81, outcome: OK },
      { action: 'GetSessionToken', user: 'u1', device: 'd1', params: D900, codes: { kind: 'foreign', offset: 2 }, secondsAfterPrevious: 12.83, outcome: WRONG_CODE },
      signIn('u1', 'd1', 1, OK),
      signIn('u1', 'd1', -1, WRONG_CODE),
      signIn('u1', 'd1', 1, OK, { atStep: 2 }),
    ],
  },
  {
    id: 'localstack.sts.session-token-without-mfa',
    title: 'GetSessionToken with DurationSeconds=900 and no MFA: 200 with credentials',
    sources: [
      { repo: 'localstack/localstack', commit: '708a15e6aa0ecfc5dc8e91c2290d7b0abca73b41', path: 'tests/aws/services/sts/test_sts.py', test: 'TestSTSIntegrations::test_get_session_token' },
      { repo: 'localstack/localstack', commit: '708a15e6aa0ecfc5dc8e91c2290d7b0abca73b41', path: 'tests/aws/services/sts/test_sts.snapshot.json', test: 'TestSTSIntegrations::test_get_session_token', snapshotKey: 'get-session-token' },
    ],
    derivation:
      'Signed with the test run\'s own credentials (no user of the entry, hence no `user`), no SerialNumber or TokenCode. Snapshot get-session-token: 200 ' +
      'with AccessKeyId, SecretAccessKey, SessionToken and Expiration (all redacted). Recorded 2026-02-09. No LocalStack test sends SerialNumber/TokenCode.',
    steps: [{ action: 'GetSessionToken', params: D900, outcome: OK }],
  },
];
