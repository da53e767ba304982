import fc from 'fast-check';
import { ACTIONS, ACTION_NAMES, type ActionName, type ParamSpec } from '../../specs/index.js';
import { bodyLengthFor } from '../../generators/name.js';
import { fixedName } from '../../generators/simple-names.js';
import { shapeViolation } from '../../generators/shape-violation.js';
import { SERIAL_INVALID_LABELS, serialNumberOf } from '../../generators/serial-number.js';
import { userNameInvalid } from '../../generators/user-name.js';
import type { CaseSpec, ParamValue, Step } from '../case/spec.js';
import type { Property } from './property.js';
import { UNISSUED_KEY } from './boundaries.js';
import { createAccessKey, createDevice, createUser, nameOf, serialOf } from './steps.js';

const U = fixedName('u');
const D = fixedName('d');

/** A well-formed value for every parameter, naming resources the case created. */
function validValue(p: ParamSpec): ParamValue | undefined {
  switch (p.name) {
    case 'UserName':
      return nameOf(U);
    case 'SerialNumber':
      return serialOf(D);
    case 'VirtualMFADeviceName':
      return nameOf(fixedName('n'));
    case 'AccessKeyId':
      return { text: UNISSUED_KEY };
    case 'AuthenticationCode1':
    case 'AuthenticationCode2':
      return undefined; // filled from the device's seed
    default:
      return undefined; // optional members stay absent
  }
}

function requestWith(action: ActionName, override: { param: string; value: ParamValue | 'absent' }): Step {
  const params: Record<string, ParamValue> = {};
  for (const p of ACTIONS[action].params) {
    if (p.name === override.param) {
      if (override.value !== 'absent') params[p.name] = override.value;
      continue;
    }
    const v = validValue(p);
    if (v && (p.required || p.name === 'UserName')) params[p.name] = v;
  }
  const hasCodes = ACTIONS[action].params.some((p) => p.name === 'AuthenticationCode1');
  const codeOverride = override.param.startsWith('AuthenticationCode');
  const step: Step = {
    action,
    params,
    // A missing member cannot be expressed through every SDK path: the raw client sends exactly this.
    ...(override.value === 'absent' ? { raw: true } : {}),
    // A sign-in is signed with the case user's own key.
    ...(action === 'GetSessionToken' ? { signer: U } : {}),
    ...(hasCodes && !codeOverride ? { codes: { device: D, pair: { kind: 'genuine', offset: 0 } as const } } : {}),
  };
  if (hasCodes && codeOverride) {
    // The other code stays well-formed so that only the labelled member is at fault.
    const other = override.param === 'AuthenticationCode1' ? 'AuthenticationCode2' : 'AuthenticationCode1';
    return { ...step, params: { ...params, [other]: { text: '123456' } } };
  }
  return step;
}

const setup = (action: ActionName): Step[] => [createUser(U), ...(action === 'GetSessionToken' ? [createAccessKey(U)] : []), createDevice(D)];

const invalidCase = (action: ActionName, param: string, value: ParamValue | 'absent', label: string): CaseSpec => ({
  label: `${action} with ${param} ${label}`,
  steps: [...setup(action), requestWith(action, { param, value })],
});

const paramsOf = ACTION_NAMES.flatMap((action) => ACTIONS[action].params.map((p) => ({ action, p })));

/** Names and serials come from their own generators (prefixed where the label allows); the rest from the shape. */
function invalidValue(p: ParamSpec): fc.Arbitrary<{ value: ParamValue; label: string }> {
  if (p.shape === 'existingUserName' || p.shape === 'userName') {
    return userNameInvalid(p.shape === 'userName' ? 'new' : 'existing').map((n) => ({ value: { name: n }, label: n.label }));
  }
  if (p.shape === 'serialNumber') return serialNumberOf(SERIAL_INVALID_LABELS).map((s) => ({ value: { serialSpec: s }, label: s.label }));
  return shapeViolation(p.shape).map((v) => ({ value: { text: v.text }, label: v.label }));
}

const invalidArb: fc.Arbitrary<CaseSpec> = fc
  .constantFrom(...paramsOf)
  .chain(({ action, p }) => invalidValue(p).map((v) => invalidCase(action, p.name, v.value, v.label)));

