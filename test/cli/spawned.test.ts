import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { startReference, type ReferenceEndpoint } from '../../harness/reference/server.js';
import type { Report } from '../../reports/report.js';
import { startFakeMoto, namesIn, MOTO_DEFAULT_ACCOUNT, type FakeMoto } from './fixtures/fake-moto.js';
import { cli, closedPort } from './helpers.js';

/**
 * Issue 15, the paths that need a real process: a reader that goes away (EPIPE), a run
 * killed outright (kill -9) and cleaned up afterwards, a replay of a launched emulator.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const tmp = () => mkdtempSync(join(tmpdir(), 'imc-spawned-'));

interface Exit {
  code: number | null;
  stderr: string;
  stdout: string;
}

function start(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [join(ROOT, 'bin/iam-mfa-conformance.js'), ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
}

function finished(child: ChildProcessWithoutNullStreams): Promise<Exit> {
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((r) => child.once('exit', (code) => r({ code, stderr, stdout })));
}

/** `cmd | head -N`: the reader takes N lines, then closes its end of the pipe. */
async function headOf(args: string[], lines: number): Promise<Exit & { head: string[] }> {
  const child = start(args);
  let got = '';
  let head: string[] = [];
  const done = finished(child);
  await new Promise<void>((resolveHead) => {
    child.stdout.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.split('\n').length > lines && head.length === 0) {
        head = got.split('\n').slice(0, lines);
        child.stdout.destroy();
        resolveHead();
      }
    });
    child.once('exit', () => resolveHead());
  });
  return { ...(await done), head };
}

describe('a closed stdout ends the output quietly (item 5)', () => {
  it.each([
    [['clauses'], 1],
    [['generators', '--sample', '3'], 2],
  ])('%j | head -%i: exit 0, no stack trace', async (args, n) => {
    const r = await headOf(args, n);
    expect(r.head).toHaveLength(n);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
  });

  it('a reader gone before the first line changes nothing either', async () => {
    const child = start(['clauses']);
    child.stdout.destroy();
    const r = await finished(child);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
  });

  describe('run | head -2', () => {
    let ref: ReferenceEndpoint;
    beforeAll(async () => {
      ref = await startReference();
    });
    afterAll(async () => {
      await ref?.close();
    });

    it('the run goes on: its own exit code, its report files, its cleanup', async () => {
      const dir = tmp();
      const r = await headOf(['run', '--endpoint-url', ref.url, '--seed', '3', '--num-runs', '3', '--no-measure', '--report-dir', dir], 2);
      expect(r.head[0]).toMatch(/^iam-mfa-conformance: target /);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(EXIT.ok);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      expect(report.summary.cases).toBeGreaterThan(20);
      for (const f of ['junit.xml', 'report.html', 'report.md']) expect(existsSync(join(dir, f)), f).toBe(true);
      expect(ref.state().users.size).toBe(0);
      expect(ref.state().devices.size).toBe(0);
    });
  });
});

describe('cleanup finds what a killed run left (item 3)', () => {
  let moto: FakeMoto;
  beforeAll(async () => {
    moto = await startFakeMoto();
  });
  afterAll(async () => {
    await moto?.close();
  });

  it('after kill -9 on a moto: the printed prefix and account find the leftovers; nothing else is touched', async () => {
    const child = start(['run', '--endpoint-url', moto.url, '--seed', '3', '--num-runs', '500', '--no-measure', '--report-dir', tmp()]);
    const done = finished(child);
    let out = '';
    const ids = await new Promise<{ prefix: string; account: string }>((resolveIds, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        // Both lines, whole: the prefix and account, then the cleanup command that uses them.
        const m = /^ {2}run prefix (imc[a-z0-9]{5}), account (\d{12}) \(moto, x-moto-account-id header\)\n {2}if the run is killed, .*\n/m.exec(out);
        if (m) resolveIds({ prefix: m[1]!, account: m[2]! });
      });
      child.once('exit', () => reject(new Error(`run ended before printing its prefix: ${out}`)));
    });
    expect(out).toContain(`cleanup --endpoint-url ${moto.url} --prefix ${ids.prefix} --account ${ids.account}`);
    // Someone else's user with the same prefix, in moto's default account: never ours to remove.
    await moto.account(MOTO_DEFAULT_ACCOUNT).handle([['Action', 'CreateUser'], ['UserName', `${ids.prefix}-not-ours`]]);
    await new Promise<void>((resolveLeft) => {
      const t = setInterval(() => {
        if (namesIn(moto, ids.account).some((n) => n.includes(ids.prefix))) {
          // Hold every answer: the run can no longer remove what it created when it is killed.
          moto.hold();
          clearInterval(t);
          resolveLeft();
        }
      }, 5);
    });
    child.kill('SIGKILL');
    await done;
    moto.release();
    const left = namesIn(moto, ids.account).filter((n) => n.includes(ids.prefix));
    expect(left.length).toBeGreaterThan(0);

    // Without the account, moto would be asked about a fresh one and answer "nothing": refused.
    const blind = await cli('cleanup', '--endpoint-url', moto.url, '--prefix', ids.prefix);
    expect(blind.code).toBe(EXIT.usage);
    expect(blind.err).toEqual([expect.stringMatching(/is a moto: a run acts in an account of its own; pass --account/)]);

    const r = await cli('cleanup', '--endpoint-url', moto.url, '--prefix', ids.prefix, '--account', ids.account);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.join('\n')).toMatch(new RegExp(`^removed \\d+ device\\(s\\), \\d+ access key\\(s\\) and [1-9]\\d* user\\(s\\) .*with prefix ${ids.prefix} at ${moto.url.replace(/[.]/g, '\\.')}, account ${ids.account}$`));
    expect(namesIn(moto, ids.account).filter((n) => n.includes(ids.prefix))).toEqual([]);
    expect(namesIn(moto, MOTO_DEFAULT_ACCOUNT)).toContain(`${ids.prefix}-not-ours`);
  });

  it('cleanup REPORT.json takes the endpoint, prefix and account from the report', async () => {
    const dir = tmp();
    const run = await cli('run', '--endpoint-url', moto.url, '--seed', '1', '--num-runs', '1', '--include', 'E4', '--no-measure', '--report-dir', dir);
    expect(run.code).toBe(EXIT.ok);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.run).toMatchObject({ accountFrom: 'x-moto-account-id', account: expect.stringMatching(/^\d{12}$/) });
    const { prefix, account } = report.run!;
    await moto.account(account!).handle([['Action', 'CreateUser'], ['UserName', `${prefix}zzzzz-left`]]);
    const r = await cli('cleanup', join(dir, 'report.json'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.join('\n')).toMatch(/^removed 0 device\(s\), 0 access key\(s\) and 1 user\(s\)/);
    expect(namesIn(moto, account!)).not.toContain(`${prefix}zzzzz-left`);
  });

  it('cleanup of a report whose emulator the tool launched, now gone: nothing to clean, said so', async () => {
    const dir = tmp();
    await cli('run', '--seed', '1', '--num-runs', '1', '--include', 'E4', '--no-measure', '--report-dir', dir);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    const file = join(dir, 'moto.json');
    writeFileSync(file, JSON.stringify({ ...report, target: { endpoint: `http://127.0.0.1:${await closedPort()}`, kind: 'moto', name: 'moto', selfCheck: false }, run: { ...report.run, accountFrom: 'x-moto-account-id' } }));
    const r = await cli('cleanup', file);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toEqual([expect.stringMatching(/^nothing to clean: the moto the run launched at http:\/\/127\.0\.0\.1:\d+ is gone, and its state with it$/)]);
  });

  it('cleanup of a self-check report: nothing to clean, said so', async () => {
    const dir = tmp();
    await cli('run', '--seed', '1', '--num-runs', '1', '--include', 'E4', '--no-measure', '--report-dir', dir);
    const r = await cli('cleanup', join(dir, 'report.json'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toEqual([expect.stringMatching(/^nothing to clean: .* is a self-check/)]);
  });
});

