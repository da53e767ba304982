import type { ClauseId } from '../clauses.js';
import { ERRORS } from '../errors.js';
import { AWS_STS, AWS_STS_MESSAGES } from '../recorded.js';
import { STS_RECOGNISED_STEPS, codeSteps, normaliseSeed, stepAt } from '../totp.js';
import type { Params } from '../validation.js';
import type { Allowed, Tier } from './outcome.js';
import type { Clock, DeviceRecord, Frame, ModelState, StsRecord, StsView } from './state.js';

/**
 * The sign-in rule set (digest §8): STS GetSessionToken with a device's code, beside IAM's
 * rules. STS keeps its own state per serial (codes it accepted, attempts) and sees IAM's state
 * of the device with a delay (S3): every change leaves the view before it in a history, and
 * while a change may not have reached STS yet, an answer the earlier view allows is "not
 * settled" rather than wrong.
 */

export interface PredictOptions {
  /**
   * S3: how long after an IAM change STS may still answer as before it (the harness's
   * --settle-timeout). Views that ended longer ago than this are never what STS sees.
   */
  readonly settleSeconds?: number;
  /** Answer as an STS that sees IAM as it was this many seconds ago would (the reference endpoint's settling time). */
  readonly lagSeconds?: number;
}

/** Answers allowed only because an IAM change may not have reached STS yet (S3). */
export interface Settling {
  readonly allowed: readonly Allowed[];
  /**
   * Endpoint clock (epoch seconds) of the latest such change, at the latest it could have
   * happened: the settling period runs from it (a bound is reached only once surely past).
   */
  readonly since: number;
  /** Best guess of when that change happened (the middle of its clock interval), for waits and measurements. */
  readonly sinceMid: number;
  /** The action that made that change. */
  readonly after: string;
}

/** What the model worked out about a sign-in's code, for the reference's policy, faults and measurements. */
export interface TokenFacts {
  /**
   * not-enabled: the device is not enabled for the caller; unknown: its seed is not known;
   * wrong: not a code of its seed near now or its frame; current: the current code of an in-sync
   * device, unused; other: a genuine code that S2 decides (off the step, out of sync, reused).
   */
  readonly verdict: 'not-enabled' | 'unknown' | 'wrong' | 'current' | 'other';
  readonly step?: number;
  /** The code's offset from the endpoint's step, over the request's clock interval. */
  readonly offset?: { readonly lo: number; readonly hi: number };
  readonly frame?: Frame | null;
  /** STS accepted this code before (single use, S2). */
  readonly used?: boolean;
  /** Against the frame and the recorded window: inside at every instant, outside at every instant, or either. */
  readonly window?: 'inside' | 'outside' | 'edge';
}

export interface SignInFailure {
  readonly outcome: Allowed;
  readonly definite: boolean;
  readonly likely?: boolean;
}

export interface SignInAnalysis {
  readonly failures: SignInFailure[];
  readonly shouldWhenClean: Tier[];
  readonly open: { clause: ClauseId; question: string }[];
  readonly settling?: Settling;
  /** Allowed because the device's verification budget may be spent (S3): inconclusive, never waited for. */
  readonly budget?: readonly Allowed[];
  readonly token?: TokenFacts;
}

const denied = (clause: ClauseId, message?: string): Allowed => ({ status: ERRORS.AccessDenied.status, code: 'AccessDenied', clause, ...(message !== undefined ? { messages: [message] } : {}) });
const ok = (clause: ClauseId): Allowed => ({ status: 200, code: null, clause });

/** The device as STS sees it at `t`: the view that was current then. */
export function viewAt(state: ModelState, serial: string, t: number): DeviceRecord | null {
  const record = state.sts.get(serial);
  const ended = record?.history.find((v) => v.until > t);
  return ended ? ended.device : (state.devices.get(serial) ?? null);
}

/**
 * Views that ended after `from`: each may have been current at some instant since (a change is
 * placed at the latest instant of its clock interval, which may overlap the request's).
 */
function viewsEndedAfter(state: ModelState, serial: string, from: number): StsView[] {
  return (state.sts.get(serial)?.history ?? []).filter((v) => v.until > from);
}

export const usedKey = (seed: string, step: number): string => `${normaliseSeed(seed)}:${step}`;

/**
 * Where a code sits on a seed: the step nearest the frame's centre at which it is the seed's
 * code, within STS_RECOGNISED_STEPS of now or of now + frame. Undefined where it is none.
 */
