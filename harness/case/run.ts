import {
  ACTIONS,
  SHAPES,
  TOTP,
  apply,
  continuation,
  isBase32Seed,
  predict,
  validate,
  violationsOf,
  virtualSerial,
  type ClauseId,
  type Clock,
  type ModelState,
  type PredictionWithFacts,
  type Request,
} from '../../specs/index.js';
import { concretise, describePair, foreignSeedText, type CodePair } from '../../generators/code-pair.js';
import { concretiseToken, describeToken } from '../../generators/token-code.js';
import { resolveName, type NameSpec } from '../../generators/name.js';
import { resolveSerial } from '../../generators/serial-number.js';
import { isAccessDenied } from '../authorization.js';
import type { RefusalVerdict } from '../code-clock.js';
import type { Finding, Measurement } from '../events.js';
import type { WirePairs, WireValue } from '../protocol/form.js';
import type { Exchange, Session } from '../session.js';
import type { Observation } from '../protocol/observation.js';
import { judge, recordedMessages } from '../verdict.js';
import type { Credentials } from '../client/credentials.js';
import { rememberSecret } from '../secrets.js';
import { DEFAULT_SETTLE_TIMEOUT_SECONDS, classify, nextWait, type Settler } from '../settle.js';
import { freshOffset, type Window } from './fresh.js';
import { resolveTokenIn } from './signin.js';
import type { StepRecord } from './record.js';
import type { CaseSpec, ParamValue, Step } from './spec.js';

export interface CaseRun {
  readonly findings: Finding[];
  readonly records: StepRecord[];
  readonly measurements: Measurement[];
  /** Set when a value on the wire is not what its label says: the case proves nothing. */
  readonly labelMismatch?: string;
  readonly state: ModelState;
  /** Clauses some request of the case put to the test. */
  readonly exercised: ReadonlySet<ClauseId>;
  /** The steps that ran, symbolic. */
  readonly executed: readonly Step[];
  readonly warnings: readonly string[];
  /** Requests whose answer could not be judged, and why (an AccessDenied about the caller). */
  readonly unjudged: readonly Unjudged[];
  readonly judged: number;
  /** Set when the case stopped at an answer the model cannot follow. */
  readonly ended?: string;
}

export interface Unjudged {
  readonly action: Request['action'];
  readonly clauses: readonly ClauseId[];
  readonly reason: string;
}

/** What the case created, for cleanup: names only ever come from the case prefix. */
export interface Created {
  readonly users: Set<string>;
  readonly devices: Map<string, string>;
  /** Access key ids the endpoint issued, with their user: deleted before the user (R3K). */
  keys?: Map<string, string>;
}

/** An access key the case holds for one of its users: the secret never leaves the case. */
export interface HeldKey {
  readonly id: string;
  readonly credentials: Credentials;
}

interface Ctx {
  readonly prefix: string;
  readonly serials: Map<string, string>;
  readonly seeds: Map<string, string>;
  /** By user name as sent. */
  readonly keys: Map<string, HeldKey>;
  /** The step of each device's last sign-in code (by device name), for `reuse` tokens. */
  readonly lastToken: Map<string, number>;
  state: ModelState;
}

function wireName(spec: NameSpec, ctx: Ctx): string {
  return resolveName(spec, ctx.prefix);
}

/** A label states validity; the contract's own shapes decide whether the wire value has it. */
function labelHolds(action: Request['action'], param: string, label: string, wire: string): boolean {
  const shape = ACTIONS[action].params.find((p) => p.name === param)?.shape;
  if (!shape) return true;
  const valid = violationsOf(SHAPES[shape], wire).length === 0;
  return label.startsWith('valid') === valid;
}

