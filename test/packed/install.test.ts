import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, type Packed } from '../../scripts/packed-install.js';

/**
 * The package as a user installs it: packed, installed from the tarball with production
 * dependencies only, imported by its name from an ESM script, and run against the embedded
 * reference endpoint.
 */
describe('the packed package', () => {
  let packed: Packed;
  beforeAll(() => {
    packed = packAndInstall();
  });
  afterAll(() => {
    if (packed) rmSync(dirname(packed.project), { recursive: true, force: true });
  });

  it('holds the compiled product and its declarations, and none of the project\'s own tools', () => {
    const tops = new Set(packed.files.map((f) => f.split('/')[0]));
    for (const dir of ['test', '.ci', 'bench', 'scripts', 'instruments', 'docs', 'node_modules']) expect(tops.has(dir), dir).toBe(false);
    expect(packed.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(packed.files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'bin/iam-mfa-conformance.js', 'reports/report.schema.json', 'package.json']));
    expect(packed.files.some((f) => /fault|variant/i.test(f) && !f.startsWith('dist/generators/'))).toBe(false);
    const installed = join(packed.project, 'node_modules');
    // tsx and the compiler are for development only.
    expect(existsSync(join(installed, 'tsx'))).toBe(false);
    expect(existsSync(join(installed, 'typescript'))).toBe(false);
  });

  it("runs from code: import { runConformance } from 'iam-mfa-conformance' against the embedded reference", () => {
    const script = join(packed.project, 'check.mjs');
    writeFileSync(
      script,
      `import { runConformance, exitCodeOf, EXIT } from 'iam-mfa-conformance';
const events = {};
const report = await runConformance({ seed: 1, numRuns: 2, reportDir: 'out', listener: (e) => { events[e.type] = (events[e.type] ?? 0) + 1; } });
process.stdout.write(JSON.stringify({ report, exit: exitCodeOf(report), ok: EXIT.ok, events }));
`,
    );
    const out = execFileSync(process.execPath, [script], { cwd: packed.project, encoding: 'utf8', env: { ...process.env, CI: 'false' }, timeout: 120_000 });
    const { report, exit, ok, events } = JSON.parse(out) as {
      report: { schemaVersion: number; seed: number; numRuns: number; tool: { name: string }; target: { kind: string; selfCheck: boolean }; summary: { cases: number; requests: number; must: number }; divergences: Array<{ level: string }>; clauses: unknown[]; run: { prefix: string } };
      exit: number;
      ok: number;
      events: Record<string, number>;
    };
    expect(report.tool.name).toBe('iam-mfa-conformance');
    expect(report.schemaVersion).toBe(2);
    expect(report.seed).toBe(1);
    expect(report.numRuns).toBe(2);
    expect(report.target).toMatchObject({ kind: 'reference', selfCheck: true });
    expect(report.run.prefix).toMatch(/^imc[a-z0-9]{5}$/);
    expect(report.summary.cases).toBeGreaterThan(0);
    expect(report.summary.requests).toBeGreaterThan(0);
    expect(report.summary.must).toBe(0);
    expect(report.divergences.filter((d) => d.level === 'MUST')).toEqual([]);
    expect(report.clauses.length).toBeGreaterThan(0);
    expect(exit).toBe(ok);
    expect(events['target-opened']).toBe(1);
    expect(events['report-written']).toBe(1);
    expect(events['request']).toBe(report.summary.requests);
    // The files report.json serialises the same report.
    const written = JSON.parse(readFileSync(join(packed.project, 'out', 'report.json'), 'utf8')) as { summary: unknown; seed: number };
    expect(written.summary).toEqual(report.summary);
  });

  it('runs as a command: npx iam-mfa-conformance clauses, from the compiled CLI', () => {
    const bin = join(packed.project, 'node_modules', '.bin', 'iam-mfa-conformance');
    const out = execFileSync(bin, ['clauses'], { cwd: packed.project, encoding: 'utf8' });
    expect(out).toMatch(/^V1 +MUST/m);
    expect(execFileSync(bin, ['--version'], { cwd: packed.project, encoding: 'utf8' }).trim()).toMatch(/^iam-mfa-conformance \d+\.\d+\.\d+$/);
  });
});
