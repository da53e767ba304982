import { ACCESS_DENIED_CODES, type ActionName } from '../specs/index.js';
import { fixedName } from '../generators/simple-names.js';
import type { CaseRun } from './case/run.js';
import type { CaseSpec, Step } from './case/spec.js';
import { createAccessKey, createDevice, createUser, deactivate, deleteAccessKey, deleteDevice, deleteUser, enable, getUser, listMfa, listVirtual, nameOf, resync, serialOf } from './properties/steps.js';

const U = fixedName('u');
const D = fixedName('d');
const current = { kind: 'genuine', offset: 0 } as const;

/**
 * A valid request of `action` about entities that exist, after the setup it needs: if the
 * caller is refused even this, its AccessDenied answers are about its policy, not the
 * contract (digest §7 [AUTH]). Whether the endpoint accepts the control's codes does not
 * matter: only AccessDenied does.
 */
function control(action: ActionName): CaseSpec {
  const user = [createUser(U)];
  const device = [createDevice(D)];
  const enabled = [...user, ...device, enable(nameOf(U), serialOf(D), D, current)];
  const steps: Record<ActionName, Step[]> = {
    CreateUser: user,
    GetUser: [...user, getUser(U)],
    DeleteUser: [...user, deleteUser(U)],
    ListMFADevices: [...user, listMfa(U)],
    CreateVirtualMFADevice: device,
    DeleteVirtualMFADevice: [...device, deleteDevice(D)],
    EnableMFADevice: enabled,
    // A pair after the counter, so that only authorization could refuse it.
    ResyncMFADevice: [...enabled, resync(nameOf(U), serialOf(D), D, { kind: 'genuine', offset: 2 })],
    DeactivateMFADevice: [...enabled, deactivate(U, D)],
    ListVirtualMFADevices: [listVirtual()],
    GetMFADevice: [...device, { action: 'GetMFADevice', params: { SerialNumber: serialOf(D) } }],
    CreateAccessKey: [...user, createAccessKey(U)],
    DeleteAccessKey: [...user, createAccessKey(U), deleteAccessKey(U)],
    // A session without MFA, signed with the user's key: an AccessDenied for a sign-in is the
    // documented refusal of its code (digest §8), judged only if this one is allowed.
    GetSessionToken: [...user, createAccessKey(U), { action: 'GetSessionToken', params: {}, signer: U }],
  };
  return { label: `control request: a valid ${action} about entities that exist`, steps: steps[action] };
}

export const isAccessDenied = (code: string | null): boolean => code !== null && ACCESS_DENIED_CODES.includes(code);

/**
 * Whether the caller may call each action at all, learnt once per action from a control case
 * and kept for the run. A control whose setup is itself denied counts as denied: nothing
 * about the action can be judged for this caller then either.
 */
export class Authorization {
  private readonly known = new Map<ActionName, Promise<boolean | undefined>>();

  constructor(private readonly execute: (spec: CaseSpec) => Promise<CaseRun | undefined>) {}

  /** True: allowed; false: denied; undefined: the control case said nothing (throttled, stopped). */
  allowed(action: ActionName): Promise<boolean | undefined> {
    let answer = this.known.get(action);
    if (!answer) {
      answer = this.execute(control(action)).then((run) => {
        if (!run || run.records.length === 0) return undefined;
        if (run.records.some((r) => isAccessDenied(r.code))) return false;
        return run.records.at(-1)?.action === action ? true : undefined;
      });
      this.known.set(action, answer);
    }
    return answer;
  }
}
