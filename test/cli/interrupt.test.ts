import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReference } from '../../harness/reference/server.js';
import { EXIT } from '../../cli/exit-codes.js';

/** Ctrl-C in the middle of a run: the case in flight is cleaned up and a partial report says so. */
describe('interrupt', () => {
  it('exits 130 after cleaning up, leaving nothing the run created', async () => {
    const ref = await startReference();
    const dir = mkdtempSync(join(tmpdir(), 'imc-int-'));
    try {
      const child = spawn(process.execPath, ['bin/iam-mfa-conformance.js', 'run', '--endpoint-url', ref.url, '--num-runs', '500', '--seed', '3', '--report-dir', dir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      // Interrupt once the run is under way: the first property has started creating resources.
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          if (ref.state().users.size > 0 || ref.state().devices.size > 0) {
            clearInterval(t);
            resolve();
          }
        }, 20);
      });
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code, out).toBe(EXIT.interrupted);
      expect(out).toMatch(/interrupted/);
      expect(ref.state().users.size).toBe(0);
      expect(ref.state().devices.size).toBe(0);
      expect(existsSync(join(dir, 'report.json'))).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({ interrupted: true, stopReason: 'interrupted' });
      // Every format says the run is partial, not only report.json.
      expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/partial run[\s\S]*PARTIAL run, interrupted \(Ctrl-C\)/);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('PARTIAL run, interrupted (Ctrl-C)');
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<property name="partial" value="interrupted"/>');
      expect(out).toMatch(/^PARTIAL run, interrupted \(Ctrl-C\)/m);
    } finally {
      await ref.close();
    }
  });
});
