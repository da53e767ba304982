import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { startReference, type ReferenceEndpoint } from '../../harness/reference/server.js';
import type { Report } from '../../reports/report.js';
import { cli, closedPort, serve } from './helpers.js';

/**
 * The first hour of a new user (issue 15): the paths around the verdicts. Each test here
 * failed before the fix it names.
 */
const tmp = () => mkdtempSync(join(tmpdir(), 'imc-first-'));
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

/** Sets environment variables for one test; afterEach puts the old values back. */
const saved = new Map<string, string | undefined>();
function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (!saved.has(k)) saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}
afterEach(() => {
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  saved.clear();
});

let ref: ReferenceEndpoint;
beforeAll(async () => {
  ref = await startReference();
});
afterAll(async () => {
  await ref?.close();
});

/** A short real run: one property, one case. */
const SHORT = ['--seed', '1', '--num-runs', '1', '--include', 'E4', '--no-measure'];

describe('--report-dir is checked before anything starts (item 4)', () => {
  /** An endpoint that counts requests: none may arrive when the report directory is unusable. */
  async function counting() {
    let requests = 0;
    const s = await serve((_req, res) => {
      requests++;
      res.writeHead(500);
      res.end();
    });
    return { ...s, requests: () => requests };
  }

  it.each([
    ['/proc/x', /--report-dir \/proc\/x: cannot create \/proc\/x \(ENOENT\)/],
    ['a path under a file', /is not a directory/],
  ])('%s: exit 2 with one line, at once, no request sent', async (what, message) => {
    const dir = what === '/proc/x' ? '/proc/x' : join(tmp(), 'file');
    if (what !== '/proc/x') writeFileSync(dir, 'x');
    const target = await counting();
    try {
      const started = Date.now();
      const r = await cli('run', '--endpoint-url', target.url, '--report-dir', what === '/proc/x' ? dir : join(dir, 'sub'));
      expect(r.code).toBe(EXIT.usage);
      expect(r.err).toEqual([expect.stringMatching(message)]);
      expect(target.requests()).toBe(0);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await target.close();
    }
  });

  it('a run that fails before any report leaves no empty directory behind', async () => {
    const dir = join(tmp(), 'a', 'b');
    const r = await cli('run', '--endpoint-url', `http://127.0.0.1:${await closedPort()}`, '--report-dir', dir, '--cli-connect-timeout', '2');
    expect(r.code).toBe(EXIT.endpoint);
    expect(existsSync(join(dir, '..'))).toBe(false);
  });
});