function resolveParam(v: ParamValue, ctx: Ctx): WireValue {
  if ('text' in v) return v.text;
  if ('bytes' in v) return Uint8Array.from(v.bytes);
  if ('name' in v) return wireName(v.name, ctx);
  if ('serialOf' in v) {
    const name = wireName(v.serialOf, ctx);
    const known = ctx.serials.get(name);
    if (known) return known;
    // Never created (or creation failed): an ARN of the endpoint's own account that does not exist.
    return virtualSerial(ctx.state.partition, ctx.state.account ?? '000000000000', '/', name);
  }
  if ('serialSpec' in v) return resolveSerial(v.serialSpec, ctx.state.account ?? UNKNOWN_ACCOUNT, ctx.prefix, ctx.state.partition);
  // A key never issued (or refused): a well-formed id the endpoint never handed out.
  if ('keyOf' in v) return ctx.keys.get(wireName(v.keyOf, ctx))?.id ?? 'AKIAIMCNEVERISSUED00';
  return v.account === 'own' ? v.serial.replace('ACCOUNT', ctx.state.account ?? UNKNOWN_ACCOUNT) : v.serial;
}

/** Stands in for an account the endpoint never told us (no CreateVirtualMFADevice answer). */
const UNKNOWN_ACCOUNT = '000000000000';

/** A labelled value must still be what its label says once resolved (after shrinking too). */
function labelMismatch(step: Step, param: string, value: ParamValue, wire: WireValue): string | undefined {
  if (typeof wire !== 'string') return undefined;
  if ('name' in value && !labelHolds(step.action, param, value.name.label, wire)) return `${step.action} ${param}: '${value.name.label}' does not hold for the value sent`;
  if ('serialSpec' in value && !labelHolds(step.action, param, value.serialSpec.label, wire)) return `${step.action} ${param}: '${value.serialSpec.label}' does not hold for the value sent`;
  if ('text' in value && value.label !== undefined && !labelHolds(step.action, param, value.label, wire)) return `${step.action} ${param}: '${value.label}' does not hold for the value sent`;
  return undefined;
}

const textOf = (v: WireValue): string => (typeof v === 'string' ? v : new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(v));

/**
 * One case in progress. The model follows the endpoint's answers, so every step is judged in
 * the state the endpoint really has.
 */
export class CaseExecution {
  readonly findings: Finding[] = [];
  readonly records: StepRecord[] = [];
  readonly measurements: Measurement[] = [];
  readonly exercised = new Set<ClauseId>(['E9']);
  /** The steps that actually ran, symbolic: what a replay re-sends. */
  readonly executed: Step[] = [];
  labelMismatch: string | undefined;
  readonly warnings: string[] = [];
  readonly unjudged: Unjudged[] = [];
  /** Requests whose answer was judged. */
  judged = 0;
  /** Why the case stopped before its last step: an answer the model cannot follow. */
  ended: string | undefined;
  /** Set once an action answered "not implemented": later steps would only echo it. */
  stopped = false;
  private readonly ctx: Ctx;
  private readonly inScope: (serial: string) => boolean;

  constructor(
    private readonly session: Session,
    prefix: string,
    initial: ModelState,
    private readonly created: Created,
    private readonly hooks: CaseHooks = NO_HOOKS,
  ) {
    this.ctx = { prefix, serials: new Map(), seeds: new Map(), keys: new Map(), lastToken: new Map(), state: initial };
    this.inScope = (serial: string) => (serial.split('/').pop() ?? '').startsWith(prefix);
  }

  get state(): ModelState {
    return this.ctx.state;
  }

  async step(step: Step): Promise<void> {
    if (this.stopped || this.labelMismatch || this.ended) return;
    if (this.hooks.sends && !this.hooks.sends(step.action)) return;
    const { ctx } = this;
    const base: Array<[string, WireValue]> = [];
    for (const [name, value] of Object.entries(step.params)) {
      const wire = resolveParam(value, ctx);
      const mismatch = labelMismatch(step, name, value, wire);
      if (mismatch) {
        this.labelMismatch = mismatch;
        return;
      }
      base.push([name, wire]);
    }
    // A sign-in is made with the user's own key: without one there is nothing to send it with.
    const signer = step.signer === undefined ? undefined : ctx.keys.get(wireName(step.signer, ctx));
    if (step.signer !== undefined && !signer) return;
    this.executed.push(step);
    // An answer allowed only because IAM's change has not reached STS yet is asked again, up
    // to the bound, where the case may wait (a witness); otherwise it proves nothing (S3).
    this.settleSince = undefined;
    let lastElapsed = 0;
    for (let attempt = 1; ; attempt++) {
      const done = await this.attempt(step, base, signer, attempt, lastElapsed);
      if (done === true) return;
      lastElapsed = done;
    }
  }

