import { AWS_STS_MESSAGES, predict, validate, withDevice, type ModelState, type Request } from '../../specs/index.js';
import type { HookEnv } from '../../harness/reference/server.js';
import { createAccessKey, createDevice, createUser, deactivate, enable, signIn } from './demo.js';
import { errorAnswer, ok, rewriteError, type Fault } from './fault.js';

/**
 * Sign-in faults (digest §8): what emulators do with sts:GetSessionToken (moto ignores the
 * serial and the code; others accept any six digits) and plausible verifier mistakes.
 */

const enabledDevice = [createUser('u'), createAccessKey('u'), createDevice('d'), enable('u', 'd')];

/** A well-formed sign-in with a device and a code (malformed ones are V1's). */
const isSignIn = (req: Request) => req.action === 'GetSessionToken' && req.params['SerialNumber'] !== undefined && req.params['TokenCode'] !== undefined && validate(req.action, req.params).length === 0;

/** The caller's user key, from the key that signed the request. */
const callerOf = (state: ModelState, req: Request): string | undefined => (req.signer === undefined ? undefined : state.keys.get(req.signer)?.user);

/** What the policy of the endpoint the fault is planted in answers for `req` in `state`, with its settling. */
const choiceIn = (state: ModelState, req: Request, env: HookEnv) => env.policy.choose(predict(state, req, env.clock, { lagSeconds: env.policy.stsSettleSeconds }));

