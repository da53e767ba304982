import { randomInt } from 'node:crypto';
import { RUN_ID_LENGTH } from '../generators/prefix.js';
import { calibrate, type Calibration } from '../harness/calibrate.js';
import { connect } from '../harness/connect.js';
import type { Listener } from '../harness/events.js';
import type { Session } from '../harness/session.js';
import type { TargetHandle } from '../harness/targets/target.js';
import { chooseTarget } from '../harness/targets/choose.js';
import type { AccountFrom } from '../reports/report.js';
import { connectOptions, defaultStsEndpoint, type ChosenEndpoint, type EndpointValues } from './common.js';
import { UsageError } from './exit-codes.js';

export function randomRunId(): string {
  let s = '';
  for (let i = 0; i < RUN_ID_LENGTH; i++) s += '0123456789abcdefghijklmnopqrstuvwxyz'[randomInt(36)];
  return s;
}

export interface OpenTarget {
  readonly handle: TargetHandle;
  /** Where sign-ins go, and why (a flag or variable), or undefined: the target's own. */
  readonly sts: { readonly url: string; readonly source?: string };
  readonly session: Session;
  readonly runId: string;
  readonly calibration: Calibration;
  /** How the session's account was chosen: what `cleanup` must do to act in it again. */
  readonly accountFrom: AccountFrom;
  close(): Promise<void>;
}

/** The account the target isolates runs by, and how it was chosen. */
export function accountOf(handle: TargetHandle): { from: AccountFrom; id?: string } {
  const header = handle.headers?.['x-moto-account-id'];
  if (header !== undefined) return { from: 'x-moto-account-id', id: header };
  if (handle.credentials) return { from: 'access-key-id', id: handle.credentials.accessKeyId };
  return { from: 'credentials' };
}

export interface OpenOptions {
  readonly concurrency?: number;
  readonly seed?: number;
  /**
   * Act in this account (a run's, for `cleanup`): through moto's header or the access key id
   * where the target isolates runs that way; with other endpoints the credentials decide, and
   * an endpoint that puts the session in another account is refused.
   */
  readonly account?: string;
  /** Where STS is, when a flag or variable says (cli/common.ts chooseStsEndpoint). */
  readonly sts?: ChosenEndpoint;
}

/** Starts (or points at) the target, connects and calibrates: what every judging command needs first. */
export async function openTarget(values: EndpointValues, endpoint: string | undefined, emit: Listener, targetName?: string, options: OpenOptions = {}): Promise<OpenTarget> {
  if (endpoint !== undefined) connectOptions(values, endpoint);
  let target;
  try {
    target = chooseTarget(targetName, endpoint);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const handle = await target.start();
  try {
    const from = accountOf(handle).from;
    let headers = handle.headers;
    let credentials = handle.credentials;
    if (options.account !== undefined && from === 'x-moto-account-id') headers = { ...headers, 'x-moto-account-id': options.account };
    if (options.account !== undefined && from === 'access-key-id') credentials = { accessKeyId: options.account, secretAccessKey: 'test' };
    const base = connectOptions(values, handle.endpoint);
    const sts = options.sts ?? { url: defaultStsEndpoint(handle.endpoint, base.region) };
    const { session, close } = await connect(
      {
        ...base,
        stsEndpoint: sts.url,
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(headers ? { headers } : {}),
        ...(credentials ? { credentials } : {}),
      },
      emit,
    );
    const runId = randomRunId();
    if (options.seed !== undefined) emit({ type: 'run-started', endpoint: handle.endpoint, selfCheck: handle.selfCheck, seed: options.seed });
    try {
      const calibration = await calibrate(session, `imc${runId}`, handle.endpoint);
      if (options.account !== undefined && calibration.account !== null && calibration.account !== options.account) {
        throw new UsageError(`${handle.endpoint} puts these credentials in account ${calibration.account}, not ${options.account}: use credentials of account ${options.account}`);
      }
      return {
        handle,
        sts,
        session,
        runId,
        calibration,
        accountFrom: from,
        close: async () => {
          close();
          await handle.stop();
        },
      };
    } catch (e) {
      close();
      throw e;
    }
  } catch (e) {
    await handle.stop();
    throw e;
  }
}
