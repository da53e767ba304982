import { normaliseSeed } from '../../specs/index.js';
import { createDevice, createUser, current, enable, listVirtual, resync } from './demo.js';
import { acceptCodesWhen, currentStep, hotp, isPairNear, stepsOfCode, type Fault } from './fault.js';

const userWithDevice = [createUser('u'), createDevice('d')];

/** How the two codes are checked (digest E7, R2): the heart of the contract, and what no emulator does. */
export const codeFaults: Fault[] = [
  {
    id: 'codes.unchecked',
    title: 'Authentication codes are not checked at all',
    description: 'EnableMFADevice accepts any two well-formed codes and assigns the device.',
    level: 'MUST',
    clause: 'E7',
    modelledOn: 'moto 5 (enable_mfa_device stores the device without looking at the codes); ministack',
    hooks: acceptCodesWhen(() => true),
    demo: [...userWithDevice, enable('u', 'd', () => ({ AuthenticationCode1: '123456', AuthenticationCode2: '654321' })), listVirtual('Assigned')],
  },
  {
    id: 'codes.identical',
    title: 'The same code twice is accepted',
    description: 'The check only asks that each code be a current code of the device, so (T, T) passes.',
    level: 'MUST',
    clause: 'E7',
    modelledOn: 'a verifier that validates each code on its own against a ±1-step window',
    hooks: acceptCodesWhen(({ c1, c2 }, seed, _state, env) => seed !== undefined && c1 === c2 && stepsOfCode(seed, c1, -1, 1, env).length > 0),
    demo: [...userWithDevice, enable('u', 'd', (c) => ({ AuthenticationCode1: c.code('d'), AuthenticationCode2: c.code('d') }))],
  },
  {
    id: 'codes.reversed',
    title: 'A genuine pair in reversed order is accepted',
    description: 'The two codes are compared as a set: (code(T), code(T-1)) passes.',
    level: 'MUST',
    clause: 'E7',
    modelledOn: 'a verifier that checks membership of both codes in {code(T-1), code(T)}',
    hooks: acceptCodesWhen(({ c1, c2 }, seed, _state, env) => seed !== undefined && isPairNear(seed, c2, c1, env)),
    demo: [...userWithDevice, enable('u', 'd', (c) => ({ AuthenticationCode1: c.code('d', 0), AuthenticationCode2: c.code('d', -1) }))],
  },
  {
    id: 'codes.gapped',
    title: 'Two codes of the device with a gap between them are accepted',
    description: 'Order is checked but not adjacency: code1 must come before code2 within a few steps.',
    level: 'MUST',
    clause: 'E7',
    modelledOn: 'a verifier that finds each code in a window and only compares their steps with <',
    hooks: acceptCodesWhen(({ c1, c2 }, seed, _state, env) => {
      if (seed === undefined) return false;
      const s1 = stepsOfCode(seed, c1, -5, 1, env);
      const s2 = stepsOfCode(seed, c2, -5, 1, env);
      return s1.some((a) => s2.some((b) => b > a));
    }),
    demo: [...userWithDevice, enable('u', 'd', (c) => ({ AuthenticationCode1: c.code('d', -2), AuthenticationCode2: c.code('d', 0) }))],
  },
  {
    id: 'codes.seed-ignored',
    title: "Codes are not bound to the device's seed",
    description: "Any two different six-digit codes pass, so a genuine pair of another device's seed (or any random pair) enables the device; only identical codes are refused.",
    level: 'MUST',
    clause: 'E7',
    modelledOn: 'an emulator that checks the codes differ and look like codes, and stops there',
    hooks: acceptCodesWhen(({ c1, c2 }) => c1 !== c2),
    // A device never created has the demo's stand-in seed: a genuine pair of another seed.
    demo: [...userWithDevice, enable('u', 'd', (c) => c.pair('another'))],
  },
  {
    id: 'codes.any-device-seed',
    title: 'Codes of any device of the account are accepted',
    description: "The pair is looked up against every seed the endpoint issued instead of the named device's: another device's current pair enables this one.",
    level: 'MUST',
    clause: 'E7',
    modelledOn: 'a verifier keyed by account instead of serial (a lookup mix-up)',
    hooks: acceptCodesWhen(({ c1, c2 }, _seed, state, env) => [...state.devices.values()].some((d) => d.seed !== null && isPairNear(d.seed, c1, c2, env))),
    demo: [...userWithDevice, createDevice('other'), enable('u', 'd', current('other'))],
  },
  {
    id: 'codes.first-only',
    title: 'Only the first code is checked',
    description: 'AuthenticationCode1 must be a code of the device near now; AuthenticationCode2 is never looked at.',
    level: 'MUST',
    clause: 'E7',
    modelledOn: 'the single-code verifier of a login flow reused for enrolment',
    hooks: acceptCodesWhen(({ c1 }, seed, _state, env) => seed !== undefined && stepsOfCode(seed, c1, -2, 1, env).length > 0),
    demo: [...userWithDevice, enable('u', 'd', (c) => ({ AuthenticationCode1: c.code('d', -1), AuthenticationCode2: '000000' }))],
  },
  {
    id: 'codes.seed-as-text',
    title: 'Codes are computed from the seed text instead of its base32 value',
    description: 'The HMAC key is the ASCII of the base32 text, so every genuine pair an authenticator shows is refused with 403.',
    level: 'MUST',
    clause: 'E7',
    modelledOn: 'a classic TOTP integration bug (base32 secret passed as raw key bytes)',
    hooks: {
      choose(_prediction, req, state, chosen, env) {
        if (req.action !== 'EnableMFADevice' && req.action !== 'ResyncMFADevice') return chosen;
        if (chosen.status !== 200) return chosen;
        const seed = state.devices.get(req.params['SerialNumber'] ?? '')?.seed;
        const c1 = req.params['AuthenticationCode1'];
        const c2 = req.params['AuthenticationCode2'];
        if (!seed || c1 === undefined || c2 === undefined) return chosen;
        const key = Buffer.from(normaliseSeed(seed), 'ascii');
        const t = currentStep(env);
        const fine = [t - 1, t, t + 1].some((s) => hotp(key, s - 1) === c1 && hotp(key, s) === c2);
        return fine ? chosen : { status: 403, code: 'InvalidAuthenticationCode', clause: req.action === 'ResyncMFADevice' ? 'R2' : 'E7' };
      },
    },
    demo: [...userWithDevice, enable('u', 'd')],
  },
  {
    id: 'resync.codes-unchecked',
    title: 'ResyncMFADevice does not check the codes',
    description: 'Resync answers 200 for any well-formed pair of a device assigned to the user.',
    level: 'MUST',
    clause: 'R2',
    modelledOn: 'moto 5 (resync_mfa_device is a no-op)',
    hooks: acceptCodesWhen(() => true, ['ResyncMFADevice']),
    demo: [...userWithDevice, enable('u', 'd'), resync('u', 'd', () => ({ AuthenticationCode1: '111111', AuthenticationCode2: '222222' }))],
  },
];
