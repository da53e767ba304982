/** What the model knows about one endpoint: only what a case created there. */
export interface UserRecord {
  readonly name: string;
  readonly path: string;
  readonly createdAt: number;
}

export interface DeviceRecord {
  readonly serial: string;
  readonly name: string;
  readonly path: string;
  /** Base32 text; null where the endpoint did not hand one out. */
  readonly seed: string | null;
  /** Key (lower-cased name) of the user the device is enabled for. */
  readonly user: string | null;
  readonly enableDate: number | null;
  /**
   * The per-device code counter (digest §7, E8R): the step of the second code of the last
   * pair the device accepted, by Enable or Resync. It survives deactivation and goes with the
   * device. Null until a pair the model could place was accepted.
   */
  readonly lastStep: number | null;
  /**
   * A device the model never saw created, adopted because the endpoint enabled a serial the
   * contract says it should have refused (E3, E3O): the user holds it from then on.
   */
  readonly phantom?: true;
  /** Unassigned by a DeactivateMFADevice (not simply never enabled): list checks then speak for R1. */
  readonly deactivated?: true;
  /**
   * The device's sign-in frame (digest §8, S2): the offset, in steps from the endpoint's step
   * at the time, of the second code of the pair of the last Enable or Resync that enabled or
   * resynced it, as an interval where the clock left it open. STS looks for codes around
   * now + frame; a frame of exactly 0 is "in sync". Null where no accepted pair could be placed
   * or the device is not enabled.
   */
  readonly frame?: Frame | null;
}

export interface Frame {
  readonly lo: number;
  readonly hi: number;
  /** What set it: an Enable (recorded for current pairs only) or a Resync (recorded moving the frame). */
  readonly by: 'EnableMFADevice' | 'ResyncMFADevice';
}

/** An access key the endpoint issued (digest §8): what signs its user's sign-ins. Never the secret. */
export interface AccessKeyRecord {
  readonly id: string;
  /** Key (lower-cased name) of the user it belongs to. */
  readonly user: string;
  readonly createdAt: number;
}

/** How a device looked to IAM until `until` (endpoint clock): what STS may still see while settling (S3). */
export interface StsView {
  readonly device: DeviceRecord | null;
  /** The latest instant the change could have happened (its clock interval's end). */
  readonly until: number;
  /** The middle of the change's clock interval: the best guess of when it happened. */
  readonly at?: number;
  /** The action that ended this view. */
  readonly by: string;
}

/** What STS itself keeps about one serial (digest §8). */
export interface StsRecord {
  /** Earlier views, oldest first. */
  readonly history: readonly StsView[];
  /** `${seed}:${step}` of every code STS accepted (single use, S2). */
  readonly used: ReadonlySet<string>;
  /** When sign-ins naming this serial were attempted (the verification budget, S3). */
  readonly attempts: readonly number[];
}

export interface ModelState {
  /** 12-digit account id; null until learnt from the endpoint. */
  readonly account: string | null;
  readonly partition: string;
  readonly users: ReadonlyMap<string, UserRecord>;
  readonly devices: ReadonlyMap<string, DeviceRecord>;
  /** Pagination markers the endpoint issued: only a marker it never issued is "bad" (D5S). */
  readonly markers: ReadonlySet<string>;
  /** Access keys the endpoint issued to users of the case, by access key id. */
  readonly keys: ReadonlyMap<string, AccessKeyRecord>;
  /** STS's side of each serial (sign-in), kept after the device is gone while it may still matter. */
  readonly sts: ReadonlyMap<string, StsRecord>;
}

/** The endpoint's time interval while it handled a request, epoch seconds. */
export interface Clock {
  readonly lo: number;
  readonly hi: number;
}

export const exactClock = (t: number): Clock => ({ lo: t, hi: t });

export function emptyState(account: string | null = null, partition = 'aws'): ModelState {
  return { account, partition, users: new Map(), devices: new Map(), markers: new Set(), keys: new Map(), sts: new Map() };
}

/** User names are unique regardless of case (digest U1), so the case-folded name is the key. */
export const userKey = (name: string): string => name.toLowerCase();

export function devicesOf(state: ModelState, user: string): DeviceRecord[] {
  const key = userKey(user);
  return [...state.devices.values()].filter((d) => d.user === key);
}

export function virtualSerial(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:mfa/${path.replace(/^\//, '')}${name}`;
}

export function withUser(state: ModelState, user: UserRecord): ModelState {
  const users = new Map(state.users);
  users.set(userKey(user.name), user);
  return { ...state, users };
}

export function withoutUser(state: ModelState, name: string): ModelState {
  const users = new Map(state.users);
  users.delete(userKey(name));
  return { ...state, users };
}

export function withDevice(state: ModelState, device: DeviceRecord): ModelState {
  const devices = new Map(state.devices);
  devices.set(device.serial, device);
  return { ...state, devices };
}

export function withoutDevice(state: ModelState, serial: string): ModelState {
  const devices = new Map(state.devices);
  devices.delete(serial);
  return { ...state, devices };
}

export function keysOf(state: ModelState, user: string): AccessKeyRecord[] {
  const key = userKey(user);
  return [...state.keys.values()].filter((k) => k.user === key);
}