describe('AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_IAM, with the AWS CLI precedence (item 6)', () => {
  it('AWS_ENDPOINT_URL_IAM is used before AWS_ENDPOINT_URL, and the first line says where the endpoint came from', async () => {
    // Sign-ins go to STS, which the AWS CLI reads from AWS_ENDPOINT_URL_STS before AWS_ENDPOINT_URL.
    setEnv({ AWS_ENDPOINT_URL_IAM: ref.url, AWS_ENDPOINT_URL_STS: ref.url, AWS_ENDPOINT_URL: `http://127.0.0.1:${await closedPort()}`, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined });
    const dir = tmp();
    const r = await cli('run', ...SHORT, '--report-dir', dir);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out[0]).toBe(`iam-mfa-conformance: endpoint ${ref.url} from AWS_ENDPOINT_URL_IAM (as the AWS CLI reads it; --endpoint-url overrides it)`);
    expect(r.out).toContain(`  sign-ins (STS) at ${ref.url} from AWS_ENDPOINT_URL_STS`);
    expect(readReport(dir).target).toMatchObject({ endpoint: ref.url, kind: 'url', selfCheck: false });
    expect(r.out.join('\n')).not.toMatch(/SELF-CHECK/);
  });

  it('STS follows AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, as the AWS CLI does; --sts-endpoint-url wins, and --endpoint-url names both', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    setEnv({ AWS_ENDPOINT_URL_IAM: ref.url, AWS_ENDPOINT_URL_STS: undefined, AWS_ENDPOINT_URL: closed, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined });
    const viaGlobal = await cli('run', ...SHORT, '--report-dir', tmp());
    expect(viaGlobal.out).toContain(`  sign-ins (STS) at ${closed} from AWS_ENDPOINT_URL`);
    expect(viaGlobal.code).toBe(EXIT.endpoint);
    expect(viaGlobal.err).toEqual([`iam-mfa-conformance: cannot reach ${closed}: connection failed (ECONNREFUSED)`]);
    const flag = await cli('run', ...SHORT, '--sts-endpoint-url', ref.url, '--report-dir', tmp());
    expect(flag.code).toBe(EXIT.ok);
    expect(flag.out).toContain(`  sign-ins (STS) at ${ref.url} from --sts-endpoint-url`);
    setEnv({ AWS_ENDPOINT_URL_STS: closed });
    const both = await cli('run', ...SHORT, '--endpoint-url', ref.url, '--report-dir', tmp());
    expect(both.code).toBe(EXIT.ok);
    expect(both.out.join('\n')).not.toMatch(/sign-ins \(STS\)/);
    setEnv({ AWS_ENDPOINT_URL_STS: undefined });
  });

  it('AWS_ENDPOINT_URL alone is used; --endpoint-url wins over both', async () => {
    setEnv({ AWS_ENDPOINT_URL_IAM: undefined, AWS_ENDPOINT_URL: ref.url, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined });
    const dir = tmp();
    expect((await cli('run', ...SHORT, '--report-dir', dir)).code).toBe(EXIT.ok);
    expect(readReport(dir).target.endpoint).toBe(ref.url);
    setEnv({ AWS_ENDPOINT_URL_IAM: `http://127.0.0.1:${await closedPort()}` });
    const other = await startReference();
    try {
      const dir2 = tmp();
      expect((await cli('run', ...SHORT, '--endpoint-url', other.url, '--report-dir', dir2)).code).toBe(EXIT.ok);
      expect(readReport(dir2).target.endpoint).toBe(other.url);
    } finally {
      await other.close();
    }
  });

  it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns them off, as in the AWS CLI', async () => {
    setEnv({ AWS_ENDPOINT_URL: `http://127.0.0.1:${await closedPort()}`, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' });
    const dir = tmp();
    expect((await cli('run', ...SHORT, '--report-dir', dir)).code).toBe(EXIT.ok);
    expect(readReport(dir).target.selfCheck).toBe(true);
  });

  it('--target names the target as explicitly as --endpoint-url: the variables do not apply', async () => {
    setEnv({ AWS_ENDPOINT_URL: `http://127.0.0.1:${await closedPort()}`, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined });
    const dir = tmp();
    const r = await cli('run', '--target', 'reference', ...SHORT, '--report-dir', dir);
    expect(r.code).toBe(EXIT.ok);
    expect(readReport(dir).target.selfCheck).toBe(true);
  });

  it('a malformed variable is a usage error naming the variable', async () => {
    setEnv({ AWS_ENDPOINT_URL_IAM: 'not a url' });
    const r = await cli('run', ...SHORT, '--report-dir', tmp());
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toEqual(['iam-mfa-conformance: AWS_ENDPOINT_URL_IAM must be a URL such as http://127.0.0.1:5000, got "not a url"']);
  });

  it('an unknown --profile (or AWS_PROFILE) is refused with exit 2 even on a loopback endpoint', async () => {
    const home = tmp();
    setEnv({ HOME: home, AWS_CONFIG_FILE: undefined, AWS_SHARED_CREDENTIALS_FILE: undefined, AWS_PROFILE: undefined });
    const r = await cli('run', '--endpoint-url', ref.url, '--profile', 'nosuch', '--report-dir', tmp());
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toEqual([expect.stringMatching(/^iam-mfa-conformance: the config profile \(nosuch\) given by --profile could not be found/)]);
    setEnv({ AWS_PROFILE: 'nosuch' });
    expect((await cli('run', '--endpoint-url', ref.url, '--report-dir', tmp())).err).toEqual([expect.stringMatching(/the config profile \(nosuch\) given by AWS_PROFILE could not be found/)]);
  });

  it('a profile that exists is accepted', async () => {
    const home = tmp();
    writeFileSync(join(home, 'config'), '[profile conformance]\nregion = us-east-1\n');
    writeFileSync(join(home, 'credentials'), '[conformance]\naws_access_key_id = test\naws_secret_access_key = test\n');
    setEnv({ AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_PROFILE: undefined });
    const r = await cli('run', '--endpoint-url', ref.url, '--profile', 'conformance', ...SHORT, '--report-dir', tmp());
    expect(r.err).toEqual([]);
    expect(r.code).toBe(EXIT.ok);
  });
});

