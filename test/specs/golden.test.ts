import { describe, expect, it } from 'vitest';
import {
  allows,
  apply,
  emptyState,
  exactClock,
  pairAt,
  predict,
  stepAt,
  type ModelState,
  type Outcome,
  type Request,
} from '../../specs/index.js';

/**
 * Golden tests: every outcome the contract digest records from real AWS must lie inside the
 * model's prediction, at MUST level and at every SHOULD tier (AWS is SHOULD-conformant by
 * definition). A model that predicted against AWS would raise false alarms.
 */
const T = 1_790_000_010; // inside a step, 10 s after its start
const clock = exactClock(T);
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const ACCOUNT = '123456789012';
const serial = (name: string) => `arn:aws:iam::${ACCOUNT}:mfa/${name}`;

function world(): ModelState {
  let s = emptyState(ACCOUNT);
  const ok: Outcome = { status: 200, code: null };
  s = apply(s, { action: 'CreateUser', params: { UserName: 'Bob' } }, ok, clock);
  s = apply(s, { action: 'CreateUser', params: { UserName: 'Alice' } }, ok, clock);
  for (const name of ['BobsMFA', 'Spare']) {
    s = apply(s, { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: name } }, ok, clock, { seed: SEED, serial: serial(name) });
  }
  const [c1, c2] = pairAt(SEED, stepAt(T));
  return apply(s, { action: 'EnableMFADevice', params: { UserName: 'Bob', SerialNumber: serial('BobsMFA'), AuthenticationCode1: c1, AuthenticationCode2: c2 } }, ok, clock);
}

const current = () => {
  const [c1, c2] = pairAt(SEED, stepAt(T));
  return { AuthenticationCode1: c1, AuthenticationCode2: c2 };
};

const RECORDED: Array<[string, Request, Outcome]> = [
  ['enable with the current pair (E1)', { action: 'EnableMFADevice', params: { UserName: 'Alice', SerialNumber: serial('Spare'), ...current() } }, { status: 200, code: null }],
  ['enable with wrong codes (E7)', { action: 'EnableMFADevice', params: { UserName: 'Alice', SerialNumber: serial('Spare'), AuthenticationCode1: '123456', AuthenticationCode2: '123456' } }, { status: 403, code: 'InvalidAuthenticationCode' }],
  ['unknown user with wrong codes: user first (E2, E2P)', { action: 'EnableMFADevice', params: { UserName: 'Nobody', SerialNumber: serial('Spare'), AuthenticationCode1: '123456', AuthenticationCode2: '654321' } }, { status: 404, code: 'NoSuchEntity' }],
  ['device of another user (E4)', { action: 'EnableMFADevice', params: { UserName: 'Alice', SerialNumber: serial('BobsMFA'), ...current() } }, { status: 409, code: 'EntityAlreadyExists' }],
  ['re-enable for the same user (E5)', { action: 'EnableMFADevice', params: { UserName: 'Bob', SerialNumber: serial('BobsMFA'), ...current() } }, { status: 409, code: 'EntityAlreadyExists' }],
  ['unknown serial of the account (E3)', { action: 'EnableMFADevice', params: { UserName: 'Alice', SerialNumber: serial('Never'), ...current() } }, { status: 404, code: 'NoSuchEntity' }],
  ['malformed user name (V1)', { action: 'EnableMFADevice', params: { UserName: 'bad name', SerialNumber: serial('Spare'), ...current() } }, { status: 400, code: 'ValidationError' }],
  ['five-digit code (V1)', { action: 'EnableMFADevice', params: { UserName: 'Alice', SerialNumber: serial('Spare'), AuthenticationCode1: '12345', AuthenticationCode2: '123456' } }, { status: 400, code: 'ValidationError' }],
  ['missing codes (V2)', { action: 'EnableMFADevice', params: { UserName: 'Alice', SerialNumber: serial('Spare') } }, { status: 400, code: 'ValidationError' }],
  ['duplicate virtual device (D2)', { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'Spare' } }, { status: 409, code: 'EntityAlreadyExists' }],
  ['path without slashes (D3)', { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'X', Path: 'team' } }, { status: 400, code: 'ValidationError' }],
  ['delete an assigned device (D4)', { action: 'DeleteVirtualMFADevice', params: { SerialNumber: serial('BobsMFA') } }, { status: 409, code: 'DeleteConflict' }],
  ['delete an unknown device (D4)', { action: 'DeleteVirtualMFADevice', params: { SerialNumber: serial('Never') } }, { status: 404, code: 'NoSuchEntity' }],
  ['bad Marker (D5S)', { action: 'ListVirtualMFADevices', params: { Marker: 'bogus' } }, { status: 400, code: 'ValidationError' }],
  ['GetMFADevice of a virtual device (G1)', { action: 'GetMFADevice', params: { SerialNumber: serial('BobsMFA') } }, { status: 400, code: 'ValidationError' }],
  ['CreateUser differing by case (U1)', { action: 'CreateUser', params: { UserName: 'BOB' } }, { status: 409, code: 'EntityAlreadyExists' }],
  ['DeleteUser with an MFA device (R3)', { action: 'DeleteUser', params: { UserName: 'Bob' } }, { status: 409, code: 'DeleteConflict' }],
  ['deactivate for an unknown user (R1)', { action: 'DeactivateMFADevice', params: { UserName: 'Nobody', SerialNumber: serial('BobsMFA') } }, { status: 404, code: 'NoSuchEntity' }],
  ['resync with wrong codes (R2)', { action: 'ResyncMFADevice', params: { UserName: 'Bob', SerialNumber: serial('BobsMFA'), AuthenticationCode1: '000000', AuthenticationCode2: '999999' } }, { status: 403, code: 'InvalidAuthenticationCode' }],
  ['list default (D5)', { action: 'ListVirtualMFADevices', params: {} }, { status: 200, code: null }],
];

describe('golden: outcomes recorded from real AWS lie inside the prediction', () => {
  const state = world();
  it.each(RECORDED)('%s', (_name, req, recorded) => {
    const p = predict(state, req, clock);
    expect(allows(p.must, recorded), `MUST tier ${JSON.stringify(p.must)}`).toBe(true);
    for (const tier of p.should) expect(allows(tier, recorded), `SHOULD tier ${tier.clause}`).toBe(true);
    expect(p.preferred.status === recorded.status && p.preferred.code === recorded.code).toBe(true);
  });
});
