import { AWS_MESSAGES, userKey, type ModelState } from '../../specs/index.js';
import type { ReferenceHooks } from '../../harness/reference/server.js';
import { createDevice, createUser, deactivate, deleteDevice, deleteUser, enable, listMfa, listVirtual, type DemoStep } from './demo.js';
import { cleanChoice, errorAnswer, succeedInstead, successAnswer, type Fault } from './fault.js';

/**
 * moto's EnableMFADevice: a serial the account never created is accepted and stored on the
 * user; Deactivate and ListMFADevices then see it, but it is no virtual device (Delete: 404).
 * The phantoms are keyed by serial (unique per run prefix), so runs in one process never meet.
 */
function phantomSerials(): ReferenceHooks {
  const phantoms = new Map<string, string>();
  const ownUnknown = (state: ModelState, serial: string) => state.account !== null && !state.devices.has(serial) && serial.startsWith(`arn:${state.partition}:iam::${state.account}:mfa/`);
  return {
    intercept(req, state, env) {
      const serial = req.params['SerialNumber'] ?? '';
      const user = req.params['UserName'];
      if (req.action === 'EnableMFADevice' && user !== undefined && state.users.has(userKey(user)) && ownUnknown(state, serial) && !phantoms.has(serial)) {
        phantoms.set(serial, userKey(user));
        return successAnswer(env, req);
      }
      if (req.action === 'DeactivateMFADevice' && phantoms.has(serial)) {
        phantoms.delete(serial);
        return successAnswer(env, req);
      }
      if (req.action === 'DeleteVirtualMFADevice' && phantoms.has(serial)) return errorAnswer(env, 'NoSuchEntity', AWS_MESSAGES.noSuchDevice(serial), 404);
      return undefined;
    },
    result(req, result, state) {
      if (req.action !== 'ListMFADevices' || !result?.mfaDevices) return result;
      const user = userKey(req.params['UserName'] ?? '');
      const name = state.users.get(user)?.name ?? '';
      const extra = [...phantoms].filter(([, u]) => u === user).map(([serialNumber]) => ({ userName: name, serialNumber, enableDate: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }));
      return extra.length ? { ...result, mfaDevices: [...result.mfaDevices, ...extra] } : result;
    },
  };
}

const nineDevices = (): DemoStep[] => {
  const steps: DemoStep[] = [createUser('u')];
  for (let i = 1; i <= 9; i++) steps.push(createDevice(`d${i}`), enable('u', `d${i}`));
  return steps;
};