describe('replay of a run whose emulator the tool launched (item 2)', () => {
  it('launches the same target again instead of trying its dead port', async () => {
    const dir = tmp();
    const wrapper = join(dir, 'moto_server');
    writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" --import tsx "${join(ROOT, 'test/cli/fixtures/fake-moto.ts')}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    const env = { ...process.env, IMC_MOTO_SERVER: wrapper, IMC_FAKE_MOTO_FAULT: 'enable-unknown-user-400' };
    const run = await finished(start(['run', '--target', 'moto', '--seed', '1', '--num-runs', '2', '--include', 'enable.unknown-user', '--no-measure', '--report-dir', dir], env));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.divergences);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.target).toMatchObject({ kind: 'moto', name: 'moto' });
    const planted = report.divergences.find((d) => d.signature === 'EnableMFADevice|V1|404 NoSuchEntity|400 ValidationError');
    expect(planted?.replay).toMatch(new RegExp(`replay .*report\\.json --id ${planted?.id.slice(1)} --target moto$`));

    const replay = await finished(start(['replay', join(dir, 'report.json'), '--id', planted!.id.slice(1)], env));
    expect(replay.stderr).toBe('');
    expect(replay.stdout).toContain(`launching moto again: the run's one (${report.target.endpoint}) stopped with the run`);
    expect(replay.stdout).toContain(`${planted!.id} STILL DIVERGES: ${planted!.signature}`);
    expect(replay.code).toBe(EXIT.divergences);
    const at = /still diverge at (http:\/\/127\.0\.0\.1:\d+)/.exec(replay.stdout)?.[1];
    expect(at).toBeDefined();
    expect(at).not.toBe(report.target.endpoint);
  });

  it('a container it cannot name again: exit 2, saying exactly what to pass', async () => {
    const dir = tmp();
    await cli('run', '--seed', '1', '--num-runs', '1', '--include', 'E4', '--no-measure', '--report-dir', dir);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    const file = join(dir, 'container.json');
    const d = { id: '#1', signature: 'x', clause: 'E4', level: 'MUST', counterexample: { label: 'x', steps: [] }, steps: [] };
    writeFileSync(file, JSON.stringify({ ...report, target: { endpoint: 'http://127.0.0.1:1', kind: 'container', selfCheck: false, version: 'image motoserver/moto:5.1.0 (abc)' }, divergences: [d] }));
    const r = await cli('replay', file);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toEqual([expect.stringMatching(/was launched by the tool and stopped with the run: pass --target NAME \(e\.g\. --target container:IMAGE\) or --endpoint-url URL$/)]);
  });

  it('--id takes 3, #3 and the D3 of older reports; an unknown one is named', async () => {
    const dir = tmp();
    await cli('run', '--seed', '1', '--num-runs', '1', '--include', 'E4', '--no-measure', '--report-dir', dir);
    const r = await cli('replay', join(dir, 'report.json'), '--id', '7');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toEqual([expect.stringMatching(/no divergence #7 in .*report\.json \(it has 0\)/)]);
    const bad = await cli('replay', join(dir, 'report.json'), '--id', 'E4');
    expect(bad.err).toEqual([expect.stringMatching(/--id takes divergence numbers such as 3 or #3, got "E4"/)]);
  });
});