  /** The change the current step's attempts wait for STS to follow (endpoint clock). */
  private settleSince: { readonly since: number; readonly sinceMid: number; readonly after: string } | undefined;

  /** One attempt of a step: true when the step is done, or the seconds since the change when it is to be asked again. */
  private async attempt(step: Step, base: ReadonlyArray<[string, WireValue]>, signer: HeldKey | undefined, attempt: number, lastElapsed: number): Promise<true | number> {
    const { ctx, session } = this;
    const pairs: Array<[string, WireValue]> = [...base];
    let codesNote: string | undefined;
    // Codes are computed and judged on the endpoint's code clock: its Date header's step plus
    // the correction measured so far (E8T); the same for the whole step, even if it changes.
    const codeOffset = this.hooks.offset;
    if (step.codes) {
      const serial = pairs.find(([k]) => k === 'SerialNumber')?.[1];
      const pair = step.codes.pair.kind === 'fresh' ? await this.resolveFresh(step.codes.pair, typeof serial === 'string' ? serial : undefined, codeOffset) : step.codes.pair;
      await session.sleepUntilSafeStep();
      const device = wireName(step.codes.device, ctx);
      const seed = ctx.seeds.get(device) ?? foreignSeedText(0);
      const [c1, c2] = concretise(pair, seed, session.clock.currentStep() + codeOffset);
      pairs.push(['AuthenticationCode1', c1], ['AuthenticationCode2', c2]);
      codesNote = describePair(pair);
    }
    let tokenStep: number | undefined;
    let tokenOffset: number | undefined;
    if (step.token) {
      await session.sleepUntilSafeStep();
      const serial = pairs.find(([k]) => k === 'SerialNumber')?.[1];
      const device = wireName(step.token.device, ctx);
      const resolve = () => resolveTokenIn(step.token!.code, ctx.state, typeof serial === 'string' ? serial : undefined, ctx.lastToken.get(device), session.clock.currentStep() + codeOffset);
      let resolved = resolve();
      if (resolved.exhausted && this.hooks.settler) {
        // A witness asking again has spent every code of this step: a spent one would be
        // refused for that alone, which says nothing about settling. The next step has one.
        await session.sleepSteps(1);
        await session.sleepUntilSafeStep();
        resolved = resolve();
      }
      const now = session.clock.currentStep() + codeOffset;
      const token = resolved.token;
      const seed = ctx.seeds.get(device) ?? foreignSeedText(0);
      pairs.push(['TokenCode', concretiseToken(token, seed, now)]);
      if (token.kind === 'genuine') {
        tokenStep = now + token.offset;
        tokenOffset = token.offset;
      }
      codesNote = describeToken(token);
    }
    const exchange = await runStep(session, step, pairs, signer?.credentials);
    // The endpoint's own marker, remembered before the pages are merged: a later request that
    // sends it back must not be judged as sending a bad marker.
    const firstMarker = exchange.observation.result?.marker;
    if (exchange.observation.result && !('Marker' in step.params)) await followPages(session, step, pairs, exchange);
    const params: Record<string, string> = {};
    for (const [k, v] of pairs) params[k] = textOf(v);
    const req: Request = { action: step.action, params, ...(signer ? { signer: signer.id } : {}) };
    const o = exchange.observation;
    const clock = shifted(exchange.clock, codeOffset);
    const settler = this.hooks.settler;
    const prediction = predict(ctx.state, req, clock, { settleSeconds: settler?.timeout ?? this.hooks.settleTimeout ?? DEFAULT_SETTLE_TIMEOUT_SECONDS });
    let found = judge(ctx.state, req, prediction, o, this.inScope);
    type Facts = Parameters<typeof apply>[4];
    /** The one way a step ends, judged or not: the model follows the answer, and the request is recorded. */
    const end = (facts: Facts = {}, extra: Pick<StepRecord, 'settled' | 'tokenOffset'> = {}): true => {
      ctx.state = apply(ctx.state, req, o, clock, facts);
      this.records.push(recordOf(step, params, codesNote, exchange.via, o, prediction, extra));
      return true;
    };
    if (step.token) {
      const device = wireName(step.token.device, ctx);
      if (tokenStep !== undefined) ctx.lastToken.set(device, tokenStep);
    }
    if (isAccessDenied(o.code) && this.hooks.authorized) {
      // An AccessDenied, even one a wildcard allows, is judged only if the caller may call the
      // action at all (digest §7 [AUTH]); otherwise the request proves nothing about it.
      const allowed = await this.hooks.authorized(step.action);
      if (allowed !== true) {
        const clauses = [...new Set([prediction.must.clause, ...prediction.must.allowed.map((a) => a.clause)])];
        this.unjudged.push({
          action: step.action,
          clauses,
          reason: allowed === false ? `${o.code}: the caller may not call ${step.action} (a valid control request was refused too)` : `${o.code}: whether the caller may call ${step.action} could not be told`,
        });
        return end();
      }
    }
    const settling = classify(prediction, o);
    if (settling.kind === 'message') found = found.filter((f) => f.clause !== 'M1');
    if (settling.kind === 'unsettled' || settling.kind === 'budget') {
      // At least `surely` seconds have passed since the change, and most likely `elapsed`.
      const surely = settling.kind === 'unsettled' ? clock.lo - settling.since : 0;
      const elapsed = settling.kind === 'unsettled' ? Math.max(0, (clock.lo + clock.hi) / 2 - settling.sinceMid) : 0;
      const wait = settling.kind === 'unsettled' && settler?.worthWaiting(settling.after) ? nextWait(elapsed, settler.timeout, surely) : undefined;
      if (settling.kind === 'unsettled') this.settleSince ??= { since: settling.since, sinceMid: settling.sinceMid, after: settling.after };
      if (wait !== undefined && settler) {
        ctx.state = apply(ctx.state, req, o, clock, {});
        await settler.wait(wait);
        return elapsed;
      }
      if (settling.kind === 'budget' || !settler) {
        // Inconclusive: never waited for in a random case, never a divergence on its own.
        this.unjudged.push({
          action: step.action,
          clauses: ['S1', 'S2'],
          reason: settling.kind === 'budget' ? "the device's verification budget may be spent (S3): STS answers every code alike then" : 'the answer was one of an STS that had not caught up with IAM yet (S3), in a case that does not wait',
        });
        return end();
      }
      // Still unsettled at the bound: judged as final (without a new measurement where the
      // run already gave up waiting for this kind of change).
      if (settling.kind === 'unsettled' && settler.worthWaiting(settling.after)) settler.bound(settling.after, step.action, Math.max(surely, elapsed), attempt);
    } else if (attempt > 1 && settler && this.settleSince) {
      // Asked again past the bound (a spent code made it wait for the next step): that answer
      // is judged as final, whatever it is, and says nothing about when STS settled.
      const at = Math.max(0, (clock.lo + clock.hi) / 2 - this.settleSince.sinceMid);
      if (clock.lo - this.settleSince.since >= settler.timeout) settler.bound(this.settleSince.after, step.action, at, attempt);
      else settler.settled(this.settleSince.after, step.action, lastElapsed, at, attempt);
    }
    this.judged++;
    if (refusedCurrentPair(prediction, o, found) && this.hooks.refusal) {
      const verdict = await this.hooks.refusal(codeOffset);
      // The endpoint's code clock, not its rules, may be why: that request proves nothing.
      if (verdict !== 'charge') found = found.filter((f) => f.level !== 'MUST' || f.clause === 'E9');
      if (verdict === 'unjudged') this.warnings.push('a refusal of a current pair could not be judged: the code clock probe budget is spent or the probe failed');
    }
    const at = this.records.length;
    this.findings.push(...found.map((f) => ({ ...f, step: at })));
    const exercised = this.exercised;
    if (found.some((f) => f.notImplemented || (f.clause === 'E9' && f.action === step.action))) {
      // A 5xx or a body that is not the envelope answers nothing about the action's own
      // clauses: they must not read as "pass" on the strength of it.
      if (found.some((f) => f.notImplemented)) this.stopped = true;
      return end();
    }
    exercised.add(prediction.must.clause);
    // A request inside every shape puts V1's other side to the test: no ValidationError for it.
    if (validate(req.action, req.params).length === 0) exercised.add('V1');
    for (const a of prediction.must.allowed) exercised.add(a.clause);
    for (const t of prediction.should) exercised.add(t.clause);
    if (prediction.settling) exercised.add('S3');
    if (o.envelope === 'error') ['W1', 'W1S', 'W2'].forEach((c) => exercised.add(c as ClauseId));
    if (o.envelope === 'error' && recordedMessages(prediction, o)) exercised.add('M1');
    if (o.code === null && o.status === 200) resultClauses(step.action).forEach((c) => exercised.add(c));
    for (const q of prediction.open) {
      exercised.add(q.clause);
      const offsets = prediction.codes?.offsets.join(',') ?? '';
      this.measurements.push({
        clause: q.clause,
        question: q.question,
        subject: `${step.action}${codesNote ? ` with ${codesNote}` : ''}${offsets ? ` (offset ${offsets})` : ''}`,
        value: o.code ?? (o.status === 200 ? '200 OK' : `${o.status} (no error code)`),
      });
    }

    const facts: { seed?: string | null; serial?: string; marker?: string; accessKeyId?: string } = {};
    if (firstMarker !== undefined) facts.marker = firstMarker;
    const succeeded = o.status === 200 && o.code === null;
    if (step.action === 'CreateVirtualMFADevice' && succeeded) {
      const name = params['VirtualMFADeviceName'] ?? '';
      const serial = o.result?.virtualDevice?.serialNumber;
      const seed = o.result?.virtualDevice?.seed;
      if (serial) {
        ctx.serials.set(name, serial);
        facts.serial = serial;
        this.created.devices.set(serial, name);
      }
      // A seed that is not base32 is a D1 divergence already; codes cannot be computed from it,
      // so the device counts as one whose codes cannot be judged.
      const usable = seed !== undefined && isBase32Seed(seed);
      if (usable) ctx.seeds.set(name, seed);
      facts.seed = usable ? seed : null;
    }
    if (step.action === 'CreateUser' && succeeded) this.created.users.add(params['UserName'] ?? '');
    if (succeeded) this.heldKeys(step, params, o, facts);
    // After a divergent answer the model adopts what the endpoint did where it can describe
    // it, or the case ends here (specs/model/apply.ts `continuation`).
    if (continuation(ctx.state, req, o) === 'end') this.ended = `${step.action} answered ${o.status} where the model cannot follow: later requests would be judged against a guess`;
    const settled = attempt > 1 && this.settleSince ? { attempts: attempt, seconds: Math.round(Math.max(0, (clock.lo + clock.hi) / 2 - this.settleSince.sinceMid) * 10) / 10 } : undefined;
    return end(facts, { ...(settled ? { settled } : {}), ...(tokenOffset !== undefined ? { tokenOffset } : {}) });
  }

