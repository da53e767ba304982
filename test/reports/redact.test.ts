import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { userNameValid } from '../../generators/user-name-valid.js';
import { casePrefix } from '../../generators/prefix.js';
import { resolveName } from '../../generators/name.js';
import { qrPng } from '../../harness/reference/qr.js';
import { base32 } from '../../harness/reference/seed.js';
import { encodingsOf, redact, redactDeep, REDACTED } from '../../reports/redact.js';

const SEED64 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * Seeds as endpoints issue them: 20 random bytes (pyotp, moto) to 40 (AWS). Unbiased, since a
 * seed of zero bytes ("AAAA...") is no seed any endpoint issues and the shape detector
 * deliberately ignores runs of few distinct characters (long names, serials of one letter).
 */
const seeds = fc.noBias(fc.integer({ min: 20, max: 64 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => base32(b))));

describe('redact: where protocols put secrets', () => {
  it.each([
    ['awsQuery seed element', `<Base32StringSeed>${b64(SEED64)}</Base32StringSeed>`],
    ['namespaced element with attributes', `<iam:Base32StringSeed xmlns:iam="x">${SEED64}</iam:Base32StringSeed>`],
    ['CDATA content', `<Base32StringSeed><![CDATA[${SEED64}]]></Base32StringSeed>`],
    ['JSON member', `{"Base32StringSeed": "${SEED64}"}`],
    ['JSON seed member with escapes', `{"seed": "${SEED64}\\"x"}`],
  ])('%s', (_what, text) => {
    const out = redact(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(SEED64);
    expect(out).not.toContain(b64(SEED64));
  });

  it('QR code PNGs, in an element or bare', async () => {
    const png = Buffer.from(await qrPng(`otpauth://totp/x?secret=${SEED64}`)).toString('base64');
    expect(redact(`<QRCodePNG>${png}</QRCodePNG>`)).toBe(`<QRCodePNG>${REDACTED}</QRCodePNG>`);
    expect(redact(`qr: ${png} end`)).toBe(`qr: ${REDACTED} end`);
    expect(redact(`qr=${encodeURIComponent(png)}&x=1`)).toBe(`qr=${REDACTED}&x=1`);
  });

  it('SigV4 signatures, credentials, access keys and session tokens', () => {
    const auth = 'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
    const out = redact(auth);
    expect(out).not.toMatch(/AKIA|fe5f80f7/);
    expect(out).toContain('SignedHeaders=host;x-amz-date');
    const presigned = 'https://iam.amazonaws.com/?X-Amz-Credential=ASIAXXXXXXXXXXXXXXXX%2F20260101&X-Amz-Security-Token=FwoGZXIvYXdzEJr%2F%2F%2FAAAA&X-Amz-Signature=0123abcd';
    expect(redact(presigned)).not.toMatch(/ASIA|FwoGZXIv|0123abcd/);
    expect(redact('x-amz-security-token: IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQ')).not.toContain('IQoJb3Jp');
    expect(redact('key AKIAIOSFODNN7EXAMPLE here')).toBe(`key ${REDACTED} here`);
    expect(redact('<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>')).not.toContain('wJalr');
    expect(redact('<SessionToken>abc/def+ghi</SessionToken>')).not.toContain('abc/def');
    expect(redact('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG')).not.toContain('wJalr');
    expect(redact('{"AccessKeyId": "ASIAXXXXEXAMPLE"}')).toBe(`{"AccessKeyId": "${REDACTED}"}`);
  });

  it('a symbolic AccessKeyId of a counterexample keeps its shape (the report schema needs an object there)', () => {
    const symbolic = '{"AccessKeyId":{"keyOf":{"label":"valid","prefixed":true,"body":"u"}},"UserName":{"text":""}}';
    expect(redact(symbolic)).toBe(symbolic);
    expect(redact('{"AccessKeyId":{"text":"AKIAIOSFODNN7EXAMPLE"}}')).toBe(`{"AccessKeyId":{"text":"${REDACTED}"}}`);
  });

  it('otpauth URIs, raw or percent-encoded', () => {
    expect(redact(`otpauth://totp/a@1?secret=${SEED64}&issuer=x`)).not.toContain(SEED64);
    expect(redact(encodeURIComponent(`otpauth://totp/a@1?secret=${SEED64}`))).not.toContain(SEED64);
  });
});

describe('redact: a seed wherever an endpoint echoes it', () => {
  it('every encoding of any seed, inside any text', () => {
    fc.assert(
      fc.property(seeds, fc.constantFrom('Invalid code for seed ', 'x=', '(', '"', ' ', '/'), fc.constantFrom('.', ' ', ')', '&y=1', '"', ''), (seed, before, after) => {
        for (const form of encodingsOf(seed)) {
          const out = redact(`${before}${form}${after}`);
          expect(out, form).not.toContain(form);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a 16-character seed in prose, in either case', () => {
    expect(redact('Invalid code for JBSWY3DPEHPK3PXP.')).toBe(`Invalid code for ${REDACTED}.`);
    expect(redact('secret jbswy3dpehpk3pxp')).toBe(`secret ${REDACTED}`);
  });

  it('an explicit secret list catches any form, however short the context', () => {
    expect(redact(`abc${SEED64}def`, [SEED64])).toBe(`abc${REDACTED}def`);
    expect(redact(`x${b64(SEED64)}y`, [SEED64])).toBe(`x${REDACTED}y`);
  });

  it('redactDeep redacts values and secret-named members, keeping the shape', () => {
    const v = { a: [`seed ${SEED64}`, 3, null], seed: 'short', n: { qrCodePng: 'x', ok: 'imcabcde00001-u' }, count: 5 };
    expect(redactDeep(v)).toEqual({ a: [`seed ${REDACTED}`, 3, null], seed: REDACTED, n: { qrCodePng: REDACTED, ok: 'imcabcde00001-u' }, count: 5 });
  });
});

describe('redact leaves what reports must show intact', () => {
  it.each([
    'arn:aws:iam::123456789012:mfa/imcabcde0000a-d',
    'arn:aws:iam::222222333333:mfa/team/imc4kn980001c-d',
    'EnableMFADevice|E3|404 NoSuchEntity|200 OK',
    'ListVirtualMFADevices|D5S|200 OK|200 OK|secret in list',
    'npx iam-mfa-conformance replay /tmp/r/report.json --id 4 --endpoint-url http://127.0.0.1:5077',
    '  run prefix imcab12c, account 123456789012 (moto, x-moto-account-id header)',
    '#12 [MUST] E9 ListMFADevices: expected 400 ValidationError, observed 500 Internal Server Error (fails the run)',
    'ask 3 EnableMFADevice iam enable-mfa-device --serial-number "arn:aws:iam::$ACCOUNT:"mfa/imcabcde0000a-d',
    '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE',
    'A'.repeat(300),
    'x'.repeat(120),
    'AuthenticationCode1="<code1>" AuthenticationCode2="<code2>" [genuine pair, 3 step(s) stale]',
    'The user with name imcabcde0000a-u cannot be found.',
    'AIDA0123456789ABCDEF0',
    'Marker=bTEwMA%3D%3D',
    'expected one of: 409 EntityAlreadyExists (E4), 403 InvalidAuthenticationCode (E8R)',
  ])('%s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('names of every generated case stay readable', () => {
    fc.assert(
      fc.property(fc.oneof(userNameValid('new', 'u'), userNameValid('existing', 'v')), fc.integer({ min: 0, max: 36 ** 5 - 1 }), fc.stringMatching(/^[a-z0-9]{5}$/), (spec, n, runId) => {
        const wire = resolveName(spec, casePrefix(runId, n));
        expect(redact(`UserName="${wire}"`)).toBe(`UserName="${wire}"`);
      }),
      { numRuns: 3000 },
    );
  });
});
