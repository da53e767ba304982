import type { Session } from './session.js';
import { assertOwned } from './isolation.js';

export interface CleanupResult {
  readonly deactivated: number;
  readonly devices: number;
  /** Access keys deleted (of users under the prefix: a user with a key cannot be deleted). */
  readonly keys: number;
  readonly users: number;
  readonly failures: number;
}

const tail = (serial: string) => serial.split('/').pop() ?? '';

/**
 * Removes leftovers of earlier runs: every virtual device and user whose name starts with
 * `prefix`, and nothing else (assertOwned guards every modifying request).
 */
export async function cleanupPrefix(session: Session, prefix: string): Promise<CleanupResult> {
  let deactivated = 0;
  let devices = 0;
  let users = 0;
  let keys = 0;
  let failures = 0;
  const count = (ok: boolean) => (ok ? 1 : (failures++, 0));

  const listed: Array<{ serial: string; user?: string }> = [];
  let marker: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const { observation } = await session.exchange('ListVirtualMFADevices', marker ? [['Marker', marker]] : []);
    for (const d of observation.result?.virtualDevices ?? []) {
      if (d.serialNumber && tail(d.serialNumber).startsWith(prefix)) listed.push({ serial: d.serialNumber, ...(d.user?.userName ? { user: d.user.userName } : {}) });
    }
    marker = observation.result?.isTruncated ? observation.result.marker : undefined;
    if (!marker) break;
  }
  for (const d of listed) {
    assertOwned(tail(d.serial), prefix);
    if (d.user) {
      const { observation } = await session.exchange('DeactivateMFADevice', [['UserName', d.user], ['SerialNumber', d.serial]]);
      deactivated += count(observation.code === null);
    }
    const { observation } = await session.exchange('DeleteVirtualMFADevice', [['SerialNumber', d.serial]]);
    devices += count(observation.code === null);
  }

  for (const name of await listUsers(session, prefix)) {
    assertOwned(name, prefix);
    const { observation: mfa } = await session.exchange('ListMFADevices', [['UserName', name]]);
    for (const d of mfa.result?.mfaDevices ?? []) {
      if (d.serialNumber && tail(d.serialNumber).startsWith(prefix)) {
        const { observation } = await session.exchange('DeactivateMFADevice', [['UserName', name], ['SerialNumber', d.serialNumber]]);
        deactivated += count(observation.code === null);
      }
    }
    for (const id of await listAccessKeys(session, name)) {
      const { observation } = await session.exchange('DeleteAccessKey', [['UserName', name], ['AccessKeyId', id]]);
      keys += count(observation.code === null);
    }
    const { observation } = await session.exchange('DeleteUser', [['UserName', name]]);
    users += count(observation.code === null);
  }
  return { deactivated, devices, keys, users, failures };
}

/** ListAccessKeys is outside the contract under test: read through the raw client, for one user of the prefix. */
async function listAccessKeys(session: Session, user: string): Promise<string[]> {
  const ids: string[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 100; page++) {
    const body = await session.rawText('ListAccessKeys', [['UserName', user], ...(marker ? ([['Marker', marker]] as const) : [])]);
    for (const m of body.matchAll(/<AccessKeyId>([^<]*)<\/AccessKeyId>/g)) ids.push(unescapeXml(m[1] ?? ''));
    const truncated = /<IsTruncated>true<\/IsTruncated>/.test(body);
    marker = truncated ? unescapeXml(/<Marker>([^<]*)<\/Marker>/.exec(body)?.[1] ?? '') : undefined;
    if (!marker) break;
  }
  return ids;
}

/** ListUsers is outside the contract under test: it is only read here, through the raw client. */
async function listUsers(session: Session, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const body = await session.rawText('ListUsers', marker ? [['Marker', marker]] : []);
    for (const m of body.matchAll(/<member>[\s\S]*?<UserName>([^<]*)<\/UserName>[\s\S]*?<\/member>/g)) {
      const name = unescapeXml(m[1] ?? '');
      if (name.startsWith(prefix)) names.push(name);
    }
    const truncated = /<IsTruncated>true<\/IsTruncated>/.test(body);
    marker = truncated ? unescapeXml(/<Marker>([^<]*)<\/Marker>/.exec(body)?.[1] ?? '') : undefined;
    if (!marker) break;
  }
  return names;
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
