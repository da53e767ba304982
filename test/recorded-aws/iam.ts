import type { RecordedExchange, RecordedSource, RecordedStep } from './types.js';

/**
 * IAM exchanges recorded against real AWS, symbolic (see types.ts). Replayed through the model
 * by test/specs/recorded-aws.test.ts: every recorded outcome must lie inside the MUST tier and
 * every SHOULD tier of the prediction.
 *
 * Where a recording also holds STS requests (GetSessionToken, CreateAccessKey), the IAM entry
 * keeps only the IAM requests and sts.ts keeps the whole sequence; the recordings' own notes
 * (stackd docs/iam-mfa.md) say STS use does not touch the IAM pair counter.
 */

// LocalStack's AWS-validated IAM tests live on the new-provider branch (refs/pull/13720/head);
// the main branch of the snapshot read (8b9a79f0, 2026-03-23) has no MFA tests.
const LOCALSTACK = 'localstack/localstack';
const LOCALSTACK_COMMIT = '708a15e6aa0ecfc5dc8e91c2290d7b0abca73b41';
const LS_MFA_TEST = 'tests/aws/services/iam/test_iam_mfa.py';
const LS_MFA_SNAPSHOT = 'tests/aws/services/iam/test_iam_mfa.snapshot.json';
const lsMfa = (test: string, snapshotKey?: string): RecordedSource[] => [
  { repo: LOCALSTACK, commit: LOCALSTACK_COMMIT, path: LS_MFA_TEST, test: `TestVirtualMfaDevice::${test}` },
  { repo: LOCALSTACK, commit: LOCALSTACK_COMMIT, path: LS_MFA_SNAPSHOT, test: `TestVirtualMfaDevice::${test}`, ...(snapshotKey ? { snapshotKey } : {}) },
];

// stackd's captures of real AWS IAM/STS (testdata/aws/iam, September 2026); each observation
// records the operation, the code offset the probe used, the status, code and message.
const STACKD = 'radkawar/stackd';
const STACKD_COMMIT = '9dc356f5e5cc49d2d334178a09c1398dd1c62617';
const stackd = (file: string, test?: string): RecordedSource => ({
  repo: STACKD,
  commit: STACKD_COMMIT,
  path: `testdata/aws/iam/${file}`,
  ...(test ? { test } : {}),
});
const STACKD_NOTES: RecordedSource = { repo: STACKD, commit: STACKD_COMMIT, path: 'docs/iam-mfa.md' };

const digest = (section: string): RecordedSource => ({ repo: 'shared', commit: '2026-12-01', path: `contract/iam-mfa-contract.md#${section}` });

const OK = { status: 200, code: null } as const;
const INVALID_CODE = { status: 403, code: 'InvalidAuthenticationCode', message: 'Authentication code for device is not valid.' } as const;
const NO_USER = { status: 404, code: 'NoSuchEntity', message: 'The user with name {user} cannot be found.' } as const;
const NO_SERIAL = { status: 404, code: 'NoSuchEntity', message: 'MFA Device with serial number {serial} does not exist.' } as const;
const INVALID_FOR_USER = { status: 404, code: 'NoSuchEntity', message: 'MFA Device invalid for user.' } as const;
const PATH_INVALID = {
  status: 400,
  code: 'ValidationError',
  message: 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
} as const;
const genuine = (offset: number) => ({ kind: 'genuine', offset }) as const;

// --- LocalStack -----------------------------------------------------------------------------

const lifecycle = (device: string, path?: string): RecordedStep[] => [
  { action: 'CreateVirtualMFADevice', device, ...(path ? { params: { Path: path } } : {}), outcome: OK },
  { action: 'ListVirtualMFADevices', outcome: OK },
  { action: 'DeleteVirtualMFADevice', device, outcome: OK },
  { action: 'ListVirtualMFADevices', outcome: OK },
];

