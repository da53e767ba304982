import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awsCliScript, kebab, shq, type ScriptTarget } from '../../reports/aws-cli.js';
import { fixedName } from '../../generators/simple-names.js';
import { createAccessKey, createDevice, createUser, enable, nameOf, serialOf, signIn } from '../../harness/properties/steps.js';
import type { ReportDivergence } from '../../reports/report.js';
import { syntheticReport, tmp } from './support.js';

const report = syntheticReport();
const byClause = (clause: string, op?: string): ReportDivergence => report.divergences.find((d) => d.clause === clause && (op === undefined || d.operation === op))!;
const ENDPOINT = 'http://127.0.0.1:5077';
/** An endpoint the user started: the script's default. */
const URL_TARGET: ScriptTarget = { endpoint: ENDPOINT, kind: 'url', selfCheck: false, run: { prefix: 'imcabcde', account: '123456789012', accountFrom: 'credentials' } };
/** A moto the tool launched, with a per-run account header. */
const MOTO_TARGET: ScriptTarget = { endpoint: ENDPOINT, kind: 'moto', name: 'moto', selfCheck: false, run: { prefix: 'imcabcde', account: '123456789012', accountFrom: 'x-moto-account-id' } };
const MINISTACK_TARGET: ScriptTarget = { endpoint: ENDPOINT, kind: 'ministack', name: 'ministack', selfCheck: false, run: { prefix: 'imcabcde', account: '123456789012', accountFrom: 'access-key-id' } };
/** What the stand-in `aws` answers for serials: another account than the run's, as on the user's endpoint. */
const THEIR_ACCOUNT = '999999999999';

describe('AWS CLI spelling', () => {
  it.each([
    ['EnableMFADevice', 'enable-mfa-device'],
    ['CreateVirtualMFADevice', 'create-virtual-mfa-device'],
    ['ListVirtualMFADevices', 'list-virtual-mfa-devices'],
    ['VirtualMFADeviceName', 'virtual-mfa-device-name'],
    ['AuthenticationCode1', 'authentication-code1'],
    ['SerialNumber', 'serial-number'],
    ['UserName', 'user-name'],
  ])('%s -> %s', (api, cli) => expect(kebab(api)).toBe(cli));

  it('shell quoting passes any value through bash unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\u0000')), (value) => {
        const echoed = execFileSync('bash', ['-c', `printf '%s' ${shq(value)}`]);
        expect(echoed.toString('utf8')).toBe(Buffer.from(value, 'utf8').toString('utf8'));
      }),
      { numRuns: 60 },
    );
  });
});

