import { THROTTLING_CODES, TOTP, implementationOf, serviceOf, type ActionName, type Clock } from '../specs/index.js';
import type { Credentials } from './client/credentials.js';
import { ClockEstimator } from './clock.js';
import type { Transport, Via } from './client/transport.js';
import type { Listener } from './events.js';
import type { WirePairs } from './protocol/form.js';
import type { Observation } from './protocol/observation.js';
import { parseResponse } from './protocol/parse.js';

export interface Exchange {
  readonly observation: Observation;
  readonly clock: Clock;
  readonly via: Via;
  readonly ms: number;
}

/** A request that stayed throttled through every retry: the case says nothing, it is not a verdict. */
export class Throttled extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One endpoint as the engine sees it: requests, the endpoint's clock, events. */
export class Session {
  requests = 0;
  /** Actions that answered at least once as an action that exists (specs/errors.ts implementationOf), whatever else they do. */
  readonly implemented = new Set<ActionName>();
  readonly clock: ClockEstimator;

  constructor(
    private readonly transport: Transport,
    private readonly emit: Listener,
    options: { clock?: ClockEstimator; debug?: boolean } = {},
  ) {
    this.clock = options.clock ?? new ClockEstimator();
    this.debug = options.debug ?? false;
  }

  private readonly debug: boolean;

  /** One request, retried only while throttled; `signer` signs it instead of the run's credentials (a sign-in). */
  async exchange(action: ActionName, pairs: WirePairs, via: Via = 'sdk', signer?: Credentials): Promise<Exchange> {
    for (let attempt = 0; ; attempt++) {
      const sentAt = this.clock.now();
      const sent = await this.transport.send(action, pairs, via, signer);
      const receivedAt = this.clock.now();
      this.requests++;
      const observation = parseResponse(action, sent.raw);
      // An STS served elsewhere may keep another clock: codes are judged on IAM's (one clock on AWS).
      if (serviceOf(action) === 'iam' || !this.transport.stsSeparate) this.clock.observe(sentAt, receivedAt, observation.date);
      if (implementationOf(observation) === 'present') this.implemented.add(action);
      const ms = (receivedAt - sentAt) * 1000;
      this.emit({
        type: 'request',
        action,
        via: sent.via,
        status: observation.status,
        ms,
        ...(this.debug ? { wire: describePairs(pairs), response: Buffer.from(sent.raw.body).toString('utf8') } : {}),
      });
      const throttled = observation.status === 429 || (observation.code !== null && THROTTLING_CODES.includes(observation.code)) || (observation.status === 503 && observation.envelope !== 'result');
      if (!throttled) return { observation, clock: this.clock.interval(sentAt, receivedAt), via: sent.via, ms };
      if (attempt >= 5) throw new Throttled(`${action} stayed throttled after ${attempt + 1} attempts`);
      await sleep(200 * 2 ** attempt);
    }
  }

  /** An action outside the contract under test (e.g. ListUsers for cleanup): its body as text. */
  async rawText(action: string, pairs: WirePairs): Promise<string> {
    const raw = await this.transport.raw(action, pairs);
    this.requests++;
    return Buffer.from(raw.body).toString('utf8');
  }

  /** Waits until the endpoint's step has moved on by `steps` (a fresh pair that only time can bring into its window). */
  async sleepSteps(steps: number): Promise<void> {
    if (steps <= 0) return;
    const o = this.clock.offset();
    // Until the latest the endpoint's clock could be is past the boundary, plus a margin.
    const target = (this.clock.currentStep() + steps) * TOTP.stepSeconds;
    const wait = target - (this.clock.now() + o.lo) + 0.3;
    if (wait > 0) await sleep(wait * 1000);
  }

  /** Waits, if needed, so that a code-bearing request lands inside one TOTP step. */
  async sleepUntilSafeStep(): Promise<void> {
    const wait = this.clock.waitForSafeStep();
    if (wait > 0) await sleep(wait * 1000);
  }
}

function describePairs(pairs: WirePairs): string {
  return pairs.map(([k, v]) => `${k}=${typeof v === 'string' ? v : `<${v.length} bytes>`}`).join('&');
}
