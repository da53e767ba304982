import { allows, matches, type Allowed, type PredictionWithFacts } from '../specs/index.js';
import type { Measurement } from './events.js';
import type { Observation } from './protocol/observation.js';
import { sameMessage } from './verdict.js';

/**
 * Eventual consistency as a measured settling period (digest §8, S3). An answer that the
 * contract allows only because an IAM change may not have reached STS yet is "not settled":
 * a witness asks again after a growing wait, up to a bound, reports how long it took and
 * judges the settled answer (or the last one at the bound, as final: a deactivated device
 * still accepted then is a divergence). In random search and shrinking such an answer is
 * inconclusive and never waited for. The mechanism reads only `prediction.settling`, so any
 * rule of the model that knows an eventually consistent answer (a key IAM just issued, a
 * user right after CreateUser) can use it.
 */

/** Default bound of the wait, seconds after the change (--settle-timeout). */
export const DEFAULT_SETTLE_TIMEOUT_SECONDS = 20;

/**
 * Seconds after the change at which a witness asks again: 0.15, 0.55, 1.35, 2.95, 6.15, 12.55,
 * ... and last at the bound. Few and growing, because every sign-in spends a verification of
 * the device: AWS was recorded allowing about nine per device in three minutes, then answering
 * "unable to validate" to everything (which the model then calls inconclusive). With the
 * default bound one wait makes at most eight attempts; AWS settled within seven (Enable, 7.5 s)
 * and eight (Deactivate and Resync, 13.5 s). The first rung is just past the reference
 * endpoint's settling time (0.1 s), so that a self-check stays quick.
 */
export function ladder(timeout: number): number[] {
  const out: number[] = [];
  for (let t = 0.15; t < timeout; t = Math.round((t * 2 + 0.25) * 100) / 100) out.push(t);
  out.push(timeout);
  return out;
}

export type SettleVerdict =
  /** Judged as it is. */
  | { readonly kind: 'settled' }
  /** Status and code are settled ones; the message is one of an unsettled STS: not an M1 finding. */
  | { readonly kind: 'message' }
  /** Allowed only as not settled yet: since the change at `since` (endpoint clock, at the latest; `sinceMid` the best guess), made by `after`. */
  | { readonly kind: 'unsettled'; readonly since: number; readonly sinceMid: number; readonly after: string }
  /** The device's verification budget may be spent and the answer is the one AWS then gives: inconclusive. */
  | { readonly kind: 'budget' };

const messageFits = (a: Allowed, o: Pick<Observation, 'message'>): boolean => !a.messages || sameMessage(a.messages, o.message);

/** What an answer says about settling, given the settled prediction (its tiers) and what is allowed only while unsettled. */
export function classify(p: PredictionWithFacts, o: Observation): SettleVerdict {
  const final = allows(p.must, o) && p.should.every((t) => allows(t, o));
  const budget = p.budget?.some((a) => matches(a, o) && messageFits(a, o)) ?? false;
  const unsettled = p.settling?.allowed.some((a) => matches(a, o)) ?? false;
  if (final) return budget || unsettled ? { kind: 'message' } : { kind: 'settled' };
  if (budget) return { kind: 'budget' };
  if (unsettled && p.settling) return { kind: 'unsettled', since: p.settling.since, sinceMid: p.settling.sinceMid, after: p.settling.after };
  return { kind: 'settled' };
}

/**
 * Seconds to wait before the next attempt; undefined at the bound. `elapsed` is the best guess
 * of the time since the change (rungs are read on it), `surely` the least it can be (the bound
 * is reached only when that is past it, so no endpoint is judged before it had the bound).
 */
export function nextWait(elapsed: number, timeout: number, surely = elapsed): number | undefined {
  if (surely >= timeout) return undefined;
  const target = ladder(timeout).find((t) => t > elapsed + 0.05);
  return target === undefined || target >= timeout ? Math.max(0.05, timeout - surely) : Math.max(0.05, target - elapsed);
}

/** A coarse bucket for "settled between a and b seconds", so that runs read alike. */
const bucket = (s: number): string => (s < 1 ? s.toFixed(1) : s < 10 ? s.toFixed(0) : String(Math.round(s)));

/**
 * The run's settling: what witnesses waited, in total and per kind of change. A kind that
 * once stayed unsettled up to the bound is judged at once afterwards (the endpoint does not
 * settle it, and every wait would cost the whole bound again).
 */
export class Settler {
  seconds = 0;
  waits = 0;
  private readonly gaveUp = new Set<string>();
  readonly measurements: Measurement[] = [];

  constructor(readonly timeout: number = DEFAULT_SETTLE_TIMEOUT_SECONDS) {}

  /** Whether a wait for a change made by `after` is still worth it. */
  worthWaiting(after: string): boolean {
    return !this.gaveUp.has(after);
  }

  async wait(seconds: number): Promise<void> {
    this.seconds += seconds;
    this.waits++;
    await new Promise((r) => setTimeout(r, seconds * 1000));
  }

  /** A witness got a settled answer between `before` and `at` seconds after the change. */
  settled(after: string, action: string, before: number, at: number, attempts: number): void {
    this.measurements.push({
      clause: 'S3',
      question: 'settling time',
      subject: `${action} after ${after}`,
      value: `settled between ${bucket(before)} and ${bucket(at)} s after the change (${attempts} attempts)`,
    });
  }

  /** A witness was still unsettled at the bound: its answer was judged as final. */
  bound(after: string, action: string, at: number, attempts: number): void {
    this.gaveUp.add(after);
    this.measurements.push({
      clause: 'S3',
      question: 'settling time',
      subject: `${action} after ${after}`,
      value: `not settled ${bucket(at)} s after the change (${attempts} attempts): judged as final`,
    });
  }

  /** The run's total, for the report. */
  total(): Measurement {
    return { clause: 'S3', question: 'time spent settling', subject: 'witnesses waiting for STS to follow IAM', value: `${this.seconds.toFixed(1)} s in ${this.waits} wait(s) (bound ${this.timeout} s)` };
  }
}