const localstack: RecordedExchange[] = [
  {
    id: 'localstack.mfa.virtual-device-lifecycle',
    title: 'CreateVirtualMFADevice with no, root, nested and double-slash paths, list, delete: all 200',
    sources: ['None', '/', '/test-path/', '/test//double/'].flatMap((p) => lsMfa(`test_virtual_mfa_device_lifecycle[${p}]`)),
    derivation:
      'One device per parametrisation of test_virtual_mfa_device_lifecycle (Path omitted, "/", "/test-path/", "/test//double/"). ' +
      'Snapshot keys create-mfa-device, list-mfa-devices (ListVirtualMFADevices with no AssignmentStatus) and delete-mfa-device are 200; ' +
      'the second ListVirtualMFADevices is only asserted (device absent), so its 200 is implied by the test passing. Validated against AWS on 2026-02-17 (validation.json).',
    steps: [...lifecycle('d_none'), ...lifecycle('d_root', '/'), ...lifecycle('d_nested', '/test-path/'), ...lifecycle('d_double', '/test//double/')],
  },
  {
    id: 'localstack.mfa.virtual-device-errors',
    title: 'Duplicate virtual device 409, paths without leading or trailing slash and a 514-character path 400, unknown serial delete 404',
    sources: lsMfa('test_virtual_mfa_device_errors'),
    derivation:
      'Test code order: create (create-mfa-device 200), same name at the default path again (create-duplicate-error), Path "invalid-path/" and "/invalid-path" ' +
      '(create-invalid-path-no-leading-slash-error / ...-no-trailing-slash-error, each with a fresh name), Path "/" + 512 "a" + "/" (create-path-too-long-error), ' +
      'delete of arn:...:mfa/nonexistent-device (delete-nonexistent-error). Status, code and message from the snapshot.',
    steps: [
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: { status: 409, code: 'EntityAlreadyExists', message: 'MFA device already exists.' } },
      { action: 'CreateVirtualMFADevice', device: 'd2', params: { Path: 'invalid-path/' }, outcome: PATH_INVALID },
      { action: 'CreateVirtualMFADevice', device: 'd3', params: { Path: '/invalid-path' }, outcome: PATH_INVALID },
      {
        action: 'CreateVirtualMFADevice',
        device: 'd4',
        params: { Path: `/${'a'.repeat(512)}/` },
        outcome: { status: 400, code: 'ValidationError', message: "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512" },
      },
      { action: 'DeleteVirtualMFADevice', device: 'nonexistent-device', outcome: NO_SERIAL },
    ],
  },
  {
    id: 'localstack.mfa.list-virtual-devices',
    title: 'ListVirtualMFADevices by status, MaxItems=1 truncated, its Marker followed, a made-up Marker 400 "Invalid Marker."',
    sources: lsMfa('test_list_virtual_mfa_devices', 'list-invalid-marker-error'),
    derivation:
      'Three devices created (create-virtual-mfa-device-0..2), then AssignmentStatus Unassigned / Assigned / Any (list-unassigned, list-assigned, list-any: 200). ' +
      'MaxItems=1 and the follow-up with its Marker are only asserted (IsTruncated true; the second call does not raise), so their 200 is implied by the test passing. ' +
      'Marker "invalid-marker-value" gives list-invalid-marker-error.',
    steps: [
      { action: 'CreateVirtualMFADevice', device: 'd0', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd2', outcome: OK },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Unassigned' }, outcome: OK },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Assigned' }, outcome: OK },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Any' }, outcome: OK },
      { action: 'ListVirtualMFADevices', params: { MaxItems: '1' }, outcome: { ...OK, truncated: true } },
      { action: 'ListVirtualMFADevices', params: { MaxItems: '1' }, sendsMarker: true, outcome: OK },
      { action: 'ListVirtualMFADevices', params: { Marker: 'invalid-marker-value' }, outcome: { status: 400, code: 'ValidationError', message: 'Invalid Marker.' } },
    ],
  },
  {
    id: 'localstack.mfa.enable-deactivate',
    title: 'Enable with the current pair (pyotp at(now,-1), at(now)) 200, listed as Assigned, Deactivate 200',
    sources: lsMfa('test_enable_virtual_mfa_device', 'list-unassigned-after-deactivation'),
    derivation:
      'Codes from the test code: pyotp.TOTP(seed).at(now, counter_offset=-1) and .at(now), i.e. the genuine pair at offset 0. ' +
      'Order: create-user, create-mfa-device, list-mfa-devices-before, enable-mfa-device, list-mfa-devices-after, list-assigned-with-user (all 200); ' +
      'ListVirtualMFADevices(Unassigned) is only asserted; deactivate-mfa-device, list-mfa-devices-after-deactivate (200). ' +
      'The snapshot key "list-unassigned-after-deactivation" holds the ListVirtualMFADevices(Assigned) answer (the test matches list_assigned), ' +
      'and the following Unassigned call is made but not snapshotted.',
    steps: [
      { action: 'CreateUser', user: 'u1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'ListMFADevices', user: 'u1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'ListMFADevices', user: 'u1', outcome: OK },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Assigned' }, outcome: OK },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Unassigned' }, outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'ListMFADevices', user: 'u1', outcome: OK },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Assigned' }, outcome: OK },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Unassigned' }, outcome: OK },
    ],
  },
  {
    id: 'localstack.mfa.enable-errors',
    title: 'Unknown user with wrong codes 404 (user checked first), Deactivate for an unknown user 404, of an unknown serial 404',
    sources: lsMfa('test_enable_mfa_device_errors'),
    derivation:
      'The device is created by the fixture (not snapshotted; 200 implied). Enable for "nonexistent-user" with the literal codes 123456 / 654321 ' +
      '(enable-mfa-nonexistent-user-error), Deactivate for "nonexistent-user" (deactivate-mfa-nonexistent-user-error), then a real user and Deactivate of ' +
      'arn:...:mfa/nonexistent-mfa (deactivate-nonexistent-mfa-error).',
    steps: [
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'nonexistent-user', device: 'd1', codes: { kind: 'random', code1: '123456', code2: '654321' }, outcome: NO_USER },
      { action: 'DeactivateMFADevice', user: 'nonexistent-user', device: 'd1', outcome: NO_USER },
      { action: 'CreateUser', user: 'u1', outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'nonexistent-mfa', outcome: NO_SERIAL },
    ],
  },
  {
    id: 'localstack.mfa.already-attached',
    title: 'Enable for a second user with the very codes the first user used: 409 "MFA Device is already in use."',
    sources: lsMfa('test_enable_mfa_device_already_attached', 'enable-mfa-already-attached-error'),
    derivation:
      'Two users, one device; the first Enable uses pyotp at(now,-1), at(now) (genuine offset 0) and is not snapshotted (it must not raise, so 200). ' +
      'The second Enable, for the other user, sends the same two codes again within about a second (durations: call 1.11 s), so the same step. ' +
      'Recorded 2026-02-24.',
    steps: [
      { action: 'CreateUser', user: 'u1', outcome: OK },
      { action: 'CreateUser', user: 'u2', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'EnableMFADevice', user: 'u2', device: 'd1', codes: genuine(0), outcome: { status: 409, code: 'EntityAlreadyExists', message: 'MFA Device is already in use.' } },
    ],
  },
  {
    id: 'localstack.users.errors',
    title: 'CreateUser of an existing name 409, GetUser and DeleteUser of an unknown user 404',
    sources: [
      { repo: LOCALSTACK, commit: LOCALSTACK_COMMIT, path: 'tests/aws/services/iam/test_iam_users.py', test: 'TestUserLifecycle::test_user_errors' },
      { repo: LOCALSTACK, commit: LOCALSTACK_COMMIT, path: 'tests/aws/services/iam/test_iam_users.snapshot.json', test: 'TestUserLifecycle::test_user_errors' },
    ],
    derivation:
      'Snapshot keys create-user, create-duplicate-user-error, get-nonexistent-user-error, delete-nonexistent-user-error. ' +
      'The UpdateUser call between them (update-nonexistent-user-error) is left out: the model has no UpdateUser.',
    steps: [
      { action: 'CreateUser', user: 'u1', outcome: OK },
      { action: 'CreateUser', user: 'u1', outcome: { status: 409, code: 'EntityAlreadyExists', message: 'User with name {user} already exists.' } },
      { action: 'GetUser', user: 'nonexistent-user', outcome: NO_USER },
      { action: 'DeleteUser', user: 'nonexistent-user', outcome: NO_USER },
    ],
  },
];

