import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { liveContainers, OWNER_LABEL } from '../../harness/targets/container.js';
import { cli } from '../cli/helpers.js';

/**
 * Needs a Docker engine (scripts/docker-engine.sh) and the host's moto (the image is built
 * from it, and the comparison runs it as a process too). No registry is assumed: the image
 * is built here, so its tag follows the host's moto version.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const MOTO_VERSION = execFileSync(process.env['PYTHON'] ?? 'python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' }).trim();
const IMAGE = `iam-mfa-conformance/moto:${MOTO_VERSION}`;
const FLAGS = ['--seed', '1', '--num-runs', '3', '--no-measure'];

interface Report {
  target: { kind: string; version?: string; endpoint: string };
  divergences: Array<{ signature: string; clause: string; operation: string; kind: string }>;
}

const tmp = () => mkdtempSync(join(tmpdir(), 'imc-containers-'));

async function containers(...filters: string[]): Promise<string[]> {
  const { stdout } = await run('docker', ['ps', '-a', '-q', ...filters.flatMap((f) => ['--filter', f])]);
  return stdout.split('\n').filter(Boolean);
}

async function runCli(target: string): Promise<{ code: number; err: string[]; report: Report }> {
  const dir = tmp();
  const r = await cli('run', '--target', target, ...FLAGS, '--report-dir', dir);
  return { code: r.code, err: r.err, report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report };
}

/** The CLI (or a fixture) as a child of its own, so that signals and exits hit it, not vitest. */
function child(args: string[]): { proc: ChildProcess; out: () => string; done: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return { proc, out: () => out, done };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const runningFor = (pid: number | undefined) => containers(`label=${OWNER_LABEL}=${pid}`, 'status=running');
const anyFor = (pid: number | undefined) => containers(`label=${OWNER_LABEL}=${pid}`);

describe('moto in a container, through testcontainers', () => {
  beforeAll(async () => {
    // Seconds when the tag exists; a cold build (debootstrap) takes about three minutes.
    const build = spawn('bash', [join(ROOT, 'scripts/build-moto-image.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    build.stdout.on('data', (d: Buffer) => (log += d.toString()));
    build.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const code = await new Promise<number | null>((r) => build.once('exit', r));
    if (code !== 0) throw new Error(`scripts/build-moto-image.sh failed (${code}):\n${log}`);
  }, 600_000);

  it('finds the same divergences as the process-launched moto, and leaves no container behind', async () => {
    const inContainer = await runCli(`container:${IMAGE}`);
    expect(inContainer.err).toEqual([]);
    expect(inContainer.code).toBe(EXIT.divergences);
    expect(inContainer.report.target.kind).toBe('container');
    expect(inContainer.report.target.version).toContain(IMAGE);
    expect(inContainer.report.target.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(liveContainers()).toEqual([]);
    expect(await containers(`ancestor=${IMAGE}`, `label=${OWNER_LABEL}=${process.pid}`)).toEqual([]);

    const asProcess = await runCli('moto');
    expect(asProcess.code).toBe(EXIT.divergences);
    // Same seed, same moto code: the same cases are generated and a signature carries no
    // names, ids or account, so the two sets must be equal, not merely alike.
    const signatures = (r: Report) => [...new Set(r.divergences.map((d) => d.signature))].sort();
    expect(signatures(inContainer.report).length).toBeGreaterThan(0);
    expect(signatures(inContainer.report)).toEqual(signatures(asProcess.report));
  });

  it('no Docker engine: exit 3 with one line that says how to get one', async () => {
    const saved = process.env['DOCKER_HOST'];
    process.env['DOCKER_HOST'] = 'unix:///nonexistent.sock';
    try {
      const dir = tmp();
      const r = await cli('run', '--target', `container:${IMAGE}`, ...FLAGS, '--report-dir', dir);
      expect(r.code).toBe(EXIT.endpoint);
      expect(r.err).toEqual([expect.stringMatching(/^iam-mfa-conformance: no Docker engine reachable at unix:\/\/\/nonexistent\.sock \(ENOENT\); start one \(e\.g\. scripts\/docker-engine\.sh in a clone of the iam-mfa-conformance repository\) or set DOCKER_HOST$/)]);
      expect(r.out.join('\n')).not.toMatch(/report:/);
    } finally {
      if (saved === undefined) delete process.env['DOCKER_HOST'];
      else process.env['DOCKER_HOST'] = saved;
    }
  });

  it('a missing image: exit 3 naming how to get it (build for ours, docker pull for a registry image)', async () => {
    const ours = await cli('run', '--target', 'container:iam-mfa-conformance/moto:0.0.0-missing', ...FLAGS, '--report-dir', tmp());
    expect(ours.code).toBe(EXIT.endpoint);
    expect(ours.err).toEqual([expect.stringMatching(/image iam-mfa-conformance\/moto:0\.0\.0-missing is not in the Docker engine.*bash scripts\/build-moto-image\.sh/)]);

    // No registry is reachable here and the tag exists on none: the pull fails either way.
    const official = await cli('run', '--target', 'container:motoserver/moto:0.0.0-missing', ...FLAGS, '--report-dir', tmp());
    expect(official.code).toBe(EXIT.endpoint);
    expect(official.err).toHaveLength(1);
    expect(official.err[0]).toMatch(/image motoserver\/moto:0\.0\.0-missing is not in the Docker engine and could not be pulled \(.+\); run: docker pull motoserver\/moto:0\.0\.0-missing; .*bash scripts\/build-moto-image\.sh/);
    expect(official.err[0]).not.toContain('\n');
  });

  it('an emulator that dies while starting: exit 3 quoting its last log line, and no container left', async () => {
    // The same image with a command that fails at once, as a broken emulator image would.
    const tag = `imc-test/exits:${process.pid}`;
    const { stdout } = await run('docker', ['create', IMAGE]);
    const created = stdout.trim();
    await run('docker', ['commit', '--change', 'CMD ["python3", "-c", "import sys; print(\'boom: no config\'); sys.exit(3)"]', created, tag]);
    await run('docker', ['rm', created]);
    try {
      const r = await cli('run', '--target', `container:${tag}@5000`, ...FLAGS, '--report-dir', tmp());
      expect(r.code).toBe(EXIT.endpoint);
      expect(r.err).toEqual([`iam-mfa-conformance: container ${tag} exited during start-up; last log line: boom: no config`]);
      expect(liveContainers()).toEqual([]);
      expect(await containers(`ancestor=${tag}`)).toEqual([]);
    } finally {
      await run('docker', ['rmi', '-f', tag]);
    }
  });

  it('Ctrl-C during a run: the run stops in order (exit 130) and the container is removed', async () => {
    const c = child(['bin/iam-mfa-conformance.js', 'run', '--target', `container:${IMAGE}`, '--seed', '1', '--num-runs', '200', '--no-measure', '--report-dir', tmp()]);
    await until('the container to run', async () => (await runningFor(c.proc.pid)).length === 1);
    await new Promise((r) => setTimeout(r, 1500)); // into the run proper, not the start-up
    c.proc.kill('SIGINT');
    expect(await c.done).toEqual({ code: EXIT.interrupted, signal: null });
    expect(c.out()).toMatch(/interrupted/);
    expect(await anyFor(c.proc.pid)).toEqual([]);
  });

  it('a second Ctrl-C does not wait for the orderly stop: the container is removed all the same', async () => {
    const c = child(['bin/iam-mfa-conformance.js', 'run', '--target', `container:${IMAGE}`, '--seed', '1', '--num-runs', '200', '--no-measure', '--report-dir', tmp()]);
    await until('the container to run', async () => (await runningFor(c.proc.pid)).length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    c.proc.kill('SIGINT');
    // Well inside the orderly stop: its cleanup, report and container removal take longer.
    await new Promise((r) => setTimeout(r, 100));
    c.proc.kill('SIGINT');
    // Killed by the re-raised signal, not returned from main(): our handler did the removal.
    expect(await c.done).toEqual({ code: null, signal: 'SIGINT' });
    expect(await anyFor(c.proc.pid)).toEqual([]);
  });

  it('a caller that never stops the target: removed on process.exit() and on a signal nobody handles', async () => {
    const fixture = ['--import', 'tsx', 'test/containers/fixtures/start-and-leave.ts'];
    const exits = child([...fixture, 'exit', IMAGE]);
    expect(await exits.done).toEqual({ code: 0, signal: null });
    expect(exits.out()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(await anyFor(exits.proc.pid)).toEqual([]);

    const held = child([...fixture, 'hold', IMAGE]);
    await until('the endpoint line', async () => /http:/.test(held.out()));
    expect(await runningFor(held.proc.pid)).toHaveLength(1);
    held.proc.kill('SIGINT');
    // Killed by the signal, as if we had no handler, once the container is gone.
    expect(await held.done).toEqual({ code: null, signal: 'SIGINT' });
    expect(await anyFor(held.proc.pid)).toEqual([]);
  });
});