export function placeCode(seed: string, frame: Frame | null, code: string, clock: Clock): { step: number; offset: { lo: number; hi: number } } | undefined {
  const first = stepAt(clock.lo);
  const last = stepAt(clock.hi);
  const R = STS_RECOGNISED_STEPS;
  const near = (s: number) => (s >= first - R && s <= last + R) || (frame !== null && s >= first + frame.lo - R && s <= last + frame.hi + R);
  const centre = first + (frame ? Math.round((frame.lo + frame.hi) / 2) : 0);
  const from = Math.min(first, first + (frame?.lo ?? 0)) - R;
  const to = Math.max(last, last + (frame?.hi ?? 0)) + R;
  const steps = codeSteps(seed, code, from, to, centre).filter(near);
  if (steps.length === 0) return undefined;
  const step = steps.reduce((a, b) => (Math.abs(b - centre) < Math.abs(a - centre) ? b : a));
  return { step, offset: { lo: step - last, hi: step - first } };
}

/** Judges a code on a view of the device for a caller (user key), over the request's clock. */
export function judgeToken(view: DeviceRecord | null, caller: string | undefined, code: string, clock: Clock, record: StsRecord | undefined): TokenFacts {
  if (!view || view.user === null || caller === undefined || view.user !== caller) return { verdict: 'not-enabled' };
  if (view.seed === null) return { verdict: 'unknown' };
  const frame = view.frame ?? null;
  const placed = placeCode(view.seed, frame, code, clock);
  // Without a frame, "near the device's frame" is unknown: a code far from now is not wrong for sure.
  if (!placed) return frame === null ? { verdict: 'unknown' } : { verdict: 'wrong', frame };
  const { step, offset } = placed;
  const used = record?.used.has(usedKey(view.seed, step)) ?? false;
  if (frame === null) return { verdict: 'other', step, offset, frame, used };
  const d = { lo: offset.lo - frame.hi, hi: offset.hi - frame.lo };
  const W = AWS_STS.window;
  const window = d.lo >= -W && d.hi <= W ? 'inside' : d.hi < -W || d.lo > W ? 'outside' : 'edge';
  const first = stepAt(clock.lo);
  const current = frame.lo === 0 && frame.hi === 0 && offset.lo === 0 && offset.hi === 0 && step === first && !used;
  return { verdict: current ? 'current' : 'other', step, offset, frame, used, window };
}

/** The answers a view allows at MUST, for the settling set. */
function allowedBy(facts: TokenFacts): Array<200 | 403> {
  switch (facts.verdict) {
    case 'not-enabled':
    case 'wrong':
      return [403];
    case 'current':
      return [200];
    default:
      return [200, 403];
  }
}

/**
 * GetSessionToken in `state` (digest §8): S1 at MUST, S2 narrowing at SHOULD, S1O where half a
 * sign-in is sent, S3 for what an earlier view of the device (or a key IAM just issued) allows.
 * `invalid` lists members outside their shapes: V1 is the whole answer about them.
 */
export function signIn(state: ModelState, req: { readonly params: Params; readonly signer?: string }, clock: Clock, options: PredictOptions, invalid: ReadonlySet<string>): SignInAnalysis {
  const out: { -readonly [K in keyof SignInAnalysis]: SignInAnalysis[K] } = { failures: [], shouldWhenClean: [], open: [] };
  const settleSeconds = options.settleSeconds ?? 0;
  const lag = options.lagSeconds ?? 0;
  const key = req.signer === undefined ? undefined : state.keys.get(req.signer);
  const changes: Array<{ since: number; mid: number; after: string; allowed: Allowed[] }> = [];
  // A key IAM has just issued may not sign yet (real AWS is eventually consistent there too).
  if (key && key.createdAt > clock.lo - settleSeconds) {
    changes.push({ since: key.createdAt, mid: key.createdAt, after: 'CreateAccessKey', allowed: [{ status: 403, code: 'InvalidClientTokenId', clause: 'S3' }] });
  }
  const serial = req.params['SerialNumber'];
  const code = req.params['TokenCode'];
  const bad = invalid.has('SerialNumber') || invalid.has('TokenCode');
  if (!bad && (serial === undefined) !== (code === undefined)) {
    out.failures.push({ outcome: { status: '4xx', code: '*', clause: 'S1O' }, definite: false });
    out.open.push({ clause: 'S1O', question: 'a device without a code, or a code without a device' });
  }
  if (!bad && serial !== undefined && code !== undefined) {
    const record = state.sts.get(serial);
    const caller = key?.user;
    const t = clock.lo - lag;
    // Settled, STS sees the device as IAM has it now; an endpoint that lags (the reference's
    // policy) answers from the view that was current `lag` seconds ago.
    const settled = lag > 0 ? viewAt(state, serial, t) : (state.devices.get(serial) ?? null);
    const facts = judgeToken(settled, caller, code, clock, record);
    out.token = facts;
    const WRONG = AWS_STS_MESSAGES.wrongCode();
    switch (facts.verdict) {
      case 'not-enabled':
        out.failures.push({ outcome: denied('S1', AWS_STS_MESSAGES.unableToValidate()), definite: true });
        break;
      case 'wrong':
        out.failures.push({ outcome: denied('S1', WRONG), definite: true });
        break;
      case 'unknown':
        out.failures.push({ outcome: denied('S1'), definite: false });
        break;
      case 'current':
        break;
      case 'other': {
        out.failures.push({ outcome: denied('S1', WRONG), definite: false });
        const f = facts.frame;
        if (facts.used || facts.window === 'outside') out.shouldWhenClean.push({ clause: 'S2', allowed: [denied('S2', WRONG)] });
        // Recorded: the window around a frame set by a current Enable or by any Resync.
        else if (facts.window === 'inside' && f && (f.by === 'ResyncMFADevice' || (f.lo === 0 && f.hi === 0))) out.shouldWhenClean.push({ clause: 'S2', allowed: [ok('S2')] });
        break;
      }
    }
    for (const v of viewsEndedAfter(state, serial, t - settleSeconds)) {
      const allowed = allowedBy(judgeToken(v.device, caller, code, clock, record)).map((s): Allowed => (s === 200 ? ok('S3') : denied('S3')));
      changes.push({ since: v.until, mid: v.at ?? v.until, after: v.by, allowed });
    }
    // About nine verifications of one device in three minutes, then "unable to validate" to every code.
    const recent = (record?.attempts ?? []).filter((a) => a > clock.lo - AWS_STS.budget.seconds).length;
    if (recent >= AWS_STS.budget.verifications - 2) out.budget = [denied('S3', AWS_STS_MESSAGES.unableToValidate())];
  }
  if (changes.length > 0) {
    // The settling period runs from the latest change; the device's last change names it (views
    // are in the order IAM made them, whatever the clock intervals say; a key is the case's setup).
    const since = Math.max(...changes.map((c) => c.since));
    const sinceMid = Math.max(...changes.map((c) => c.mid));
    const latest = changes.at(-1) ?? changes[0]!;
    const allowed: Allowed[] = [];
    for (const a of changes.flatMap((c) => c.allowed)) if (!allowed.some((x) => x.status === a.status && x.code === a.code)) allowed.push(a);
    out.settling = { allowed, since, sinceMid, after: latest.after };
  }
  return out;
}

