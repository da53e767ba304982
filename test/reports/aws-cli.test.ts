import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awsCliScript, kebab, shq } from '../../reports/aws-cli.js';
import type { ReportDivergence } from '../../reports/report.js';
import { syntheticReport, tmp } from './support.js';

const report = syntheticReport();
const byClause = (clause: string, op?: string): ReportDivergence => report.divergences.find((d) => d.clause === clause && (op === undefined || d.operation === op))!;
const ENDPOINT = 'http://127.0.0.1:5077';

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

describe('a minimal case as AWS CLI commands', () => {
  it('follows the seed page: one option per line, backslash continuations, --endpoint-url', () => {
    const lines = awsCliScript(byClause('E7'), ENDPOINT);
    const enable = lines.slice(lines.findIndex((l) => l === 'aws iam enable-mfa-device \\'));
    expect(enable.slice(0, 6)).toEqual([
      'aws iam enable-mfa-device \\',
      '    --user-name imcabcde0000a-u \\',
      '    --serial-number arn:aws:iam::123456789012:mfa/imcabcde0000a-d \\',
      '    --authentication-code1 "$(code "$DIR/other.txt" -1)" \\',
      '    --authentication-code2 "$(code "$DIR/other.txt" 0)" \\',
      `    --endpoint-url ${ENDPOINT}`,
    ]);
    expect(lines).toContain('aws iam create-user --user-name imcabcde0000a-u --endpoint-url http://127.0.0.1:5077');
  });

  it('saves the seed with --outfile and --bootstrap-method Base32StringSeed, and never prints digits for codes', () => {
    const text = awsCliScript(byClause('E9', 'EnableMFADevice'), ENDPOINT).join('\n');
    expect(text).toMatch(/aws iam create-virtual-mfa-device \\\n {4}--virtual-mfa-device-name imcabcde0000a-d \\\n {4}--path \/ \\\n {4}--outfile "\$DIR\/seed2\.txt" \\\n {4}--bootstrap-method Base32StringSeed \\/);
    expect(text).toContain('oathtool --totp -b -N');
    expect(text).toMatch(/# 3\. EnableMFADevice; codes: genuine pair, 3 step\(s\) stale; diverged here: expected 200 OK, observed 500 ServiceFailure/);
    expect(text).not.toMatch(/--authentication-code\d \d{6}/);
  });

  it('without codes it is plain commands, no script header', () => {
    const lines = awsCliScript(byClause('D5S'), ENDPOINT);
    expect(lines).toEqual(['# 1. ListVirtualMFADevices; diverged here: 200 OK but ListVirtualMFADevices returns the seed or QR code', 'aws iam list-virtual-mfa-devices --assignment-status Assigned --endpoint-url http://127.0.0.1:5077']);
  });

  it('says when the AWS CLI itself would refuse a request (botocore checks required parameters and minimums)', () => {
    expect(awsCliScript(byClause('V1'), ENDPOINT).find((l) => l.startsWith('# 1.'))).toBe(
      '# 1. EnableMFADevice; codes: malformed codes (first code); the AWS CLI refuses to send this (--serial-number shorter than 9 character(s)); use the replay command; diverged here: expected 400 ValidationError, observed 404 NoSuchEntity',
    );
    const missing: ReportDivergence = { ...byClause('D5S'), counterexample: { label: 'x', steps: [{ action: 'CreateUser', params: {}, raw: true }] }, steps: [{ action: 'CreateUser', params: {}, via: 'raw', status: 200, code: null, expected: '4xx *' }], step: 1 };
    expect(awsCliScript(missing, ENDPOINT)[0]).toMatch(/^# 1\. CreateUser; the AWS CLI refuses to send this \(it requires --user-name\); use the replay command/);
  });

  it("the endpoint's text in a note cannot end the comment and become a command", () => {
    const d = { ...byClause('E7'), detail: 'x\nrm -rf "$HOME"\r\u2028touch /tmp/pwned', expected: { status: 200, code: null }, observed: { status: 200, code: null } };
    const lines = awsCliScript(d, ENDPOINT);
    expect(lines.filter((l) => /rm -rf|touch/.test(l))).toEqual([expect.stringMatching(/^# 3\. EnableMFADevice; .*diverged here: 200 OK but x rm -rf "\$HOME" touch \/tmp\/pwned$/)]);
  });

  it('every script is valid bash', () => {
    for (const d of report.divergences) {
      const dir = tmp('imc-cli-syntax-');
      const f = join(dir, 's.sh');
      writeFileSync(f, awsCliScript(d, ENDPOINT).join('\n') + '\n');
      expect(() => execFileSync('bash', ['-n', f]), d.id).not.toThrow();
    }
  });
});

/**
 * Runs a rendered script with stand-ins for `aws` and `oathtool` on PATH that log what they
 * get: the order of commands, the seed file each code is computed from and the time it is
 * computed for are then checked against the case's symbolic pair.
 */
function runWithStubs(d: ReportDivergence): { calls: string[][]; before: number } {
  const dir = tmp('imc-cli-run-');
  const log = join(dir, 'aws.log');
  const aws = join(dir, 'aws');
  writeFileSync(
    aws,
    `#!/usr/bin/env bash
printf '%s\\x1f' "$@" >> "${log}"; echo >> "${log}"
if [ "$2" = create-virtual-mfa-device ]; then
  while [ $# -gt 0 ]; do
    case "$1" in --virtual-mfa-device-name) name=$2;; --outfile) out=$2;; esac; shift
  done
  printf 'SEEDOF%s' "$name" > "$out"
fi
`,
  );
  const oath = join(dir, 'oathtool');
  writeFileSync(oath, `#!/usr/bin/env bash\n[ "$1 $2 $3" = "--totp -b -N" ] || exit 9\nprintf 'T%sK%s' "\${4#@}" "$5"\n`);
  chmodSync(aws, 0o755);
  chmodSync(oath, 0o755);
  const script = join(dir, 'repro.sh');
  writeFileSync(script, awsCliScript(d, ENDPOINT).join('\n') + '\n');
  const before = Math.floor(Date.now() / 1000);
  execFileSync('bash', [script], { env: { ...process.env, PATH: `${dir}:${process.env['PATH'] ?? ''}` } });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\x1f').slice(0, -1));
  return { calls, before };
}

const opt = (call: string[], name: string) => call[call.indexOf(name) + 1];

describe('the scripts run', () => {
  it('a stale genuine pair: codes of the saved seed at steps -4 and -3', () => {
    const { calls, before } = runWithStubs(byClause('E9', 'EnableMFADevice'));
    expect(calls.map((c) => c[1])).toEqual(['create-user', 'create-virtual-mfa-device', 'enable-mfa-device']);
    const enable = calls[2]!;
    const [, t1, k1] = /^T(\d+)K(.*)$/.exec(opt(enable, '--authentication-code1')!)!;
    const [, t2, k2] = /^T(\d+)K(.*)$/.exec(opt(enable, '--authentication-code2')!)!;
    expect([k1, k2]).toEqual(['SEEDOFimcabcde0000a-d', 'SEEDOFimcabcde0000a-d']);
    expect(Number(t2) - Number(t1)).toBe(30);
    const now = Number(t2) + 3 * 30;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(before + 10);
    expect(opt(enable, '--endpoint-url')).toBe(ENDPOINT);
  });

  it("another device's pair: codes of a fresh random seed, not the device's", () => {
    const { calls } = runWithStubs(byClause('E7'));
    const enable = calls.find((c) => c[1] === 'enable-mfa-device')!;
    const k1 = /K(.*)$/.exec(opt(enable, '--authentication-code1')!)![1]!;
    expect(k1).toMatch(/^[A-Z2-7]{32}$/);
    expect(opt(enable, '--authentication-code2')).toMatch(new RegExp(`K${k1}$`));
  });

  it('literal codes and odd names reach the CLI byte for byte', () => {
    const { calls } = runWithStubs(byClause('V1'));
    expect(calls).toHaveLength(1);
    expect(opt(calls[0]!, '--user-name')).toBe(`it's | <b>`);
    expect(opt(calls[0]!, '--authentication-code1')).toBe("12'45");
    expect(opt(calls[0]!, '--authentication-code2')).toBe('12345\u0001');
  });
});
