import { codeAt, stepAt, virtualSerial, type ActionName, type Request } from '../../specs/index.js';
import { parseResponse } from '../../harness/protocol/parse.js';
import type { Observation } from '../../harness/protocol/observation.js';
import type { Answer, ReferenceService } from '../../harness/reference/server.js';

/**
 * A request of a demonstration, with values that only exist at send time (serials the
 * endpoint issued, codes of its seeds at its current step) written as functions of a context.
 */
export interface DemoStep {
  readonly action: ActionName;
  readonly params: (c: DemoCtx) => Readonly<Record<string, string>>;
  /** Signed with this user's access key (created by an earlier demo step): a sign-in. */
  readonly signer?: string;
}

export interface DemoCtx {
  /** The serial the endpoint issued for device `name`, or an ARN of the account that was never created. */
  serial(name: string): string;
  /** Device `name`'s code at `k` steps from the endpoint's current step. */
  code(name: string, k?: number): string;
  /** The access key id the endpoint issued to `user` (or a well-formed one it never issued). */
  key(user: string): string;
  /** A consecutive pair whose second code is at offset `k` (digest E7 naming). */
  pair(name: string, k?: number): { AuthenticationCode1: string; AuthenticationCode2: string };
}

const ACCOUNT = '123456789012';

/** Drives a ReferenceService directly, one demo step at a time, keeping what it issued. */
export class DemoRunner {
  private readonly serials = new Map<string, string>();
  private readonly seeds = new Map<string, string>();
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly service: ReferenceService,
    /** The endpoint's clock, so codes are current for it even when it is skewed. */
    private readonly now: () => number,
  ) {}

  private ctx(): DemoCtx {
    const step = stepAt(this.now());
    const seed = (name: string) => this.seeds.get(name) ?? 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const code = (name: string, k = 0) => codeAt(seed(name), step + k);
    return {
      serial: (name) => this.serials.get(name) ?? virtualSerial('aws', ACCOUNT, '/', name),
      key: (user) => this.keys.get(user) ?? 'AKIAIMCNEVERISSUED00',
      code,
      pair: (name, k = 0) => ({ AuthenticationCode1: code(name, k - 1), AuthenticationCode2: code(name, k) }),
    };
  }

  /** Sends one step; returns the request as the model sees it and the answer. */
  async send(step: DemoStep): Promise<{ req: Request; answer: Answer; observation: Observation }> {
    const params = { ...step.params(this.ctx()) };
    const key = step.signer === undefined ? undefined : this.keys.get(step.signer);
    const answer = await this.service.handle([['Action', step.action], ['Version', '2010-05-08'], ...Object.entries(params)], key !== undefined ? { accessKeyId: key } : {});
    const observation = parseResponse(step.action, { status: answer.status, headers: answer.headers, body: Buffer.from(answer.body, 'utf8') });
    if (step.action === 'CreateVirtualMFADevice') {
      const d = observation.result?.virtualDevice;
      const name = params['VirtualMFADeviceName'] ?? '';
      if (d?.serialNumber) this.serials.set(name, d.serialNumber);
      if (d?.seed) this.seeds.set(name, d.seed);
    }
    const k = observation.result?.accessKey;
    if (step.action === 'CreateAccessKey' && k?.accessKeyId) this.keys.set(params['UserName'] ?? '', k.accessKeyId);
    return { req: { action: step.action, params, ...(key !== undefined ? { signer: key } : {}) }, answer, observation };
  }
}

/** An answer reduced to what a fault can change: timestamps and request ids vary run to run. */
export function comparable(a: Answer): string {
  const body = a.body
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'DATE')
    .replace(/<RequestId>[^<]*<\/RequestId>/g, '<RequestId/>');
  return `${a.status} ${a.headers['content-type'] ?? ''} ${'date' in a.headers ? 'dated' : 'undated'} ${body}`;
}

// Builders: the demos read like the request sequences they are.
export const createUser = (name: string): DemoStep => ({ action: 'CreateUser', params: () => ({ UserName: name }) });
export const deleteUser = (name: string): DemoStep => ({ action: 'DeleteUser', params: () => ({ UserName: name }) });
export const getUser = (name: string): DemoStep => ({ action: 'GetUser', params: () => ({ UserName: name }) });
export const createDevice = (name: string, path?: string): DemoStep => ({
  action: 'CreateVirtualMFADevice',
  params: () => ({ VirtualMFADeviceName: name, ...(path !== undefined ? { Path: path } : {}) }),
});
export const deleteDevice = (name: string): DemoStep => ({ action: 'DeleteVirtualMFADevice', params: (c) => ({ SerialNumber: c.serial(name) }) });
type Codes = (c: DemoCtx) => { AuthenticationCode1: string; AuthenticationCode2: string };
export const current = (device: string): Codes => (c) => c.pair(device, 0);
export const enable = (user: string, device: string, codes: Codes = current(device)): DemoStep => ({
  action: 'EnableMFADevice',
  params: (c) => ({ UserName: user, SerialNumber: c.serial(device), ...codes(c) }),
});
export const resync = (user: string, device: string, codes: Codes = current(device)): DemoStep => ({
  action: 'ResyncMFADevice',
  params: (c) => ({ UserName: user, SerialNumber: c.serial(device), ...codes(c) }),
});
export const deactivate = (user: string, device: string): DemoStep => ({ action: 'DeactivateMFADevice', params: (c) => ({ UserName: user, SerialNumber: c.serial(device) }) });
export const listMfa = (user: string): DemoStep => ({ action: 'ListMFADevices', params: () => ({ UserName: user }) });
export const listVirtual = (status?: 'Assigned' | 'Unassigned' | 'Any'): DemoStep => ({
  action: 'ListVirtualMFADevices',
  params: () => (status ? { AssignmentStatus: status } : {}),
});
export const getMfa = (device: string): DemoStep => ({ action: 'GetMFADevice', params: (c) => ({ SerialNumber: c.serial(device) }) });
/** Any request with literal parameters, for malformed ones. */
export const raw = (action: ActionName, params: (c: DemoCtx) => Record<string, string>): DemoStep => ({ action, params });
export const createAccessKey = (user: string): DemoStep => ({ action: 'CreateAccessKey', params: () => ({ UserName: user }) });
/** `user` signs in with `device` and a code (the current one by default), signed with the user's key. */
export const signIn = (user: string, device: string, code: (c: DemoCtx) => string = (c) => c.code(device)): DemoStep => ({
  action: 'GetSessionToken',
  params: (c) => ({ SerialNumber: c.serial(device), TokenCode: code(c) }),
  signer: user,
});
