import type { ClauseId } from '../clauses.js';
import { isBase32Seed } from '../totp.js';
import { mfaDevicesFor, virtualDevicesFor } from './listing.js';
import type { Request } from './predict.js';
import type { Result, VirtualDeviceResult } from './result.js';
import type { ModelState } from './state.js';

export interface ResultFinding {
  readonly clause: ClauseId;
  /** Short, stable description: it is part of the divergence signature. */
  readonly what: string;
  readonly detail: string;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const validDate = (s: string | undefined): boolean => s !== undefined && !Number.isNaN(Date.parse(s));

/**
 * Judges the content of a success answer against the model state *before* the request, for
 * the device and user names that `inScope` says belong to the case (list calls are
 * account-wide and other tenants may share the endpoint).
 */
export function checkResult(state: ModelState, req: Request, result: Result, inScope: (serial: string) => boolean): ResultFinding[] {
  const out: ResultFinding[] = [];
  const p = req.params;
  const fail = (clause: ClauseId, what: string, detail: string) => out.push({ clause, what, detail });

  switch (req.action) {
    case 'CreateVirtualMFADevice': {
      const d = result.virtualDevice;
      const tail = `${(p['Path'] ?? '/').replace(/^\//, '')}${p['VirtualMFADeviceName'] ?? ''}`;
      const account = state.account ?? '\\d{12}';
      const shape = new RegExp(`^arn:${state.account ? state.partition : 'aws[a-z-]*'}:iam::${account}:mfa/${escapeRegExp(tail)}$`);
      if (!d?.serialNumber) fail('D1', 'no SerialNumber', 'CreateVirtualMFADevice returned no SerialNumber');
      else if (!shape.test(d.serialNumber)) fail('D1', 'SerialNumber shape', `SerialNumber ${d.serialNumber} is not arn:aws:iam::ACCOUNT:mfa/${tail}`);
      if (!d?.seed) fail('D1', 'no Base32StringSeed', 'CreateVirtualMFADevice returned no Base32StringSeed');
      else if (!isBase32Seed(d.seed)) fail('D1', 'seed not base32', 'Base32StringSeed is not RFC 4648 base32 text');
      if (d?.qrCodePng && !PNG_SIGNATURE.every((b, i) => d.qrCodePng?.[i] === b)) fail('D1Q', 'QRCodePNG not PNG', 'QRCodePNG does not start with the PNG signature');
      break;
    }
    case 'CreateUser':
    case 'GetUser': {
      if (p['UserName'] !== undefined && result.user?.userName?.toLowerCase() !== p['UserName'].toLowerCase()) {
        fail('U3', 'UserName in result', `${req.action} returned UserName ${result.user?.userName ?? '(none)'}`);
      }
      break;
    }
    case 'ListMFADevices': {
      const name = p['UserName'];
      if (name === undefined) break;
      const expected = new Set(mfaDevicesFor(state, name).map((d) => d.serial));
      const listed = result.mfaDevices ?? [];
      const seen = new Set(listed.map((d) => d.serialNumber ?? ''));
      for (const s of expected) if (!seen.has(s)) fail('L1', 'enabled device missing', `ListMFADevices does not list enabled device ${s}`);
      // A device the user deactivated that is still listed breaks R1 ("afterwards the device leaves ListMFADevices").
      for (const s of seen) {
        if (expected.has(s)) continue;
        if (state.devices.get(s)?.deactivated) fail('R1', 'deactivated device still listed', `ListMFADevices still lists ${s} after DeactivateMFADevice`);
        else fail('L1', 'unexpected device listed', `ListMFADevices lists ${s}, which is not enabled for the user`);
      }
      for (const d of listed) if (!validDate(d.enableDate)) fail('E1', 'EnableDate missing', `ListMFADevices entry ${d.serialNumber ?? ''} has no valid EnableDate`);
      break;
    }
    case 'ListVirtualMFADevices': {
      const expected = new Map(virtualDevicesFor(state, p['AssignmentStatus']).map((d) => [d.serial, d]));
      const listed = (result.virtualDevices ?? []).filter((d) => d.serialNumber !== undefined && !state.devices.get(d.serialNumber)?.phantom && (inScope(d.serialNumber) || state.devices.has(d.serialNumber)));
      const seen = new Map<string, VirtualDeviceResult>(listed.map((d) => [d.serialNumber ?? '', d]));
      const filter = p['AssignmentStatus'] ?? 'Any (default)';
      for (const [s, d] of expected) {
        if (seen.has(s)) continue;
        // A deactivated device missing from the Unassigned listing is R1 ("... and is Unassigned again").
        if (d.deactivated && filter === 'Unassigned') fail('R1', 'deactivated device not Unassigned', `ListVirtualMFADevices(Unassigned) does not list ${s} after DeactivateMFADevice`);
        else fail('D5', `device missing under ${filter}`, `ListVirtualMFADevices(${filter}) does not list ${s}`);
      }
      for (const [s, entry] of seen) {
        const model = expected.get(s);
        if (!model) {
          if (state.devices.get(s)?.deactivated && filter === 'Assigned') fail('R1', 'deactivated device still Assigned', `ListVirtualMFADevices(Assigned) still lists ${s} after DeactivateMFADevice`);
          else fail('D5', `unexpected device under ${filter}`, `ListVirtualMFADevices(${filter}) lists ${s}`);
          continue;
        }
        if (model.user !== null) {
          if (entry.user?.userName?.toLowerCase() !== model.user) fail('D5', 'assigned entry without User', `assigned device ${s} is listed without its User`);
          if (!validDate(entry.enableDate)) fail('E1', 'assigned entry without EnableDate', `assigned device ${s} is listed without a valid EnableDate`);
        } else if (entry.user?.userName) {
          if (model.deactivated) fail('R1', 'deactivated device listed with User', `device ${s} is still listed with User ${entry.user.userName} after DeactivateMFADevice`);
          else fail('D5', 'unassigned entry with User', `unassigned device ${s} is listed with User ${entry.user.userName}`);
        }
        if (entry.seed || entry.qrCodePng) fail('D5S', 'secret in list', `ListVirtualMFADevices returns the seed or QR code of ${s}`);
      }
      break;
    }
    case 'CreateAccessKey': {
      const k = result.accessKey;
      if (!k?.accessKeyId) fail('K1', 'no AccessKeyId', 'CreateAccessKey returned no AccessKeyId');
      if (!k?.secretAccessKey) fail('K1', 'no SecretAccessKey', 'CreateAccessKey returned no SecretAccessKey');
      if (k?.status !== undefined && k.status !== 'Active') fail('K1', 'key not Active', `CreateAccessKey returned Status ${k.status}, not Active (the default for new keys)`);
      if (p['UserName'] !== undefined && k?.userName !== undefined && k.userName.toLowerCase() !== p['UserName'].toLowerCase()) fail('K1', 'UserName in result', `CreateAccessKey returned UserName ${k.userName}`);
      break;
    }
    case 'GetSessionToken': {
      const c = result.credentials;
      const missing = (['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration'] as const).filter((m) => !c?.[m]);
      if (!c) fail('S1', 'no credentials', 'GetSessionToken returned no Credentials');
      else if (missing.length > 0) fail('S1', 'credentials incomplete', `GetSessionToken returned Credentials without ${missing.join(', ')}`);
      else if (!validDate(c.expiration)) fail('S1', 'Expiration not a date', 'GetSessionToken returned an Expiration that is not a date');
      break;
    }
    default:
      break;
  }
  return out;
}
