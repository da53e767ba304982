import { ACTIONS, SHAPES, describeViolation, lengthOf, validate } from '../../specs/index.js';
import { createDevice, createUser, getUser, raw, type DemoStep } from './demo.js';
import { errorAnswer, onlyLength, onlyPattern, skipValidation, type Fault } from './fault.js';
import type { ReferenceHooks } from '../../harness/reference/server.js';

/**
 * Refuses, with ValidationError, a member whose value is inside its shape but outside a
 * narrower one the faulty endpoint applies (an off-by-one, or another shape's limit).
 */
function refuseValid(param: string, wrong: (value: string, shape: string) => string | undefined): ReferenceHooks {
  return {
    intercept(req, _state, env) {
      const value = req.params[param];
      const spec = ACTIONS[req.action].params.find((p) => p.name === param);
      if (value === undefined || !spec || validate(req.action, req.params).some((p) => p.param === param)) return undefined;
      const why = wrong(value, spec.shape);
      return why === undefined ? undefined : errorAnswer(env, 'ValidationError', `1 validation error detected: Value at '${spec.member}' failed to satisfy constraint: ${why}`, 400);
    },
  };
}

const NEW_MAX = SHAPES.userName.max ?? 0;
const SERIAL_MIN = SHAPES.serialNumber.min;

const setup = [createUser('u'), createDevice('d')];
const enableWith = (over: (serial: string) => Record<string, string>): DemoStep =>
  raw('EnableMFADevice', (c) => ({ UserName: 'u', SerialNumber: c.serial('d'), ...c.pair('d'), ...over(c.serial('d')) }));

const CODES = ['AuthenticationCode1', 'AuthenticationCode2'];

