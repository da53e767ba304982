import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { startReference, type ReferenceHooks } from '../../harness/reference/server.js';
import { faultById } from '../../instruments/faults/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const action = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const SCRIPT = join(ROOT, 'scripts/github-action.sh');

/** Runs the action's step as a GitHub runner would: inputs as INPUT_* variables, the summary and output files. */
async function runStep(inputs: Record<string, string>, hooks: ReferenceHooks = {}) {
  const ref = await startReference({ hooks });
  const work = mkdtempSync(join(tmpdir(), 'imc-action-'));
  const summary = join(work, 'summary.md');
  const output = join(work, 'output');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, INPUT_ENDPOINT_URL: ref.url, INPUT_REPORT_DIR: 'reports-here' };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v;
  try {
    const code = await new Promise<number>((done) => {
      const child = spawn('bash', [SCRIPT], { cwd: work, env, stdio: 'ignore' });
      child.on('exit', (c) => done(c ?? -1));
    });
    return { code, summary: readFileSync(summary, 'utf8'), output: readFileSync(output, 'utf8'), work };
  } finally {
    await ref.close();
  }
}

describe('the GitHub Action (action.yml), run locally', () => {
  it('is a composite action whose one step runs scripts/github-action.sh with every input in the environment', () => {
    expect(action).toMatch(/using: composite/);
    expect(action).toMatch(/run: bash "\$\{\{ github\.action_path \}\}\/scripts\/github-action\.sh"/);
    for (const input of ['endpoint-url', 'target', 'baseline', 'strict', 'report-dir', 'num-runs', 'seed', 'args']) {
      expect(action, input).toMatch(new RegExp(`^  ${input}:`, 'm'));
      expect(action, input).toContain(`INPUT_${input.toUpperCase().replace(/-/g, '_')}: \${{ inputs.${input} }}`);
    }
  });

  it('a passing run: exit 0, the Markdown report in the job summary, the exit code as an output, reports in the caller\'s directory', async () => {
    const r = await runStep({ 'num-runs': '2', args: '--include enable.success --no-measure' });
    expect(r.code).toBe(EXIT.ok);
    expect(r.summary).toMatch(/^### ✅ IAM MFA conformance/m);
    expect(r.output).toContain('exit-code=0');
    expect(readFileSync(join(r.work, 'reports-here', 'report.json'), 'utf8')).toContain('"divergences"');
  }, 60_000);

  it('a failing run: exit 1 and the failing divergences in the summary', async () => {
    const r = await runStep({ 'num-runs': '2', args: '--include enable.wrong-codes --no-measure' }, faultById('codes.unchecked')!.hooks);
    expect(r.code).toBe(EXIT.divergences);
    expect(r.summary).toMatch(/^### ❌ IAM MFA conformance: \d+ failing divergence/m);
    expect(r.output).toContain('exit-code=1');
  }, 60_000);

  it('a run that cannot start: its own exit code, and the summary says there is no report', async () => {
    const r = await runStep({ baseline: 'does-not-exist.json' });
    expect(r.code).toBe(EXIT.usage);
    expect(r.summary).toContain('no report (exit 2)');
  }, 60_000);
});