const missingArb: fc.Arbitrary<CaseSpec> = fc
  .constantFrom(...paramsOf.filter(({ p }) => p.required))
  .map(({ action, p }) => invalidCase(action, p.name, 'absent', 'missing'));

/**
 * A request with a member outside its shape AND an existence or state failure: AWS validates
 * first (V3, SHOULD). One witness per action where both can happen, so an endpoint that looks
 * things up first is told so on every seed.
 */
const GHOST = fixedName('ghost');
const precedence: CaseSpec[] = [
  { label: 'CreateUser of an existing name with a malformed Path', steps: [createUser(U), { action: 'CreateUser', params: { UserName: nameOf(U), Path: { text: 'nopath' } } }] },
  { label: 'ResyncMFADevice for an unknown user with a malformed code', steps: [createDevice(D), { action: 'ResyncMFADevice', params: { UserName: nameOf(GHOST), SerialNumber: serialOf(D), AuthenticationCode1: { text: '12345' }, AuthenticationCode2: { text: '123456' } } }] },
  { label: 'DeactivateMFADevice for an unknown user with a malformed serial', steps: [{ action: 'DeactivateMFADevice', params: { UserName: nameOf(GHOST), SerialNumber: { text: 'short' } } }] },
  { label: 'ListMFADevices of an unknown user with MaxItems out of range', steps: [{ action: 'ListMFADevices', params: { UserName: nameOf(GHOST), MaxItems: { text: '0' } } }] },
];

/** V1 and V2 for every parameter of every action in scope (digest §1). */
export const validationProperties: Property[] = [
  {
    id: 'validation.constraints',
    title: 'Every parameter outside its constraint gets 400 ValidationError',
    clauses: ['V1', 'V1M', 'V3', 'D3'],
    arbitrary: invalidArb,
    examples: [
      // One past each maximum, where off-by-one mistakes live.
      invalidCase('CreateUser', 'UserName', { name: { label: 'invalid:too-long', prefixed: true, body: 'x'.repeat(bodyLengthFor(65)) } }, 'invalid:too-long(65)'),
      invalidCase('EnableMFADevice', 'UserName', { name: { label: 'invalid:too-long', prefixed: true, body: 'x'.repeat(bodyLengthFor(129)) } }, 'invalid:too-long(129)'),
      invalidCase('GetUser', 'UserName', { name: { label: 'invalid:too-long', prefixed: true, body: 'x'.repeat(bodyLengthFor(129)) } }, 'invalid:too-long(129)'),
      invalidCase('DeleteVirtualMFADevice', 'SerialNumber', { text: 'x'.repeat(257) }, 'invalid:too-long(257)'),
      invalidCase('EnableMFADevice', 'SerialNumber', { text: '12345678' }, 'invalid:too-short(8)'),
      invalidCase('EnableMFADevice', 'AuthenticationCode1', { text: '12345' }, 'invalid:too-short(5)'),
      invalidCase('CreateVirtualMFADevice', 'Path', { text: 'nopath' }, 'invalid:pattern'),
      invalidCase('ListVirtualMFADevices', 'AssignmentStatus', { text: 'Bogus' }, 'invalid:enum'),
      invalidCase('ListMFADevices', 'MaxItems', { text: '0' }, 'invalid:range'),
      invalidCase('ListVirtualMFADevices', 'MaxItems', { text: '1.0' }, 'invalid:integer'),
      invalidCase('ResyncMFADevice', 'UserName', { text: 'a b' }, 'invalid:pattern'),
      ...precedence,
      invalidCase('GetSessionToken', 'DurationSeconds', { text: '129601' }, 'invalid:range'),
      invalidCase('GetSessionToken', 'TokenCode', { text: '12345' }, 'invalid:too-short(5)'),
    ],
    weight: 1.5,
  },
  {
    id: 'validation.missing',
    title: 'A missing required parameter gets a 4xx',
    clauses: ['V2'],
    arbitrary: missingArb,
    examples: paramsOf.filter(({ p }) => p.required).map(({ action, p }) => invalidCase(action, p.name, 'absent', 'missing')),
    weight: 0.5,
  },
];
