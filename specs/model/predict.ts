import { ACTIONS, MFA_DEVICES_PER_USER, type ActionName } from '../actions.js';
import { errataFor } from '../errata.js';
import { SHAPES, violationsOf } from '../shapes.js';
import type { ClauseId } from '../clauses.js';
import { ERRORS, type ErrorCode } from '../errors.js';
import { AWS_MESSAGES } from '../recorded.js';
import { RECOGNISED_STEPS, genuineSteps, stepAt } from '../totp.js';
import { validate, type ParamProblem, type Params } from '../validation.js';
import type { Allowed, Prediction, Tier } from './outcome.js';
import { allows, success } from './outcome.js';
import { devicesOf, keysOf, userKey, type Clock, type DeviceRecord, type ModelState, type UserRecord } from './state.js';
import { signIn, type PredictOptions, type Settling, type TokenFacts } from './sts.js';

export interface Request {
  readonly action: ActionName;
  readonly params: Params;
  /** The access key id that signed the request, where it is one the endpoint issued to a user of the case (sign-in, digest §8). */
  readonly signer?: string;
}

/** What the model worked out about a request's codes, for measurements and the reference's policy. */
export interface CodeFacts {
  /** Step offsets (second code's step minus the endpoint's step) at which the pair is genuine. */
  readonly offsets: readonly number[];
  /** The step of the pair's second code, where the pair is genuine. */
  readonly step?: number;
  /** The device's counter before the request (E8R). */
  readonly last: number | null;
  /** The pair's first code is at or before the device's last accepted step (E8R). */
  readonly replayed: boolean;
  /** The pair's offset from its anchor, the later of the endpoint's step and `last` (E8). */
  readonly fromAnchor?: number;
  /** The pair's offset from the endpoint's step (at the start of the clock interval). */
  readonly fromNow?: number;
}

export interface PredictionWithFacts extends Prediction {
  readonly codes?: CodeFacts;
  /** Sign-in: where the code sits (digest §8). */
  readonly token?: TokenFacts;
  /**
   * Answers allowed only because an IAM change may not have reached STS yet (S3). The tiers
   * above are the settled prediction; a judge waits these out (harness/settle.ts).
   */
  readonly settling?: Settling;
  /** Answers allowed because the device's verification budget may be spent (S3): inconclusive. */
  readonly budget?: readonly Allowed[];
}

interface Failure {
  readonly outcome: Allowed;
  /** Definite: the docs require an error. Optional: an error the docs allow but do not require. */
  readonly definite: boolean;
  /** For optional failures: AWS is expected to answer this (the reference does). */
  readonly likely?: boolean;
}

const err = (code: ErrorCode, clause: ClauseId, ...messages: string[]): Allowed => ({
  status: ERRORS[code].status,
  code,
  clause,
  ...(messages.length > 0 ? { messages } : {}),
});
const any4xx = (clause: ClauseId): Allowed => ({ status: '4xx', code: '*', clause });
const definite = (outcome: Allowed): Failure => ({ outcome, definite: true });
const optional = (outcome: Allowed, likely = false): Failure => ({ outcome, definite: false, likely });

type SerialKind = 'known' | 'own-unknown' | 'foreign';

function serialKind(state: ModelState, serial: string): SerialKind {
  if (state.devices.has(serial)) return 'known';
  if (state.account === null) return 'foreign';
  return serial.startsWith(`arn:${state.partition}:iam::${state.account}:mfa/`) ? 'own-unknown' : 'foreign';
}

type CodeVerdict =
  | { kind: 'current'; facts: CodeFacts }
  | { kind: 'replayed'; facts: CodeFacts }
  | { kind: 'off'; facts: CodeFacts }
  | { kind: 'invalid'; facts: CodeFacts }
  | { kind: 'unknown' };

/**
 * Places a pair on the device's TOTP sequence, relative to the endpoint's clock interval and
 * the device's counter (digest E7, E8, §7):
 * - not genuine anywhere the window could reach: invalid (E7, MUST 403);
 * - first code at or before the last accepted step: a replay (E8R: OPEN at MUST, refused at SHOULD);
 * - current at every instant of the interval: must be accepted;
 * - otherwise genuine but off the current step: the acceptance window (E8, OPEN).
 */