export const stsFaults: Fault[] = [
  {
    id: 'sts.unchecked',
    title: 'Every sign-in succeeds',
    description: 'GetSessionToken answers 200 with credentials whatever the serial and the code: a wrong code, a device never enabled, a deactivated one.',
    level: 'MUST',
    clause: 'S1',
    modelledOn: 'moto 5 (get_session_token ignores SerialNumber and TokenCode and returns fixed credentials)',
    hooks: {
      choose(_prediction, req, _state, chosen) {
        return isSignIn(req) && chosen.code === 'AccessDenied' ? ok('S1') : chosen;
      },
    },
    demo: [...enabledDevice, signIn('u', 'd', () => '000000')],
  },
  {
    id: 'sts.code-ignored',
    title: "The code is not checked against the device's seed",
    description: 'A device enabled for the caller signs in with any six digits; devices of others and unassigned ones are still refused.',
    level: 'MUST',
    clause: 'S1',
    modelledOn: 'an emulator that ties the serial to the user and stops there (accepts any six digits)',
    hooks: {
      choose(prediction, req, _state, chosen) {
        const v = prediction.token?.verdict;
        return isSignIn(req) && chosen.code === 'AccessDenied' && v !== undefined && v !== 'not-enabled' ? ok('S1') : chosen;
      },
    },
    demo: [...enabledDevice, signIn('u', 'd', () => '000000')],
  },
  {
    id: 'sts.deactivated-accepted',
    title: 'A deactivated device still signs in',
    description: "After DeactivateMFADevice, the device's codes still sign its former user in, as if STS never heard of the deactivation.",
    level: 'MUST',
    clause: 'S1',
    modelledOn: 'an STS with its own copy of the device bindings that deactivation never updates',
    hooks: {
      choose(_prediction, req, state, chosen, env) {
        const serial = req.params['SerialNumber'] ?? '';
        const device = state.devices.get(serial);
        const caller = callerOf(state, req);
        if (!isSignIn(req) || chosen.code !== 'AccessDenied' || !device || device.user !== null || caller === undefined) return chosen;
        const former = [...(state.sts.get(serial)?.history ?? [])].reverse().find((v) => v.device?.user !== null && v.device?.seed === device.seed);
        if (former?.device?.user !== caller) return chosen;
        return choiceIn(withDevice(state, { ...device, user: caller, frame: former.device.frame ?? null }), req, env);
      },
    },
    demo: [...enabledDevice, deactivate('u', 'd'), signIn('u', 'd', (c) => c.code('d', 1))],
  },
  {
    id: 'sts.other-users-device',
    title: "Another user's device signs the caller in",
    description: 'The code is checked against the device, but not whether the device is enabled for the user who signs in.',
    level: 'MUST',
    clause: 'S1',
    modelledOn: 'a verifier that looks the device up by serial only',
    hooks: {
      choose(_prediction, req, state, chosen, env) {
        const device = state.devices.get(req.params['SerialNumber'] ?? '');
        const caller = callerOf(state, req);
        if (!isSignIn(req) || chosen.code !== 'AccessDenied' || !device?.user || caller === undefined || device.user === caller) return chosen;
        return choiceIn(withDevice(state, { ...device, user: caller }), req, env);
      },
    },
    demo: [createUser('u'), createAccessKey('u'), createUser('v'), createDevice('d'), enable('v', 'd'), signIn('u', 'd')],
  },
  {
    id: 'sts.current-refused',
    title: 'The current code is refused',
    description: 'The verifier compares the code with the next step only (a clock one step ahead of its own TOTP): the code an authenticator shows now never signs in.',
    level: 'MUST',
    clause: 'S1',
    modelledOn: 'an off-by-one in the step a verifier computes',
    hooks: {
      choose(prediction, req, _state, chosen) {
        if (!isSignIn(req) || prediction.token?.verdict !== 'current') return chosen;
        return { status: 403, code: 'AccessDenied', clause: 'S1', messages: [AWS_STS_MESSAGES.wrongCode()] };
      },
    },
    demo: [...enabledDevice, signIn('u', 'd')],
  },
  {
    id: 'sts.never-settles',
    title: 'STS never ties the device to its user',
    description: 'Every sign-in with a device gets "unable to validate", however long after EnableMFADevice: a witness waits to its bound, then judges.',
    level: 'MUST',
    clause: 'S1',
    modelledOn: 'an STS that reads device bindings from a store IAM never writes to',
    hooks: {
      answer(req, answer, env) {
        if (!isSignIn(req)) return answer;
        return errorAnswer(env, 'AccessDenied', AWS_STS_MESSAGES.unableToValidate(), 403);
      },
    },
    demo: [...enabledDevice, signIn('u', 'd')],
  },
  {
    id: 'sts.invalid-code-error',
    title: "A refused sign-in gets IAM's InvalidAuthenticationCode",
    description: 'A wrong code or a device not enabled for the user is refused with 403 InvalidAuthenticationCode (the error of EnableMFADevice) instead of AccessDenied.',
    level: 'MUST',
    clause: 'S1',
    modelledOn: "a sign-in handler that reuses the enrolment's error",
    hooks: rewriteError('AccessDenied', (a) => ({ ...a, body: a.body.replace('<Code>AccessDenied</Code>', '<Code>InvalidAuthenticationCode</Code>') })),
    demo: [...enabledDevice, signIn('u', 'd', () => '000000')],
  },
  {
    id: 'sts.wrong-status',
    title: 'A refused sign-in is sent with HTTP 401',
    description: 'AccessDenied answers come with status 401 Unauthorized instead of the modeled 403.',
    level: 'MUST',
    clause: 'W2',
    modelledOn: 'a web framework mapping "authentication failed" to 401',
    hooks: {
      answer(req, answer) {
        return req.action === 'GetSessionToken' && answer.status === 403 ? { ...answer, status: 401 } : answer;
      },
    },
    demo: [...enabledDevice, signIn('u', 'd', () => '000000')],
  },
  {
    id: 'sts.reuse-accepted',
    title: 'A code signs in twice',
    description: 'A code STS accepted once is accepted again; AWS refuses the second use (single use, recorded).',
    level: 'SHOULD',
    clause: 'S2',
    modelledOn: 'a verifier that checks the window but remembers no code (RFC 6238 §5.2 asks it to)',
    hooks: {
      choose(prediction, req, _state, chosen) {
        if (!isSignIn(req) || !prediction.token?.used || chosen.code !== 'AccessDenied') return chosen;
        return prediction.must.allowed.find((a) => a.status === 200 && a.code === null) ?? chosen;
      },
    },
    demo: [...enabledDevice, signIn('u', 'd'), signIn('u', 'd')],
  },
];

