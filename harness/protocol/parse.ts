import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AccessKeyResult, ActionName, CredentialsResult, MfaDeviceResult, Result, UserResult, VirtualDeviceResult } from '../../specs/index.js';
import { isBase32Seed } from '../../specs/index.js';
import type { Observation, RawResponse } from './observation.js';

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'member',
});

type Node = Record<string, unknown>;
const obj = (v: unknown): Node | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const members = (v: unknown): Node[] => {
  const m = obj(v)?.['member'];
  return Array.isArray(m) ? m.map((x) => obj(x) ?? {}) : [];
};

/**
 * Blobs are base64 on the wire. An endpoint that sends the base32 text itself (no base64) still
 * gets a usable seed; but base64 of printable text that is not base32 (e.g. hex) is that text:
 * reading the base64 characters as base32 instead would judge codes against a secret the
 * endpoint never issued.
 */
function seedOf(v: unknown): string | undefined {
  const raw = text(v);
  if (raw === undefined) return undefined;
  const decoded = Buffer.from(raw, 'base64').toString('latin1');
  if (isBase32Seed(decoded)) return decoded;
  const printable = decoded.length > 0 && /^[\x20-\x7e]+$/.test(decoded);
  return !printable && isBase32Seed(raw) ? raw : decoded;
}

function userOf(n: Node | undefined): UserResult | undefined {
  if (!n) return undefined;
  const u: Record<string, string> = {};
  for (const [k, key] of [
    ['UserName', 'userName'],
    ['Path', 'path'],
    ['Arn', 'arn'],
    ['UserId', 'userId'],
    ['CreateDate', 'createDate'],
  ] as const) {
    const t = text(n[k]);
    if (t !== undefined) u[key] = t;
  }
  return u;
}

function virtualDeviceOf(n: Node): VirtualDeviceResult {
  const d: { -readonly [K in keyof VirtualDeviceResult]: VirtualDeviceResult[K] } = {};
  const serial = text(n['SerialNumber']);
  if (serial !== undefined) d.serialNumber = serial;
  const seed = seedOf(n['Base32StringSeed']);
  if (seed !== undefined) d.seed = seed;
  const qr = text(n['QRCodePNG']);
  if (qr !== undefined) d.qrCodePng = Uint8Array.from(Buffer.from(qr, 'base64'));
  const user = userOf(obj(n['User']));
  if (user) d.user = user;
  const enableDate = text(n['EnableDate']);
  if (enableDate !== undefined) d.enableDate = enableDate;
  return d;
}

function mfaDeviceOf(n: Node): MfaDeviceResult {
  const d: { -readonly [K in keyof MfaDeviceResult]: MfaDeviceResult[K] } = {};
  for (const [k, key] of [
    ['UserName', 'userName'],
    ['SerialNumber', 'serialNumber'],
    ['EnableDate', 'enableDate'],
  ] as const) {
    const t = text(n[k]);
    if (t !== undefined) d[key] = t;
  }
  return d;
}

/** Text members of `n` under the given result keys. */
function fields<K extends string>(n: Node | undefined, map: ReadonlyArray<readonly [string, K]>): Partial<Record<K, string>> | undefined {
  if (!n) return undefined;
  const out: Partial<Record<K, string>> = {};
  for (const [k, key] of map) {
    const t = text(n[k]);
    if (t !== undefined) out[key] = t;
  }
  return out;
}

function resultOf(action: ActionName, r: Node): Result {
  const paging = {
    ...(text(r['IsTruncated']) !== undefined ? { isTruncated: text(r['IsTruncated']) === 'true' } : {}),
    ...(text(r['Marker']) !== undefined ? { marker: text(r['Marker']) as string } : {}),
  };
  switch (action) {
    case 'CreateUser':
    case 'GetUser': {
      const user = userOf(obj(r['User']));
      return user ? { user } : {};
    }
    case 'CreateVirtualMFADevice': {
      const d = obj(r['VirtualMFADevice']);
      return d ? { virtualDevice: virtualDeviceOf(d) } : {};
    }
    case 'ListMFADevices':
      return { mfaDevices: members(r['MFADevices']).map(mfaDeviceOf), ...paging };
    case 'ListVirtualMFADevices':
      return { virtualDevices: members(r['VirtualMFADevices']).map(virtualDeviceOf), ...paging };
    case 'CreateAccessKey': {
      const accessKey: AccessKeyResult | undefined = fields(obj(r['AccessKey']), [
        ['UserName', 'userName'],
        ['AccessKeyId', 'accessKeyId'],
        ['Status', 'status'],
        ['SecretAccessKey', 'secretAccessKey'],
        ['CreateDate', 'createDate'],
      ] as const);
      return accessKey ? { accessKey } : {};
    }
    case 'GetSessionToken': {
      const credentials: CredentialsResult | undefined = fields(obj(r['Credentials']), [
        ['AccessKeyId', 'accessKeyId'],
        ['SecretAccessKey', 'secretAccessKey'],
        ['SessionToken', 'sessionToken'],
        ['Expiration', 'expiration'],
      ] as const);
      return credentials ? { credentials } : {};
    }
    default:
      return {};
  }
}

function header(raw: RawResponse, name: string): string | undefined {
  const hit = Object.entries(raw.headers).find(([k]) => k.toLowerCase() === name);
  return hit?.[1];
}

/** Reads an awsQuery answer. Anything that is not the documented envelope is `envelope: 'none'`. */
export function parseResponse(action: ActionName, raw: RawResponse): Observation {
  const body = Buffer.from(raw.body).toString('utf8');
  const date = header(raw, 'date');
  const base = { status: raw.status, ...(date ? { date } : {}) };
  const none = (): Observation => ({ ...base, code: null, envelope: 'none', excerpt: body.slice(0, 160) });
  if (!body.trimStart().startsWith('<')) return none();
  // Malformed XML (e.g. an unescaped '<' echoed into a message) is not the envelope, however
  // leniently a parser could read it.
  if (XMLValidator.validate(body) !== true) return none();
  let doc: Node;
  try {
    doc = parser.parse(body) as Node;
  } catch {
    return none();
  }
  const errorRoot = obj(doc['ErrorResponse']);
  if (errorRoot) {
    const e = obj(errorRoot['Error']) ?? {};
    const code = text(e['Code']) ?? '';
    const message = text(e['Message']);
    const type = text(e['Type']);
    const requestId = text(errorRoot['RequestId']) ?? text(errorRoot['RequestID']);
    return {
      ...base,
      code: code === '' ? '(none)' : code,
      envelope: 'error',
      ...(message !== undefined ? { message } : {}),
      ...(type !== undefined ? { type } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
    };
  }
  const okRoot = obj(doc[`${action}Response`]);
  if (okRoot) {
    const requestId = text(obj(okRoot['ResponseMetadata'])?.['RequestId']);
    const result = obj(okRoot[`${action}Result`]) ?? {};
    return { ...base, code: null, envelope: 'result', result: resultOf(action, result), ...(requestId ? { requestId } : {}) };
  }
  // Some servers answer errors in other XML shapes; keep the code for the report, but it is not the envelope.
  const stray = body.match(/<Code>([^<]*)<\/Code>/);
  return { ...none(), code: stray?.[1] ?? null };
}