export function judgeCodes(device: DeviceRecord | undefined, c1: string, c2: string, clock: Clock): CodeVerdict {
  if (!device || device.seed === null) return { kind: 'unknown' };
  const first = stepAt(clock.lo);
  const last = stepAt(clock.hi);
  const counter = device.lastStep;
  const anchor = counter === null ? last : Math.max(last, counter);
  const steps = genuineSteps(device.seed, c1, c2, Math.min(first, anchor) - RECOGNISED_STEPS, anchor + RECOGNISED_STEPS, first);
  const offsets = steps.map((s) => s - first);
  if (steps.length === 0) return { kind: 'invalid', facts: { offsets, last: counter, replayed: false } };
  // Two placements only happen by a collision of 12 digits; the one after the counter is the
  // one the endpoint can accept, so it decides.
  const step = steps.find((s) => counter === null || s - 1 > counter) ?? steps[0]!;
  const replayed = counter !== null && step - 1 <= counter;
  const facts: CodeFacts = { offsets, step, last: counter, replayed, fromAnchor: step - anchor, fromNow: step - first };
  if (replayed) return { kind: 'replayed', facts };
  if (first === last && step === first) return { kind: 'current', facts };
  return { kind: 'off', facts };
}

/** The working material of one prediction. */
interface Analysis {
  readonly failures: Failure[];
  successClause: ClauseId;
  /** SHOULD narrowings that apply whatever else fails (e.g. V1M). */
  readonly should: Tier[];
  /** SHOULD narrowings that apply only when no definite failure does; alternatives of each other. */
  readonly shouldWhenClean: Tier[];
  readonly open: { clause: ClauseId; question: string }[];
  codes?: CodeFacts;
  token?: TokenFacts;
  settling?: Settling;
  budget?: readonly Allowed[];
}

/** What every action's rule sees: the request, resolved against the state. */
interface Ctx {
  readonly state: ModelState;
  readonly req: Request;
  readonly p: Params;
  readonly clock: Clock;
  readonly problems: readonly ParamProblem[];
  /** The user name is present and well-formed: existence checks apply to it. */
  readonly userChecked: boolean;
  readonly user: UserRecord | undefined;
  /** The serial, where present and well-formed. */
  readonly serial: string | undefined;
  readonly device: DeviceRecord | undefined;
  readonly kind: SerialKind | undefined;
  readonly callerImplied: boolean;
  /** Members whose validity rests only on an erratum (V1O). */
  readonly errata: readonly string[];
  readonly options: PredictOptions;
  readonly out: Analysis;
}

const invalidOnly = (ctx: Ctx, param: string) => ctx.problems.some((x) => x.param === param);

/** NoSuchEntity for the named user, with AWS's message. */
const noSuchUser = (ctx: Ctx, clause: ClauseId): Allowed => err('NoSuchEntity', clause, AWS_MESSAGES.noSuchUser(ctx.p['UserName'] ?? ''));

/** Both spellings of a user in a message: the one asked for and the one the endpoint holds. */
const userSpellings = (ctx: Ctx, message: (name: string) => string): string[] => [
  ...new Set([message(ctx.p['UserName'] ?? ''), ...(ctx.user ? [message(ctx.user.name)] : [])]),
];

/** Failures about the serial: unknown ARNs of the account (MUST) and foreign ones (OPEN). */
function serialFailures(ctx: Ctx, clause: ClauseId, message?: string): void {
  if (ctx.kind === 'own-unknown') ctx.out.failures.push(definite(message === undefined ? err('NoSuchEntity', clause) : err('NoSuchEntity', clause, message)));
  if (ctx.kind === 'foreign') {
    // Existence answers only: the serial is inside its shape, so ValidationError stays a V1 divergence.
    ctx.out.failures.push(optional(err('NoSuchEntity', 'E3O'), true), optional({ ...any4xx('E3O'), except: ['ValidationError', 'MalformedInput'] }));
    ctx.out.open.push({ clause: 'E3O', question: 'foreign or hardware serial' });
  }
}