describe('small frictions (item 8)', () => {
  it.each([
    [['run', '--num-runs', '-1'], 'iam-mfa-conformance: --num-runs must be between 1 and 100000, got -1'],
    [['run', '--concurrency', '-3'], 'iam-mfa-conformance: --concurrency must be between 1 and 64, got -3'],
    [['run', '--bogus'], "iam-mfa-conformance: unknown option --bogus (see 'iam-mfa-conformance run --help')"],
    [['run', '--seed'], "iam-mfa-conformance: --seed needs a value (see 'iam-mfa-conformance run --help')"],
    [['clauses', '--nope'], "iam-mfa-conformance: unknown option --nope (see 'iam-mfa-conformance clauses --help')"],
    [['cleanup', '--bogus'], "iam-mfa-conformance: unknown option --bogus (see 'iam-mfa-conformance cleanup --help')"],
  ])('%j: the tool says it, in its own words, with where to look', async (argv, line) => {
    const r = await cli(...argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toEqual([line]);
  });

  it('a negative --seed is a seed', async () => {
    const dir = tmp();
    const r = await cli('run', '--seed', '-5', '--num-runs', '1', '--include', 'E4', '--no-measure', '--report-dir', dir);
    expect(r.code).toBe(EXIT.ok);
    expect(readReport(dir).seed).toBe(-5);
  });

  it('the top-level help names every exit code, 130 included', async () => {
    const r = await cli('--help');
    const text = r.out.join('\n');
    for (const code of ['0 no failing divergence', '1 divergences', '2 usage', '3 endpoint', '4 internal', '130 interrupted']) expect(text).toContain(code);
  });

  it('--debug writes the exchanges to stderr, as the AWS CLI does; stdout stays the result', async () => {
    const r = await cli('run', '--endpoint-url', ref.url, ...SHORT, '--debug', '--report-dir', tmp());
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.filter((l) => /^ {2}[<>] /.test(l))).toEqual([]);
    expect(r.err.some((l) => l.startsWith('  > CreateUser via sdk: UserName='))).toBe(true);
    expect(r.err.some((l) => l.startsWith('  < 200 <CreateUserResponse'))).toBe(true);
  });
});

describe('the run prefix and account, said first and recorded (item 3)', () => {
  it('printed before any case runs, and in report.json', async () => {
    const dir = tmp();
    const r = await cli('run', '--endpoint-url', ref.url, ...SHORT, '--report-dir', dir);
    const report = readReport(dir);
    expect(report.run).toEqual({ prefix: expect.stringMatching(/^imc[a-z0-9]{5}$/), account: '123456789012', accountFrom: 'credentials' });
    expect(r.out[1]).toBe(`  run prefix ${report.run?.prefix}, account 123456789012`);
    expect(r.out[2]).toBe(`  if the run is killed, remove what it left with: npx iam-mfa-conformance cleanup --endpoint-url ${ref.url} --prefix ${report.run?.prefix} --account 123456789012`);
    expect(r.out.findIndex((l) => l.startsWith('  property '))).toBeGreaterThan(2);
    for (const f of ['report.md', 'junit.xml', 'report.html']) expect(readFileSync(join(dir, f), 'utf8'), f).toContain(report.run!.prefix);
  });
});

describe('cleanup in an account (item 3)', () => {
  it('an endpoint that puts the credentials in another account than --account is refused, nothing removed', async () => {
    const r = await cli('cleanup', '--endpoint-url', ref.url, '--prefix', 'imcabcde', '--account', '111122223333');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toEqual([`iam-mfa-conformance: ${ref.url} puts these credentials in account 123456789012, not 111122223333: use credentials of account 111122223333`]);
  });

  it('--account must be an account id', async () => {
    const r = await cli('cleanup', '--endpoint-url', ref.url, '--prefix', 'imcabcde', '--account', 'abc');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toEqual(['iam-mfa-conformance: --account must be a 12-digit account id, got "abc"']);
  });
});

describe('--quiet and partial runs (item 7)', () => {
  it('--quiet prints the first lines, the headlines, the summary and where the reports are', async () => {
    const r = await cli('run', '--endpoint-url', ref.url, ...SHORT, '--quiet', '--report-dir', tmp());
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.some((l) => l.startsWith('  property '))).toBe(false);
    expect(r.out.some((l) => /^ {2}ID +LEVEL/.test(l))).toBe(false);
    expect(r.out.at(-1)).toMatch(/^report: .*report\.json/);
    expect(r.out.at(-2)).toMatch(/^\d+ cases, \d+ requests/);
    expect(r.out.length).toBeLessThan(10);
  });

  it('a run stopped by --max-duration says "partial" in every format', async () => {
    const dir = tmp();
    const r = await cli('run', '--endpoint-url', ref.url, '--seed', '2', '--num-runs', '1000', '--max-duration', '1', '--no-measure', '--report-dir', dir);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.join('\n')).toMatch(/^PARTIAL run, stopped at --max-duration/m);
    const report = readReport(dir);
    expect(report).toMatchObject({ interrupted: true, stopReason: 'max-duration' });
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/partial run/i);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/<p class="verdict [a-z]+" id="verdict">PARTIAL run, /);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="iam-mfa-conformance (partial)"');
    expect(junit).toContain('<property name="partial" value="max-duration"/>');
  });
});