  /**
   * Access keys and temporary credentials: the key is held to sign the user's sign-ins and
   * deleted before the user; every secret is remembered so that no output can show it.
   */
  private heldKeys(step: Step, params: Record<string, string>, o: Observation, facts: { accessKeyId?: string }): void {
    const created = (this.created.keys ??= new Map());
    if (step.action === 'CreateAccessKey') {
      const k = o.result?.accessKey;
      if (k?.secretAccessKey) rememberSecret(k.secretAccessKey);
      const user = params['UserName'];
      if (!k?.accessKeyId || user === undefined) return;
      facts.accessKeyId = k.accessKeyId;
      created.set(k.accessKeyId, user);
      if (k.secretAccessKey) this.ctx.keys.set(user, { id: k.accessKeyId, credentials: { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey } });
    }
    if (step.action === 'DeleteAccessKey') {
      const id = params['AccessKeyId'] ?? '';
      created.delete(id);
      for (const [user, k] of this.ctx.keys) if (k.id === id) this.ctx.keys.delete(user);
    }
    if (step.action === 'GetSessionToken') {
      const c = o.result?.credentials;
      for (const secret of [c?.accessKeyId, c?.secretAccessKey, c?.sessionToken]) if (secret) rememberSecret(secret);
    }
  }

  /**
   * A `fresh` pair as a genuine one: after the device's counter, inside the endpoint's window
   * as measured, waiting for time to bring it there where the case may wait (once a property).
   */
  private async resolveFresh(pair: Extract<CodePair, { kind: 'fresh' }>, serial: string | undefined, codeOffset: number): Promise<CodePair> {
    const lastStep = serial === undefined ? null : (this.ctx.state.devices.get(serial)?.lastStep ?? null);
    const window = (await this.hooks.window?.()) ?? undefined;
    const now = () => this.session.clock.currentStep() + codeOffset;
    let { offset, waitSteps } = freshOffset(pair, now(), lastStep, window);
    if (waitSteps > 0 && this.hooks.mayWait?.()) {
      await this.session.sleepSteps(waitSteps);
      ({ offset } = freshOffset(pair, now(), lastStep, window));
    }
    return { kind: 'genuine', offset };
  }