function codeFailures(ctx: Ctx, wrong: ClauseId): void {
  const c1 = ctx.p['AuthenticationCode1'];
  const c2 = ctx.p['AuthenticationCode2'];
  // Malformed codes are already a V1 failure, and codes of a malformed serial name no device:
  // judging them as a pair would say nothing more.
  if (c1 === undefined || c2 === undefined || invalidOnly(ctx, 'AuthenticationCode1') || invalidOnly(ctx, 'AuthenticationCode2') || invalidOnly(ctx, 'SerialNumber')) return;
  const verdict = judgeCodes(ctx.device, c1, c2, ctx.clock);
  const out = ctx.out;
  const invalid = () => err('InvalidAuthenticationCode', wrong, AWS_MESSAGES.invalidCode());
  switch (verdict.kind) {
    case 'current':
      break;
    case 'invalid':
      out.failures.push(definite(invalid()));
      break;
    case 'replayed':
      out.failures.push(optional(err('InvalidAuthenticationCode', 'E8R', AWS_MESSAGES.invalidCode())));
      out.shouldWhenClean.push({ clause: 'E8R', allowed: [err('InvalidAuthenticationCode', 'E8R', AWS_MESSAGES.invalidCode())] });
      out.open.push({ clause: 'E8R', question: 'codes at or before the last accepted step' });
      break;
    case 'off':
      out.failures.push(optional(err('InvalidAuthenticationCode', 'E8', AWS_MESSAGES.invalidCode())));
      out.open.push({ clause: 'E8', question: 'acceptance window' });
      break;
    case 'unknown':
      out.failures.push(optional(err('InvalidAuthenticationCode', 'E3O')));
      break;
  }
  if (verdict.kind !== 'unknown') out.codes = verdict.facts;
}

/** Reads by user name (GetUser, DeleteUser, ListMFADevices): digest U3, L1, R3. */
function userRead(clause: ClauseId): (ctx: Ctx) => void {
  return (ctx) => {
    const out = ctx.out;
    out.successClause = clause;
    if (ctx.callerImplied && ctx.req.action !== 'DeleteUser') {
      out.failures.push(optional(any4xx('U3')));
      out.open.push({ clause: 'U3', question: 'the caller as user' });
      return;
    }
    if (!ctx.user) {
      if (ctx.userChecked) out.failures.push(definite(noSuchUser(ctx, clause)));
    } else if (ctx.user.name !== ctx.p['UserName']) {
      out.failures.push(optional(err('NoSuchEntity', 'U2', AWS_MESSAGES.noSuchUser(ctx.p['UserName'] ?? ''))));
      out.open.push({ clause: 'U2', question: 'lookup by another case' });
    }
    if (ctx.req.action === 'DeleteUser' && ctx.user) {
      // A user with an access key cannot be deleted either (R3K): then a 409 says nothing about
      // the MFA device, and R3 is judged on users without keys only.
      if (keysOf(ctx.state, ctx.user.name).length > 0) out.failures.push(definite(err('DeleteConflict', 'R3K')));
      else if (devicesOf(ctx.state, ctx.user.name).length > 0) out.failures.push(definite(err('DeleteConflict', 'R3', AWS_MESSAGES.deleteConflictUser())));
    }
  };
}

/** A Marker the endpoint never issued, on either list call: AWS was recorded answering 400 (D5S). */
function unknownMarker(ctx: Ctx): void {
  const marker = ctx.p['Marker'];
  if (marker === undefined || ctx.problems.length > 0 || ctx.state.markers.has(marker)) return;
  ctx.out.failures.push(optional(any4xx('D5S'), true));
  ctx.out.shouldWhenClean.push({ clause: 'D5S', allowed: [err('ValidationError', 'D5S', AWS_MESSAGES.invalidMarker())] });
}