/** What a request does to the endpoint's state, and what the lists then show (digest §3, §4). */
export const stateFaults: Fault[] = [
  {
    id: 'enable.reassign',
    title: 'A device enabled for one user can be enabled for another',
    description: 'EnableMFADevice of a device assigned to user A, for user B, succeeds and moves the device to B instead of 409 EntityAlreadyExists.',
    level: 'MUST',
    clause: 'E4',
    modelledOn: 'moto 5 (no check that the device is free)',
    hooks: succeedInstead('E4', 'EnableMFADevice'),
    demo: [createUser('u'), createUser('v'), createDevice('d'), enable('u', 'd'), enable('v', 'd', (c) => c.pair('d', 1))],
  },
  {
    id: 'enable.limit-unenforced',
    title: 'The 8-device limit per user is not enforced',
    description: 'A ninth MFA device is enabled for a user instead of 409 LimitExceeded.',
    level: 'MUST',
    clause: 'E6',
    modelledOn: 'every emulator we know of (the quota arrived in Nov 2022 and is rarely modelled)',
    hooks: succeedInstead('E6', 'EnableMFADevice'),
    demo: nineDevices(),
  },
  {
    id: 'delete-device.no-conflict',
    title: 'An assigned virtual device can be deleted',
    description: 'DeleteVirtualMFADevice of a device still enabled for a user succeeds instead of 409 DeleteConflict.',
    level: 'MUST',
    clause: 'D4',
    modelledOn: 'moto 5 (delete_virtual_mfa_device removes it whatever its state)',
    hooks: succeedInstead('D4', 'DeleteVirtualMFADevice', 'DeleteConflict'),
    demo: [createUser('u'), createDevice('d'), enable('u', 'd'), deleteDevice('d')],
  },
  {
    id: 'delete-user.no-conflict',
    title: 'A user with an MFA device can be deleted',
    description: 'DeleteUser of a user who still has an enabled MFA device succeeds instead of 409 DeleteConflict.',
    level: 'MUST',
    clause: 'R3',
    modelledOn: 'emulators that check attached policies and access keys but not MFA devices',
    hooks: succeedInstead('R3', 'DeleteUser', 'DeleteConflict'),
    demo: [createUser('u'), createDevice('d'), enable('u', 'd'), deleteUser('u')],
  },
  {
    id: 'enable.unknown-serial',
    title: 'An unknown serial is accepted',
    description: 'EnableMFADevice with a virtual-device ARN of the account that was never created answers 200 instead of 404 NoSuchEntity.',
    level: 'MUST',
    clause: 'E3',
    modelledOn: 'moto-style enable that records whatever serial it is given',
    hooks: succeedInstead('E3', 'EnableMFADevice', 'NoSuchEntity'),
    demo: [createUser('u'), enable('u', 'never', () => ({ AuthenticationCode1: '123456', AuthenticationCode2: '234567' }))],
  },
  {
    id: 'enable.phantom-serial',
    title: 'An unknown serial is accepted and held by the user',
    description: "EnableMFADevice of a virtual-device ARN of the account that was never created answers 200; the user then holds the serial (Deactivate succeeds, ListMFADevices lists it), but it is no virtual device (DeleteVirtualMFADevice answers 404). Its after-effects must be reported as following E3, not as failures of their own.",
    level: 'MUST',
    clause: 'E3',
    modelledOn: 'moto 5 (enable_mfa_device stores any serial on the user)',
    hooks: phantomSerials(),
    demo: [createUser('u'), enable('u', 'never', () => ({ AuthenticationCode1: '123456', AuthenticationCode2: '234567' })), listMfa('u')],
  },
  {
    id: 'enable.unknown-user-403',
    title: 'An unknown user gets 403 AccessDenied',
    description: 'EnableMFADevice for a user that does not exist, with a current genuine pair, answers 403 AccessDenied instead of 404 NoSuchEntity.',
    level: 'MUST',
    clause: 'E2',
    modelledOn: 'an authorisation layer that treats an unknown principal as a denial',
    hooks: {
      intercept(req, state, env) {
        if (req.action !== 'EnableMFADevice') return undefined;
        const { prediction, chosen } = cleanChoice(state, req, env);
        if (chosen.clause !== 'E2' || prediction.must.allowed.some((a) => a.code === 'InvalidAuthenticationCode')) return undefined;
        const arn = `arn:${state.partition}:iam::${state.account ?? '000000000000'}:user/${req.params['UserName'] ?? ''}`;
        return errorAnswer(env, 'AccessDenied', `User: ${arn} is not authorized to perform: iam:EnableMFADevice`, 403);
      },
    },
    demo: [createDevice('d'), enable('nobody', 'd')],
  },
  {
    id: 'enable.not-persisted',
    title: 'EnableMFADevice answers 200 but assigns nothing',
    description: 'A valid enable succeeds on the wire, but ListMFADevices and ListVirtualMFADevices never show the device as assigned.',
    level: 'MUST',
    clause: 'L1',
    modelledOn: 'a handler that validates and returns without saving (a stubbed action)',
    hooks: {
      intercept(req, state, env) {
        if (req.action !== 'EnableMFADevice') return undefined;
        return cleanChoice(state, req, env).chosen.status === 200 ? successAnswer(env, req) : undefined;
      },
    },
    demo: [createUser('u'), createDevice('d'), enable('u', 'd'), listMfa('u')],
  },
  {
    id: 'deactivate.not-persisted',
    title: 'DeactivateMFADevice answers 200 but the device stays assigned',
    description: 'After a successful deactivate the device is still listed for the user and as Assigned.',
    level: 'MUST',
    clause: 'R1',
    modelledOn: 'a stubbed action',
    hooks: {
      intercept(req, state, env) {
        if (req.action !== 'DeactivateMFADevice') return undefined;
        return cleanChoice(state, req, env).chosen.status === 200 ? successAnswer(env, req) : undefined;
      },
    },
    demo: [createUser('u'), createDevice('d'), enable('u', 'd'), deactivate('u', 'd'), listMfa('u')],
  },
  {
    id: 'user.case-sensitive',
    title: 'User names differing only by case are distinct users',
    description: "CreateUser of 'Bob' after 'bob' succeeds instead of 409 EntityAlreadyExists.",
    level: 'MUST',
    clause: 'U1',
    modelledOn: 'a dictionary keyed by the exact name (moto before it folded case)',
    hooks: succeedInstead('U1', 'CreateUser', 'EntityAlreadyExists'),
    demo: [createUser('bob'), createUser('Bob')],
  },
  {
    id: 'list.default-assigned',
    title: 'ListVirtualMFADevices defaults to Assigned',
    description: 'Without AssignmentStatus, only assigned devices are listed, instead of all of them (the model default is Any).',
    level: 'MUST',
    clause: 'D5',
    modelledOn: 'a default copied from the wrong enum member',
    hooks: {
      result(req, result) {
        if (req.action !== 'ListVirtualMFADevices' || req.params['AssignmentStatus'] !== undefined || !result?.virtualDevices) return result;
        return { ...result, virtualDevices: result.virtualDevices.filter((d) => d.user !== undefined) };
      },
    },
    demo: [createDevice('d'), listVirtual()],
  },
  {
    id: 'list.no-enable-date',
    title: 'ListMFADevices entries have no EnableDate',
    description: 'ListMFADevices lists the device with UserName and SerialNumber but without EnableDate.',
    level: 'MUST',
    clause: 'E1',
    modelledOn: 'a serializer that drops fields it has no value for',
    hooks: {
      result(req, result) {
        if (req.action !== 'ListMFADevices' || !result?.mfaDevices) return result;
        return { ...result, mfaDevices: result.mfaDevices.map(({ enableDate: _drop, ...rest }) => rest) };
      },
    },
    demo: [createUser('u'), createDevice('d'), enable('u', 'd'), listMfa('u')],
  },
  {
    id: 'list.enable-date-epoch',
    title: 'EnableDate is epoch seconds, not an ISO-8601 timestamp',
    description: 'ListMFADevices and ListVirtualMFADevices send EnableDate as a number of seconds.',
    level: 'MUST',
    clause: 'E1',
    modelledOn: 'a timestamp stored as time.time() and serialized as is',
    hooks: {
      result(req, result) {
        const epoch = (d: string | undefined) => (d === undefined ? undefined : String(Math.floor(Date.parse(d) / 1000)));
        if (req.action === 'ListMFADevices' && result?.mfaDevices) {
          return { ...result, mfaDevices: result.mfaDevices.map((d) => ({ ...d, ...(d.enableDate !== undefined ? { enableDate: epoch(d.enableDate) ?? '' } : {}) })) };
        }
        if (req.action === 'ListVirtualMFADevices' && result?.virtualDevices) {
          return { ...result, virtualDevices: result.virtualDevices.map((d) => ({ ...d, ...(d.enableDate !== undefined ? { enableDate: epoch(d.enableDate) ?? '' } : {}) })) };
        }
        return result;
      },
    },
    demo: [createUser('u'), createDevice('d'), enable('u', 'd'), listMfa('u')],
  },
  {
    id: 'create-device.path-dropped',
    title: 'The serial number leaves out the path',
    description: "CreateVirtualMFADevice with Path /team/ answers SerialNumber arn:aws:iam::ACCOUNT:mfa/NAME instead of ...:mfa/team/NAME.",
    level: 'MUST',
    clause: 'D1',
    modelledOn: 'an ARN built from the name only',
    hooks: {
      result(req, result) {
        const serial = result?.virtualDevice?.serialNumber;
        if (req.action !== 'CreateVirtualMFADevice' || !result?.virtualDevice || serial === undefined) return result;
        return { ...result, virtualDevice: { ...result.virtualDevice, serialNumber: serial.replace(/(:mfa\/).*\/([^/]*)$/, '$1$2') } };
      },
    },
    demo: [createDevice('d', '/team/')],
  },
  {
    id: 'create-device.qr-uri',
    title: 'QRCodePNG carries the otpauth URI, not an image',
    description: 'CreateVirtualMFADevice returns the text of the otpauth:// URI where a PNG image is due.',
    level: 'MUST',
    clause: 'D1Q',
    modelledOn: 'emulators that skip image generation',
    hooks: {
      result(req, result, state) {
        const d = result?.virtualDevice;
        if (req.action !== 'CreateVirtualMFADevice' || !result || !d?.qrCodePng) return result;
        const uri = `otpauth://totp/${req.params['VirtualMFADeviceName'] ?? ''}@${state.account ?? ''}?secret=${d.seed ?? ''}`;
        return { ...result, virtualDevice: { ...d, qrCodePng: Uint8Array.from(Buffer.from(uri)) } };
      },
    },
    demo: [createDevice('d')],
  },
];
