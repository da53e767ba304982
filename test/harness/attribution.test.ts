import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyState, type ModelState } from '../../specs/index.js';
import { apply, continuation, exactClock } from '../../specs/index.js';
import { fixedName } from '../../generators/simple-names.js';
import { calibrate } from '../../harness/calibrate.js';
import { connect } from '../../harness/connect.js';
import { runEngine, type EngineResult } from '../../harness/engine.js';
import type { Property } from '../../harness/properties/property.js';
import { lifecycleProperties } from '../../harness/properties/lifecycle.js';
import { createUser, deactivate, deleteDevice, enable, listMfa, nameOf, serialOf } from '../../harness/properties/steps.js';
import { startReference, type ReferenceHooks } from '../../harness/reference/server.js';
import { composeHooks } from '../../instruments/compose.js';
import { faultById } from '../../instruments/faults/index.js';

const U = fixedName('u');
const NEVER = fixedName('never');

/** moto's D25 shape: an unknown serial enabled, then deleted (404) and deactivated (200). */
const phantomStory: Property = {
  id: 'test.phantom-story',
  title: 'after-effects of an accepted unknown serial',
  clauses: ['E3', 'D4', 'R1'],
  // Only the witness matters here; --num-runs 1 runs at most one case of this constant too.
  arbitrary: fc.constant({ label: 'none', steps: [] }),
  examples: [{ label: 'enable an unknown serial, then delete and deactivate it', steps: [createUser(U), enable(nameOf(U), serialOf(NEVER), NEVER, { kind: 'random', code1: '123456', code2: '234567' }), deleteDevice(NEVER), deactivate(U, NEVER), listMfa(U)] }],
  weight: 0,
};

async function runWith(hooks: ReferenceHooks, properties: Property[]): Promise<EngineResult> {
  const ref = await startReference({ hooks });
  const { session, close } = await connect({ endpoint: ref.url, region: 'us-east-1', connectTimeoutMs: 5000, readTimeoutMs: 5000, verifySsl: true, debug: false }, () => undefined);
  try {
    const cal = await calibrate(session, 'imcattrb', ref.url);
    // --num-runs 1: the witnesses decide; random cases would only add detail.
    return await runEngine(session, { seed: 7, numRuns: 1, runId: 'attrb', properties, emit: () => undefined, initialState: emptyState(cal.account, cal.partition) });
  } finally {
    close();
    await ref.close();
  }
}

const fault = (id: string): ReferenceHooks => {
  const f = faultById(id);
  if (!f) throw new Error(`no fault ${id}`);
  return f.hooks;
};
const failingClauses = (r: EngineResult) => [...new Set(r.divergences.filter((d) => d.finding.level === 'MUST' && !d.consequenceOf).map((d) => d.finding.clause))].sort();

describe('attribution: each divergence is charged to the clause that caused it', () => {
  it('an Enable that accepts unknown serials and keeps them (moto) fails E3 only; its after-effects follow E3', async () => {
    const r = await runWith(fault('enable.phantom-serial'), [phantomStory]);
    expect(failingClauses(r)).toEqual(['E3']);
    const after = r.divergences.filter((d) => d.consequenceOf);
    expect(after.map((d) => `${d.finding.action} ${d.finding.clause} follows ${d.consequenceOf?.clause}`)).toEqual(['DeleteVirtualMFADevice D4 follows E3']);
    // DeactivateMFADevice answered as the adopted state says: nothing blamed on R1.
    expect(r.divergences.some((d) => d.finding.clause === 'R1')).toBe(false);
  });

  it('with an independent real R1 fault planted too, R1 is still reported on its own', async () => {
    const deactivateLifecycle = lifecycleProperties.filter((p) => p.id === 'lifecycle.deactivate');
    const r = await runWith(composeHooks(fault('enable.phantom-serial'), fault('deactivate.not-persisted')), [phantomStory, ...deactivateLifecycle]);
    expect(failingClauses(r)).toEqual(['E3', 'R1']);
    const r1 = r.divergences.find((d) => d.finding.clause === 'R1' && !d.consequenceOf);
    expect(r1?.steps.some((s) => s.action === 'EnableMFADevice' && s.params['SerialNumber']?.includes('never'))).toBe(false);
  });
});

describe('how the model goes on after a divergent answer (specs/model/apply.ts continuation)', () => {
  const ok = { status: 200, code: null };
  const clock = exactClock(1_790_000_010);
  const withBob = (): ModelState => apply(emptyState('123456789012'), { action: 'CreateUser', params: { UserName: 'Bob' } }, ok, clock);

  it('adopts an accepted unknown serial as a device the user holds', () => {
    const s = withBob();
    const req = { action: 'EnableMFADevice' as const, params: { UserName: 'Bob', SerialNumber: 'arn:aws:iam::123456789012:mfa/a/ghost', AuthenticationCode1: '123456', AuthenticationCode2: '234567' } };
    expect(continuation(s, req, ok)).toBe('adopt');
    const next = apply(s, req, ok, clock);
    expect(next.devices.get('arn:aws:iam::123456789012:mfa/a/ghost')).toMatchObject({ name: 'ghost', path: '/a/', user: 'bob', phantom: true, seed: null });
  });

  it('ends the case where the answer leaves a state the model cannot describe', () => {
    const s = withBob();
    expect(continuation(s, { action: 'CreateUser', params: { UserName: 'BOB' } }, ok)).toBe('end');
    expect(continuation(s, { action: 'EnableMFADevice', params: { UserName: 'Nobody', SerialNumber: 'arn:aws:iam::123456789012:mfa/x', AuthenticationCode1: '1', AuthenticationCode2: '2' } }, ok)).toBe('end');
    expect(continuation(s, { action: 'CreateUser', params: { UserName: 'BOB' } }, { status: 409, code: 'EntityAlreadyExists' })).toBe('adopt');
  });
});
