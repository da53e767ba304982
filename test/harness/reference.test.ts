import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBase32Seed } from '../../specs/index.js';
import { parseResponse } from '../../harness/protocol/parse.js';
import { startReference, type ReferenceEndpoint } from '../../harness/reference/server.js';

/** The embedded reference speaks awsQuery as AWS does: form POST and GET, XML envelopes, Date, RequestId. */
describe('embedded reference endpoint', () => {
  let ref: ReferenceEndpoint;
  beforeAll(async () => {
    ref = await startReference();
  });
  afterAll(() => ref.close());

  const post = async (body: string) => {
    const r = await fetch(`${ref.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    return { status: r.status, date: r.headers.get('date'), body: new Uint8Array(await r.arrayBuffer()) };
  };

  it('answers a form POST with the result envelope, a RequestId and a Date header', async () => {
    const r = await post('Action=CreateVirtualMFADevice&Version=2010-05-08&VirtualMFADeviceName=ref1&Path=%2Fteam%2F');
    expect(r.status).toBe(200);
    expect(Date.parse(r.date ?? '')).not.toBeNaN();
    const o = parseResponse('CreateVirtualMFADevice', { status: r.status, headers: {}, body: r.body });
    expect(o.envelope).toBe('result');
    expect(o.requestId).toMatch(/\S+/);
    expect(o.result?.virtualDevice?.serialNumber).toBe('arn:aws:iam::123456789012:mfa/team/ref1');
    expect(isBase32Seed(o.result?.virtualDevice?.seed ?? '')).toBe(true);
    expect(o.result?.virtualDevice?.seed).toHaveLength(64);
    expect([...(o.result?.virtualDevice?.qrCodePng ?? []).slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('answers GET with a query string too', async () => {
    const r = await fetch(`${ref.url}/?Action=GetUser&Version=2010-05-08&UserName=nobody`);
    const o = parseResponse('GetUser', { status: r.status, headers: {}, body: new Uint8Array(await r.arrayBuffer()) });
    expect(o).toMatchObject({ status: 404, code: 'NoSuchEntity', envelope: 'error', type: 'Sender', message: 'The user with name nobody cannot be found.' });
  });

  it('reports every broken constraint in one AWS-style ValidationError, without echoing the value', async () => {
    const r = await post('Action=EnableMFADevice&Version=2010-05-08&UserName=a%20b&SerialNumber=short&AuthenticationCode1=12a&AuthenticationCode2=123456');
    const o = parseResponse('EnableMFADevice', { status: r.status, headers: {}, body: r.body });
    expect(o).toMatchObject({ status: 400, code: 'ValidationError' });
    expect(o.message).toMatch(/^4 validation errors detected: Value at 'userName' failed to satisfy constraint/);
    expect(o.message).not.toMatch(/a b|short/);
  });

  it('answers an unknown action with InvalidAction in the error envelope', async () => {
    const r = await post('Action=FrobnicateMFADevice&Version=2010-05-08');
    const o = parseResponse('GetUser', { status: r.status, headers: {}, body: r.body });
    expect(o).toMatchObject({ status: 400, code: 'InvalidAction', envelope: 'error' });
  });
});
