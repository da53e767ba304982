import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { freePort } from '../../harness/targets/process.js';
import { scriptFileOf } from '../../reports/aws-cli.js';
import type { Report, ReportDivergence } from '../../reports/report.js';
import { cli } from '../cli/helpers.js';

/**
 * The AWS CLI reproductions a run prints, run as printed with the real AWS CLI (PyPI
 * `awscli`, installed by scripts/install-aws-cli.sh into $IMC_CACHE/venv-awscli), the real
 * oathtool and a real moto: each must end with the answer its divergence names.
 *
 * The scripts run in a bare environment (a fresh HOME, no AWS_* variables), as on the
 * machine of someone who has just installed the AWS CLI.
 */
const CACHE = process.env['IMC_CACHE'] ?? '/var/cache/iam-mfa-conformance';
const AWS_BIN = process.env['IMC_AWS_CLI_BIN'] ?? join(CACHE, 'venv-awscli', 'bin');

function onPath(command: string, extra: string[] = []): boolean {
  return [...extra, ...(process.env['PATH'] ?? '').split(delimiter)].some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const missing = [
  onPath('aws', [AWS_BIN]) ? undefined : `the AWS CLI (${AWS_BIN}/aws; bash scripts/install-aws-cli.sh)`,
  onPath('oathtool') ? undefined : 'oathtool (bash scripts/install-aws-cli.sh)',
  onPath('moto_server') ? undefined : "moto_server (pip install 'moto[server]')",
].filter((m): m is string => m !== undefined);
// .ci/run installs them before this suite: missing there is a broken install, not a skip.
const skip = missing.length > 0 && process.env['CI'] !== 'true';
const title = (t: string) => (skip ? `${t} (skipped: needs ${missing.join(', ')})` : t);

/** A bare user environment: the AWS CLI on PATH, nothing configured. */
function userEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: `${AWS_BIN}${delimiter}${process.env['PATH'] ?? ''}`, HOME: home, LANG: 'C.UTF-8', ...extra };
  return env;
}

interface ScriptRun {
  readonly lines: string[];
  readonly stderr: string;
  readonly status: number | null;
}

function runScript(file: string, env: NodeJS.ProcessEnv): ScriptRun {
  const r = spawnSync('bash', [file], { env, timeout: 240_000 });
  return { lines: r.stdout.toString().trim().split('\n'), stderr: r.stderr.toString(), status: r.status };
}

/** What the AWS CLI prints for the outcome the run observed: OK for a success, else the error code. */
const cliAnswer = (d: ReportDivergence) => (d.observed.code ?? (d.observed.status < 300 ? 'OK' : undefined));

/** The step lines a script printed must be the run's answers for every step but the last one checked. */
function expectEndsWithObserved(d: ReportDivergence, run: ScriptRun): void {
  expect(run.stderr, `${d.id} stderr`).toBe('');
  expect(run.status, `${d.id} exit`).toBe(0);
  const step = d.step ?? d.steps.length;
  const action = d.steps[step - 1]?.action;
  expect(run.lines).toContain(`${step}. ${action} -> ${cliAnswer(d)}`);
  expect(run.lines.at(-1)).toBe(`${d.id} at step ${step}, ${action} -> ${cliAnswer(d)}: still diverges (the run observed ${d.observed.status} ${d.observed.code ?? 'OK'}; the contract expects ${d.expected.status} ${d.expected.code ?? 'OK'})`);
}

const usesOtherSeed = (dir: string, d: ReportDivergence) => readFileSync(join(dir, scriptFileOf(d.id)), 'utf8').includes('"$DIR/other.txt"');
const sendsCodes = (d: ReportDivergence) => d.counterexample.steps.some((s) => s.codes !== undefined && s.codes.pair.kind !== 'random' && s.codes.pair.kind !== 'malformed');
/** The AWS CLI sends it (botocore refuses some requests) and it answers as the run saw: a code, or OK. */
const runnable = (dir: string, d: ReportDivergence) => cliAnswer(d) !== undefined && d.kind === 'divergence' && !readFileSync(join(dir, scriptFileOf(d.id)), 'utf8').includes('the AWS CLI refuses to send this');

/** Users of one moto account, read the way moto routes a request (a SigV4 scope naming iam) with its account header. */
async function prefixedUsers(endpoint: string, account: string, prefix: string): Promise<string[]> {
  const r = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-moto-account-id': account, authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' },
    body: 'Action=ListUsers&Version=2010-05-08',
  });
  return [...(await r.text()).matchAll(/<UserName>([^<]*)<\/UserName>/g)].map((m) => m[1]!).filter((n) => n.startsWith(prefix));
}

