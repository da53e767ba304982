import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Request } from '../../specs/index.js';
import { errorAnswer } from '../../instruments/faults/fault.js';
import { faultById } from '../../instruments/faults/index.js';
import { startReference, type ReferenceHooks } from '../../harness/reference/server.js';
import { EXIT } from '../../cli/exit-codes.js';
import type { Report } from '../../reports/report.js';
import { cli } from '../cli/helpers.js';

/** An endpoint whose caller may not call the given actions: every request of them is denied. */
const denying = (actions: (a: Request['action']) => boolean): ReferenceHooks => ({
  intercept: (req, _state, env) => (actions(req.action) ? errorAnswer(env, 'AccessDenied', `User is not authorized to perform: iam:${req.action}`, 403) : undefined),
});

async function run(hooks: ReferenceHooks, ...flags: string[]) {
  const ref = await startReference({ hooks });
  const dir = mkdtempSync(join(tmpdir(), 'imc-auth-'));
  try {
    const r = await cli('run', '--endpoint-url', ref.url, '--seed', '3', '--num-runs', '2', '--report-dir', dir, ...flags);
    const report = r.code === EXIT.usage ? undefined : (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report);
    return { ...r, report };
  } finally {
    await ref.close();
  }
}

describe('authorization is not conformance (digest §7 [AUTH])', () => {
  it('a caller who may not call ResyncMFADevice leaves R2 untested, says why, and fails nothing', async () => {
    const r = await run(denying((a) => a === 'ResyncMFADevice'), '--no-measure');
    expect(r.code).toBe(EXIT.ok);
    expect(r.report?.divergences).toEqual([]);
    const r2 = r.report?.clauses.find((c) => c.id === 'R2');
    expect(r2?.status).toBe('untested');
    expect(r2?.why).toMatch(/AccessDenied: the caller may not call ResyncMFADevice/);
    expect(r.report?.clauses.find((c) => c.id === 'E1')?.status).toBe('pass');
  });

  it('a run that could judge nothing exits 3 with one line, and the report says why', async () => {
    const r = await run(denying(() => true), '--no-measure', '--include', 'enable.success');
    expect(r.code).toBe(EXIT.endpoint);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/nothing could be judged: AccessDenied/);
    expect(r.report?.divergences).toEqual([]);
    expect(r.report?.unjudged.length).toBeGreaterThan(0);
  });

  it('an AccessDenied where a control request is allowed is judged like any answer (fault enable.unknown-user-403)', async () => {
    const fault = faultById('enable.unknown-user-403');
    expect(fault).toBeDefined();
    const r = await run(fault!.hooks, '--no-measure', '--include', 'enable.unknown-user');
    expect(r.code).toBe(EXIT.divergences);
    expect(r.report?.divergences.map((d) => `${d.clause} ${d.observed.code}`)).toContain('E2 AccessDenied');
  });
});
