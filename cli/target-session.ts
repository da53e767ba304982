import { randomInt } from 'node:crypto';
import { RUN_ID_LENGTH } from '../generators/prefix.js';
import { calibrate, type Calibration } from '../harness/calibrate.js';
import { connect } from '../harness/connect.js';
import type { Listener } from '../harness/events.js';
import type { Session } from '../harness/session.js';
import type { TargetHandle } from '../harness/targets/target.js';
import { chooseTarget } from '../harness/targets/choose.js';
import { connectOptions, type EndpointValues } from './common.js';
import { UsageError } from './exit-codes.js';

export function randomRunId(): string {
  let s = '';
  for (let i = 0; i < RUN_ID_LENGTH; i++) s += '0123456789abcdefghijklmnopqrstuvwxyz'[randomInt(36)];
  return s;
}

export interface OpenTarget {
  readonly handle: TargetHandle;
  readonly session: Session;
  readonly runId: string;
  readonly calibration: Calibration;
  close(): Promise<void>;
}

/** Starts (or points at) the target, connects and calibrates: what every judging command needs first. */
export async function openTarget(values: EndpointValues, endpoint: string | undefined, emit: Listener, targetName?: string, options: { concurrency?: number; seed?: number } = {}): Promise<OpenTarget> {
  if (endpoint !== undefined) connectOptions(values, endpoint);
  let target;
  try {
    target = chooseTarget(targetName, endpoint);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const handle = await target.start();
  try {
    const { session, close } = await connect(
      {
        ...connectOptions(values, handle.endpoint),
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(handle.headers ? { headers: handle.headers } : {}),
        ...(handle.credentials ? { credentials: handle.credentials } : {}),
      },
      emit,
    );
    const runId = randomRunId();
    if (options.seed !== undefined) emit({ type: 'run-started', endpoint: handle.endpoint, selfCheck: handle.selfCheck, seed: options.seed });
    try {
      const calibration = await calibrate(session, `imc${runId}`, handle.endpoint);
      return {
        handle,
        session,
        runId,
        calibration,
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
