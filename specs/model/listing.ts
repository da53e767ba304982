import type { ModelState, DeviceRecord } from './state.js';
import { userKey } from './state.js';

export type AssignmentFilter = 'Assigned' | 'Unassigned' | 'Any';

/** Devices ListVirtualMFADevices must list for a filter (D5: an absent filter means Any). */
export function virtualDevicesFor(state: ModelState, filter: string | undefined): DeviceRecord[] {
  const f = (filter ?? 'Any') as AssignmentFilter;
  // An adopted device (state.ts `phantom`) was never created as a virtual device: whether the
  // endpoint lists it as one is not the contract's to say.
  return [...state.devices.values()].filter((d) => !d.phantom && (f === 'Any' ? true : f === 'Assigned' ? d.user !== null : d.user === null));
}

/** Devices ListMFADevices must list for a user (L1). */
export function mfaDevicesFor(state: ModelState, userName: string): DeviceRecord[] {
  const key = userKey(userName);
  return [...state.devices.values()].filter((d) => d.user === key);
}
