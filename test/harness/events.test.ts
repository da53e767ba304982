import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyState } from '../../specs/index.js';
import { fixedName } from '../../generators/simple-names.js';
import { calibrate } from '../../harness/calibrate.js';
import { connect } from '../../harness/connect.js';
import { runEngine, type EngineResult } from '../../harness/engine.js';
import type { EngineEvent } from '../../harness/events.js';
import type { Property } from '../../harness/properties/property.js';
import { createDevice, createUser, enable, listMfa, nameOf, serialOf } from '../../harness/properties/steps.js';
import { renderError, renderSuccess } from '../../harness/protocol/render.js';
import { startReference } from '../../harness/reference/server.js';

const U = fixedName('u');
const D = fixedName('d');
const NEVER = fixedName('never');

/**
 * One witness that gives every kind of event: a stale genuine pair (an OPEN point, so a
 * measurement), a list of a user that was never created (the planted fault below answers it
 * 200: a divergence, pruned afterwards), and a user that cleanup cannot delete (a warning).
 */
const story: Property = {
  id: 'test.events',
  title: 'every kind of engine event',
  clauses: ['E8', 'L1'],
  arbitrary: fc.constant({ label: 'none', steps: [] }),
  examples: [{ label: 'a stale pair, then a list of a user never created', steps: [createUser(U), createDevice(D), enable(nameOf(U), serialOf(D), D, { kind: 'genuine', offset: -100 }), listMfa(NEVER)] }],
  weight: 0,
};

async function runRecording(): Promise<{ events: EngineEvent[]; result: EngineResult }> {
  const ref = await startReference({
    hooks: {
      intercept: (req) => (req.action === 'DeleteUser' ? { status: 409, body: renderError('DeleteConflict', 'planted: cannot delete', 'Sender', 'req-x'), headers: {} } : undefined),
      answer: (req, a) => (req.action === 'ListMFADevices' && a.body.includes('<Code>NoSuchEntity</Code>') ? { ...a, status: 200, body: renderSuccess('ListMFADevices', { mfaDevices: [], isTruncated: false }, 'req-y') } : a),
    },
  });
  const { session, close } = await connect({ endpoint: ref.url, region: 'us-east-1', connectTimeoutMs: 5000, readTimeoutMs: 5000, verifySsl: true, debug: false }, () => undefined);
  const events: EngineEvent[] = [];
  try {
    const cal = await calibrate(session, 'imcevent', ref.url);
    const result = await runEngine(session, { seed: 3, numRuns: 1, runId: 'event', properties: [story], emit: (e) => events.push(e), initialState: emptyState(cal.account, cal.partition) });
    return { events, result };
  } finally {
    close();
    await ref.close();
  }
}

describe('engine events are emitted as things happen', () => {
  it('case-finished, measurement and warning arrive inside their property, before it finishes', async () => {
    const { events, result } = await runRecording();
    const types = events.map((e) => e.type);
    const started = types.indexOf('property-started');
    const finished = types.indexOf('property-finished');
    expect(started).toBeGreaterThanOrEqual(0);
    expect(finished).toBeGreaterThan(started);

    const inside = (t: EngineEvent['type']) => events.map((e, i) => [e, i] as const).filter(([e]) => e.type === t).map(([, i]) => i);
    const cases = inside('case-finished');
    expect(cases.length).toBeGreaterThan(1);
    for (const i of cases) expect(i > started && i < finished).toBe(true);

    // The witness ran first and was announced before its divergence was recorded.
    const divergence = types.indexOf('divergence');
    expect(divergence).toBeGreaterThan(started);
    expect(cases[0]).toBeLessThan(divergence);
    const first = events[cases[0]!] as Extract<EngineEvent, { type: 'case-finished' }>;
    expect(first).toEqual({ type: 'case-finished', property: 'test.events', stage: 'search', requests: 4 });
    // Pruning runs cases of its own, named as such, before the divergence is announced.
    const prunes = events.filter((e): e is Extract<EngineEvent, { type: 'case-finished' }> => e.type === 'case-finished' && e.stage === 'prune');
    expect(prunes.length).toBeGreaterThan(0);
    expect(inside('case-finished').some((i) => (events[i] as { stage: string }).stage === 'prune' && i < divergence)).toBe(true);

    const measured = inside('measurement');
    expect(measured.length).toBeGreaterThan(0);
    expect(measured[0]).toBeLessThan(finished);
    const m = events[measured[0]!] as Extract<EngineEvent, { type: 'measurement' }>;
    expect(m.measurement.clause).toBe('E8');
    expect(result.measurements.some((r) => r.clause === 'E8' && r.subject === m.measurement.subject)).toBe(true);

    // The cleanup failure is said once, when it first happens (every case hits it), and is in the result.
    const warnings = events.filter((e): e is Extract<EngineEvent, { type: 'warning' }> => e.type === 'warning');
    expect(warnings.map((w) => w.message)).toEqual(['some created resources could not be cleaned up; `iam-mfa-conformance cleanup` removes leftovers']);
    expect(types.indexOf('warning')).toBeLessThan(cases[1]!);
    expect(result.warnings).toEqual(warnings.map((w) => w.message));
  });
});
