import fc from 'fast-check';
import { ACTIONS, ACTION_NAMES, SHAPES, allows, emptyState, exactClock, predict, violationsOf, virtualSerial, type ActionName, type ParamSpec } from '../../specs/index.js';
import { boundaryValues, type BoundaryValue } from '../../generators/boundary.js';
import { fixedName } from '../../generators/simple-names.js';
import type { CaseSpec, ParamValue, Step } from '../case/spec.js';
import type { Property } from './property.js';
import { createAccessKey, createDevice, createUser, nameOf, serialOf } from './steps.js';

const U = fixedName('u');
const D = fixedName('d');
/** Codes that are not a pair of anything: a code-bearing request changes no state. */
const WRONG = { kind: 'random', code1: '123456', code2: '654321' } as const;
/** A well-formed access key id the endpoint never issued (AWS's documentation example). */
export const UNISSUED_KEY = 'AKIAIOSFODNN7EXAMPLE';

const asParam = (v: BoundaryValue): ParamValue => (v.kind === 'name' ? { name: v.name } : v.kind === 'serial' ? { serialSpec: v.serial } : { text: v.text, label: v.label });

/**
 * One request of `action` with `param` at a boundary value and every other member valid:
 * existing-user members name the case's user, serials its device, and names a create call
 * gives are fresh (`tag`), so that only the member under test can decide the answer.
 */
function request(action: ActionName, param: ParamSpec, value: BoundaryValue, tag: string): Step {
  const params: Record<string, ParamValue> = { [param.name]: asParam(value) };
  if (action === 'GetSessionToken') return signInRequest(param, params);
  for (const p of ACTIONS[action].params) {
    if (p.name === param.name || p.name.startsWith('AuthenticationCode')) continue;
    if (p.name === 'UserName') params[p.name] = nameOf(action === 'CreateUser' ? fixedName(`c${tag}`) : U);
    else if (p.name === 'SerialNumber') params[p.name] = serialOf(D);
    else if (p.name === 'VirtualMFADeviceName') params[p.name] = nameOf(fixedName(`n${tag}`));
    else if (p.name === 'AccessKeyId') params[p.name] = { text: UNISSUED_KEY };
  }
  const codes = ACTIONS[action].params.some((p) => p.name === 'AuthenticationCode1');
  if (codes && param.name.startsWith('AuthenticationCode')) {
    // The other code stays well-formed so that only the member under test is at fault.
    params[param.name === 'AuthenticationCode1' ? 'AuthenticationCode2' : 'AuthenticationCode1'] = { text: WRONG.code1 };
    return { action, params };
  }
  return { action, params, ...(codes ? { codes: { device: D, pair: WRONG } } : {}) };
}

/**
 * A sign-in signed with the case user's key: the duration alone (a session without MFA), or
 * the device's serial with a code that is none of its codes, so that only the member under
 * test can decide the answer (the device is never enabled: a valid request gets 403).
 */
function signInRequest(param: ParamSpec, params: Record<string, ParamValue>): Step {
  if (param.name === 'DurationSeconds') return { action: 'GetSessionToken', params, signer: U };
  if (param.name !== 'SerialNumber') params['SerialNumber'] = serialOf(D);
  return { action: 'GetSessionToken', params, signer: U, ...(param.name === 'TokenCode' ? {} : { token: { device: D, code: { kind: 'random', code: '123456' } } }) };
}

/** Requests per case: enough to keep setup cheap, few enough for pruning to reach every one. */
const CHUNK = 12;

interface Edge {
  readonly action: ActionName;
  readonly param: ParamSpec;
  readonly value: BoundaryValue;
}

/**
 * A device created under a path whose characters a serial number may not hold (`!`, `~`, DEL)
 * or too long for one could never be deleted again (DeleteVirtualMFADevice takes its serial):
 * such paths are sent to CreateUser only, where the user is deleted by name.
 */
function deletable(action: ActionName, param: ParamSpec, value: BoundaryValue): boolean {
  if (action !== 'CreateVirtualMFADevice' || param.name !== 'Path' || value.kind !== 'text') return true;
  // Only a path the endpoint may accept creates a device: valid, or valid but for an erratum.
  const mayCreate = predictsSuccess(value.text);
  return !mayCreate || violationsOf(SHAPES.serialNumber, virtualSerial('aws', '123456789012', value.text, 'n')).length === 0;
}

const predictsSuccess = (path: string): boolean =>
  allows(predict(emptyState('123456789012'), { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'n', Path: path } }, exactClock(0)).must, { status: 200, code: null });

const EDGES: readonly Edge[] = ACTION_NAMES.flatMap((action) =>
  ACTIONS[action].params.flatMap((param) =>
    boundaryValues(param.shape)
      .filter((value) => deletable(action, param, value))
      .map((value) => ({ action, param, value })),
  ),
);

function caseOf(edges: readonly Edge[]): CaseSpec {
  const [first] = edges;
  return {
    label: `${first?.action} ${first?.param.name} on both sides of its constraints`,
    steps: [createUser(U), ...(edges.some((e) => e.action === 'GetSessionToken') ? [createAccessKey(U)] : []), createDevice(D), ...edges.map((e, i) => request(e.action, e.param, e.value, `${i}`))],
  };
}

/** Every boundary of every member of every action, in cases of one action and member. */
const witnesses: CaseSpec[] = ACTION_NAMES.flatMap((action) =>
  ACTIONS[action].params.flatMap((param) => {
    const edges = EDGES.filter((e) => e.action === action && e.param.name === param.name);
    return Array.from({ length: Math.ceil(edges.length / CHUNK) }, (_, k) => caseOf(edges.slice(k * CHUNK, (k + 1) * CHUNK)));
  }),
);

/**
 * Both sides of every constraint (digest §1, V1), per action and per member, derived from
 * specs/shapes.ts: a value inside its shape must never get ValidationError (a 128-character
 * unknown user gets 404 from every existing-user action), one outside must. Every witness runs
 * whatever the seed; random cases pick single edges again.
 */
export const boundaryProperties: Property[] = [
  {
    id: 'validation.boundaries',
    title: 'Both sides of every length, range, pattern and enum constraint, for every action and member',
    clauses: ['V1', 'V1M', 'V1O', 'D3', 'E2', 'E3', 'L1', 'U3'],
    arbitrary: fc.constantFrom(...EDGES).map((e) => caseOf([e])),
    examples: witnesses,
    weight: 0.3,
  },
];