/** Parameter constraints of the service model (digest §1, V1): missing or off by one. */
export const validationFaults: Fault[] = [
  {
    id: 'validation.existing-user-64',
    title: "Existing-user calls apply CreateUser's 64-character limit",
    description: `A user name of ${NEW_MAX + 1} to ${SHAPES.existingUserName.max} characters, valid for every call on an existing user, gets 400 ValidationError instead of being looked up (404 for an unknown user).`,
    level: 'MUST',
    clause: 'V1',
    modelledOn: 'one user-name shape shared by every action (userNameType for existingUserNameType)',
    hooks: refuseValid('UserName', (v, shape) => (shape === 'existingUserName' && lengthOf(v) > NEW_MAX ? describeViolation({ kind: 'length', min: 1, max: NEW_MAX, actual: lengthOf(v) }) : undefined)),
    demo: [getUser(`u${'x'.repeat(NEW_MAX + 10)}`)],
  },
  {
    id: 'validation.serial-min-off-by-one',
    title: `A serial number of exactly ${SERIAL_MIN} characters is refused as too short`,
    description: `The minimum is ${SERIAL_MIN}; the faulty check wants more than that and answers 400 ValidationError for a ${SERIAL_MIN}-character serial.`,
    level: 'MUST',
    clause: 'V1',
    modelledOn: 'an exclusive comparison (length > min) where the model says length >= min',
    hooks: refuseValid('SerialNumber', (v) => (lengthOf(v) === SERIAL_MIN ? describeViolation({ kind: 'length', min: SERIAL_MIN + 1, actual: SERIAL_MIN }) : undefined)),
    demo: [raw('DeleteVirtualMFADevice', () => ({ SerialNumber: 'GAHT'.padEnd(SERIAL_MIN, '1') }))],
  },
  {
    id: 'validation.user-pattern',
    title: 'User names are not checked against their pattern',
    description: "A user name with a space or a character outside [\\w+=,.@-] is looked up (404) or created (200) instead of refused with 400 ValidationError.",
    level: 'MUST',
    clause: 'V1',
    modelledOn: 'emulators that validate lengths only (moto checks few IAM patterns)',
    hooks: skipValidation(onlyPattern('UserName')),
    demo: [...setup, enableWith(() => ({ UserName: 'a b' }))],
  },
  {
    id: 'validation.serial-length',
    title: 'Serial numbers are not checked for length',
    description: 'A serial shorter than 9 or longer than 256 characters is looked up and answered 404 NoSuchEntity instead of 400 ValidationError.',
    level: 'MUST',
    clause: 'V1',
    modelledOn: 'a store lookup without input validation',
    hooks: skipValidation((p) => p.param === 'SerialNumber' && p.violations.every((v) => v.kind === 'length')),
    demo: [...setup, enableWith(() => ({ SerialNumber: 'short' }))],
  },
  {
    id: 'validation.code-length',
    title: 'Code length is not checked',
    description: 'Codes of 5 or 7 digits are padded or cut to six and compared, so they get 403 InvalidAuthenticationCode instead of 400 ValidationError.',
    level: 'MUST',
    clause: 'V1',
    modelledOn: 'a verifier that formats codes with padStart/slice before comparing',
    hooks: skipValidation((p) => CODES.includes(p.param) && p.violations.every((v) => v.kind === 'length'), (c) => c.padEnd(6, '0').slice(0, 6)),
    demo: [...setup, enableWith(() => ({ AuthenticationCode1: '12345' }))],
  },
  {
    id: 'validation.code-digits',
    title: 'Codes are not checked to be digits',
    description: "Six characters that are not all digits ('abcdef', '12 456') are compared as codes and get 403 instead of 400 ValidationError.",
    level: 'MUST',
    clause: 'V1',
    modelledOn: 'a length-only check (e.g. a CHAR(6) column)',
    hooks: skipValidation(onlyPattern(CODES), (c) => c.replace(/\D/g, '0')),
    demo: [...setup, enableWith(() => ({ AuthenticationCode2: 'abcdef' }))],
  },
  {
    id: 'validation.user-max-129',
    title: 'An existing-user name of 129 characters is accepted',
    description: 'Off by one: the 128-character limit of UserName (Enable, Resync, Deactivate, DeleteUser, GetUser, ListMFADevices) is checked with > 129.',
    level: 'MUST',
    clause: 'V1',
    modelledOn: 'an off-by-one in a hand-written length check',
    hooks: skipValidation((p) => p.param === 'UserName' && p.violations.every((v) => v.kind === 'length' && v.max === 128 && v.actual === 129)),
    demo: [...setup, enableWith(() => ({ UserName: 'x'.repeat(129) }))],
  },
  {
    id: 'validation.serial-min-8',
    title: 'A serial number of 8 characters is accepted',
    description: 'Off by one: the minimum serial length is taken as 8 instead of 9, so an 8-character serial is looked up (404) instead of refused (400).',
    level: 'MUST',
    clause: 'V1',
    modelledOn: 'an off-by-one in a hand-written length check',
    hooks: skipValidation(onlyLength('SerialNumber', 8)),
    demo: [...setup, enableWith(() => ({ SerialNumber: 'ABCDEFGH' }))],
  },
  {
    id: 'codes.malformed-403',
    title: 'Malformed codes are answered 403 InvalidAuthenticationCode',
    description: 'The code checker also does the format check, so a code that is not six digits gets 403 InvalidAuthenticationCode instead of 400 ValidationError.',
    level: 'MUST',
    clause: 'V1',
    modelledOn: 'one error path for every code problem',
    hooks: {
      choose(_prediction, req, _state, chosen) {
        if (chosen.clause !== 'V1') return chosen;
        const problems = validate(req.action, req.params);
        if (problems.length === 0 || !problems.every((p) => CODES.includes(p.param))) return chosen;
        return { status: 403, code: 'InvalidAuthenticationCode', clause: req.action === 'ResyncMFADevice' ? 'R2' : 'E7' };
      },
    },
    demo: [...setup, enableWith(() => ({ AuthenticationCode1: '12345' }))],
  },
];
