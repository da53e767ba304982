import { randomUUID } from 'node:crypto';
import type { Allowed, ErrorCode, PredictionWithFacts } from '../../specs/index.js';
import { AWS_MESSAGES, ERRORS } from '../../specs/index.js';
import { newSeed } from './seed.js';

/**
 * Everything the reference endpoint decides that the contract leaves open. The default is what
 * AWS was recorded doing (or the most common choice where nothing was recorded); conformant
 * variants replace parts of it and must never make the suite fail.
 */
export interface Policy {
  readonly name: string;
  /** Epoch seconds on the endpoint's clock. */
  now(): number;
  newSeed(): string;
  requestId(): string;
  /** Picks one outcome from a prediction. Must return one the prediction allows. */
  choose(prediction: PredictionWithFacts): Allowed;
  message(code: string, context: { userName?: string; serial?: string }): string;
  /** Order of list entries. */
  order<T extends { serial: string }>(items: T[]): T[];
}

/** AWS's recorded window for out-of-sync pairs is unknown; one step either way is common. */
export const DEFAULT_WINDOW_STEPS = 1;

export function defaultPolicy(overrides: Partial<Policy> & { windowSteps?: number; acceptReuse?: boolean; skewSeconds?: number } = {}): Policy {
  const windowSteps = overrides.windowSteps ?? DEFAULT_WINDOW_STEPS;
  const acceptReuse = overrides.acceptReuse ?? true;
  const skew = overrides.skewSeconds ?? 0;
  const base: Policy = {
    name: 'aws-recorded',
    now: () => Date.now() / 1000 + skew,
    newSeed: () => newSeed(),
    requestId: () => randomUUID(),
    choose(prediction) {
      const preferred = prediction.preferred;
      const codes = prediction.codes;
      const open = new Set(prediction.open.map((o) => o.clause));
      if (codes && (open.has('E8') || open.has('E8R')) && preferred.code === null) {
        const near = codes.offsets.some((o) => Math.abs(o) <= windowSteps);
        const reject = !near || (codes.reused && !acceptReuse);
        if (reject) return prediction.must.allowed.find((a) => a.code === 'InvalidAuthenticationCode') ?? preferred;
      }
      return preferred;
    },
    message(code, ctx) {
      switch (code as ErrorCode) {
        case 'NoSuchEntity':
          return ctx.serial !== undefined ? AWS_MESSAGES.noSuchDevice(ctx.serial) : AWS_MESSAGES.noSuchUser(ctx.userName ?? '');
        case 'InvalidAuthenticationCode':
          return AWS_MESSAGES.invalidCode();
        case 'EntityAlreadyExists':
          return ctx.serial !== undefined ? AWS_MESSAGES.deviceInUse() : AWS_MESSAGES.userExists(ctx.userName ?? '');
        case 'LimitExceeded':
          return AWS_MESSAGES.limit();
        case 'DeleteConflict':
          return ctx.serial !== undefined ? AWS_MESSAGES.deleteConflictDevice() : AWS_MESSAGES.deleteConflictUser();
        default:
          return code in ERRORS ? `${code}` : 'An error occurred.';
      }
    },
    order: (items) => [...items].sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0)),
  };
  const { windowSteps: _w, acceptReuse: _r, skewSeconds: _s, ...rest } = overrides;
  return { ...base, ...rest };
}