// --- stackd -----------------------------------------------------------------------------------

const ORG = { Path: '/org-access/' } as const;

/** One fresh device of mfa_pair_window.json: create, enable at `offset`, tidy up as the probe did. */
function windowProbe(n: number, offset: number, accepted: boolean, atStep: number): RecordedStep[] {
  const device = `d${n}`;
  const head: RecordedStep[] = [
    { action: 'CreateVirtualMFADevice', device, atStep, outcome: OK },
    { action: 'EnableMFADevice', user: 'u1', device, codes: genuine(offset), outcome: accepted ? OK : INVALID_CODE },
  ];
  return accepted
    ? [...head, { action: 'DeactivateMFADevice', user: 'u1', device, outcome: OK }, { action: 'DeleteVirtualMFADevice', device, outcome: OK }]
    : [...head, { action: 'DeleteVirtualMFADevice', device, outcome: OK }];
}

/** The capture's cleanup, which tried Deactivate and Delete again on every (already deleted) device. */
const windowCleanup = (ns: number[]): RecordedStep[] =>
  ns.flatMap((n) => [
    { action: 'DeactivateMFADevice', user: 'u1', device: `d${n}`, outcome: { status: 404, code: 'NoSuchEntity' } },
    { action: 'DeleteVirtualMFADevice', device: `d${n}`, outcome: { status: 404, code: 'NoSuchEntity' } },
  ]);

