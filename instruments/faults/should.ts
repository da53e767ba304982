import { createDevice, createUser, deactivate, enable, getMfa, getUser, listVirtual, raw } from './demo.js';
import { rewriteError, succeedInstead, type Fault } from './fault.js';

/** Details recorded from real AWS but not documented (digest SHOULD clauses): reported, and failing only under --strict. */
export const shouldFaults: Fault[] = [
  {
    id: 'codes.reuse-accepted',
    title: 'Codes already accepted are accepted again',
    description: 'A pair at or before the last accepted step of the device (the same pair, after deactivation) enables it again; AWS refuses it with 403 InvalidAuthenticationCode (RFC 6238 §5.2, the per-device counter).',
    level: 'SHOULD',
    clause: 'E8R',
    modelledOn: 'a verifier that checks the window but keeps no counter (every emulator we know of)',
    hooks: {
      choose(prediction, _req, _state, chosen) {
        if (chosen.clause !== 'E8R' || !prediction.codes?.replayed) return chosen;
        return prediction.must.allowed.find((a) => a.status === 200 && a.code === null) ?? chosen;
      },
    },
    demo: [createUser('u'), createDevice('d'), enable('u', 'd'), deactivate('u', 'd'), enable('u', 'd')],
  },
  {
    id: 'precedence.codes-first',
    title: 'Codes are checked before the user',
    description: 'An unknown user with wrong codes gets 403 InvalidAuthenticationCode; AWS answers 404 NoSuchEntity (it looks the user up first).',
    level: 'SHOULD',
    clause: 'E2P',
    modelledOn: 'a handler that verifies the TOTP pair before loading the user',
    hooks: {
      choose(prediction, req, _state, chosen) {
        if (req.action !== 'EnableMFADevice' || chosen.clause !== 'E2') return chosen;
        return prediction.must.allowed.find((a) => a.code === 'InvalidAuthenticationCode' && a.clause === 'E7') ?? chosen;
      },
    },
    demo: [createDevice('d'), enable('nobody', 'd', () => ({ AuthenticationCode1: '000000', AuthenticationCode2: '111111' }))],
  },
  {
    id: 'precedence.validation-last',
    title: 'Existence is checked before validation',
    description: 'An unknown user with malformed codes gets 404 NoSuchEntity; AWS validates first and answers 400 ValidationError.',
    level: 'SHOULD',
    clause: 'V3',
    modelledOn: 'a handler that loads entities first and validates the rest later',
    hooks: {
      choose(prediction, _req, _state, chosen) {
        if (chosen.clause !== 'V1' || !prediction.should.some((t) => t.clause === 'V3')) return chosen;
        return prediction.must.allowed.find((a) => a.code !== 'ValidationError' && a.code !== '*' && a.code !== null && a.status !== '4xx') ?? chosen;
      },
    },
    demo: [createDevice('d'), raw('EnableMFADevice', (c) => ({ UserName: 'nobody', SerialNumber: c.serial('d'), AuthenticationCode1: '12345', AuthenticationCode2: '123456' }))],
  },
  {
    id: 'enable.same-user-again',
    title: 'Enabling an enabled device again for the same user succeeds',
    description: 'A second EnableMFADevice of the same device for the same user answers 200; AWS answers 409 EntityAlreadyExists.',
    level: 'SHOULD',
    clause: 'E5',
    modelledOn: 'an idempotent enable (moto)',
    hooks: succeedInstead('E5', 'EnableMFADevice'),
    demo: [createUser('u'), createDevice('d'), enable('u', 'd'), enable('u', 'd', (c) => c.pair('d', 1))],
  },
  {
    id: 'list.seeds',
    title: 'ListVirtualMFADevices returns the seeds',
    description: 'Each listed device carries its Base32StringSeed; AWS only returns it from CreateVirtualMFADevice.',
    level: 'SHOULD',
    clause: 'D5S',
    modelledOn: 'a serializer shared between the create and list calls',
    hooks: {
      result(req, result, state) {
        if (req.action !== 'ListVirtualMFADevices' || !result?.virtualDevices) return result;
        return {
          ...result,
          virtualDevices: result.virtualDevices.map((d) => {
            const seed = state.devices.get(d.serialNumber ?? '')?.seed;
            return seed ? { ...d, seed } : d;
          }),
        };
      },
    },
    demo: [createDevice('d'), listVirtual()],
  },
  {
    id: 'envelope.no-type',
    title: 'Error answers carry no Type',
    description: 'ErrorResponse/Error lacks the Type element (Sender / Receiver) that AWS sends.',
    level: 'SHOULD',
    clause: 'W1S',
    modelledOn: 'a minimal error template',
    hooks: rewriteError(undefined, (a) => ({ ...a, body: a.body.replace(/<Type>[^<]*<\/Type>/, '') })),
    demo: [getUser('nobody')],
  },
  {
    id: 'envelope.no-request-id',
    title: 'Error answers carry no RequestId',
    description: 'ErrorResponse lacks the RequestId element that AWS sends.',
    level: 'SHOULD',
    clause: 'W1S',
    modelledOn: 'a minimal error template',
    hooks: rewriteError(undefined, (a) => ({ ...a, body: a.body.replace(/<RequestId>[^<]*<\/RequestId>/, '') })),
    demo: [getUser('nobody')],
  },
  {
    id: 'get-mfa.virtual-200',
    title: 'GetMFADevice answers 200 for a virtual device',
    description: 'GetMFADevice of a virtual device serial succeeds with an empty result; AWS answers 400 ValidationError (the call is for FIDO keys).',
    level: 'SHOULD',
    clause: 'G1',
    modelledOn: 'a generic get-by-serial',
    hooks: succeedInstead('G1', 'GetMFADevice'),
    demo: [createDevice('d'), getMfa('d')],
  },
  {
    id: 'deactivate.not-owner',
    title: "Deactivating another user's device succeeds",
    description: "DeactivateMFADevice(UserName=B) of a device enabled for A answers 200 and unassigns it from A; AWS answers 404 NoSuchEntity.",
    level: 'SHOULD',
    clause: 'R1S',
    modelledOn: 'a deactivate that looks the device up by serial only',
    hooks: succeedInstead('R1S', 'DeactivateMFADevice'),
    demo: [createUser('u'), createUser('v'), createDevice('d'), enable('u', 'd'), deactivate('v', 'd')],
  },
];
