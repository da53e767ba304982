import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceEndpoint } from '../../harness/reference/server.js';
import { Transport } from '../../harness/client/transport.js';
import { parseResponse } from '../../harness/protocol/parse.js';
import { EXIT } from '../../cli/exit-codes.js';
import { cli } from '../cli/helpers.js';

/**
 * Another tenant's resources live on the same endpoint as the run. The run must clean up
 * everything it created and touch nothing else; `cleanup --prefix` removes only that prefix.
 */
describe('isolation', () => {
  let ref: ReferenceEndpoint;
  let t: Transport;
  const send = async (action: 'CreateUser' | 'CreateVirtualMFADevice' | 'CreateAccessKey', pairs: Array<[string, string]>) => parseResponse(action, (await t.send(action, pairs)).raw);

  beforeAll(async () => {
    ref = await startReference();
    t = new Transport({ endpoint: ref.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, connectTimeoutMs: 2000, readTimeoutMs: 5000, verifySsl: true });
    await send('CreateUser', [['UserName', 'alice']]);
    await send('CreateUser', [['UserName', 'imcother00001-bob']]); // another run's prefix
    await send('CreateVirtualMFADevice', [['VirtualMFADeviceName', 'alicesdevice']]);
    await send('CreateVirtualMFADevice', [['VirtualMFADeviceName', 'imcother00001-d']]);
    await send('CreateAccessKey', [['UserName', 'alice']]);
  });
  afterAll(async () => {
    t.destroy();
    await ref.close();
  });

  const users = () => [...ref.state().users.values()].map((u) => u.name).sort();
  const devices = () => [...ref.state().devices.values()].map((d) => d.name).sort();
  const keys = () => [...ref.state().keys.values()].map((k) => `${k.user}:${k.id}`).sort();

  it('a run leaves the endpoint as it found it', async () => {
    const before = { users: users(), devices: devices(), keys: keys() };
    expect(before.keys).toHaveLength(1);
    const r = await cli('run', '--endpoint-url', ref.url, '--seed', '5', '--num-runs', '3', '--report-dir', mkdtempSync(join(tmpdir(), 'imc-iso-')));
    expect(r.code).toBe(EXIT.ok);
    // The run created users with access keys (sign-in) and removed every one of them.
    expect(r.out.join('\n')).toMatch(/K1 +MUST +pass/);
    expect({ users: users(), devices: devices(), keys: keys() }).toEqual(before);
  });

  it('cleanup --prefix removes that prefix and nothing else', async () => {
    await send('CreateUser', [['UserName', 'imcmine000001-u']]);
    await send('CreateVirtualMFADevice', [['VirtualMFADeviceName', 'imcmine000001-d']]);
    // A user with an access key cannot be deleted: cleanup deletes its keys first.
    await send('CreateAccessKey', [['UserName', 'imcmine000001-u']]);
    const aliceKeys = keys();
    const r = await cli('cleanup', '--endpoint-url', ref.url, '--prefix', 'imcmine0');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.join('\n')).toMatch(/removed 1 device\(s\), 1 access key\(s\) and 1 user\(s\)/);
    expect(users()).toEqual(['alice', 'imcother00001-bob']);
    expect(devices()).toEqual(['alicesdevice', 'imcother00001-d']);
    expect(keys()).toEqual(aliceKeys.filter((k) => k.startsWith('alice:')));
  });
});
