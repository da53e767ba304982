import type { CodePair } from '../../generators/code-pair.js';
import type { TokenCode } from '../../generators/token-code.js';
import type { NameSpec } from '../../generators/name.js';
import type { ParamValue, Step } from '../case/spec.js';

/** Step builders shared by the properties: the requests of the contract, with symbolic values. */
export const nameOf = (spec: NameSpec): ParamValue => ({ name: spec });
export const serialOf = (device: NameSpec): ParamValue => ({ serialOf: device });

export const createUser = (user: NameSpec): Step => ({ action: 'CreateUser', params: { UserName: nameOf(user) } });
export const deleteUser = (user: NameSpec): Step => ({ action: 'DeleteUser', params: { UserName: nameOf(user) } });
export const createDevice = (device: NameSpec, path?: string): Step => ({
  action: 'CreateVirtualMFADevice',
  params: { VirtualMFADeviceName: nameOf(device), ...(path !== undefined ? { Path: { text: path } } : {}) },
});
export const deleteDevice = (device: NameSpec): Step => ({ action: 'DeleteVirtualMFADevice', params: { SerialNumber: serialOf(device) } });

export const enable = (user: ParamValue, serial: ParamValue, device: NameSpec, pair: CodePair): Step => ({
  action: 'EnableMFADevice',
  params: { UserName: user, SerialNumber: serial },
  codes: { device, pair },
});
export const resync = (user: ParamValue, serial: ParamValue, device: NameSpec, pair: CodePair): Step => ({
  action: 'ResyncMFADevice',
  params: { UserName: user, SerialNumber: serial },
  codes: { device, pair },
});
export const deactivate = (user: NameSpec, device: NameSpec): Step => ({
  action: 'DeactivateMFADevice',
  params: { UserName: nameOf(user), SerialNumber: serialOf(device) },
});
export const listMfa = (user: NameSpec): Step => ({ action: 'ListMFADevices', params: { UserName: nameOf(user) } });
export const listVirtual = (status?: 'Assigned' | 'Unassigned' | 'Any'): Step => ({
  action: 'ListVirtualMFADevices',
  params: status ? { AssignmentStatus: { text: status } } : {},
});
export const getUser = (user: NameSpec): Step => ({ action: 'GetUser', params: { UserName: nameOf(user) } });

/** An access key for the user: what signs its sign-ins (digest §8). */
export const createAccessKey = (user: NameSpec): Step => ({ action: 'CreateAccessKey', params: { UserName: nameOf(user) } });
export const deleteAccessKey = (user: NameSpec): Step => ({ action: 'DeleteAccessKey', params: { UserName: nameOf(user), AccessKeyId: { keyOf: user } } });

/** The user signs in with the device's code (STS GetSessionToken, signed with the user's key). */
export const signIn = (user: NameSpec, device: NameSpec, code: TokenCode, serial: ParamValue = serialOf(device)): Step => ({
  action: 'GetSessionToken',
  params: { SerialNumber: serial, DurationSeconds: { text: '900' } },
  token: { device, code },
  signer: user,
});
