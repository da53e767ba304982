import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AWS_MESSAGES,
  ACTIONS,
  ACTION_NAMES,
  allows,
  apply,
  emptyState,
  exactClock,
  pairAt,
  predict,
  stepAt,
  type Allowed,
  type ModelState,
  type Request,
} from '../../specs/index.js';

const ACCOUNT = '123456789012';
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const names = ['Bob', 'bob', 'Alice', 'bad name', '', 'x'.repeat(129)];
const serials = ['d1', 'd2', 'never'].map((n) => `arn:aws:iam::${ACCOUNT}:mfa/${n}`).concat(['GAHT12345678', 'short']);

const concrete = (a: Allowed) => ({ status: a.status === '4xx' ? 400 : a.status, code: a.code === '*' ? 'SomeError' : a.code });

const requestArb: fc.Arbitrary<Request> = fc.constantFrom(...ACTION_NAMES).chain((action) =>
  fc
    .record({
      user: fc.option(fc.constantFrom(...names), { nil: undefined }),
      serial: fc.option(fc.constantFrom(...serials), { nil: undefined }),
      codes: fc.constantFrom('current', 'wrong', 'stale', 'malformed', 'absent'),
      device: fc.constantFrom('d1', 'd2', 'new'),
    })
    .map(({ user, serial, codes, device }) => {
      const params: Record<string, string> = {};
      const members = ACTIONS[action].params.map((p) => p.name);
      if (members.includes('UserName') && user !== undefined) params['UserName'] = user;
      if (members.includes('SerialNumber') && serial !== undefined) params['SerialNumber'] = serial;
      if (members.includes('VirtualMFADeviceName')) params['VirtualMFADeviceName'] = device;
      if (members.includes('AuthenticationCode1') && codes !== 'absent') {
        const step = stepAt(1_790_000_010);
        const [c1, c2] = codes === 'current' ? pairAt(SEED, step) : codes === 'stale' ? pairAt(SEED, step - 3) : codes === 'wrong' ? ['123456', '123456'] : ['12a45', '123456'];
        params['AuthenticationCode1'] = c1;
        params['AuthenticationCode2'] = c2;
      }
      return { action, params };
    }),
);

