import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { startReference, type ReferenceHooks } from '../../harness/reference/server.js';
import { faultById } from '../../instruments/faults/index.js';
import type { Report } from '../../reports/report.js';
import { cli } from './helpers.js';

async function run(hooks: ReferenceHooks, ...flags: string[]) {
  const actions: string[] = [];
  const counting: ReferenceHooks = {
    ...hooks,
    intercept: (req, state, env) => {
      actions.push(req.action);
      return hooks.intercept?.(req, state, env);
    },
  };
  const ref = await startReference({ hooks: counting });
  const dir = mkdtempSync(join(tmpdir(), 'imc-sel-'));
  try {
    const r = await cli('run', '--endpoint-url', ref.url, '--seed', '4', '--num-runs', '2', '--report-dir', dir, ...flags);
    return { ...r, actions, report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report };
  } finally {
    await ref.close();
  }
}

const hooks = (id: string): ReferenceHooks => {
  const f = faultById(id);
  if (!f) throw new Error(id);
  return f.hooks;
};

describe('--include/--exclude select what is judged and what is sent', () => {
  it('a fault outside the selection is a setup failure, not a divergence: exit 0, other clauses not selected', async () => {
    const r = await run(hooks('create-device.qr-uri'), '--include', 'D5S');
    expect(r.code).toBe(EXIT.ok);
    expect(r.report.divergences).toEqual([]);
    expect(r.report.setupFailures?.map((f) => f.clause)).toContain('D1Q');
    expect(r.report.clauses.find((c) => c.id === 'D1Q')?.status).toBe('not-selected');
    expect(r.report.clauses.find((c) => c.id === 'D5S')?.status).toBe('pass');
  });

  it('the same fault inside the selection fails the run', async () => {
    const r = await run(hooks('create-device.qr-uri'), '--include', 'D1Q');
    expect(r.code).toBe(EXIT.divergences);
    expect(r.report.divergences.map((d) => d.clause)).toEqual(['D1Q']);
  });

  it('an excluded action is never sent, and its clause is not selected', async () => {
    const r = await run(hooks('resync.codes-unchecked'), '--include', 'lifecycle', '--exclude', 'ResyncMFADevice,R2');
    expect(r.code).toBe(EXIT.ok);
    expect(r.actions).not.toContain('ResyncMFADevice');
    expect(r.report.clauses.find((c) => c.id === 'R2')?.status).toBe('not-selected');
  });

  it('an excluded clause is not judged even where its action is sent', async () => {
    const r = await run(hooks('resync.codes-unchecked'), '--include', 'lifecycle', '--exclude', 'R2');
    expect(r.code).toBe(EXIT.ok);
    expect(r.report.divergences.filter((d) => d.clause === 'R2')).toEqual([]);
  });
});
