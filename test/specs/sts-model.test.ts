import { describe, expect, it } from 'vitest';
import {
  AWS_STS_MESSAGES,
  allows,
  apply,
  codeAt,
  emptyState,
  pairAt,
  predict,
  stepAt,
  widened,
  type Clock,
  type ModelState,
  type Outcome,
  type PredictionWithFacts,
  type Request,
} from '../../specs/index.js';

/**
 * The sign-in rule set (digest §8) on its own: what S1 requires at MUST, what S2 narrows at
 * SHOULD, what S3 allows while STS has not caught up, and the clauses never contradicting
 * each other (everything S2 or S3 allows is inside MUST's widening, every MUST requirement
 * is also S2's). The seed is our own; codes are placed by step offsets.
 */

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OTHER = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const SERIAL = 'arn:aws:iam::123456789012:mfa/d';
const KEY = 'AKIAUSERKEY000000001';
const KEY_V = 'AKIAUSERKEY000000002';
/** 10 s into a step, an interval of a second: inside one step. */
const T0 = stepAt(1_790_000_000) * 30 + 10;
const at = (seconds: number): Clock => ({ lo: T0 + seconds, hi: T0 + seconds + 1 });
const step0 = stepAt(T0);
void step0;
const OK: Outcome = { status: 200, code: null };
const DENIED: Outcome = { status: 403, code: 'AccessDenied' };

function send(state: ModelState, req: Request, outcome: Outcome, clock: Clock, facts = {}): ModelState {
  return apply(state, req, outcome, clock, facts);
}

/** u (with key KEY), v (with KEY_V), device d enabled for u with the pair at `enableOffset`, at time 0. */
function enabled(enableOffset = 0): ModelState {
  let s = emptyState('123456789012');
  s = send(s, { action: 'CreateUser', params: { UserName: 'u' } }, OK, at(0));
  s = send(s, { action: 'CreateUser', params: { UserName: 'v' } }, OK, at(0));
  s = send(s, { action: 'CreateAccessKey', params: { UserName: 'u' } }, OK, at(0), { accessKeyId: KEY });
  s = send(s, { action: 'CreateAccessKey', params: { UserName: 'v' } }, OK, at(0), { accessKeyId: KEY_V });
  s = send(s, { action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'd' } }, OK, at(0), { seed: SEED, serial: SERIAL });
  const [c1, c2] = pairAt(SEED, step0 + enableOffset);
  return send(s, { action: 'EnableMFADevice', params: { UserName: 'u', SerialNumber: SERIAL, AuthenticationCode1: c1, AuthenticationCode2: c2 } }, OK, at(0));
}

/** A sign-in sent `seconds` after step 0's tenth second, with the code `offset` steps from its own step. */
const signIn = (offset: number, signer = KEY, seed = SEED, seconds = 60): Request => ({
  action: 'GetSessionToken',
  params: { SerialNumber: SERIAL, TokenCode: codeAt(seed, stepAt(T0 + seconds) + offset), DurationSeconds: '900' },
  signer,
});
const signInAt = (seconds: number, offset = 0) => signIn(offset, KEY, SEED, seconds);

/** Settled: a minute after the last change, with a 20 s bound. */
const settled = (s: ModelState, req: Request, seconds = 60) => predict(s, req, at(seconds), { settleSeconds: 20 });

const shows = (p: PredictionWithFacts) => ({
  must: p.must.allowed.map((a) => `${a.status}${a.code ? ` ${a.code}` : ''}`).sort(),
  should: p.should.map((t) => `${t.clause}:${t.allowed.map((a) => a.status).join('|')}`),
});