/** Random sequences over a small world: the model stays coherent whatever happened before. */
describe('model invariants', () => {
  it('the preferred outcome is allowed, SHOULD tiers only narrow the MUST tier, and apply keeps the state consistent', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(requestArb, fc.boolean()), { maxLength: 25 }), (seq) => {
        let state: ModelState = emptyState(ACCOUNT);
        const clock = exactClock(1_790_000_010);
        for (const [req, takePreferred] of seq) {
          const p = predict(state, req, clock);
          expect(allows(p.must, concrete(p.preferred))).toBe(true);
          for (const tier of p.should) for (const a of tier.allowed) expect(allows(p.must, concrete(a))).toBe(true);
          const outcome = takePreferred ? concrete(p.preferred) : concrete(p.must.allowed[p.must.allowed.length - 1] ?? p.preferred);
          state = apply(state, req, outcome, clock, req.action === 'CreateVirtualMFADevice' ? { seed: SEED, serial: `arn:aws:iam::${ACCOUNT}:mfa/${req.params['VirtualMFADeviceName']}` } : {});
          // An assigned device always has its enable date, an unassigned one never does.
          for (const d of state.devices.values()) expect(d.user === null).toBe(d.enableDate === null);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a success is never allowed for a request with a malformed member', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const p = predict(emptyState(ACCOUNT), req, exactClock(1_790_000_010));
        const malformed = Object.entries(req.params).some(([k, v]) => (k === 'UserName' && (v === 'bad name' || v === '' || (v ?? '').length > 128)) || (k === 'SerialNumber' && v === 'short') || (k.startsWith('Authentication') && v === '12a45'));
        if (malformed) expect(allows(p.must, { status: 200, code: null })).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('a current pair on a free device of a known user must be accepted, a wrong one refused', () => {
    let s = emptyState(ACCOUNT);
    const clock = exactClock(1_790_000_010);
    s = apply(s, { action: 'CreateUser', params: { UserName: 'Bob' } }, { status: 200, code: null }, clock);
    s = apply(s, { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'd1' } }, { status: 200, code: null }, clock, { seed: SEED, serial: `arn:aws:iam::${ACCOUNT}:mfa/d1` });
    const [c1, c2] = pairAt(SEED, stepAt(clock.lo));
    const ok = predict(s, { action: 'EnableMFADevice', params: { UserName: 'Bob', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/d1`, AuthenticationCode1: c1, AuthenticationCode2: c2 } }, clock);
    expect(ok.must.allowed).toEqual([{ status: 200, code: null, clause: 'E1' }]);
    const bad = predict(s, { action: 'EnableMFADevice', params: { UserName: 'Bob', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/d1`, AuthenticationCode1: c2, AuthenticationCode2: c1 } }, clock);
    expect(bad.must.allowed).toEqual([{ status: 403, code: 'InvalidAuthenticationCode', clause: 'E7', messages: [AWS_MESSAGES.invalidCode()] }]);
  });

  it('a clock interval straddling a step boundary makes the current pair OPEN, never a MUST either way', () => {
    let s = emptyState(ACCOUNT);
    const t = 1_790_000_010;
    s = apply(s, { action: 'CreateUser', params: { UserName: 'Bob' } }, { status: 200, code: null }, exactClock(t));
    s = apply(s, { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'd1' } }, { status: 200, code: null }, exactClock(t), { seed: SEED, serial: `arn:aws:iam::${ACCOUNT}:mfa/d1` });
    const boundary = (stepAt(t) + 1) * 30;
    const [c1, c2] = pairAt(SEED, stepAt(t));
    const p = predict(s, { action: 'EnableMFADevice', params: { UserName: 'Bob', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/d1`, AuthenticationCode1: c1, AuthenticationCode2: c2 } }, { lo: boundary - 0.2, hi: boundary + 0.2 });
    expect(allows(p.must, { status: 200, code: null })).toBe(true);
    expect(allows(p.must, { status: 403, code: 'InvalidAuthenticationCode' })).toBe(true);
    expect(p.open.map((o) => o.clause)).toContain('E8');
  });
});

/** Digest §7: what recorded AWS does that a naive model would call a failure. */
describe('the per-device counter, the anchored window and MaxItems (digest §7)', () => {
  const T = 1_790_000_010;
  const clock = exactClock(T);
  const now = stepAt(T);
  const ok = { status: 200, code: null } as const;
  const refused = { status: 403, code: 'InvalidAuthenticationCode' } as const;
  const serial = `arn:aws:iam::${ACCOUNT}:mfa/d1`;
  const codes = (step: number) => {
    const [c1, c2] = pairAt(SEED, step);
    return { AuthenticationCode1: c1, AuthenticationCode2: c2 };
  };
  const enableReq = (step: number, user = 'Bob'): Request => ({ action: 'EnableMFADevice', params: { UserName: user, SerialNumber: serial, ...codes(step) } });
  const resyncReq = (step: number): Request => ({ action: 'ResyncMFADevice', params: { UserName: 'Bob', SerialNumber: serial, ...codes(step) } });
  function world(): ModelState {
    let s = emptyState(ACCOUNT);
    s = apply(s, { action: 'CreateUser', params: { UserName: 'Bob' } }, ok, clock);
    s = apply(s, { action: 'CreateUser', params: { UserName: 'Alice' } }, ok, clock);
    return apply(s, { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'd1' } }, ok, clock, { seed: SEED, serial });
  }
  const tiersAllow = (p: ReturnType<typeof predict>, o: { status: number; code: string | null }) => allows(p.must, o) && p.should.every((t) => allows(t, o));

  it('after an Enable 2 steps ahead, a Resync with the current pair is OPEN at MUST and refused at SHOULD (E8R)', () => {
    const s = apply(world(), enableReq(now + 2), ok, clock);
    const p = predict(s, resyncReq(now), clock);
    expect(allows(p.must, ok)).toBe(true);
    expect(allows(p.must, refused)).toBe(true);
    expect(tiersAllow(p, refused)).toBe(true);
    expect(tiersAllow(p, ok)).toBe(false);
    expect(p.should.find((t) => !allows(t, ok))?.clause).toBe('E8R');
    expect(p.preferred).toMatchObject(refused);
  });

  it('a pair strictly after the last accepted step is current again: a must', () => {
    const s = apply(world(), enableReq(now - 1), ok, clock);
    const p = predict(s, resyncReq(now + 1 /* first code at now > now - 1 */), exactClock(T + 30));
    expect(p.must.allowed).toEqual([{ status: 200, code: null, clause: 'R2' }]);
  });

  it('the counter survives DeactivateMFADevice and goes with the device', () => {
    let s = apply(world(), enableReq(now), ok, clock);
    s = apply(s, { action: 'DeactivateMFADevice', params: { UserName: 'Bob', SerialNumber: serial } }, ok, clock);
    const again = predict(s, enableReq(now, 'Alice'), clock);
    expect(tiersAllow(again, ok)).toBe(false);
    expect(allows(again.must, ok)).toBe(true);
    s = apply(s, { action: 'DeleteVirtualMFADevice', params: { SerialNumber: serial } }, ok, clock);
    s = apply(s, { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'd1' } }, ok, clock, { seed: SEED, serial });
    expect(predict(s, enableReq(now, 'Alice'), clock).must.allowed).toEqual([{ status: 200, code: null, clause: 'E1' }]);
  });

  it.each([-998, -999, -1500, 900, 1000, 1001, 1900])('a genuine pair %i steps from now is an E8 question, never an invalid pair (E7)', (offset) => {
    const p = predict(world(), enableReq(now + offset), clock);
    expect(allows(p.must, ok)).toBe(true);
    expect(allows(p.must, refused)).toBe(true);
    expect(p.open.map((o) => o.clause)).toContain('E8');
    expect(p.codes?.fromNow).toBe(offset);
  });

  it('the recorded chain +600, +1200, +1800, +1802, then deactivate and re-enable at +1804, is allowed at every tier', () => {
    let s = world();
    const chain: Request[] = [enableReq(now + 600), resyncReq(now + 1200), resyncReq(now + 1800), resyncReq(now + 1802)];
    for (const req of chain) {
      const p = predict(s, req, clock);
      expect(tiersAllow(p, ok), `${req.action} ${JSON.stringify(p.codes)}`).toBe(true);
      s = apply(s, req, ok, clock);
    }
    s = apply(s, { action: 'DeactivateMFADevice', params: { UserName: 'Bob', SerialNumber: serial } }, ok, clock);
    const last = predict(s, enableReq(now + 1804), clock);
    expect(tiersAllow(last, ok)).toBe(true);
    expect(last.codes?.fromAnchor).toBe(2);
  });

  const list = (maxItems: string): Request => ({ action: 'ListVirtualMFADevices', params: { MaxItems: maxItems } });
  it.each(['01', '+1', '1000', '0001000'])('MaxItems %j is an integer within range', (v) => {
    expect(predict(world(), list(v), clock).must.allowed).toEqual([{ status: 200, code: null, clause: 'D5' }]);
  });
  it.each([' 1 ', '1.0', '1e0', '2147483648', '-2147483649', 'abc'])('MaxItems %j is not an int32: MalformedInput at SHOULD, ValidationError allowed at MUST', (v) => {
    const p = predict(world(), list(v), clock);
    expect(allows(p.must, { status: 400, code: 'ValidationError' })).toBe(true);
    expect(allows(p.must, { status: 400, code: 'MalformedInput' })).toBe(true);
    expect(allows(p.must, ok)).toBe(false);
    expect(p.should.find((t) => !allows(t, { status: 400, code: 'ValidationError' }))?.clause).toBe('V1M');
    expect(p.preferred).toMatchObject({ status: 400, code: 'MalformedInput' });
  });
  it.each(['0', '1001', '-1', '2147483647'])('MaxItems %j is an integer out of range: ValidationError only', (v) => {
    const p = predict(world(), list(v), clock);
    expect(p.must.allowed.map((a) => a.code)).toEqual(['ValidationError']);
  });

  it('messages recorded on AWS ride on the outcomes they belong to (M1)', () => {
    let s = apply(world(), enableReq(now), ok, clock);
    expect(predict(s, enableReq(now + 3, 'Alice'), clock).must.allowed.find((a) => a.code === 'EntityAlreadyExists')?.messages).toEqual([AWS_MESSAGES.deviceInUse()]);
    expect(predict(s, { action: 'DeleteUser', params: { UserName: 'Bob' } }, clock).must.allowed[0]?.messages).toEqual([AWS_MESSAGES.deleteConflictUser()]);
    expect(predict(s, { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'x', Path: 'nope' } }, clock).must.allowed[0]?.messages).toEqual([AWS_MESSAGES.invalidPath()]);
    s = apply(s, { action: 'CreateUser', params: { UserName: 'Eve' } }, ok, clock);
    expect(predict(s, { action: 'CreateUser', params: { UserName: 'EVE' } }, clock).must.allowed[0]?.messages).toEqual([AWS_MESSAGES.userExists('EVE'), AWS_MESSAGES.userExists('Eve')]);
  });
});

describe('errata and foreign serials (digest §1, E3O)', () => {
  const clock = exactClock(1_790_000_010);
  const ok = { status: 200, code: null } as const;
  const ve = { status: 400, code: 'ValidationError' } as const;
  const bob = apply(emptyState(ACCOUNT), { action: 'CreateUser', params: { UserName: 'Bob' } }, ok, clock);

  it('a path containing DEL, otherwise valid, may be accepted or refused (V1O); a space is still V1', () => {
    const del = predict(emptyState(ACCOUNT), { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'x', Path: '/a\u007fb/' } }, clock);
    expect(allows(del.must, ok) && allows(del.must, ve)).toBe(true);
    expect(del.open.map((o) => o.clause)).toContain('V1O');
    const space = predict(emptyState(ACCOUNT), { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'x', Path: '/a b/' } }, clock);
    expect(allows(space.must, ok)).toBe(false);
  });

  it('a serial with + or _ may get ValidationError (the seed page omits them); Resync of an ARN may not', () => {
    const plus = predict(bob, { action: 'DeactivateMFADevice', params: { UserName: 'Bob', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/a+b` } }, clock);
    expect(allows(plus.must, ve)).toBe(true);
    const arn = predict(bob, { action: 'ResyncMFADevice', params: { UserName: 'Bob', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/ab`, AuthenticationCode1: '123456', AuthenticationCode2: '654321' } }, clock);
    expect(allows(arn.must, ve)).toBe(false);
  });

  it('a foreign or 9-character serial inside its shape gets any 4xx but ValidationError (E3O covers existence only)', () => {
    for (const serial of ['GAHT12345', 'arn:aws:iam::000000000001:mfa/else']) {
      const p = predict(bob, { action: 'EnableMFADevice', params: { UserName: 'Bob', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' } }, clock);
      expect(allows(p.must, { status: 404, code: 'NoSuchEntity' })).toBe(true);
      expect(allows(p.must, { status: 403, code: 'AccessDenied' })).toBe(true);
      expect(allows(p.must, ve)).toBe(false);
    }
  });
});
