import { randomInt } from 'node:crypto';
import { RUN_ID_LENGTH } from '../generators/prefix.js';
import { calibrate, type Calibration } from '../harness/calibrate.js';
import { connect } from '../harness/connect.js';
import type { Listener } from '../harness/events.js';
import type { Session } from '../harness/session.js';
import type { TargetHandle } from '../harness/targets/target.js';
import { chooseTarget } from '../harness/targets/choose.js';
import type { Target } from '../harness/targets/target.js';
import type { AccountFrom } from '../reports/report.js';
import { connectOptionsFor, type ConnectionOptions } from './connection.js';
import { OptionsError } from './errors.js';

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
  /** Where STS is, and what said so (a flag or variable), when not the target's own. */
  readonly sts?: { readonly url: string; readonly source: string };
  /** A fixed run id (planted-fault runs: the same seed sends the same names); random otherwise. */
  readonly runId?: string;
}

/** STS beside an IAM endpoint: AWS's regional STS for AWS's IAM, the same endpoint for anything else (emulators serve every service on one port). */
export function defaultStsEndpoint(iamEndpoint: string, region: string): string {
  const host = new URL(iamEndpoint).hostname;
  const aws = /^iam(?:[.-]fips)?\.(?:[a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/.exec(host);
  if (!aws) return iamEndpoint;
  return `https://sts.${region}.amazonaws.com${aws[1] ?? ''}`;
}

/**
 * Starts (or points at) the target, connects and calibrates: what every judging command needs
 * first. `target` is a name (`--target`), or a Target of the caller's own (the planted-fault
 * runs start the reference with their hooks).
 */
export async function openTarget(connection: ConnectionOptions, endpoint: string | undefined, emit: Listener, targetName?: string | Target, options: OpenOptions = {}): Promise<OpenTarget> {
  if (endpoint !== undefined) connectOptionsFor(connection, endpoint);
  let target: Target;
  if (typeof targetName === 'object') {
    if (endpoint !== undefined) throw new OptionsError('give either a target or an endpoint URL, not both');
    target = targetName;
  } else {
    try {
      target = chooseTarget(targetName, endpoint);
    } catch (e) {
      throw new OptionsError((e as Error).message);
    }
  }
  const handle = await target.start();
  try {
    const from = accountOf(handle).from;
    let headers = handle.headers;
    let credentials = handle.credentials;
    if (options.account !== undefined && from === 'x-moto-account-id') headers = { ...headers, 'x-moto-account-id': options.account };
    if (options.account !== undefined && from === 'access-key-id') credentials = { accessKeyId: options.account, secretAccessKey: 'test' };
    const base = connectOptionsFor(connection, handle.endpoint);
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
    const runId = options.runId ?? randomRunId();
    if (options.seed !== undefined) emit({ type: 'run-started', endpoint: handle.endpoint, selfCheck: handle.selfCheck, seed: options.seed });
    try {
      const calibration = await calibrate(session, `imc${runId}`, handle.endpoint);
      if (options.account !== undefined && calibration.account !== null && calibration.account !== options.account) {
        throw new OptionsError(`${handle.endpoint} puts these credentials in account ${calibration.account}, not ${options.account}: use credentials of account ${options.account}`);
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
