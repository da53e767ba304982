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
}

export interface ModelState {
  /** 12-digit account id; null until learnt from the endpoint. */
  readonly account: string | null;
  readonly partition: string;
  readonly users: ReadonlyMap<string, UserRecord>;
  readonly devices: ReadonlyMap<string, DeviceRecord>;
  /** Pagination markers the endpoint issued: only a marker it never issued is "bad" (D5S). */
  readonly markers: ReadonlySet<string>;
}

/** The endpoint's time interval while it handled a request, epoch seconds. */
export interface Clock {
  readonly lo: number;
  readonly hi: number;
}

export const exactClock = (t: number): Clock => ({ lo: t, hi: t });

export function emptyState(account: string | null = null, partition = 'aws'): ModelState {
  return { account, partition, users: new Map(), devices: new Map(), markers: new Set() };
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
