import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrPng } from '../../harness/reference/qr.js';
import type { ReferenceEndpoint } from '../../harness/reference/server.js';
import { startReference } from '../../harness/reference/server.js';
import { defaultPolicy } from '../../harness/reference/policy.js';
import { renderError } from '../../harness/protocol/render.js';
import { cli, tmp, type CliResult } from './support.js';

/**
 * Secrets never leave the process. The embedded reference issues one known seed, the canary,
 * to every device, and leaks it wherever a careless endpoint might: in list answers (D5S), in
 * error messages (raw, lower case, base64 of its text, percent-encoded, in an otpauth URI),
 * and in an unrelated element of a success answer. One full CLI run with --debug then writes
 * every output there is; none of them may contain the canary in any encoding.
 */
const CANARY = 'CANARY7SEEDQ4ZXWPLMB5KTJ2HVNDF6G';
/**
 * Access keys are secrets like seeds (digest §8): the secret of the key CreateAccessKey hands
 * out, and every part of the temporary credentials GetSessionToken hands out (the temporary
 * key id included, in a shape no pattern knows).
 */
const KEY_SECRET = 'kEy+SeCrEt/Canary9w8v7u6t5s4r3q2p1o0nMLK';
const TEMP_ID = 'TMPCANARYACCESSKEY42';
const TEMP_SECRET = 'tEmP+SeCrEt/Canary0a1b2c3d4e5f6g7h8i9jKL';
const SESSION_TOKEN = `FwoGZXIvYXdzECanarySessionToken/${'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/'.repeat(6)}Zz==`;
const KEY_CANARIES = { 'access key secret': KEY_SECRET, 'temporary access key id': TEMP_ID, 'temporary secret': TEMP_SECRET, 'session token': SESSION_TOKEN };

/** Every form a whole key secret could take in an output. */
function keyForms(name: string, secret: string): Record<string, string> {
  const b64 = Buffer.from(secret, 'ascii').toString('base64');
  return {
    [name]: secret,
    [`${name}, base64 of its text`]: b64,
    [`${name}, base64url`]: Buffer.from(secret, 'ascii').toString('base64url'),
    [`${name}, URL-encoded`]: encodeURIComponent(secret),
  };
}
const keyLeaks = (text: string): string[] =>
  Object.entries(KEY_CANARIES)
    .flatMap(([name, secret]) => Object.entries(keyForms(name, secret)))
    .filter(([, form]) => text.includes(form))
    .map(([name]) => name);

const keyLeakMessage = () =>
  `Sign-in refused for key ${KEY_SECRET} (${encodeURIComponent(KEY_SECRET)}); last session ${TEMP_ID}:${TEMP_SECRET} token ${SESSION_TOKEN} (${Buffer.from(TEMP_SECRET).toString('base64')})`;

function canaryForms(seed: string): Record<string, string> {
  const b64 = Buffer.from(seed, 'ascii').toString('base64');
  return {
    base32: seed,
    'lower case': seed.toLowerCase(),
    'base64 of its text': b64,
    'base64 without padding': b64.replace(/=+$/, ''),
    'base64url of its text': Buffer.from(seed, 'ascii').toString('base64url'),
    'URL-encoded': encodeURIComponent(seed),
    'URL-encoded base64': encodeURIComponent(b64),
    'lower case, URL-encoded': encodeURIComponent(seed.toLowerCase()),
    // A truncated echo still gives away half the secret.
    'first half': seed.slice(0, 16),
    'second half': seed.slice(16),
    'first half, lower case': seed.slice(0, 16).toLowerCase(),
  };
}