/** Enable and Resync share the code rules (digest E7, R2) and differ in what the device's owner may be. */
function enableOrResync(ctx: Ctx): void {
  const out = ctx.out;
  const enable = ctx.req.action === 'EnableMFADevice';
  out.successClause = enable ? 'E1' : 'R2';
  if (!ctx.user && ctx.userChecked) out.failures.push(definite(noSuchUser(ctx, enable ? 'E2' : 'R2')));
  // Only Enable's unknown-serial message was recorded.
  serialFailures(ctx, 'E3', enable && ctx.serial !== undefined ? AWS_MESSAGES.noSuchDevice(ctx.serial) : undefined);
  const { device, user } = ctx;
  if (device && user) {
    const mine = device.user === userKey(user.name);
    if (enable && device.user !== null && !mine) out.failures.push(definite(err('EntityAlreadyExists', 'E4', AWS_MESSAGES.deviceInUse())));
    if (enable && mine) {
      out.failures.push(optional(any4xx('E5'), true));
      out.shouldWhenClean.push({ clause: 'E5', allowed: [err('EntityAlreadyExists', 'E5', ...userSpellings(ctx, AWS_MESSAGES.deviceAlreadyEnabled))] });
    }
    if (enable && !mine && device.user === null && devicesOf(ctx.state, user.name).length >= MFA_DEVICES_PER_USER) {
      out.failures.push(definite(err('LimitExceeded', 'E6', AWS_MESSAGES.limit())));
    }
    if (!enable && !mine) {
      out.failures.push(optional(any4xx('R2S'), true));
      out.shouldWhenClean.push({ clause: 'R2S', allowed: [err('NoSuchEntity', 'R2S', AWS_MESSAGES.deviceNotForUser())] });
    }
  }
  codeFailures(ctx, enable ? 'E7' : 'R2');
}

/**
 * One rule per action: the contract's answer to "what may this request get, in this state?"
 * Each pushes the failures the docs require or allow, SHOULD narrowings and OPEN questions.
 */
