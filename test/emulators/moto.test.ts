import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { cli } from '../cli/helpers.js';

interface Divergence {
  clause: string;
  kind: string;
  level: string;
  operation: string;
  steps: Array<{ action: string; codes?: string }>;
  replay: string;
}

async function runMoto(seed: number): Promise<{ code: number; divergences: Divergence[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'imc-moto-'));
  const r = await cli('run', '--target', 'moto', '--seed', String(seed), '--num-runs', '4', '--report-dir', dir, '--no-measure');
  expect(r.err).toEqual([]);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { divergences: Divergence[] };
  return { code: r.code, divergences: report.divergences };
}

/**
 * moto accepts any codes (it never checks them against the seed): the suite must say so,
 * with a short symbolic counterexample, and must say the same thing whatever the seed.
 */
describe('moto, started for real', () => {
  it('fails the run on E7 with a counterexample of at most 3 requests, for two seeds alike', async () => {
    const a = await runMoto(1);
    expect(a.code).toBe(EXIT.divergences);
    const e7 = a.divergences.find((d) => d.clause === 'E7' && d.operation === 'EnableMFADevice');
    expect(e7, 'E7 divergence').toBeDefined();
    expect(e7?.level).toBe('MUST');
    expect(e7?.steps.length).toBeLessThanOrEqual(3);
    expect(e7?.steps.at(-1)?.codes).toMatch(/same code twice|reversed|apart|another device|random/);
    expect(e7?.replay).toMatch(/iam-mfa-conformance replay .*--id D\d+/);

    const b = await runMoto(2);
    const clauses = (ds: Divergence[]) => [...new Set(ds.map((d) => `${d.clause}/${d.kind}`))].sort();
    expect(clauses(b.divergences)).toEqual(clauses(a.divergences));
    // moto does not implement these two actions: reported once each, as "not implemented".
    const missing = a.divergences.filter((d) => d.kind === 'not-implemented').map((d) => d.operation).sort();
    expect(missing).toEqual(['GetMFADevice', 'ResyncMFADevice']);
  });
});