describe('AWS CLI reproductions against moto, run as printed', () => {
  let moto: ChildProcess | undefined;
  let endpoint = '';
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'imc-awscli-'));
    dirs.push(d);
    return d;
  };
  let dir = '';
  let report: Report;

  beforeAll(async () => {
    if (skip) return;
    if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')} (.ci/run runs scripts/install-aws-cli.sh before this suite)`);
    // The user's own moto, started by them: the scripts default to it.
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    for (let i = 0; i < 150; i++) {
      if (await fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    dir = tmp();
    const r = await cli('run', '--endpoint-url', endpoint, '--seed', '1', '--quiet', '--report-dir', dir);
    if (r.code !== EXIT.divergences) throw new Error(`the moto run exited ${r.code}: ${r.err.join(' | ')}`);
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
  }, 300_000);

  afterAll(() => {
    moto?.kill('SIGTERM');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.skipIf(skip)(title('a code-bearing divergence (E7: codes never checked) ends with the answer it names'), () => {
    const e7 = report.divergences.find((d) => d.clause === 'E7' && d.operation === 'EnableMFADevice');
    expect(e7, 'E7 divergence on moto').toBeDefined();
    expect(sendsCodes(e7!)).toBe(true);
    const run = runScript(join(dir, scriptFileOf(e7!.id)), userEnv(tmp()));
    expectEndsWithObserved(e7!, run);
  });

  it.skipIf(skip)(title('a divergence whose codes come from another seed ends with the answer it names'), () => {
    const candidates = report.divergences.filter((d) => usesOtherSeed(dir, d) && runnable(dir, d));
    expect(candidates.map((d) => d.id), `seed ${report.seed}: a divergence with codes of another seed`).not.toEqual([]);
    const d = candidates[0]!;
    const run = runScript(join(dir, scriptFileOf(d.id)), userEnv(tmp()));
    expectEndsWithObserved(d, run);
  });

  it.skipIf(skip)(title('the QR code divergence (D1Q) shows the QR code is not a PNG, without printing it'), () => {
    const d1q = report.divergences.find((d) => d.clause === 'D1Q');
    expect(d1q, 'D1Q divergence on moto').toBeDefined();
    const run = runScript(join(dir, scriptFileOf(d1q!.id)), userEnv(tmp()));
    expect(run.stderr).toBe('');
    expect(run.lines.at(-1)).toMatch(new RegExp(`^${d1q!.id} at step \\d+, CreateVirtualMFADevice -> OK, QRCodePNG is not a PNG: still diverges `));
  });

  it.skipIf(skip)(title('a script leaves nothing behind and runs again'), () => {
    const e7 = report.divergences.find((d) => d.clause === 'E7' && d.operation === 'EnableMFADevice')!;
    const home = tmp();
    const again = runScript(join(dir, scriptFileOf(e7.id)), userEnv(home));
    expectEndsWithObserved(e7, again);
    const users = spawnSync('aws', ['iam', 'list-users', '--query', 'Users[].UserName', '--output', 'text', '--endpoint-url', endpoint], {
      env: userEnv(home, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' }),
    });
    expect(users.stdout.toString().split(/\s+/).filter((u) => u.startsWith(report.run!.prefix))).toEqual([]);
  });

  it.skipIf(skip)(title('after a --target moto run (its moto is gone) the script starts a moto of its own'), async () => {
    const d = tmp();
    const r = await cli('run', '--target', 'moto', '--seed', '1', '--include', 'enable.wrong-codes', '--no-measure', '--quiet', '--report-dir', d);
    expect(r.code).toBe(EXIT.divergences);
    const launched = JSON.parse(readFileSync(join(d, 'report.json'), 'utf8')) as Report;
    const e7 = launched.divergences.find((x) => x.clause === 'E7')!;
    const run = runScript(join(d, scriptFileOf(e7.id)), userEnv(tmp()));
    expectEndsWithObserved(e7, run);
    const used = /^endpoint: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(run.lines.join('\n'))?.[1];
    expect(used).toBeDefined();
    expect(used).not.toBe(launched.target.endpoint);
  });

  it.skipIf(skip)(title('after kill -9 the printed prefix and account let cleanup find the leftovers on a real moto'), async () => {
    const child = spawn(process.execPath, ['bin/iam-mfa-conformance.js', 'run', '--endpoint-url', endpoint, '--seed', '3', '--num-runs', '500', '--no-measure', '--report-dir', tmp()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const ids = await new Promise<{ prefix: string; account: string }>((resolveIds, reject) => {
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /^ {2}run prefix (imc[a-z0-9]{5}), account (\d{12}) .*\n {2}if the run is killed, .*\n/m.exec(out);
        if (m) resolveIds({ prefix: m[1]!, account: m[2]! });
      });
      child.once('exit', () => reject(new Error(`run ended early: ${out}`)));
    });
    // Freeze it until moto holds something of the run's, then kill it outright: no cleanup of its own can run.
    let left: string[] = [];
    for (let i = 0; i < 100 && left.length === 0; i++) {
      child.kill('SIGSTOP');
      left = await prefixedUsers(endpoint, ids.account, ids.prefix);
      if (left.length === 0) {
        child.kill('SIGCONT');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(left.length, 'users the killed run left').toBeGreaterThan(0);
    const r = await cli('cleanup', '--endpoint-url', endpoint, '--prefix', ids.prefix, '--account', ids.account);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.join('\n')).toMatch(new RegExp(`^removed \\d+ device\\(s\\), \\d+ access key\\(s\\) and ${left.length} user\\(s\\) .*with prefix ${ids.prefix} at .*, account ${ids.account}$`));
    expect(await prefixedUsers(endpoint, ids.account, ids.prefix)).toEqual([]);
  });
});