const WINDOW_DERIVATION =
  'mfa_pair_window.json: a binary search on fresh devices, one device per probe (case offset_<k>_<n>: create, EnableMFADevice with the genuine pair ' +
  'whose second code is k steps from the current step, then deactivate and delete, or delete only after a refusal). The probe records ' +
  'second_step_offset relative to the step at which it built the pair; atStep follows observed_at (capture start 20:11:09 UTC = step 0). ' +
  'Probes 28 (-998) and 18 (-720) were answered just after a step boundary; the probe kept the offset it sent, and the capture summary ' +
  '("eligibility": +1000 accepted, +1001 refused, -998 accepted, -999 refused) confirms the reading. Cleanup Deactivate/Delete of the deleted devices: 404 (codes only).';

const maxItemsSources: RecordedSource[] = [
  stackd('pagination_inputs.json', 'users_size_*'),
  digest('7'),
  // The shape that carries the transfer: ListUsers, ListMFADevices and ListVirtualMFADevices all
  // use maxItemsType (read in the botocore 1.43.11 release installed here).
  { repo: 'boto/botocore', commit: '1.43.11', path: 'botocore/data/iam/2010-05-08/service-2.json' },
];
const MAXITEMS_DERIVATION =
  'Recorded on ListUsers (pagination_inputs.json, cases users_size_<value>, signed Query requests with MaxItems sent verbatim); ' +
  'transferred to ListMFADevices and ListVirtualMFADevices because all three use the one maxItemsType (integer 1..1000) and the digest (section 7) ' +
  'states the same for the shared shape. recordedAs marks the transfer.';
const maxItems = (values: string[], outcome: RecordedStep['outcome']): RecordedStep[] =>
  values.flatMap((MaxItems) => [
    { action: 'ListMFADevices', user: 'u1', params: { MaxItems }, recordedAs: 'ListUsers', outcome },
    { action: 'ListVirtualMFADevices', params: { MaxItems }, recordedAs: 'ListUsers', outcome },
  ]);

