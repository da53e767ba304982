import { validate } from '../../../specs/index.js';
import { createDevice, createUser, raw, type DemoStep } from './demo.js';
import { onlyLength, onlyPattern, skipValidation, type Fault } from './fault.js';

const setup = [createUser('u'), createDevice('d')];
const enableWith = (over: (serial: string) => Record<string, string>): DemoStep =>
  raw('EnableMFADevice', (c) => ({ UserName: 'u', SerialNumber: c.serial('d'), ...c.pair('d'), ...over(c.serial('d')) }));

const CODES = ['AuthenticationCode1', 'AuthenticationCode2'];

/** Parameter constraints of the service model (digest §1, V1): missing or off by one. */
export const validationFaults: Fault[] = [
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