  result(): CaseRun {
    return {
      findings: this.findings,
      records: this.records,
      measurements: this.measurements,
      exercised: this.exercised,
      state: this.ctx.state,
      executed: this.executed,
      warnings: this.warnings,
      unjudged: this.unjudged,
      judged: this.judged,
      ...(this.ended ? { ended: this.ended } : {}),
      ...(this.labelMismatch ? { labelMismatch: this.labelMismatch } : {}),
    };
  }
}

/**
 * What a case asks of the run: the code clock correction in force (harness/code-clock.ts),
 * whom to ask before a refusal of a current pair is charged, and whether an AccessDenied is
 * about the caller (harness/authorization.ts). Measurement and control cases run with the
 * correction only, so that measuring never asks for another measurement.
 */
export interface CaseHooks {
  readonly offset: number;
  /** Whether requests of this action go out (an --exclude'd action is never sent). */
  sends?(action: Request['action']): boolean;
  refusal?(sentAt: number): Promise<RefusalVerdict>;
  /** Whether the caller may call the action at all (see harness/authorization.ts). */
  authorized?(action: Request['action']): Promise<boolean | undefined>;
  /** The offsets a fresh device accepts, from the step codes are sent for; undefined where unknown. */
  window?(): Promise<Window | undefined>;
  /** Whether this case may wait for time to bring a fresh pair into the window (once a property). */
  mayWait?(): boolean;
  /**
   * Where the case may wait for STS to follow IAM (a witness): the run's settling, with its
   * bound. Without it an unsettled answer is inconclusive (random search, shrinking).
   */
  readonly settler?: Settler;
  /** The settling bound when the case does not wait (what counts as possibly unsettled); default 20 s. */
  readonly settleTimeout?: number;
}

