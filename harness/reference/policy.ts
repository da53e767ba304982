import { randomUUID } from 'node:crypto';
import type { Allowed, PredictionWithFacts, Request } from '../../specs/index.js';
import { AWS_CODE_WINDOW, AWS_OTHER_MESSAGES, AWS_STS, validate, validationMessage } from '../../specs/index.js';
import { newAccessKey, newSessionCredentials, type IssuedKey, type IssuedSession } from './keys.js';
import { newSeed } from './seed.js';

/**
 * Everything the reference endpoint decides that the contract leaves open. The default is what
 * AWS was recorded doing (digest §7); conformant variants replace parts of it and must never
 * make the suite fail.
 */
export interface Policy {
  readonly name: string;
  /** Epoch seconds on the endpoint's clock, as its Date header says. */
  now(): number;
  /** Epoch seconds on the endpoint's TOTP clock: the same clock on AWS (digest §7, Time). */
  codeNow(): number;
  newSeed(): string;
  requestId(): string;
  /** Picks one outcome from a prediction. Must return one the prediction allows at MUST. */
  choose(prediction: PredictionWithFacts): Allowed;
  /** The Message of an error answer. */
  message(chosen: Allowed, code: string, req: Request): string;
  /** Order of list entries. */
  order<T extends { serial: string }>(items: T[]): T[];
  /** An access key for CreateAccessKey. */
  newAccessKey(): IssuedKey;
  /** Temporary credentials for a GetSessionToken that succeeds. */
  newSessionCredentials(): IssuedSession;
  /**
   * Sign-in (digest §8): how many seconds STS lags behind IAM (S3, OPEN; AWS about 7.5-13 s,
   * the reference a fraction of a second so that a run stays quick while witnesses still wait).
   */
  readonly stsSettleSeconds: number;
  /** Verifications per device in each fixed window before every attempt gets "unable to validate" (AWS about 9 in 180 s); none by default. */
  readonly stsBudget?: { readonly verifications: number; readonly seconds: number };
}

/** Steps of a pair's second code around its reference point that the endpoint accepts. */
export interface CodeWindow {
  readonly ahead: number;
  readonly behind: number;
  /** Measured from the later of now and the device's last accepted step (AWS), or from now. */
  readonly anchored: boolean;
}

export interface PolicyOptions extends Partial<Policy> {
  readonly window?: CodeWindow;
  /** Accept pairs at or before the device's last accepted step (no per-device counter). */
  readonly acceptReplay?: boolean;
  /** The whole clock (Date header and codes) is this far from ours. */
  readonly skewSeconds?: number;
  /** The TOTP clock is this far from the Date header (an emulator's shifted code clock). */
  readonly codeSkewSeconds?: number;
  /** Answer ValidationError where AWS answers MalformedInput (V1M). */
  readonly malformedAsValidation?: boolean;
  /** Sign-in: steps either side of the device's frame STS accepts (AWS: 2). */
  readonly stsWindow?: number;
  /** Sign-in: a code STS accepted may be used again (AWS refuses it). */
  readonly stsReuse?: boolean;
}

export const AWS_WINDOW: CodeWindow = { ...AWS_CODE_WINDOW, anchored: true };

/** A window of `steps` either way around the endpoint's current step. */
export const symmetricWindow = (steps: number): CodeWindow => ({ ahead: steps, behind: steps, anchored: false });

/** Where the recorded text is known the answer carries it (M1); otherwise an AWS-style text. */
export function recordedMessage(chosen: Allowed, code: string, req: Request): string {
  const recorded = chosen.messages?.[0];
  if (recorded !== undefined) return recorded;
  if (code === 'ValidationError') {
    const problems = validate(req.action, req.params);
    if (problems.length > 0) return validationMessage(problems);
  }
  if (code === 'MalformedInput') return AWS_OTHER_MESSAGES.malformedMaxItems();
  return `${code}`;
}

/** The reference's default settling time: small enough for a quick run, long enough that witnesses must wait. */
export const REFERENCE_STS_SETTLE_SECONDS = 0.1;

export function defaultPolicy(options: PolicyOptions = {}): Policy {
  const { window = AWS_WINDOW, acceptReplay = false, skewSeconds = 0, codeSkewSeconds = 0, malformedAsValidation = false, stsWindow = AWS_STS.window, stsReuse = false, ...overrides } = options;
  const base: Policy = {
    name: 'aws-recorded',
    now: () => Date.now() / 1000 + skewSeconds,
    codeNow: () => Date.now() / 1000 + skewSeconds + codeSkewSeconds,
    newSeed: () => newSeed(),
    requestId: () => randomUUID(),
    stsSettleSeconds: REFERENCE_STS_SETTLE_SECONDS,
    newAccessKey,
    newSessionCredentials,
    choose(prediction) {
      const { preferred, codes, must, token } = prediction;
      if (token) return chooseSignIn(prediction, stsWindow, stsReuse);
      if (malformedAsValidation && preferred.code === 'MalformedInput') return must.allowed.find((a) => a.code === 'ValidationError') ?? preferred;
      // Only where the contract leaves the answer to the codes: a genuine pair and nothing
      // else deciding (the preferred answer is success or the counter's refusal).
      const success = must.allowed.find((a) => a.status === 200 && a.code === null);
      const refuse = must.allowed.find((a) => a.code === 'InvalidAuthenticationCode');
      const codesDecide = preferred.clause === 'E8R' || (preferred.status === 200 && preferred.code === null);
      if (!codes || codes.fromAnchor === undefined || codes.fromNow === undefined || !success || !refuse || !codesDecide) return preferred;
      const distance = window.anchored ? codes.fromAnchor : codes.fromNow;
      const inside = distance <= window.ahead && distance >= -window.behind;
      return inside && (acceptReplay || !codes.replayed) ? success : refuse;
    },
    message: recordedMessage,
    order: (items) => [...items].sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0)),
  };
  return { ...base, ...overrides };
}

/**
 * A sign-in the contract leaves to S2 (a genuine code off the current step, a device out of
 * sync, a reused code): accepted inside `window` steps of the device's frame unless STS
 * accepted the code before (and the policy refuses reuse), refused otherwise. Everything else
 * (a definite refusal, the current code of an in-sync device) is the prediction's own answer.
 */
function chooseSignIn(prediction: PredictionWithFacts, window: number, reuse: boolean): Allowed {
  const { token, must, preferred } = prediction;
  const success = must.allowed.find((a) => a.status === 200 && a.code === null);
  const refuse = must.allowed.find((a) => a.code === 'AccessDenied');
  if (!token || token.verdict !== 'other' || !success || !refuse) return preferred;
  const frame = token.frame ?? { lo: 0, hi: 0 };
  const offset = token.offset ?? { lo: 0, hi: 0 };
  const inside = offset.lo - frame.hi >= -window && offset.hi - frame.lo <= window;
  return inside && (reuse || !token.used) ? success : refuse;
}