describe('S1 (MUST)', () => {
  it('the current code of an in-sync device, unused and settled: 200 only', () => {
    const p = settled(enabled(), signIn(0));
    expect(shows(p)).toEqual({ must: ['200'], should: [] });
    expect(p.settling).toBeUndefined();
  });

  it('a code that is no code of the seed: 403 AccessDenied with the recorded message', () => {
    const p = settled(enabled(), signIn(0, KEY, OTHER));
    expect(shows(p).must).toEqual(['403 AccessDenied']);
    expect(p.must.allowed[0]?.messages).toEqual([AWS_STS_MESSAGES.wrongCode()]);
  });

  it("a device not enabled for the caller (another user's, unassigned, deactivated, never created): 403, unable to validate", () => {
    const base = enabled();
    expect(shows(settled(base, signIn(0, KEY_V))).must).toEqual(['403 AccessDenied']);
    const off = send(base, { action: 'DeactivateMFADevice', params: { UserName: 'u', SerialNumber: SERIAL } }, OK, at(1));
    const p = settled(off, signIn(0));
    expect(shows(p).must).toEqual(['403 AccessDenied']);
    expect(p.must.allowed[0]?.messages).toEqual([AWS_STS_MESSAGES.unableToValidate()]);
    expect(shows(settled(base, { ...signIn(0), params: { ...signIn(0).params, SerialNumber: 'arn:aws:iam::123456789012:mfa/never' } })).must).toEqual(['403 AccessDenied']);
  });

  it('codes a few steps off, reused, or of a device out of sync: both at MUST', () => {
    for (const o of [-3, -1, 1, 2, 10]) expect(shows(settled(enabled(), signIn(o))).must, `offset ${o}`).toEqual(['200', '403 AccessDenied']);
    expect(shows(settled(enabled(-5), signIn(0))).must).toEqual(['200', '403 AccessDenied']);
  });

  it('a code far beyond any window (65 steps) is wrong', () => {
    expect(shows(settled(enabled(), signIn(65))).must).toEqual(['403 AccessDenied']);
  });

  it('malformed members are V1, whatever the device', () => {
    const p = settled(enabled(), { ...signIn(0), params: { SerialNumber: SERIAL, TokenCode: '12345' } });
    expect(shows(p).must).toEqual(['400 ValidationError']);
    const d = settled(enabled(), { action: 'GetSessionToken', params: { DurationSeconds: '899' }, signer: KEY });
    expect(shows(d).must).toEqual(['400 ValidationError']);
  });

  it('no device and no code: a session without MFA, 200; half of them: OPEN (S1O)', () => {
    expect(shows(settled(enabled(), { action: 'GetSessionToken', params: {}, signer: KEY })).must).toEqual(['200']);
    const half = settled(enabled(), { action: 'GetSessionToken', params: { SerialNumber: SERIAL }, signer: KEY });
    expect(half.open.map((q) => q.clause)).toEqual(['S1O']);
    expect(allows(half.must, OK) && allows(half.must, DENIED)).toBe(true);
  });
});

describe('S2 (SHOULD)', () => {
  it('±2 steps accepted, ±3 refused, around an in-sync frame', () => {
    for (const o of [-2, -1, 1, 2]) expect(shows(settled(enabled(), signIn(o))).should, `offset ${o}`).toEqual(['S2:200']);
    for (const o of [-3, 3, 10]) expect(shows(settled(enabled(), signIn(o))).should, `offset ${o}`).toEqual(['S2:403']);
  });

  it('a code STS accepted once is refused the second time, even after a Resync whose pair holds it', () => {
    let s = enabled();
    s = send(s, signIn(0), OK, at(60));
    expect(shows(settled(s, signInAt(61), 61))).toEqual({ must: ['200', '403 AccessDenied'], should: ['S2:403'] });
    const now = stepAt(T0 + 62);
    const [c1, c2] = [codeAt(SEED, now), codeAt(SEED, now + 1)];
    s = send(s, { action: 'ResyncMFADevice', params: { UserName: 'u', SerialNumber: SERIAL, AuthenticationCode1: c1, AuthenticationCode2: c2 } }, OK, at(62));
    // Later in the same step: the code is still the one spent.
    expect(shows(settled(s, signInAt(75), 75)).should).toEqual(['S2:403']);
  });

  it('after a stale Enable the current code is refused; after a Resync with the current pair it must be accepted', () => {
    let s = enabled(-5);
    expect(shows(settled(s, signIn(0))).should).toEqual(['S2:403']);
    // The stale frame's own codes are not recorded either way after an Enable.
    expect(shows(settled(s, signIn(-5))).should).toEqual([]);
    const [c1, c2] = pairAt(SEED, step0 + 4);
    s = send(s, { action: 'ResyncMFADevice', params: { UserName: 'u', SerialNumber: SERIAL, AuthenticationCode1: c1, AuthenticationCode2: c2 } }, OK, at(1));
    // Resynced 4 steps ahead: the frame moved there (recorded), so +4 is the frame's centre.
    expect(shows(settled(s, signIn(4))).should).toEqual(['S2:200']);
    expect(shows(settled(s, signIn(0))).should).toEqual(['S2:403']);
    const [d1, d2] = pairAt(SEED, stepAt(T0 + 60));
    s = send(s, { action: 'ResyncMFADevice', params: { UserName: 'u', SerialNumber: SERIAL, AuthenticationCode1: d1, AuthenticationCode2: d2 } }, OK, at(60));
    expect(shows(settled(s, signInAt(120), 120))).toEqual({ must: ['200'], should: [] });
  });
});