const stackdEntries: RecordedExchange[] = [
  {
    id: 'stackd.mfa.lifecycle',
    title: 'Duplicates, ownership, identical and reversed codes, delete conflicts, resync ahead then refused at or before it, with their recorded messages',
    sources: [stackd('mfa.json'), STACKD_NOTES],
    derivation:
      'mfa.json in order: setup users at 19:58:24-25 UTC (step 0), observations from 19:58:34 (step 1; from 19:59:00, step 2), IAM only: the GetSessionToken ' +
      'observations (sts_initial_17..24, sts_resynced_26..39, sts_deactivated) are in sts.ts. Setup created both users (Path /org-access/) and an access ' +
      'key for the owner (left out: the model has no access keys; the recorded DeleteConflict message names "tokens", i.e. the MFA device). ' +
      'duplicate_codes / reversed_codes flags give identical / reversed. resync_25 (+10) and resync_31 (+20) accepted; resync_28 (0), resync_34 (+21: its ' +
      'first code is the last accepted step) refused. resync_37 (offset 0) was sent 0.48 s into step 2: whichever step its pair was built in, its first ' +
      'code is at or before the last accepted step. reassign_other (offset 0, step 2) refused for the other user after Deactivate. Cleanup codes: ' +
      'Deactivate for both users 404, Delete 200, DeleteUser 200 (after DeleteAccessKey, left out), GetUser 404.',
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateUser', user: 'u2', params: ORG, outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', params: { Path: '/devices/' }, atStep: 1, outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', params: { Path: '/devices/' }, outcome: { status: 409, code: 'EntityAlreadyExists', message: 'MFA device already exists.' } },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Unassigned' }, outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: INVALID_FOR_USER },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: INVALID_FOR_USER },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: { kind: 'identical', offset: 0 }, outcome: INVALID_CODE },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: { kind: 'reversed', offset: 0 }, outcome: INVALID_CODE },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: { status: 409, code: 'EntityAlreadyExists', message: 'MFA Device for user {user} already exists.' } },
      { action: 'EnableMFADevice', user: 'u2', device: 'd1', codes: genuine(0), outcome: { status: 409, code: 'EntityAlreadyExists', message: 'MFA Device is already in use.' } },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Assigned' }, outcome: OK },
      { action: 'ListMFADevices', user: 'u1', outcome: OK },
      {
        action: 'GetMFADevice',
        user: 'u1',
        device: 'd1',
        outcome: {
          status: 400,
          code: 'ValidationError',
          message: 'The MFA device serial number sent in the request is invalid or not supported by this API. Currently, only hardware FIDO security keys are supported. Please use the compatible device or API.',
        },
      },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: { status: 409, code: 'DeleteConflict', message: 'MFA VirtualDevice in use. Must deactivate first.' } },
      { action: 'DeleteUser', user: 'u1', outcome: { status: 409, code: 'DeleteConflict', message: 'Cannot delete entity, must remove tokens from principal first.' } },
      { action: 'DeactivateMFADevice', user: 'u2', device: 'd1', outcome: INVALID_FOR_USER },
      { action: 'ResyncMFADevice', user: 'u2', device: 'd1', codes: genuine(0), outcome: INVALID_FOR_USER },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(10), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: INVALID_CODE },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(20), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(21), outcome: INVALID_CODE },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(0), atStep: 2, outcome: INVALID_CODE },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: INVALID_FOR_USER },
      { action: 'ListVirtualMFADevices', params: { AssignmentStatus: 'Unassigned' }, outcome: OK },
      { action: 'EnableMFADevice', user: 'u2', device: 'd1', codes: genuine(0), outcome: INVALID_CODE },
      { action: 'ListMFADevices', user: 'u2', outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u2', device: 'd1', outcome: { status: 404, code: 'NoSuchEntity' } },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: { status: 404, code: 'NoSuchEntity' } },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'DeleteUser', user: 'u2', outcome: OK },
      { action: 'DeleteUser', user: 'u1', outcome: OK },
      { action: 'GetUser', user: 'u1', outcome: { status: 404, code: 'NoSuchEntity' } },
      { action: 'GetUser', user: 'u2', outcome: { status: 404, code: 'NoSuchEntity' } },
    ],
  },
  {
    id: 'stackd.mfa.counter-chain',
    title: 'Per-device counter: after a pair is accepted, any pair whose first code is at or before its second code is refused, even the current pair and across Deactivate',
    sources: [stackd('mfa_time.json'), STACKD_NOTES],
    derivation:
      'mfa_time.json records absolute second_step values; each offset here is second_step minus the step of observed_at (enable at step 0 = ' +
      'second_step S). resync_enrollment_pair: S again, one step later (offset -1), refused. resync_future: S+11 at step 1 (offset +10), accepted. ' +
      'resync_same_pair S+11, resync_overlap_pair S+12 (first code S+11) at step 2 (offsets +9, +10): refused. resync_next_pair S+13 (+11): accepted. ' +
      'resync_backwards S+2 at step 2 (offset 0, the CURRENT pair): refused, its first code being before the last accepted step S+13. Deactivate, then at step 3 ' +
      'reenroll_same_pair S+13 (+10) and reenroll_overlap_pair S+14 (+11) refused, reenroll_next_pair S+15 (+12) accepted. The STS observations in between ' +
      '(enrollment_propagation_*, initial_window_*, resync_old/new_*, resynced_window_*, deactivation_propagation_*) are left out (sts.ts); an access key ' +
      'created in setup is left out. Cleanup: Deactivate 200, Delete 200, DeleteUser 200 (after DeleteAccessKey), GetUser 404.',
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(-1), atStep: 1, outcome: INVALID_CODE },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(10), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(9), atStep: 2, outcome: INVALID_CODE },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(10), outcome: INVALID_CODE },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(11), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: INVALID_CODE },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(10), atStep: 3, outcome: INVALID_CODE },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(11), outcome: INVALID_CODE },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(12), outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'DeleteUser', user: 'u1', outcome: OK },
      { action: 'GetUser', user: 'u1', outcome: { status: 404, code: 'NoSuchEntity' } },
    ],
  },
  {
    id: 'stackd.mfa.resync-after-sts-use',
    title: 'After sign-ins, Resync accepts a later pair and refuses one that overlaps the last accepted pair',
    sources: [stackd('mfa_reuse.json'), STACKD_NOTES],
    derivation:
      'mfa_reuse.json: user at step 0 (20:21:50 UTC), enable at offset 0 in step 1, six GetSessionToken calls about 66 s later (sts.ts), then resync_after_use_1..4 at step 3 with absolute ' +
      'second_step S+3, S+4, S+5, S+6 where S is the enable step: offsets +1 (accepted), +2 (refused: first code is the last accepted step), +3 (accepted), ' +
      '+4 (refused). The pairs contain codes STS had already accepted, which does not matter to IAM. Access key left out. Cleanup all 200, GetUser 404.',
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', atStep: 1, outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(1), atStep: 3, outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(2), outcome: INVALID_CODE },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(3), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(4), outcome: INVALID_CODE },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'DeleteUser', user: 'u1', outcome: OK },
      { action: 'GetUser', user: 'u1', outcome: { status: 404, code: 'NoSuchEntity' } },
    ],
  },
  {
    id: 'stackd.mfa.window-ahead-accepted',
    title: 'Fresh devices accept a genuine pair 0, 720, 900, 990, 995, 998, 999 and 1000 steps ahead',
    sources: [stackd('mfa_pair_window.json'), STACKD_NOTES, digest('7')],
    derivation: WINDOW_DERIVATION,
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      ...windowProbe(1, 0, true, 0),
      ...windowProbe(3, 720, true, 0),
      ...windowProbe(5, 900, true, 0),
      ...windowProbe(6, 990, true, 0),
      ...windowProbe(10, 995, true, 1),
      ...windowProbe(11, 998, true, 1),
      ...windowProbe(12, 999, true, 1),
      ...windowProbe(13, 1000, true, 1),
      ...windowProbe(14, 1000, true, 1),
      ...windowProbe(16, 0, true, 1),
      ...windowCleanup([16, 14, 13, 12, 11, 10, 6, 5, 3, 1]),
    ],
  },
  {
    id: 'stackd.mfa.window-ahead-refused',
    title: 'Fresh devices refuse a genuine pair 1001, 1012, 1035, 1080 and 1440 steps ahead (403)',
    sources: [stackd('mfa_pair_window.json'), STACKD_NOTES, digest('7')],
    derivation: WINDOW_DERIVATION,
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      ...windowProbe(2, 1440, false, 0),
      ...windowProbe(4, 1080, false, 0),
      ...windowProbe(7, 1035, false, 0),
      ...windowProbe(8, 1012, false, 1),
      ...windowProbe(9, 1001, false, 1),
      ...windowProbe(15, 1001, false, 1),
      ...windowCleanup([15, 9, 8, 7, 4, 2]),
    ],
  },
  {
    id: 'stackd.mfa.window-behind-accepted',
    title: 'Fresh devices accept a genuine pair 720, 900, 990, 995 and 998 steps behind',
    sources: [stackd('mfa_pair_window.json'), STACKD_NOTES, digest('7')],
    derivation: WINDOW_DERIVATION,
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      ...windowProbe(18, -720, true, 2),
      ...windowProbe(20, -900, true, 2),
      ...windowProbe(21, -990, true, 2),
      ...windowProbe(25, -995, true, 2),
      ...windowProbe(26, -998, true, 2),
      ...windowProbe(28, -998, true, 3),
      ...windowCleanup([28, 26, 25, 21, 20, 18]),
    ],
  },
  {
    id: 'stackd.mfa.window-behind-refused',
    title: 'Fresh devices refuse a genuine pair 999, 1001, 1012, 1035, 1080 and 1440 steps behind (403)',
    sources: [stackd('mfa_pair_window.json'), STACKD_NOTES, digest('7')],
    derivation: WINDOW_DERIVATION,
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      ...windowProbe(17, -1440, false, 1),
      ...windowProbe(19, -1080, false, 2),
      ...windowProbe(22, -1035, false, 2),
      ...windowProbe(23, -1012, false, 2),
      ...windowProbe(24, -1001, false, 2),
      ...windowProbe(27, -999, false, 2),
      ...windowProbe(29, -999, false, 3),
      ...windowCleanup([29, 27, 24, 23, 22, 19, 17]),
    ],
  },
  {
    id: 'stackd.mfa.anchor-chain',
    title: 'Window anchored on the last accepted step: Enable +600, Resync +1200, +1800, +1802, Deactivate, re-Enable +1804, all 200',
    sources: [stackd('mfa_resync_anchor.json'), STACKD_NOTES, digest('7')],
    derivation:
      'mfa_resync_anchor.json: all observations between 20:15:53 and 20:15:58 UTC, one step; offsets are second_step_offset (relative to the current step). ' +
      'Cases enable_anchor, resync_anchor_1200/1800/1802, deactivate_anchor, reenroll_anchor; cleanup Deactivate, Delete, DeleteUser 200 and GetUser 404. ' +
      'stackd reads it as "resynchronization searches around the existing adjustment"; the digest as an anchor at the later of now and the last accepted step: ' +
      'within one step both readings give the same predictions.',
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(600), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(1200), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(1800), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(1802), outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(1804), outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'DeleteUser', user: 'u1', outcome: OK },
      { action: 'GetUser', user: 'u1', outcome: { status: 404, code: 'NoSuchEntity' } },
    ],
  },
  {
    id: 'stackd.mfa.reassign-after-deactivate',
    title: 'After Deactivate the device is enabled for another user with a later pair (+4): 200; the first user lists nothing',
    sources: [stackd('mfa_propagation.json', 'reassign_12'), STACKD_NOTES],
    derivation:
      'mfa_propagation.json, device reassign_12: the user "destination" is created in setup (20:31:36 UTC, step 0), the first user at 20:33:08 and ' +
      'enable_reassign_12 at offset 0 (20:33:18, step 3); before_reassign_12 (STS) then transition_reassign_12 (Deactivate) and reassign_reassign_12 ' +
      '(EnableMFADevice for "destination", second_step_offset 4) at 20:34:41-42 (step 6); list_reassign_12 ' +
      'empty. Cleanup: Deactivate for destination 200, for the first user 404, Delete 200, DeleteUser 200 (after DeleteAccessKey). STS steps left out.',
    steps: [
      { action: 'CreateUser', user: 'u2', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 3, outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', atStep: 6, outcome: OK },
      { action: 'EnableMFADevice', user: 'u2', device: 'd1', codes: genuine(4), outcome: OK },
      { action: 'ListMFADevices', user: 'u1', outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u2', device: 'd1', outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: { status: 404, code: 'NoSuchEntity' } },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'DeleteUser', user: 'u1', outcome: OK },
    ],
  },
  {
    id: 'stackd.mfa.recreate-same-arn',
    title: 'Delete and re-create the same name: the new device takes a pair whose first code is the old device\'s last accepted step',
    sources: [stackd('mfa_recreation_fresh.json'), STACKD_NOTES],
    derivation:
      'mfa_recreation_fresh.json: enable_original at offset 0 in step 0 (20:46:21); deactivate_original, delete_original, create_replacement (same ARN, new ' +
      'seed) and enable_replacement at offset 0 in step 1 (20:46:38-40): the replacement pair (S, S+1) starts at the original device\'s last accepted step S, ' +
      'and is accepted, so the counter did not survive deletion. STS observations (before_recreate, old_*, new_*) are in sts.ts. Cleanup: Deactivate 200, ' +
      'Delete 200, Deactivate 404, Delete 404, DeleteUser 200 (after DeleteAccessKey), GetUser 404.',
    steps: [
      { action: 'CreateUser', user: 'u1', params: ORG, atStep: 0, outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', atStep: 1, outcome: OK },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: OK },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'DeactivateMFADevice', user: 'u1', device: 'd1', outcome: { status: 404, code: 'NoSuchEntity' } },
      { action: 'DeleteVirtualMFADevice', device: 'd1', outcome: { status: 404, code: 'NoSuchEntity' } },
      { action: 'DeleteUser', user: 'u1', outcome: OK },
      { action: 'GetUser', user: 'u1', outcome: { status: 404, code: 'NoSuchEntity' } },
    ],
  },
  {
    id: 'stackd.maxitems.integers',
    title: 'MaxItems "1", "01" and "+1" are the integer 1: 200',
    sources: maxItemsSources,
    derivation: MAXITEMS_DERIVATION,
    steps: [{ action: 'CreateUser', user: 'u1', outcome: OK }, ...maxItems(['1', '01', '+1'], OK)],
  },
  {
    id: 'stackd.maxitems.malformed',
    title: 'MaxItems " 1 ", "1.0", "1e0" and "2147483648" (beyond int32): 400 MalformedInput, not ValidationError',
    sources: maxItemsSources,
    derivation: MAXITEMS_DERIVATION,
    steps: [{ action: 'CreateUser', user: 'u1', outcome: OK }, ...maxItems([' 1 ', '1.0', '1e0', '2147483648'], { status: 400, code: 'MalformedInput' })],
  },
  {
    id: 'stackd.maxitems.out-of-range',
    title: 'MaxItems "0" and "1001" (integers outside 1..1000): 400 ValidationError',
    sources: maxItemsSources,
    derivation: MAXITEMS_DERIVATION,
    steps: [{ action: 'CreateUser', user: 'u1', outcome: OK }, ...maxItems(['0', '1001'], { status: 400, code: 'ValidationError' })],
  },
];

// --- The contract digest (no better public recording found) -------------------------------------

const digestEntries: RecordedExchange[] = [
  {
    id: 'digest.mfa.enable-ahead-then-resync-current',
    title: 'Enable with a pair 2 steps ahead, then Resync with the current pair: 403 (the current pair is at or before the last accepted step)',
    sources: [digest('7')],
    derivation:
      'The example the digest gives under [E8R] ("enable with a pair 2 steps ahead, then resync with the current pair"), both requests in the ' +
      'same step. The same shape is recorded in stackd mfa.json (resync +10 then the current pair, refused: entry stackd.mfa.lifecycle) and mfa_time.json ' +
      '(resync_backwards: stackd.mfa.counter-chain).',
    steps: [
      { action: 'CreateUser', user: 'u1', outcome: OK },
      { action: 'CreateVirtualMFADevice', device: 'd1', outcome: OK },
      { action: 'EnableMFADevice', user: 'u1', device: 'd1', codes: genuine(2), outcome: OK },
      { action: 'ResyncMFADevice', user: 'u1', device: 'd1', codes: genuine(0), outcome: INVALID_CODE },
    ],
  },
  {
    id: 'digest.mfa.ninth-device',
    title: 'A ninth device for one user: 409 LimitExceeded "Cannot exceed quota for MFADevicesPerUser: 8"',
    sources: [digest('7')],
    derivation:
      'The digest\'s table of recorded messages (row "Ninth device [E6]") and [E6]; no public recording of the request sequence was found, so the ' +
      'sequence is the plainest one the row describes: eight devices enabled with current pairs, then a ninth.',
    steps: [
      { action: 'CreateUser', user: 'u1', outcome: OK },
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n): RecordedStep => ({ action: 'CreateVirtualMFADevice', device: `d${n}`, outcome: OK })),
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): RecordedStep => ({ action: 'EnableMFADevice', user: 'u1', device: `d${n}`, codes: genuine(0), outcome: OK })),
      {
        action: 'EnableMFADevice',
        user: 'u1',
        device: 'd9',
        codes: genuine(0),
        outcome: { status: 409, code: 'LimitExceeded', message: 'Cannot exceed quota for MFADevicesPerUser: 8' },
      },
    ],
  },
];

export const RECORDED_IAM: readonly RecordedExchange[] = [...localstack, ...stackdEntries, ...digestEntries];
