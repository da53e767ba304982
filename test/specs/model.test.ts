import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
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
    expect(bad.must.allowed).toEqual([{ status: 403, code: 'InvalidAuthenticationCode', clause: 'E7' }]);
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