describe('a minimal case as an AWS CLI script', () => {
  it('one option per line with backslash continuations; the serial comes from the create call, never the run ARN', () => {
    const lines = awsCliScript(byClause('E7'), URL_TARGET);
    const enable = lines.slice(lines.findIndex((l) => l === 'ask 3 EnableMFADevice iam enable-mfa-device \\'));
    expect(enable.slice(0, 5)).toEqual([
      'ask 3 EnableMFADevice iam enable-mfa-device \\',
      '    --user-name imcabcde0000a-u \\',
      '    --serial-number "$SERIAL2" \\',
      '    --authentication-code1 "$(code "$DIR/other.txt" -1)" \\',
      '    --authentication-code2 "$(code "$DIR/other.txt" 0)"',
    ]);
    expect(lines).toContain('ask 1 CreateUser iam create-user --user-name imcabcde0000a-u');
    expect(lines.join('\n')).not.toContain('arn:aws:iam::123456789012');
  });

  it('says what it needs and where it sends, at the top', () => {
    const text = awsCliScript(byClause('E7'), URL_TARGET).join('\n');
    expect(text).toMatch(/^# Reproduces #2 \[MUST\] E7 EnableMFADevice: expected 403 InvalidAuthenticationCode, observed 200 OK$/m);
    expect(text).toMatch(/^# Needs: bash, the AWS CLI \(v1 or v2\), oathtool \(OATH Toolkit\), and credentials/m);
    expect(text).toMatch(/^ENDPOINT=\$\{ENDPOINT:-http:\/\/127\.0\.0\.1:5077\}$/m);
  });

  it('saves the seed with --outfile and --bootstrap-method Base32StringSeed, and never prints digits for codes', () => {
    const text = awsCliScript(byClause('E9', 'EnableMFADevice'), URL_TARGET).join('\n');
    expect(text).toMatch(/ask 2 CreateVirtualMFADevice iam create-virtual-mfa-device \\\n {4}--virtual-mfa-device-name imcabcde0000a-d \\\n {4}--path \/ \\\n {4}--outfile "\$DIR\/seed2\.txt" \\\n {4}--bootstrap-method Base32StringSeed \\\n {4}--query VirtualMFADevice\.SerialNumber \\\n {4}--output text$/m);
    expect(text).toContain('oathtool --totp -b -N');
    expect(text).toMatch(/# 3\. EnableMFADevice; codes: genuine pair, 3 step\(s\) stale; diverged here: expected 200 OK, observed 500 ServiceFailure/);
    expect(text).not.toMatch(/--authentication-code\d \d{6}/);
  });

  it('a list answer that leaks seeds is shown as serials only, one page as the suite asked', () => {
    const lines = awsCliScript(byClause('D5S'), URL_TARGET);
    expect(lines).toContain('ask 1 ListVirtualMFADevices iam list-virtual-mfa-devices \\');
    const text = lines.join('\n');
    expect(text).toContain('--no-paginate');
    expect(text).toContain(`--query 'VirtualMFADevices[?Base32StringSeed || QRCodePNG].SerialNumber'`);
    expect(text).not.toContain('oathtool');
  });

  it('says when the AWS CLI itself would refuse a request, and does not send it', () => {
    const lines = awsCliScript(byClause('V1'), URL_TARGET);
    expect(lines.find((l) => l.startsWith('# 1.'))).toBe('# 1. EnableMFADevice; codes: malformed codes (first code); diverged here: expected 400 ValidationError, observed 404 NoSuchEntity');
    expect(lines).toContain(`echo '1. EnableMFADevice: the AWS CLI refuses to send this (--serial-number shorter than 9 character(s)); npx iam-mfa-conformance replay report.json --id 3 --endpoint-url http://127.0.0.1:5077 sends it'`);
    expect(lines.some((l) => l.startsWith('ask 1 '))).toBe(false);
    const missing: ReportDivergence = { ...byClause('D5S'), counterexample: { label: 'x', steps: [{ action: 'CreateUser', params: {}, raw: true }] }, steps: [{ action: 'CreateUser', params: {}, via: 'raw', status: 200, code: null, expected: '4xx *' }], step: 1 };
    expect(awsCliScript(missing, URL_TARGET).join('\n')).toMatch(/1\. CreateUser: the AWS CLI refuses to send this \(it requires --user-name\)/);
  });

  it("the endpoint's text in a note cannot end the comment and become a command", () => {
    const d = { ...byClause('E7'), detail: 'x\nrm -rf "$HOME"\r\u2028touch /tmp/pwned', expected: { status: 200, code: null }, observed: { status: 200, code: null } };
    const lines = awsCliScript(d, URL_TARGET);
    for (const l of lines.filter((x) => /pwned/.test(x))) expect(l).toMatch(/^#|^printf '%s -> %s.*'$/s);
    expect(lines.filter((l) => /pwned/.test(l) && l.startsWith('#'))).toEqual([
      expect.stringMatching(/^# Reproduces #2 .*200 OK, but x rm -rf "\$HOME" touch \/tmp\/pwned$/),
      expect.stringMatching(/^# 3\. EnableMFADevice; .*diverged here: 200 OK, but x rm -rf "\$HOME" touch \/tmp\/pwned$/),
    ]);
  });

  it('every script is valid bash, for every kind of target', () => {
    for (const target of [URL_TARGET, MOTO_TARGET, MINISTACK_TARGET]) {
      for (const d of report.divergences) {
        const dir = tmp('imc-cli-syntax-');
        const f = join(dir, 's.sh');
        writeFileSync(f, awsCliScript(d, target).join('\n') + '\n');
        const r = spawnSync('bash', ['-n', f]);
        expect(r.status, `${d.id} ${target.kind}: ${r.stderr.toString()}`).toBe(0);
      }
    }
  });

  it("a moto run: the script says the AWS CLI cannot send the run's account header, and points to replay", () => {
    const text = awsCliScript(byClause('E7'), MOTO_TARGET).join('\n');
    expect(text).toMatch(/# The run acted in moto account 123456789012 through the x-moto-account-id header, which the AWS CLI cannot send:/);
    expect(text).toContain(`#   ${byClause('E7').replay}`);
    expect(text).toMatch(/launched by the tool and stopped with the run;\n# {3}without ENDPOINT this script starts a moto of its own/);
  });
});

interface StubRun {
  /** The arguments of every `aws` call, in order. */
  readonly calls: string[][];
  readonly before: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/**
 * Runs a rendered script with stand-ins for `aws`, `oathtool` (and `moto_server`) on PATH
 * that log what they get: the order of commands, the seed file each code is computed from
 * and the time it is computed for are then checked against the case's symbolic pair.
 */
function runWithStubs(d: ReportDivergence, target: ScriptTarget = URL_TARGET, options: { env?: Record<string, string>; qrPng?: boolean } = {}): StubRun {
  const dir = tmp('imc-cli-run-');
  const log = join(dir, 'aws.log');
  const aws = join(dir, 'aws');
  writeFileSync(
    aws,
    `#!/usr/bin/env bash
printf '%s\\x1f' "$@" >> "${log}"; echo >> "${log}"
case "$1 $2" in
  "configure get") exit 1;;
  "sts get-caller-identity") echo ${THEIR_ACCOUNT}; exit 0;;
  "iam create-access-key") printf 'AKIASTUBKEY000000001\tstub/secret+key\n'; exit 0;;
  "sts get-session-token") echo "signed=$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" >> "${log}.env"; echo 2030-01-01T00:00:00Z; exit 0;;
esac
if [ "$2" = create-virtual-mfa-device ]; then
  while [ $# -gt 0 ]; do
    case "$1" in --virtual-mfa-device-name) name=$2;; --outfile) out=$2;; --bootstrap-method) how=$2;; esac; shift
  done
  if [ "$how" = QRCodePNG ]; then ${options.qrPng ? `printf '\\x89PNG\\r\\n\\x1a\\nrest'` : `printf 'not a png at all'`} > "$out"; else printf 'SEEDOF%s' "$name" > "$out"; fi
  echo "arn:aws:iam::${THEIR_ACCOUNT}:mfa/$name"
fi
exit 0
`,
  );
  const oath = join(dir, 'oathtool');
  writeFileSync(oath, `#!/usr/bin/env bash\n[ "$1 $2 $3" = "--totp -b -N" ] || exit 9\nprintf 'T%sK%s' "\${4#@}" "$5"\n`);
  // A moto_server that only listens: the script waits for its port, then kills it at exit.
  const moto = join(dir, 'moto_server');
  writeFileSync(moto, `#!/usr/bin/env bash\necho "$$" > "${join(dir, 'moto.pid')}"\nexec "${process.execPath}" -e "require('net').createServer().listen(Number(process.argv[1]), '127.0.0.1')" "$4"\n`);
  for (const f of [aws, oath, moto]) chmodSync(f, 0o755);
  const script = join(dir, 'repro.sh');
  writeFileSync(script, awsCliScript(d, target).join('\n') + '\n');
  const before = Math.floor(Date.now() / 1000);
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PATH: `${dir}:${process.env['PATH'] ?? ''}`, ...options.env };
  delete env['ENDPOINT'];
  if (options.env?.['ENDPOINT']) env['ENDPOINT'] = options.env['ENDPOINT'];
  const r = spawnSync('bash', [script], { env, timeout: 30_000 });
  let calls: string[][] = [];
  try {
    calls = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\x1f').slice(0, -1));
  } catch {
    // no aws call at all
  }
  return { calls, before, stdout: r.stdout.toString(), stderr: r.stderr.toString(), status: r.status };
}

const opt = (call: string[], name: string) => call[call.indexOf(name) + 1];
const iamCalls = (calls: string[][], command: string) => calls.filter((c) => c[0] === 'iam' && c[1] === command);

describe('the scripts run', () => {
  it('a stale genuine pair: codes of the saved seed at steps -4 and -3', () => {
    const { calls, before, stderr } = runWithStubs(byClause('E9', 'EnableMFADevice'));
    expect(stderr).toBe('');
    const enable = iamCalls(calls, 'enable-mfa-device')[0]!;
    expect(calls.filter((c) => c[0] === 'iam').map((c) => c[1]).slice(0, 3)).toEqual(['create-user', 'create-virtual-mfa-device', 'enable-mfa-device']);
    const [, t1, k1] = /^T(\d+)K(.*)$/.exec(opt(enable, '--authentication-code1')!)!;
    const [, t2, k2] = /^T(\d+)K(.*)$/.exec(opt(enable, '--authentication-code2')!)!;
    expect([k1, k2]).toEqual(['SEEDOFimcabcde0000a-d', 'SEEDOFimcabcde0000a-d']);
    expect(Number(t2) - Number(t1)).toBe(30);
    const now = Number(t2) + 3 * 30;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(before + 10);
    expect(opt(enable, '--endpoint-url')).toBe(ENDPOINT);
  });

  it("another device's pair: codes of a fresh random seed (DIR is set: no 'unbound variable' under set -u)", () => {
    const { calls, stderr, status } = runWithStubs(byClause('E7'));
    expect(stderr).not.toMatch(/unbound variable/);
    expect(status).toBe(0);
    const enable = iamCalls(calls, 'enable-mfa-device')[0]!;
    const k1 = /K(.*)$/.exec(opt(enable, '--authentication-code1')!)![1]!;
    expect(k1).toMatch(/^[A-Z2-7]{32}$/);
    expect(opt(enable, '--authentication-code2')).toMatch(new RegExp(`K${k1}$`));
  });

  it("the serial is the one the create call answered, in the user's account", () => {
    const { calls } = runWithStubs(byClause('E7'));
    expect(opt(iamCalls(calls, 'enable-mfa-device')[0]!, '--serial-number')).toBe(`arn:aws:iam::${THEIR_ACCOUNT}:mfa/imcabcde0000a-d`);
  });

  it("a serial no step creates is built in the caller's own account, asked of the endpoint", () => {
    const { calls } = runWithStubs(byClause('E9', 'GetMFADevice'));
    expect(calls.some((c) => c[0] === 'sts' && c[1] === 'get-caller-identity' && opt(c, '--endpoint-url') === ENDPOINT)).toBe(true);
    expect(opt(iamCalls(calls, 'get-mfa-device')[0]!, '--serial-number')).toBe(`arn:aws:iam::${THEIR_ACCOUNT}:mfa/x`);
  });

  it('ends with the answer where the run diverged, next to what the run observed', () => {
    const { stdout } = runWithStubs(byClause('E7'));
    const lines = stdout.trim().split('\n');
    expect(lines).toContain('3. EnableMFADevice -> OK');
    expect(lines.at(-1)).toBe('#2 at step 3, EnableMFADevice -> OK: still diverges (the run observed 200 OK; the contract expects 403 InvalidAuthenticationCode)');
  });

  it('deletes what it created when it exits, and only that', () => {
    const { calls } = runWithStubs(byClause('E7'));
    const after = calls.slice(calls.findIndex((c) => c[1] === 'enable-mfa-device') + 1);
    expect(after.filter((c) => c[1] === 'delete-virtual-mfa-device').map((c) => opt(c, '--serial-number'))).toEqual([`arn:aws:iam::${THEIR_ACCOUNT}:mfa/imcabcde0000a-d`]);
    expect(after.filter((c) => c[1] === 'delete-user').map((c) => opt(c, '--user-name'))).toEqual(['imcabcde0000a-u']);
  });

  it('literal codes and odd names reach the CLI byte for byte', () => {
    const v1 = byClause('V1');
    const d: ReportDivergence = {
      ...v1,
      counterexample: { ...v1.counterexample, steps: [{ ...v1.counterexample.steps[0]!, params: { UserName: { text: `it's | <b>` }, SerialNumber: { serial: 'arn:aws:iam::000000000001:mfa/zz' } }, codes: { device: { label: 'valid', prefixed: true, body: 'd' }, pair: { kind: 'malformed', code1: "12'456", code2: '12345\u0001', reason: 'first code' } } }] },
      steps: [{ ...v1.steps[0]!, params: { ...v1.steps[0]!.params, SerialNumber: 'arn:aws:iam::000000000001:mfa/zz' } }],
    };
    const { calls } = runWithStubs(d);
    const enable = iamCalls(calls, 'enable-mfa-device')[0]!;
    expect(opt(enable, '--user-name')).toBe(`it's | <b>`);
    expect(opt(enable, '--serial-number')).toBe('arn:aws:iam::000000000001:mfa/zz');
    expect(opt(enable, '--authentication-code1')).toBe("12'456");
    expect(opt(enable, '--authentication-code2')).toBe('12345\u0001');
  });

  it('a QR code that is not a PNG is shown as such (the file is tested, never printed)', () => {
    const d: ReportDivergence = {
      ...byClause('D5S'),
      clause: 'D1Q',
      operation: 'CreateVirtualMFADevice',
      detail: 'QRCodePNG does not start with the PNG signature',
      counterexample: { label: 'create', steps: [{ action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: { name: { label: 'valid', prefixed: true, body: 'd' } } } }] },
      steps: [{ action: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: 'imcabcde0000a-d' }, via: 'sdk', status: 200, code: null, expected: '200 OK' }],
      step: 1,
    };
    const bad = runWithStubs(d);
    expect(opt(iamCalls(bad.calls, 'create-virtual-mfa-device')[0]!, '--bootstrap-method')).toBe('QRCodePNG');
    expect(bad.stdout.trim().split('\n').at(-1)).toMatch(/^#\d+ at step 1, CreateVirtualMFADevice -> OK, QRCodePNG is not a PNG: still diverges/);
    expect(bad.stdout).not.toContain('not a png at all');
    const good = runWithStubs(d, URL_TARGET, { qrPng: true });
    expect(good.stdout.trim().split('\n').at(-1)).toMatch(/-> OK, QRCodePNG is a PNG: answered otherwise than in the run/);
  });

  it('a launched moto is gone after the run: without ENDPOINT the script starts its own, and stops it', () => {
    const { calls, stdout, stderr } = runWithStubs(byClause('E7'), MOTO_TARGET);
    expect(stderr).toBe('');
    const used = new Set(calls.filter((c) => c[0] === 'iam').map((c) => opt(c, '--endpoint-url')));
    expect(used.size).toBe(1);
    const [endpoint] = [...used];
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoint).not.toBe(ENDPOINT);
    expect(stdout).toContain(`endpoint: ${endpoint}`);
  });

  it('ENDPOINT points any script at the endpoint the user has', () => {
    const { calls } = runWithStubs(byClause('E7'), MOTO_TARGET, { env: { ENDPOINT: 'http://127.0.0.1:5999' } });
    expect(new Set(calls.filter((c) => c[0] === 'iam').map((c) => opt(c, '--endpoint-url')))).toEqual(new Set(['http://127.0.0.1:5999']));
  });

  it('another launched emulator: without ENDPOINT the script stops at once and says what to set', () => {
    const { calls, stderr, status } = runWithStubs(byClause('E7'), MINISTACK_TARGET);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/set ENDPOINT to the URL of a running ministack/);
    expect(calls.filter((c) => c[0] === 'iam')).toEqual([]);
  });
});

describe('a sign-in as AWS CLI commands (digest §8)', () => {
  const U = fixedName('u');
  const D = fixedName('d');
  const steps = [createUser(U), createAccessKey(U), createDevice(D), enable(nameOf(U), serialOf(D), D, { kind: 'fresh', when: 'current' }), signIn(U, D, { kind: 'fresh' })];
  const rec = (action: string, params: Record<string, string>, extra: object = {}) => ({ action, params, via: 'sdk', status: 200, code: null, expected: '200 OK', ...extra });
  const d = {
    id: '#9',
    level: 'MUST',
    clause: 'S1',
    operation: 'GetSessionToken',
    kind: 'divergence',
    counterexample: { label: 'sign in after deactivating', steps },
    steps: [
      rec('CreateUser', { UserName: 'imcabcde0000s-u' }),
      rec('CreateAccessKey', { UserName: 'imcabcde0000s-u' }),
      rec('CreateVirtualMFADevice', { VirtualMFADeviceName: 'imcabcde0000s-d' }),
      rec('EnableMFADevice', { UserName: 'imcabcde0000s-u', SerialNumber: 'arn:aws:iam::123456789012:mfa/imcabcde0000s-d', AuthenticationCode1: '<code1>', AuthenticationCode2: '<code2>' }, { codes: 'genuine current pair' }),
      rec('GetSessionToken', { SerialNumber: 'arn:aws:iam::123456789012:mfa/imcabcde0000s-d', DurationSeconds: '900', TokenCode: '<token>' }, { codes: 'the code 1 step(s) ahead', tokenOffset: 1, settled: { attempts: 3, seconds: 1.2 } }),
    ],
    step: 5,
    expected: { status: 403, code: 'AccessDenied' },
    observed: { status: 200, code: null },
    detail: 'expected one of: 403 AccessDenied (S1)',
    replay: 'npx iam-mfa-conformance replay r.json --id 9',
  } as unknown as ReportDivergence;

  it('signs in with the saved key, at $STS_ENDPOINT, with the code as resolved, after the wait the run made; secrets never printed', () => {
    const lines = awsCliScript(d, URL_TARGET);
    const text = lines.join('\n');
    expect(text).toContain('ask 2 CreateAccessKey iam create-access-key \\');
    expect(text).toMatch(/ask_sts 5 GetSessionToken "\$DIR\/key2" sts get-session-token/);
    expect(text).toContain('--token-code "$(code1 "$DIR/seed3.txt" 1)"');
    expect(text).toContain('--query Credentials.Expiration');
    expect(text).toMatch(/^sleep 2 {2}# the run waited 1\.2 s \(3 attempts\)/m);
    expect(text).toContain('aws iam delete-access-key');
    const r = spawnSync('bash', ['-n'], { input: `${text}\n` });
    expect(r.status).toBe(0);
  });

  it('runs: the sign-in is signed with the key CreateAccessKey answered, and the key is deleted at exit', () => {
    const { calls, stdout, status } = runWithStubs(d);
    expect(status).toBe(0);
    const sts = calls.find((c) => c[0] === 'sts' && c[1] === 'get-session-token')!;
    expect(opt(sts, '--endpoint-url')).toBe(ENDPOINT);
    expect(opt(sts, '--token-code')).toMatch(/^T\d+KSEEDOFimcabcde0000s-d$/);
    expect(stdout).toContain('5. GetSessionToken -> OK');
    expect(stdout).not.toContain('stub/secret+key');
    const del = calls.find((c) => c[0] === 'iam' && c[1] === 'delete-access-key')!;
    expect([opt(del, '--user-name'), opt(del, '--access-key-id')]).toEqual(['imcabcde0000s-u', 'AKIASTUBKEY000000001']);
  });
});