const RULES: Record<ActionName, (ctx: Ctx) => void> = {
  CreateUser(ctx) {
    ctx.out.successClause = 'U3';
    if (ctx.userChecked && ctx.user) ctx.out.failures.push(definite(err('EntityAlreadyExists', 'U1', ...userSpellings(ctx, AWS_MESSAGES.userExists))));
  },
  GetUser: userRead('U3'),
  DeleteUser: userRead('U3'),
  ListMFADevices(ctx) {
    userRead('L1')(ctx);
    unknownMarker(ctx);
  },
  CreateVirtualMFADevice(ctx) {
    const out = ctx.out;
    out.successClause = 'D1';
    const name = ctx.p['VirtualMFADeviceName'];
    if (name === undefined || ctx.problems.length > 0) return;
    const tail = `${(ctx.p['Path'] ?? '/').replace(/^\//, '')}${name}`;
    for (const d of ctx.state.devices.values()) {
      const dTail = `${d.path.replace(/^\//, '')}${d.name}`;
      if (dTail === tail) out.failures.push(definite(err('EntityAlreadyExists', 'D2', AWS_MESSAGES.deviceExists())));
      else if (dTail.toLowerCase() === tail.toLowerCase()) {
        out.failures.push(optional(err('EntityAlreadyExists', 'D2', AWS_MESSAGES.deviceExists())));
        out.open.push({ clause: 'D2', question: 'device names differing only by case' });
      }
    }
  },
  DeleteVirtualMFADevice(ctx) {
    ctx.out.successClause = 'D4';
    serialFailures(ctx, 'D4', ctx.serial !== undefined ? AWS_MESSAGES.noSuchDevice(ctx.serial) : undefined);
    if (ctx.device?.user) ctx.out.failures.push(definite(err('DeleteConflict', 'D4', AWS_MESSAGES.deleteConflictDevice())));
  },
  EnableMFADevice: enableOrResync,
  ResyncMFADevice: enableOrResync,
  DeactivateMFADevice(ctx) {
    const out = ctx.out;
    out.successClause = 'R1';
    if (ctx.callerImplied) {
      out.failures.push(optional(any4xx('R1')));
      out.open.push({ clause: 'R1', question: 'the caller as user' });
      return;
    }
    if (!ctx.user && ctx.userChecked) out.failures.push(definite(noSuchUser(ctx, 'R1')));
    serialFailures(ctx, 'R1', ctx.serial !== undefined ? AWS_MESSAGES.noSuchDevice(ctx.serial) : undefined);
    if (ctx.user && ctx.device && ctx.device.user !== userKey(ctx.user.name)) {
      out.failures.push(optional(any4xx('R1S'), true));
      out.shouldWhenClean.push({ clause: 'R1S', allowed: [err('NoSuchEntity', 'R1S', AWS_MESSAGES.deviceNotForUser())] });
    }
  },
  ListVirtualMFADevices(ctx) {
    ctx.out.successClause = 'D5';
    unknownMarker(ctx);
  },
  CreateAccessKey(ctx) {
    const out = ctx.out;
    out.successClause = 'K1';
    if (ctx.callerImplied) {
      out.failures.push(optional(any4xx('K1')));
      out.open.push({ clause: 'K1', question: 'the caller as user' });
      return;
    }
    if (!ctx.user) {
      if (ctx.userChecked) out.failures.push(definite(noSuchUser(ctx, 'K1')));
      return;
    }
    // IAM quotas: two access keys per user.
    if (keysOf(ctx.state, ctx.user.name).length >= ACCESS_KEYS_PER_USER) out.failures.push(definite(err('LimitExceeded', 'K1')));
  },
  DeleteAccessKey(ctx) {
    const out = ctx.out;
    out.successClause = 'K1';
    if (ctx.callerImplied) {
      out.failures.push(optional(any4xx('K1')));
      out.open.push({ clause: 'K1', question: 'the caller as user' });
      return;
    }
    if (!ctx.user) {
      if (ctx.userChecked) out.failures.push(definite(noSuchUser(ctx, 'K1')));
      return;
    }
    const id = ctx.p['AccessKeyId'];
    if (id === undefined || invalidOnly(ctx, 'AccessKeyId')) return;
    if (ctx.state.keys.get(id)?.user !== userKey(ctx.user.name)) out.failures.push(definite(err('NoSuchEntity', 'K1')));
  },
  GetSessionToken(ctx) {
    ctx.out.successClause = 'S1';
    const a = signIn(ctx.state, ctx.req, ctx.clock, ctx.options, new Set(ctx.problems.map((x) => x.param)));
    ctx.out.failures.push(...a.failures);
    ctx.out.shouldWhenClean.push(...a.shouldWhenClean);
    ctx.out.open.push(...a.open);
    if (a.token) ctx.out.token = a.token;
    if (a.settling) ctx.out.settling = a.settling;
    if (a.budget) ctx.out.budget = a.budget;
  },
  GetMFADevice(ctx) {
    // The model documents GetMFADevice for FIDO keys only: nothing about virtual devices is
    // MUST, but a malformed member is still V1.
    const out = ctx.out;
    out.successClause = 'G1';
    if (ctx.problems.length > 0) return;
    out.failures.push(optional(any4xx('G1'), true));
    const virtual = ctx.device ? err('ValidationError', 'G1', AWS_MESSAGES.getMfaDeviceVirtual()) : err('ValidationError', 'G1');
    out.shouldWhenClean.push({ clause: 'G1', allowed: [virtual, err('NoSuchEntity', 'G1')] });
    out.open.push({ clause: 'G1', question: 'GetMFADevice of a virtual device' });
  },
};

/**
 * V1/V2/D3: every member outside its shape. A missing member: AWS most likely says
 * ValidationError, but any 4xx (e.g. MissingParameter) is allowed. A MaxItems that is not an
 * int32 may get MalformedInput, which AWS was recorded answering (V1M).
 */
