import type { ErrorCode } from './errors.js';
import type { ShapeId } from './shapes.js';

export interface ParamSpec {
  /** Wire name, which is also the SDK input member name. */
  readonly name: string;
  readonly shape: ShapeId;
  readonly required: boolean;
  /** The name AWS uses in validation messages (`Value at 'userName' ...`). */
  readonly member: string;
}

/** The service an action belongs to: its API version, XML namespace, SigV4 service name and endpoint. */
export type ServiceName = 'iam' | 'sts';

export interface ActionSpec {
  readonly name: ActionName;
  readonly service: ServiceName;
  readonly params: readonly ParamSpec[];
  readonly errors: readonly ErrorCode[];
  /** Reads change nothing; they may be repeated freely by the harness. */
  readonly readOnly: boolean;
}

const p = (name: string, shape: ShapeId, required: boolean): ParamSpec => ({
  name,
  shape,
  required,
  member: name.charAt(0).toLowerCase() + name.slice(1),
});

export const ACTION_NAMES = [
  'CreateUser',
  'GetUser',
  'DeleteUser',
  'CreateVirtualMFADevice',
  'DeleteVirtualMFADevice',
  'EnableMFADevice',
  'ResyncMFADevice',
  'DeactivateMFADevice',
  'ListMFADevices',
  'ListVirtualMFADevices',
  'GetMFADevice',
  // Access keys of the test user: what signs its sign-ins (digest §8).
  'CreateAccessKey',
  'DeleteAccessKey',
  // STS (digest §8): the sign-in with the device.
  'GetSessionToken',
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

const codes = [p('AuthenticationCode1', 'authenticationCode', true), p('AuthenticationCode2', 'authenticationCode', true)];
const paging = [p('Marker', 'marker', false), p('MaxItems', 'maxItems', false)];
const common: ErrorCode[] = ['ConcurrentModification', 'ServiceFailure'];

type Spec = Omit<ActionSpec, 'service'> & { readonly service?: ServiceName };

/**
 * Straight from the service models (botocore iam 2010-05-08, sts 2011-06-15): inputs, required
 * members, errors. IAM unless said otherwise.
 */
const SPECS: Record<ActionName, Spec> = {
  CreateUser: {
    name: 'CreateUser',
    params: [p('Path', 'path', false), p('UserName', 'userName', true)],
    errors: ['LimitExceeded', 'EntityAlreadyExists', 'NoSuchEntity', 'InvalidInput', ...common],
    readOnly: false,
  },
  GetUser: { name: 'GetUser', params: [p('UserName', 'existingUserName', false)], errors: ['NoSuchEntity', 'ServiceFailure'], readOnly: true },
  DeleteUser: {
    name: 'DeleteUser',
    params: [p('UserName', 'existingUserName', true)],
    errors: ['LimitExceeded', 'NoSuchEntity', 'DeleteConflict', ...common],
    readOnly: false,
  },
  CreateVirtualMFADevice: {
    name: 'CreateVirtualMFADevice',
    params: [p('Path', 'path', false), p('VirtualMFADeviceName', 'virtualMFADeviceName', true)],
    errors: ['LimitExceeded', 'InvalidInput', 'EntityAlreadyExists', ...common],
    readOnly: false,
  },
  DeleteVirtualMFADevice: {
    name: 'DeleteVirtualMFADevice',
    params: [p('SerialNumber', 'serialNumber', true)],
    errors: ['NoSuchEntity', 'DeleteConflict', 'LimitExceeded', ...common],
    readOnly: false,
  },
  EnableMFADevice: {
    name: 'EnableMFADevice',
    params: [p('UserName', 'existingUserName', true), p('SerialNumber', 'serialNumber', true), ...codes],
    errors: ['EntityAlreadyExists', 'EntityTemporarilyUnmodifiable', 'InvalidAuthenticationCode', 'LimitExceeded', 'NoSuchEntity', ...common],
    readOnly: false,
  },
  ResyncMFADevice: {
    name: 'ResyncMFADevice',
    params: [p('UserName', 'existingUserName', true), p('SerialNumber', 'serialNumber', true), ...codes],
    errors: ['InvalidAuthenticationCode', 'NoSuchEntity', 'LimitExceeded', ...common],
    readOnly: false,
  },
  DeactivateMFADevice: {
    name: 'DeactivateMFADevice',
    params: [p('UserName', 'existingUserName', false), p('SerialNumber', 'serialNumber', true)],
    errors: ['EntityTemporarilyUnmodifiable', 'NoSuchEntity', 'LimitExceeded', ...common],
    readOnly: false,
  },
  ListMFADevices: {
    name: 'ListMFADevices',
    params: [p('UserName', 'existingUserName', false), ...paging],
    errors: ['NoSuchEntity', 'ServiceFailure'],
    readOnly: true,
  },
  ListVirtualMFADevices: {
    name: 'ListVirtualMFADevices',
    params: [p('AssignmentStatus', 'assignmentStatus', false), ...paging],
    errors: [],
    readOnly: true,
  },
  GetMFADevice: {
    name: 'GetMFADevice',
    params: [p('SerialNumber', 'serialNumber', true), p('UserName', 'userName', false)],
    errors: ['NoSuchEntity', 'ServiceFailure'],
    readOnly: true,
  },
  CreateAccessKey: { name: 'CreateAccessKey', params: [p('UserName', 'existingUserName', false)], errors: ['NoSuchEntity', 'LimitExceeded', 'ServiceFailure'], readOnly: false },
  DeleteAccessKey: {
    name: 'DeleteAccessKey',
    params: [p('UserName', 'existingUserName', false), p('AccessKeyId', 'accessKeyId', true)],
    errors: ['NoSuchEntity', 'LimitExceeded', 'ServiceFailure'],
    readOnly: false,
  },
  GetSessionToken: {
    name: 'GetSessionToken',
    service: 'sts',
    params: [p('DurationSeconds', 'durationSeconds', false), p('SerialNumber', 'serialNumber', false), p('TokenCode', 'tokenCode', false)],
    // The documented refusal of a sign-in (an incorrect code gets "access denied", API reference).
    errors: ['AccessDenied', 'RegionDisabledException'],
    readOnly: false,
  },
};

export const ACTIONS: Record<ActionName, ActionSpec> = Object.fromEntries(
  Object.entries(SPECS).map(([name, spec]) => [name, { ...spec, service: spec.service ?? 'iam' }]),
) as Record<ActionName, ActionSpec>;

export function isActionName(name: string): name is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(name);
}

export const API_VERSION = '2010-05-08';
export const XML_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** Per service: the awsQuery Version, the XML namespace of answers, the SigV4 signing name. */
export const SERVICES: Record<ServiceName, { readonly version: string; readonly namespace: string; readonly signingName: string }> = {
  iam: { version: API_VERSION, namespace: XML_NAMESPACE, signingName: 'iam' },
  sts: { version: '2011-06-15', namespace: 'https://sts.amazonaws.com/doc/2011-06-15/', signingName: 'sts' },
};

export const serviceOf = (action: ActionName): ServiceName => ACTIONS[action].service;
/** Digest E6 / IAM quotas: MFA devices per user. */
export const MFA_DEVICES_PER_USER = 8;

/** Items in a page of a list action that sends no MaxItems (service model: "defaults to 100"). */
export const DEFAULT_MAX_ITEMS = 100;

/** Lifetime of GetSessionToken's credentials when no DurationSeconds is sent (STS API reference: 43,200 s, 12 hours). */
export const DEFAULT_SESSION_SECONDS = 43_200;