const NO_HOOKS: CaseHooks = { offset: 0 };

/** The clock interval `steps` TOTP steps later: where the endpoint's code clock stands. */
const shifted = (clock: Clock, steps: number): Clock => (steps === 0 ? clock : { lo: clock.lo + steps * TOTP.stepSeconds, hi: clock.hi + steps * TOTP.stepSeconds });

/** A genuine pair the model must see accepted (current, after the counter) was refused as invalid. */
function refusedCurrentPair(prediction: PredictionWithFacts, o: Observation, found: readonly Finding[]): boolean {
  const codes = prediction.codes;
  return codes !== undefined && codes.fromNow === 0 && !codes.replayed && o.code === 'InvalidAuthenticationCode' && found.some((f) => f.level === 'MUST' && f.observed.code === 'InvalidAuthenticationCode');
}

/** Runs a case's steps in order (or its command sequence, for stateful cases). */
export async function runCase(session: Session, spec: CaseSpec, prefix: string, initial: ModelState, created: Created, hooks?: CaseHooks): Promise<CaseRun> {
  const execution = new CaseExecution(session, prefix, initial, created, hooks);
  if (spec.run) await spec.run(execution);
  else for (const step of spec.steps) await execution.step(step);
  return execution.result();
}

function resultClauses(action: Request['action']): ClauseId[] {
  switch (action) {
    case 'CreateVirtualMFADevice':
      return ['D1', 'D1Q'];
    case 'ListMFADevices':
      return ['L1', 'E1'];
    case 'ListVirtualMFADevices':
      return ['D5', 'D5S', 'E1'];
    case 'CreateAccessKey':
      return ['K1'];
    case 'GetSessionToken':
      return ['S1'];
    default:
      return [];
  }
}