function validationFailures(ctx: Ctx): void {
  const { problems, out, req } = ctx;
  for (const p of problems) {
    if (p.kind === 'missing') {
      out.failures.push(definite(err('ValidationError', 'V2')), optional(any4xx('V2')));
      continue;
    }
    const path = req.action === 'CreateVirtualMFADevice' && p.param === 'Path';
    // AWS's own wording for a path that is not /.../ was recorded; for other violations the
    // message is AWS-style but not recorded, so it is not required.
    const pathPatternOnly = path && problems.length === 1 && p.violations.every((v) => v.kind === 'pattern');
    out.failures.push(definite(pathPatternOnly ? err('ValidationError', 'D3', AWS_MESSAGES.invalidPath()) : err('ValidationError', path ? 'D3' : 'V1')));
    if (p.violations.some((v) => v.kind === 'integer')) {
      out.failures.push(optional(err('MalformedInput', 'V1')));
      // Recorded for MaxItems (maxItemsType) only: another integer member may answer either.
      if (problems.length === 1 && p.param === 'MaxItems') out.should.push({ clause: 'V1M', allowed: [err('MalformedInput', 'V1M')] });
    }
  }
}

/**
 * Problems the contract's sources agree on, and the members whose validity rests only on an
 * erratum (specs/errata.ts): those may be accepted or refused (V1O, OPEN).
 */
function withErrata(action: ActionName, params: Params, all: readonly ParamProblem[]): { problems: ParamProblem[]; open: string[] } {
  const open: string[] = [];
  const problems = all.filter((problem) => {
    const spec = ACTIONS[action].params.find((x) => x.name === problem.param);
    const value = params[problem.param];
    if (!spec || value === undefined || problem.kind === 'missing') return true;
    const forbidden = errataFor(action, spec.shape).filter((e) => e.model === 'forbids').flatMap((e) => [...e.chars]);
    if (forbidden.length === 0 || ![...value].some((c) => forbidden.includes(c))) return true;
    const cleaned = [...value].map((c) => (forbidden.includes(c) ? 'a' : c)).join('');
    if (violationsOf(SHAPES[spec.shape], cleaned).length > 0) return true;
    open.push(problem.param);
    return false;
  });
  for (const spec of ACTIONS[action].params) {
    const value = params[spec.name];
    if (value === undefined || all.some((x) => x.param === spec.name)) continue;
    const allowed = errataFor(action, spec.shape).filter((e) => e.model === 'allows').flatMap((e) => [...e.chars]);
    if ([...value].some((c) => allowed.includes(c))) open.push(spec.name);
  }
  return { problems, open };
}

function context(state: ModelState, req: Request, clock: Clock, options: PredictOptions): Ctx {
  const p = req.params;
  const { problems, open: errata } = withErrata(req.action, p, validate(req.action, p));
  const bad = new Set(problems.map((x) => x.param));
  // A value outside its shape names nothing: V1 is the whole answer about it, existence
  // checks apply only to well-formed values.
  const userChecked = p['UserName'] !== undefined && !bad.has('UserName');
  const serial = bad.has('SerialNumber') ? undefined : p['SerialNumber'];
  return {
    state,
    req,
    p,
    clock,
    problems,
    userChecked,
    user: userChecked ? state.users.get(userKey(p['UserName'] ?? '')) : undefined,
    serial,
    device: serial === undefined ? undefined : state.devices.get(serial),
    kind: serial === undefined ? undefined : serialKind(state, serial),
    callerImplied: p['UserName'] === undefined,
    errata,
    options,
    out: { failures: [], successClause: 'E9', should: [], shouldWhenClean: [], open: [] },
  };
}

/**
 * The outcomes the contract allows for `req` in `state` while the endpoint's clock is in
 * `clock`. `options` only matter for sign-in (S3): how long STS may lag behind IAM.
 */
