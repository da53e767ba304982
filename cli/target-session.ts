import { randomInt } from 'node:crypto';
import { RUN_ID_LENGTH } from '../generators/prefix.js';
import { calibrate, type Calibration } from '../harness/calibrate.js';
import { connect } from '../harness/connect.js';
import type { Listener } from '../harness/events.js';
import type { Session } from '../harness/session.js';
import { referenceTarget } from '../harness/targets/reference.js';
import type { TargetHandle } from '../harness/targets/target.js';
import { urlTarget } from '../harness/targets/url.js';
import { connectOptions, type EndpointValues } from './common.js';

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
export async function openTarget(values: EndpointValues, endpoint: string | undefined, emit: Listener): Promise<OpenTarget> {
  if (endpoint !== undefined) connectOptions(values, endpoint);
  const handle = await (endpoint === undefined ? referenceTarget() : urlTarget(endpoint)).start();
  try {
    const { session, close } = await connect({ ...connectOptions(values, handle.endpoint), ...(handle.headers ? { headers: handle.headers } : {}) }, emit);
    const runId = randomRunId();
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