function recordOf(step: Step, params: Record<string, string>, codes: string | undefined, via: 'sdk' | 'raw', o: Observation, prediction: PredictionWithFacts, extra: Pick<StepRecord, 'settled' | 'tokenOffset'> = {}): StepRecord {
  return {
    action: step.action,
    params: redactCodes(params),
    ...(codes ? { codes } : {}),
    ...extra,
    via,
    status: o.status,
    code: o.code,
    ...(o.message !== undefined ? { message: o.message } : {}),
    expected: prediction.must.allowed.map((a) => `${a.status} ${a.code ?? 'OK'}`).join(' | '),
  };
}

/** Codes are recorded symbolically: their digits mean nothing without the seed and the clock. */
function redactCodes(params: Record<string, string>): Record<string, string> {
  const out = { ...params };
  if ('AuthenticationCode1' in out) out['AuthenticationCode1'] = '<code1>';
  if ('AuthenticationCode2' in out) out['AuthenticationCode2'] = '<code2>';
  if ('TokenCode' in out) out['TokenCode'] = '<token>';
  // An access key id is not the secret, but nothing a report needs either.
  if ('AccessKeyId' in out) out['AccessKeyId'] = '<access-key-id>';
  return out;
}

async function runStep(session: Session, step: Step, pairs: WirePairs, signer?: Credentials): Promise<Exchange> {
  return session.exchange(step.action, pairs, step.raw ? 'raw' : 'sdk', signer);
}

const MAX_PAGES = 100;

/**
 * List calls are account-wide and other tenants' entries may push ours onto later pages, so
 * the harness follows Marker/IsTruncated and judges the whole listing as one answer.
 */
async function followPages(session: Session, step: Step, pairs: WirePairs, exchange: Exchange): Promise<void> {
  const o = exchange.observation as { -readonly [K in keyof Observation]: Observation[K] };
  let result = o.result;
  for (let page = 1; result?.isTruncated && result.marker && page < MAX_PAGES; page++) {
    const next = await runStep(session, step, [...pairs.filter(([k]) => k !== 'Marker'), ['Marker', result.marker]]);
    const r = next.observation.result;
    if (!r || next.observation.code !== null) break;
    result = {
      ...r,
      ...(result.mfaDevices || r.mfaDevices ? { mfaDevices: [...(result.mfaDevices ?? []), ...(r.mfaDevices ?? [])] } : {}),
      ...(result.virtualDevices || r.virtualDevices ? { virtualDevices: [...(result.virtualDevices ?? []), ...(r.virtualDevices ?? [])] } : {}),
    };
  }
  if (result) o.result = result;
}