export function predict(state: ModelState, req: Request, clock: Clock, options: PredictOptions = {}): PredictionWithFacts {
  const ctx = context(state, req, clock, options);
  validationFailures(ctx);
  if (ctx.errata.length > 0) {
    ctx.out.failures.push(optional(err('ValidationError', 'V1O')));
    ctx.out.open.push({ clause: 'V1O', question: 'constraint where the sources disagree' });
  }
  const validation = [...ctx.out.failures];
  RULES[req.action](ctx);
  const a = ctx.out;
  const definites = a.failures.filter((f) => f.definite);
  const allowed: Allowed[] = dedupe(a.failures.map((f) => f.outcome));
  if (definites.length === 0) allowed.push(success(a.successClause));
  const first = definites[0];
  const must: Tier = { clause: first?.outcome.clause ?? a.successClause, allowed };

  const should: Tier[] = [...a.should];
  if (first && definites.length > 1) {
    // Several definite failures: AWS was recorded checking validation first (V3), and the
    // user before the rest (E2P).
    const c = first.outcome.clause;
    if (validation.some((f) => f.definite)) should.push({ clause: 'V3', allowed: validation.map((f) => f.outcome) });
    else if (first.outcome.code === 'NoSuchEntity' && (c === 'E2' || c === 'R2')) should.push({ clause: 'E2P', allowed: [first.outcome] });
  }
  if (definites.length === 0 && a.shouldWhenClean.length > 0) {
    // Narrowings of different situations are alternatives: which one AWS checks first was not
    // recorded, so any of their answers satisfies SHOULD.
    const [head] = a.shouldWhenClean;
    should.push({ clause: head!.clause, allowed: a.shouldWhenClean.flatMap((t) => t.allowed) });
  }

  // An OPEN point widens every tier: where the sources disagree (V1O), no level may fail it.
  const open = a.failures.filter((f) => !f.definite && f.outcome.clause === 'V1O').map((f) => f.outcome);
  if (open.length > 0) should.splice(0, should.length, ...should.map((t) => ({ ...t, allowed: [...t.allowed, ...open] })));

  // The answer AWS is expected to give: the first candidate every tier allows.
  const candidates: Allowed[] = [
    ...definites.map((f) => f.outcome),
    ...should.flatMap((t) => t.allowed),
    ...a.failures.filter((f) => !f.definite && f.likely && f.outcome.status !== '4xx').map((f) => f.outcome),
    success(a.successClause),
  ];
  const fits = (c: Allowed) => c.status !== '4xx' && c.code !== '*' && [must, ...should].every((t) => allows(t, { status: c.status as number, code: c.code as string | null }));
  const preferred = candidates.find(fits) ?? first?.outcome ?? success(a.successClause);

  return {
    must,
    should,
    open: a.open,
    preferred,
    ...(a.codes ? { codes: a.codes } : {}),
    ...(a.token ? { token: a.token } : {}),
    ...(a.settling ? { settling: a.settling } : {}),
    ...(a.budget ? { budget: a.budget } : {}),
  };
}

/** IAM quotas (User Guide): access keys per user. */
export const ACCESS_KEYS_PER_USER = 2;

/**
 * A prediction that also allows what an unsettled STS (S3) and a spent budget may answer, at
 * every tier, as an OPEN point widens them: what recorded AWS answers must lie inside this.
 */
export function widened(p: PredictionWithFacts): PredictionWithFacts {
  const extra = [...(p.settling?.allowed ?? []), ...(p.budget ?? [])];
  if (extra.length === 0) return p;
  return { ...p, must: { ...p.must, allowed: dedupe([...p.must.allowed, ...extra]) }, should: p.should.map((t) => ({ ...t, allowed: dedupe([...t.allowed, ...extra]) })) };
}

/**
 * One entry per answer. Two reasons for the same answer may each carry a recorded message:
 * either is acceptable; where one of them has none recorded, the message is not checked.
 */
function dedupe(list: Allowed[]): Allowed[] {
  const seen = new Map<string, { first: Allowed; messages: Set<string> | null }>();
  for (const a of list) {
    const k = `${a.status}|${a.code}`;
    const prev = seen.get(k);
    const messages = a.messages ? new Set(a.messages) : null;
    if (!prev) seen.set(k, { first: a, messages });
    else prev.messages = prev.messages && messages ? new Set([...prev.messages, ...messages]) : null;
  }
  return [...seen.values()].map(({ first, messages }) => {
    const { messages: _m, ...rest } = first;
    return messages ? { ...rest, messages: [...messages] } : rest;
  });
}
