import type { ActionName, Result, ServiceName, UserResult, VirtualDeviceResult } from '../../specs/index.js';
import { SERVICES, serviceOf } from '../../specs/index.js';

/** Writes awsQuery XML envelopes; used by the embedded reference endpoint. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

const el = (name: string, inner: string | undefined): string => (inner === undefined ? '' : `<${name}>${inner}</${name}>`);
const tx = (name: string, value: string | undefined): string => el(name, value === undefined ? undefined : escapeXml(value));

function userXml(u: UserResult): string {
  return tx('Path', u.path) + tx('UserName', u.userName) + tx('UserId', u.userId) + tx('Arn', u.arn) + tx('CreateDate', u.createDate);
}

function virtualDeviceXml(d: VirtualDeviceResult): string {
  return (
    tx('SerialNumber', d.serialNumber) +
    tx('Base32StringSeed', d.seed === undefined ? undefined : Buffer.from(d.seed, 'latin1').toString('base64')) +
    tx('QRCodePNG', d.qrCodePng === undefined ? undefined : Buffer.from(d.qrCodePng).toString('base64')) +
    el('User', d.user ? userXml(d.user) : undefined) +
    tx('EnableDate', d.enableDate)
  );
}

function resultXml(r: Result): string {
  let out = '';
  if (r.user) out += el('User', userXml(r.user));
  if (r.virtualDevice) out += el('VirtualMFADevice', virtualDeviceXml(r.virtualDevice));
  if (r.mfaDevices)
    out += el('MFADevices', r.mfaDevices.map((d) => el('member', tx('UserName', d.userName) + tx('SerialNumber', d.serialNumber) + tx('EnableDate', d.enableDate))).join(''));
  if (r.virtualDevices) out += el('VirtualMFADevices', r.virtualDevices.map((d) => el('member', virtualDeviceXml(d))).join(''));
  if (r.accessKey) {
    const k = r.accessKey;
    out += el('AccessKey', tx('UserName', k.userName) + tx('AccessKeyId', k.accessKeyId) + tx('Status', k.status) + tx('SecretAccessKey', k.secretAccessKey) + tx('CreateDate', k.createDate));
  }
  if (r.credentials) {
    const c = r.credentials;
    out += el('Credentials', tx('AccessKeyId', c.accessKeyId) + tx('SecretAccessKey', c.secretAccessKey) + tx('SessionToken', c.sessionToken) + tx('Expiration', c.expiration));
  }
  if (r.isTruncated !== undefined) out += tx('IsTruncated', String(r.isTruncated));
  if (r.marker !== undefined) out += tx('Marker', r.marker);
  return out;
}

export function renderSuccess(action: ActionName, result: Result | undefined, requestId: string): string {
  const body = result ? el(`${action}Result`, resultXml(result)) : '';
  return `<${action}Response xmlns="${SERVICES[serviceOf(action)].namespace}">${body}<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`;
}

export function renderError(code: string, message: string, type: string, requestId: string, service: ServiceName = 'iam'): string {
  return `<ErrorResponse xmlns="${SERVICES[service].namespace}"><Error><Type>${escapeXml(type)}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
}
