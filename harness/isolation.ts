import type { ModelState } from '../specs/index.js';
import { userKey } from '../specs/index.js';
import type { Created } from './case/run.js';
import type { Session } from './session.js';

/** Refuses, loudly, to touch anything a run did not create. */
export function assertOwned(name: string, prefix: string): void {
  if (!name.startsWith(prefix)) throw new Error(`refusing to modify ${JSON.stringify(name)}: it does not carry the run prefix ${prefix}`);
}

/**
 * Removes what a case created, in the order IAM requires (deactivate, delete devices, delete
 * access keys, delete users: a user with a key cannot be deleted). Failures are counted, never
 * judged: the endpoint's state after a divergence is whatever it is.
 */
export async function cleanupCreated(session: Session, created: Created, state: ModelState): Promise<number> {
  let failures = 0;
  const ok = async (action: Parameters<Session['exchange']>[0], pairs: Array<[string, string]>) => {
    try {
      const { observation } = await session.exchange(action, pairs);
      if (observation.code !== null && observation.code !== 'NoSuchEntity') failures++;
      return observation;
    } catch {
      failures++;
      return undefined;
    }
  };
  // A name in `created` was created by this case (the endpoint said so), prefixed or not: an
  // endpoint that skips validation can accept a name the case meant to be refused.
  const users = [...created.users];
  for (const [serial] of created.devices) {
    const holder = state.devices.get(serial)?.user;
    const owner = holder ? users.find((u) => userKey(u) === holder) : undefined;
    if (owner) await ok('DeactivateMFADevice', [['UserName', owner], ['SerialNumber', serial]]);
  }
  for (const user of users) {
    const listed = await ok('ListMFADevices', [['UserName', user]]);
    for (const d of listed?.result?.mfaDevices ?? []) {
      // Any device still enabled for a user this case created: the association is ours even
      // where the endpoint let the case enable a serial it never created (E3).
      if (d.serialNumber) await ok('DeactivateMFADevice', [['UserName', user], ['SerialNumber', d.serialNumber]]);
    }
  }
  for (const [serial] of created.devices) {
    await ok('DeleteVirtualMFADevice', [['SerialNumber', serial]]);
  }
  for (const [id, user] of created.keys ?? []) await ok('DeleteAccessKey', [['UserName', user], ['AccessKeyId', id]]);
  for (const user of users) await ok('DeleteUser', [['UserName', user]]);
  return failures;
}