/** How long views are kept: past any settling bound the harness accepts. */
const HISTORY_SECONDS = 600;

const sameFrame = (a: Frame | null | undefined, b: Frame | null | undefined): boolean => (a ?? null) === (b ?? null) || (!!a && !!b && a.lo === b.lo && a.hi === b.hi && a.by === b.by);

/** Whether STS could tell the two views apart. */
const stsDiffers = (a: DeviceRecord | null, b: DeviceRecord | null): boolean =>
  (a === null) !== (b === null) || (a !== null && b !== null && (a.user !== b.user || a.seed !== b.seed || !sameFrame(a.frame, b.frame)));

/**
 * STS's side of a transition: every device whose view changed leaves the view before it in its
 * history (until the latest instant the change could have happened), and a sign-in is counted
 * and, where it succeeded, its code is spent on every view it is a code of.
 */
export function stsAfter(before: ModelState, after: ModelState, req: { readonly action: string; readonly params: Params; readonly signer?: string }, outcome: { status: number; code: string | null }, clock: Clock): ModelState {
  const until = clock.hi;
  let sts: Map<string, StsRecord> | undefined;
  const edit = (serial: string, f: (r: StsRecord) => StsRecord) => {
    sts ??= new Map(after.sts);
    sts.set(serial, f(sts.get(serial) ?? { history: [], used: new Set(), attempts: [] }));
  };
  const serials = new Set([...before.devices.keys(), ...after.devices.keys()]);
  for (const serial of serials) {
    const was = before.devices.get(serial) ?? null;
    const now = after.devices.get(serial) ?? null;
    if (was === now || !stsDiffers(was, now)) continue;
    edit(serial, (r) => ({ ...r, history: [...r.history.filter((v) => v.until > until - HISTORY_SECONDS), { device: was, until, at: (clock.lo + clock.hi) / 2, by: req.action }] }));
  }
  const serial = req.params['SerialNumber'];
  const code = req.params['TokenCode'];
  if (req.action === 'GetSessionToken' && serial !== undefined && code !== undefined && /^\d{6}$/.test(code) && outcome.status < 500) {
    const accepted = outcome.status === 200 && outcome.code === null;
    const record = after.sts.get(serial);
    const spent = new Set<string>();
    if (accepted) {
      // Whichever view the endpoint judged by: the code is spent on every seed it is a code of.
      const views = [after.devices.get(serial) ?? null, ...(record?.history ?? []).map((v) => v.device)];
      for (const v of views) {
        const placed = v?.seed ? placeCode(v.seed, v.frame ?? null, code, clock) : undefined;
        if (v?.seed && placed) spent.add(usedKey(v.seed, placed.step));
      }
    }
    edit(serial, (r) => ({
      ...r,
      used: spent.size > 0 ? new Set([...r.used, ...spent]) : r.used,
      attempts: [...r.attempts.filter((a) => a > clock.lo - AWS_STS.budget.seconds), clock.lo],
    }));
  }
  return sts ? { ...after, sts } : after;
}