const leakyMessage = (seed: string) => {
  const b64 = Buffer.from(seed).toString('base64');
  return `Codes do not match seed ${seed} (${seed.toLowerCase()}; ${b64}; ${encodeURIComponent(b64)}); see otpauth://totp/x?secret=${seed}`;
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function leaks(text: string): string[] {
  return [
    ...Object.entries(canaryForms(CANARY))
      .filter(([, form]) => text.includes(form))
      .map(([name]) => name),
    ...keyLeaks(text),
  ];
}

describe('canary: a planted seed appears in no output, in no encoding', () => {
  let ref: ReferenceEndpoint;
  const fired = { list: 0, message: 0, element: 0, planted: 0, sessions: 0, keyMessage: 0 };
  const dir = tmp('imc-canary-');
  const baseline = join(dir, 'baseline.json');
  let run: CliResult;
  let compare: CliResult;

  beforeAll(async () => {
    const qr = await qrPng(`otpauth://totp/canary?secret=${CANARY}`);
    ref = await startReference({
      policy: defaultPolicy({
        newSeed: () => CANARY,
        newAccessKey: () => ({ id: `AKIACANARY${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`, secret: KEY_SECRET }),
        newSessionCredentials: () => {
          fired.sessions++;
          return { id: TEMP_ID, secret: TEMP_SECRET, token: SESSION_TOKEN };
        },
      }),
      hooks: {
        result(req, result) {
          if (req.action !== 'ListVirtualMFADevices' || !result?.virtualDevices?.length) return result;
          fired.list++;
          return { ...result, virtualDevices: result.virtualDevices.map((d) => ({ ...d, seed: CANARY, qrCodePng: qr })) };
        },
        answer(req, answer) {
          if (req.action === 'EnableMFADevice' && answer.status >= 400) {
            const code = /<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1] ?? 'ValidationError';
            // An unknown user gets 400 instead of 404: a MUST divergence whose message is the leak.
            const plant = code === 'NoSuchEntity' && /The user with name/.test(answer.body);
            if (plant) fired.planted++;
            fired.message++;
            return { ...answer, status: plant ? 400 : answer.status, body: renderError(plant ? 'ValidationError' : code, leakyMessage(CANARY), 'Sender', 'canary-req') };
          }
          if (req.action === 'GetSessionToken' && answer.status >= 400 && fired.sessions > 0) {
            // A refused sign-in answered with 400 (a W2 divergence) whose message echoes every key secret the run was handed.
            fired.keyMessage++;
            return { ...answer, status: 400, body: renderError('AccessDenied', keyLeakMessage(), 'Sender', 'canary-req') };
          }
          if (req.action === 'GetUser' && answer.status === 200) {
            fired.element++;
            return { ...answer, body: answer.body.replace('</UserName>', `</UserName><Tags><member><Key>seed</Key><Value>${CANARY.toLowerCase()}</Value></member></Tags>`) };
          }
          return answer;
        },
      },
    });
    run = await cli('run', '--endpoint-url', ref.url, '--debug', '--seed', '7', '--num-runs', '2', '--report-dir', dir, '--baseline', baseline, '--update-baseline');
    compare = await cli('compare', join(dir, 'report.json'), join(dir, 'report.json'));
  }, 120_000);

  afterAll(async () => {
    await ref?.close();
  });

  it('the leaks were really exercised (otherwise the search proves nothing)', () => {
    // --debug writes the exchanges to stderr (as the AWS CLI does) and nothing else goes there.
    expect(run.err.filter((l) => !/^ {2}[<>] /.test(l))).toEqual([]);
    expect(run.err.length).toBeGreaterThan(100);
    expect(fired.list).toBeGreaterThan(0);
    expect(fired.message).toBeGreaterThan(0);
    expect(fired.element).toBeGreaterThan(0);
    expect(fired.planted).toBeGreaterThan(0);
    expect(fired.sessions).toBeGreaterThan(0);
    expect(fired.keyMessage).toBeGreaterThan(0);
    expect(keyLeaks(keyLeakMessage())).toEqual(expect.arrayContaining(Object.keys(KEY_CANARIES)));
    // The search itself finds every form in an unredacted leak.
    expect(leaks(`${leakyMessage(CANARY)} ${canaryForms(CANARY)['base64url of its text']} ${encodeURIComponent(CANARY.toLowerCase())}`)).toEqual(Object.keys(canaryForms(CANARY)));
    const debug = run.err.join('\n');
    expect(debug).toContain('<Base32StringSeed>[redacted]</Base32StringSeed>');
    expect(debug).toContain('<QRCodePNG>[redacted]</QRCodePNG>');
    expect(debug).toMatch(/Codes do not match seed \[redacted\]/);
    expect(run.out.join('\n')).toMatch(/Codes do not match seed \[redacted\]/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { divergences: Array<{ signature: string; observedMessage?: string }> };
    const planted = report.divergences.find((d) => d.signature === 'EnableMFADevice|V1|404 NoSuchEntity|400 ValidationError');
    expect(planted?.observedMessage).toMatch(/^Codes do not match seed \[redacted\]/);
    expect(report.divergences.some((d) => d.signature.startsWith('ListVirtualMFADevices|D5S'))).toBe(true);
    const signIn = report.divergences.find((d) => d.signature.startsWith('GetSessionToken|W2|'));
    expect(signIn?.observedMessage).toMatch(/^Sign-in refused for key \[redacted\]/);
  });

  it('every file written: report.json, junit.xml, report.html, report.md, the AWS CLI scripts and the baseline', () => {
    const files = filesUnder(dir);
    const names = files.map((f) => f.slice(dir.length + 1)).sort();
    expect(names.filter((f) => !f.startsWith('aws-cli/'))).toEqual(['baseline.json', 'junit.xml', 'report.html', 'report.json', 'report.md']);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { divergences: unknown[] };
    expect(names.filter((f) => f.startsWith('aws-cli/'))).toHaveLength(report.divergences.length);
    for (const f of files) expect({ file: f, leaks: leaks(readFileSync(f, 'utf8')) }).toEqual({ file: f, leaks: [] });
  });

  it('the console output with --debug, both streams', () => {
    expect(run.out.length).toBeGreaterThan(50);
    expect(leaks(run.out.join('\n'))).toEqual([]);
    expect(leaks(run.err.join('\n'))).toEqual([]);
  });

  it('the compare output', () => {
    expect(compare.code).toBe(0);
    expect(leaks([...compare.out, ...compare.err].join('\n'))).toEqual([]);
  });
});
