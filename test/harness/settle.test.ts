import { describe, expect, it } from 'vitest';
import { AWS_STS, type Allowed, type PredictionWithFacts } from '../../specs/index.js';
import { DEFAULT_SETTLE_TIMEOUT_SECONDS, Settler, classify, ladder, nextWait } from '../../harness/settle.js';
import type { Observation } from '../../harness/protocol/observation.js';

const ok: Allowed = { status: 200, code: null, clause: 'S1' };
const denied = (clause: 'S1' | 'S2' | 'S3', messages?: string[]): Allowed => ({ status: 403, code: 'AccessDenied', clause, ...(messages ? { messages } : {}) });
const UNABLE = 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';

function prediction(must: Allowed[], extra: Partial<PredictionWithFacts> = {}): PredictionWithFacts {
  return { must: { clause: 'S1', allowed: must }, should: [], open: [], preferred: must[0] ?? ok, ...extra };
}
const answer = (status: number, code: string | null, message?: string): Observation => ({ status, code, envelope: code === null ? 'result' : 'error', ...(message ? { message } : {}) });

describe('the settling ladder', () => {
  it('grows, stays under the recorded budget of nine verifications, and ends at the bound', () => {
    const steps = ladder(DEFAULT_SETTLE_TIMEOUT_SECONDS);
    expect(steps.at(-1)).toBe(DEFAULT_SETTLE_TIMEOUT_SECONDS);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeGreaterThan(steps[i - 1]!);
    // The first attempt and one per rung.
    expect(1 + steps.length).toBeLessThan(AWS_STS.budget.verifications);
    // AWS was recorded settled by 13.5 s: the bound leaves it room.
    expect(DEFAULT_SETTLE_TIMEOUT_SECONDS).toBeGreaterThan(Math.max(...Object.values(AWS_STS.settled)));
  });

  it('the next wait reaches the next rung; none at the bound', () => {
    expect(nextWait(0.01, 20)).toBeCloseTo(0.14, 2);
    expect(nextWait(3, 20)).toBeCloseTo(3.15, 2);
    expect(nextWait(13, 20)).toBeCloseTo(7, 2);
    expect(nextWait(20, 20)).toBeUndefined();
    expect(nextWait(25, 20)).toBeUndefined();
  });

  it('rungs are read on the best guess of the time since the change, the bound on the least it can be', () => {
    // The clock leaves a second open: most likely 0.05 s have passed, surely none.
    expect(nextWait(0.05, 20, -0.9)).toBeCloseTo(0.1, 2);
    // Past the last rung, the wait is until the bound is surely reached.
    expect(nextWait(19.5, 20, 18.5)).toBeCloseTo(1.5, 2);
    expect(nextWait(21, 20, 19.9)).toBeCloseTo(0.1, 2);
    expect(nextWait(21, 20, 20)).toBeUndefined();
  });
});

describe('classify: settled, unsettled, a settling message, the budget', () => {
  const settling = { allowed: [denied('S3')], since: 100, sinceMid: 99.5, after: 'EnableMFADevice' };

  it('an answer the settled prediction allows is judged', () => {
    expect(classify(prediction([ok]), answer(200, null))).toEqual({ kind: 'settled' });
  });

  it('an answer only an earlier view allows is unsettled, from the change it waits for', () => {
    expect(classify(prediction([ok], { settling }), answer(403, 'AccessDenied', UNABLE))).toEqual({ kind: 'unsettled', since: 100, sinceMid: 99.5, after: 'EnableMFADevice' });
  });

  it('an answer allowed by neither is a divergence to judge', () => {
    expect(classify(prediction([ok], { settling }), answer(400, 'ValidationError'))).toEqual({ kind: 'settled' });
  });

  it('a settled status with an unsettled STS message is not an M1 finding', () => {
    expect(classify(prediction([denied('S1', ['wrong'])], { settling }), answer(403, 'AccessDenied', UNABLE))).toEqual({ kind: 'message' });
  });

  it("the budget's answer, and only with its message, is inconclusive", () => {
    const budget = [denied('S3', [UNABLE])];
    expect(classify(prediction([ok], { budget }), answer(403, 'AccessDenied', UNABLE))).toEqual({ kind: 'budget' });
    expect(classify(prediction([ok], { budget }), answer(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '))).toEqual({ kind: 'settled' });
  });
});

describe('Settler', () => {
  it('counts its waits and gives up on a kind of change that stayed unsettled to the bound', async () => {
    const s = new Settler(5);
    await s.wait(0.01);
    expect(s.waits).toBe(1);
    expect(s.worthWaiting('DeactivateMFADevice')).toBe(true);
    s.bound('DeactivateMFADevice', 'GetSessionToken', 5.2, 6);
    expect(s.worthWaiting('DeactivateMFADevice')).toBe(false);
    expect(s.worthWaiting('EnableMFADevice')).toBe(true);
    s.settled('EnableMFADevice', 'GetSessionToken', 0.2, 0.5, 2);
    expect(s.measurements.map((m) => m.value)).toEqual(['not settled 5 s after the change (6 attempts): judged as final', 'settled between 0.2 and 0.5 s after the change (2 attempts)']);
    expect(s.total().value).toMatch(/^0\.0 s in 1 wait\(s\) \(bound 5 s\)$/);
  });
});
