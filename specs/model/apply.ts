import type { Outcome } from './outcome.js';
import type { Request } from './predict.js';
import { judgeCodes } from './predict.js';
import { stepAt } from '../totp.js';
import { stsAfter } from './sts.js';
import {
  userKey,
  virtualSerial,
  withDevice,
  withUser,
  withoutDevice,
  withoutUser,
  type Clock,
  type ModelState,
} from './state.js';

/** What only the endpoint can tell: the seed it issued and the serial it chose. */
export interface Facts {
  readonly seed?: string | null;
  readonly serial?: string;
  /** The Marker a list answer carried, if any. */
  readonly marker?: string;
  /** The AccessKeyId CreateAccessKey answered with (never its secret). */
  readonly accessKeyId?: string;
}

/**
 * The state after the endpoint answered `outcome`. The model follows what the endpoint did,
 * even where that diverged, so that later checks judge the endpoint's real state instead of
 * repeating the first divergence.
 */
export function apply(state: ModelState, req: Request, outcome: Outcome, clock: Clock, facts: Facts = {}): ModelState {
  return stsAfter(state, applyIam(state, req, outcome, clock, facts), req, outcome, clock);
}

function applyIam(state: ModelState, req: Request, outcome: Outcome, clock: Clock, facts: Facts): ModelState {
  if (outcome.code !== null || outcome.status !== 200) return state;
  const p = req.params;
  const now = Math.floor((clock.lo + clock.hi) / 2);
  switch (req.action) {
    case 'CreateUser':
      return withUser(state, { name: p['UserName'] ?? '', path: p['Path'] ?? '/', createdAt: now });
    case 'DeleteUser': {
      const key = userKey(p['UserName'] ?? '');
      let next = withoutUser(state, p['UserName'] ?? '');
      for (const d of next.devices.values()) if (d.user === key) next = withDevice(next, { ...d, user: null, enableDate: null, frame: null });
      if ([...next.keys.values()].some((k) => k.user === key)) next = { ...next, keys: new Map([...next.keys].filter(([, k]) => k.user !== key)) };
      return next;
    }
    case 'CreateAccessKey': {
      if (facts.accessKeyId === undefined || p['UserName'] === undefined) return state;
      const keys = new Map(state.keys);
      keys.set(facts.accessKeyId, { id: facts.accessKeyId, user: userKey(p['UserName']), createdAt: clock.hi });
      return { ...state, keys };
    }
    case 'DeleteAccessKey': {
      const keys = new Map(state.keys);
      keys.delete(p['AccessKeyId'] ?? '');
      return { ...state, keys };
    }
    case 'GetSessionToken':
      // STS's own state (codes spent, attempts) is kept by stsAfter.
      return state;
    case 'CreateVirtualMFADevice': {
      const path = p['Path'] ?? '/';
      const name = p['VirtualMFADeviceName'] ?? '';
      const serial = facts.serial ?? (state.account ? virtualSerial(state.partition, state.account, path, name) : name);
      return withDevice(state, { serial, name, path, seed: facts.seed ?? null, user: null, enableDate: null, lastStep: null });
    }
    case 'DeleteVirtualMFADevice':
      return withoutDevice(state, p['SerialNumber'] ?? '');
    case 'EnableMFADevice':
    case 'ResyncMFADevice': {
      const serial = p['SerialNumber'] ?? '';
      const device = state.devices.get(serial);
      if (!device) {
        // An Enable of a serial the model does not know, accepted: the endpoint now holds a
        // device for the user, so the model adopts it (see `continuation`).
        if (req.action !== 'EnableMFADevice') return state;
        const { path, name } = partsOf(serial);
        return withDevice(state, { serial, name, path, seed: null, user: userKey(p['UserName'] ?? ''), enableDate: now, lastStep: null, phantom: true });
      }
      // The counter (E8R) moves to the accepted pair's step; a pair the model cannot place
      // (unknown seed, or one that was not genuine) leaves it where it was.
      const verdict = judgeCodes(device, p['AuthenticationCode1'] ?? '', p['AuthenticationCode2'] ?? '', clock);
      const placed = verdict.kind === 'unknown' || verdict.kind === 'invalid' ? undefined : verdict.facts.step;
      const lastStep = placed === undefined ? device.lastStep : Math.max(device.lastStep ?? placed, placed);
      // The sign-in frame (digest §8): where the accepted pair sat against the endpoint's step.
      const frame = placed === undefined ? null : { lo: placed - stepAt(clock.hi), hi: placed - stepAt(clock.lo), by: req.action };
      if (req.action === 'ResyncMFADevice') return withDevice(state, { ...device, lastStep, frame });
      // The endpoint said yes: the device is now this user's, even where that was a divergence
      // (E4), so later list checks judge what the endpoint really holds.
      const user = userKey(p['UserName'] ?? '');
      if (device.user === user) return withDevice(state, { ...device, lastStep, frame });
      const { deactivated: _was, ...rest } = device;
      return withDevice(state, { ...rest, user, enableDate: now, lastStep, frame });
    }
    case 'DeactivateMFADevice': {
      const device = state.devices.get(p['SerialNumber'] ?? '');
      if (!device) return state;
      return withDevice(state, { ...device, user: null, enableDate: null, frame: null, deactivated: true });
    }
    case 'ListMFADevices':
    case 'ListVirtualMFADevices':
      return facts.marker === undefined ? state : { ...state, markers: new Set([...state.markers, facts.marker].slice(-64)) };
    case 'GetUser':
    case 'GetMFADevice':
      return state;
  }
}

/** Path and name of a virtual-device ARN (`arn:...:mfa/a/b/name`); a hardware serial is its own name. */
function partsOf(serial: string): { path: string; name: string } {
  const m = /^arn:[^:]*:iam::[^:]*:mfa(\/.*\/|\/)([^/]*)$/.exec(serial);
  return m ? { path: m[1] ?? '/', name: m[2] ?? serial } : { path: '/', name: serial };
}

/**
 * How the model goes on after the endpoint answered `outcome` (ARCHITECTURE.md, "After a
 * divergent step"). `adopt`: `apply` follows the answer, divergent or not, because the state it
 * leaves is one the model can describe (a device enabled for another user now belongs to the
 * second one; a serial it never created, once enabled, is a device the user holds). `end`: the
 * answer leaves the endpoint in a state the model cannot describe, and the case stops there,
 * since anything judged after it would be judged against a guess.
 */
export function continuation(state: ModelState, req: Request, outcome: Outcome): 'adopt' | 'end' {
  if (outcome.code !== null || outcome.status !== 200) return 'adopt';
  const p = req.params;
  const user = p['UserName'] === undefined ? undefined : state.users.get(userKey(p['UserName']));
  switch (req.action) {
    case 'CreateUser':
      // Two users whose names differ only by case (U1): the model keys users case-insensitively.
      return user ? 'end' : 'adopt';
    case 'EnableMFADevice':
    case 'ResyncMFADevice':
      // A device enabled for a user the model has never seen.
      return p['UserName'] !== undefined && !user ? 'end' : 'adopt';
    case 'DeactivateMFADevice': {
      // For an unknown user, or a device that is another user's: did the endpoint unassign it, or nothing?
      const device = state.devices.get(p['SerialNumber'] ?? '');
      if (p['UserName'] !== undefined && !user) return 'end';
      return device && user && device.user !== null && device.user !== userKey(user.name) ? 'end' : 'adopt';
    }
    default:
      return 'adopt';
  }
}