describe('S3 (OPEN): settling and the budget', () => {
  it('right after Enable, a refusal is allowed only as not settled; past the bound it is not', () => {
    const s = enabled();
    const soon = predict(s, signInAt(2), at(2), { settleSeconds: 20 });
    expect(shows(soon).must).toEqual(['200']);
    expect(soon.settling?.allowed.map((a) => `${a.status} ${a.code}`)).toContain('403 AccessDenied');
    expect(soon.settling?.after).toBe('EnableMFADevice');
    expect(predict(s, signInAt(25), at(25), { settleSeconds: 20 }).settling).toBeUndefined();
  });

  it('right after Deactivate, an acceptance is allowed only as not settled', () => {
    const s = send(enabled(), { action: 'DeactivateMFADevice', params: { UserName: 'u', SerialNumber: SERIAL } }, OK, at(60));
    const p = predict(s, signInAt(61, 1), at(61), { settleSeconds: 20 });
    expect(shows(p).must).toEqual(['403 AccessDenied']);
    expect(allows(widened(p).must, OK)).toBe(true);
  });

  it('a key IAM just issued may not sign yet (InvalidClientTokenId), as real AWS is eventually consistent', () => {
    const p = predict(enabled(), signInAt(3), at(3), { settleSeconds: 20 });
    expect(p.settling?.allowed.map((a) => a.code)).toContain('InvalidClientTokenId');
  });

  it('past about nine verifications of a device in three minutes, "unable to validate" is inconclusive', () => {
    let s = enabled();
    for (let i = 0; i < 6; i++) s = send(s, signIn(50, KEY, OTHER), DENIED, at(60 + i));
    expect(predict(s, signIn(0), at(70), { settleSeconds: 20 }).budget).toBeUndefined();
    s = send(s, signIn(50, KEY, OTHER), DENIED, at(66));
    expect(predict(s, signIn(0), at(70), { settleSeconds: 20 }).budget?.[0]?.messages).toEqual([AWS_STS_MESSAGES.unableToValidate()]);
    // Three minutes later the device has its budget back.
    expect(predict(s, signIn(0), at(260), { settleSeconds: 20 }).budget).toBeUndefined();
  });

  it('an endpoint that lags (the reference) answers from the view `lag` seconds old', () => {
    const s = enabled();
    expect(shows(predict(s, signInAt(0.5), at(0.5), { lagSeconds: 2 })).must).toEqual(['403 AccessDenied']);
    expect(shows(predict(s, signInAt(3), at(3), { lagSeconds: 2 })).must).toEqual(['200']);
  });
});

describe('the levels never contradict each other', () => {
  it('every SHOULD tier and the settling set lie inside the widened MUST tier', () => {
    const states = [enabled(), enabled(-5), enabled(3), send(enabled(), { action: 'DeactivateMFADevice', params: { UserName: 'u', SerialNumber: SERIAL } }, OK, at(1))];
    for (const s of states) {
      for (const o of [-70, -4, -3, -2, -1, 0, 1, 2, 3, 4, 70]) {
        for (const seconds of [0.5, 5, 60]) {
          const p = widened(predict(s, signIn(o, KEY, SEED, seconds), at(seconds), { settleSeconds: 20 }));
          for (const t of p.should) for (const a of t.allowed) expect(allows(p.must, { status: a.status as number, code: a.code as string | null }), `offset ${o} at ${seconds} s`).toBe(true);
        }
      }
    }
  });
});
