import type { ActionName } from '../actions.js';
import { MFA_DEVICES_PER_USER } from '../actions.js';
import type { ClauseId } from '../clauses.js';
import { ERRORS, type ErrorCode } from '../errors.js';
import { MODEL_SEARCH_STEPS, genuineSteps, stepAt } from '../totp.js';
import { validate, type Params } from '../validation.js';
import type { Allowed, Prediction, Tier } from './outcome.js';
import { success } from './outcome.js';
import { devicesOf, userKey, type Clock, type DeviceRecord, type ModelState } from './state.js';

export interface Request {
  readonly action: ActionName;
  readonly params: Params;
}

/** What the model worked out about a request's codes, for measurements and the reference's policy. */
export interface CodeFacts {
  /** Step offsets (second code's step minus the endpoint's step) at which the pair is genuine. */
  readonly offsets: readonly number[];
  readonly reused: boolean;
}

export interface PredictionWithFacts extends Prediction {
  readonly codes?: CodeFacts;
}

interface Failure {
  readonly outcome: Allowed;
  /** Definite: the docs require an error. Optional: an error the docs allow but do not require. */
  readonly definite: boolean;
  /** For optional failures: AWS is expected to answer this (the reference does). */
  readonly likely?: boolean;
}

const err = (code: ErrorCode, clause: ClauseId): Allowed => ({ status: ERRORS[code].status, code, clause });
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
  | { kind: 'open'; clause: 'E8' | 'E8R'; facts: CodeFacts }
  | { kind: 'invalid'; facts: CodeFacts }
  | { kind: 'unknown' };

/**
 * Places a pair on the device's TOTP sequence relative to the endpoint's clock interval. A
 * pair that is current at every instant of the interval must be accepted; one that is
 * current at only some instants, or genuine but off the current step, is OPEN (E8).
 */
export function judgeCodes(device: DeviceRecord | undefined, c1: string, c2: string, clock: Clock): CodeVerdict {
  if (!device || device.seed === null) return { kind: 'unknown' };
  const first = stepAt(clock.lo);
  const last = stepAt(clock.hi);
  const steps = genuineSteps(device.seed, c1, c2, first - MODEL_SEARCH_STEPS, last + MODEL_SEARCH_STEPS);
  const offsets = steps.map((s) => s - first);
  const reused = steps.some((s) => device.usedSteps.includes(s) || device.usedSteps.includes(s - 1));
  const facts: CodeFacts = { offsets, reused };
  if (steps.length === 0) return { kind: 'invalid', facts };
  const currentThroughout = first === last && steps.includes(first);
  if (currentThroughout && !reused) return { kind: 'current', facts };
  return { kind: 'open', clause: currentThroughout ? 'E8R' : 'E8', facts };
}

function validationFailures(req: Request): Failure[] {
  // A missing member: AWS most likely says ValidationError, but any 4xx (e.g. MissingParameter) is allowed.
  return validate(req.action, req.params).flatMap((p) =>
    p.kind === 'missing'
      ? [definite(err('ValidationError', 'V2')), optional(any4xx('V2'))]
      : [definite(err('ValidationError', req.action === 'CreateVirtualMFADevice' && p.param === 'Path' ? 'D3' : 'V1'))],
  );
}

interface Analysis {
  failures: Failure[];
  successClause: ClauseId;
  /** SHOULD narrowings that apply only when no definite failure does. */
  shouldWhenClean?: Tier[];
  open?: { clause: ClauseId; question: string }[];
  codes?: CodeFacts;
}

function codeFailures(verdict: CodeVerdict, wrong: ClauseId): { failures: Failure[]; open: Analysis['open']; codes?: CodeFacts } {
  switch (verdict.kind) {
    case 'current':
      return { failures: [], open: [], codes: verdict.facts };
    case 'invalid':
      return { failures: [definite(err('InvalidAuthenticationCode', wrong))], open: [], codes: verdict.facts };
    case 'open':
      return {
        failures: [optional(err('InvalidAuthenticationCode', verdict.clause))],
        open: [{ clause: verdict.clause, question: verdict.clause === 'E8' ? 'acceptance window' : 'code reuse' }],
        codes: verdict.facts,
      };
    case 'unknown':
      return { failures: [optional(err('InvalidAuthenticationCode', 'E3O'))], open: [] };
  }
}

function analyse(state: ModelState, req: Request, clock: Clock): Analysis {
  const p = req.params;
  const failures = validationFailures(req);
  const problems = new Set(validate(req.action, p).map((x) => x.param));
  // A value outside its shape names nothing: V1 is the whole answer about it, existence
  // checks apply only to well-formed values.
  const userChecked = p['UserName'] !== undefined && !problems.has('UserName');
  const user = userChecked ? state.users.get(userKey(p['UserName'] ?? '')) : undefined;
  const serial = problems.has('SerialNumber') ? undefined : p['SerialNumber'];
  const device = serial === undefined ? undefined : state.devices.get(serial);
  const kind = serial === undefined ? 'known' : serialKind(state, serial);
  const serialFailures = (clause: ClauseId): Failure[] =>
    kind === 'own-unknown'
      ? [definite(err('NoSuchEntity', clause))]
      : kind === 'foreign'
        ? [optional(err('NoSuchEntity', 'E3O'), true), optional(any4xx('E3O'))]
        : [];
  const foreignOpen = kind === 'foreign' ? [{ clause: 'E3O' as ClauseId, question: 'foreign or hardware serial' }] : [];
  const callerImplied = p['UserName'] === undefined;

  switch (req.action) {
    case 'CreateUser': {
      const name = p['UserName'];
      if (name !== undefined && userChecked && state.users.has(userKey(name))) failures.push(definite(err('EntityAlreadyExists', 'U1')));
      return { failures, successClause: 'U3' };
    }
    case 'GetUser':
    case 'DeleteUser':
    case 'ListMFADevices': {
      const clause: ClauseId = req.action === 'ListMFADevices' ? 'L1' : 'U3';
      if (callerImplied && req.action !== 'DeleteUser') return { failures: [...failures, optional(any4xx('U3'))], successClause: clause, open: [{ clause: 'U3', question: 'the caller as user' }] };
      if (!user) {
        if (userChecked) failures.push(definite(err('NoSuchEntity', clause)));
      } else if (user.name !== p['UserName']) {
        failures.push(optional(err('NoSuchEntity', 'U2')));
      }
      if (req.action === 'DeleteUser' && user && devicesOf(state, user.name).length > 0) failures.push(definite(err('DeleteConflict', 'R3')));
      const open = user && user.name !== p['UserName'] ? [{ clause: 'U2' as ClauseId, question: 'lookup by another case' }] : [];
      return { failures, successClause: clause, open };
    }
    case 'CreateVirtualMFADevice': {
      const name = p['VirtualMFADeviceName'];
      const path = p['Path'] ?? '/';
      const open: Analysis['open'] = [];
      if (name !== undefined && failures.length === 0) {
        const tail = `${path.replace(/^\//, '')}${name}`;
        for (const d of state.devices.values()) {
          const dTail = `${d.path.replace(/^\//, '')}${d.name}`;
          if (dTail === tail) failures.push(definite(err('EntityAlreadyExists', 'D2')));
          else if (dTail.toLowerCase() === tail.toLowerCase()) {
            failures.push(optional(err('EntityAlreadyExists', 'D2')));
            open.push({ clause: 'D2', question: 'device names differing only by case' });
          }
        }
      }
      return { failures, successClause: 'D1', open };
    }
    case 'DeleteVirtualMFADevice': {
      failures.push(...serialFailures('D4'));
      if (device?.user) failures.push(definite(err('DeleteConflict', 'D4')));
      return { failures, successClause: 'D4', open: foreignOpen };
    }
    case 'EnableMFADevice':
    case 'ResyncMFADevice': {
      const enable = req.action === 'EnableMFADevice';
      if (!user && userChecked) failures.push(definite(err('NoSuchEntity', enable ? 'E2' : 'R2')));
      failures.push(...serialFailures('E3'));
      const shouldWhenClean: Tier[] = [];
      const open = [...foreignOpen];
      if (device && user) {
        const mine = device.user === userKey(user.name);
        if (enable && device.user !== null && !mine) failures.push(definite(err('EntityAlreadyExists', 'E4')));
        if (enable && mine) {
          failures.push(optional(any4xx('E5'), true));
          shouldWhenClean.push({ clause: 'E5', allowed: [err('EntityAlreadyExists', 'E5')] });
        }
        if (enable && !mine && device.user === null && devicesOf(state, user.name).length >= MFA_DEVICES_PER_USER) {
          failures.push(definite(err('LimitExceeded', 'E6')));
        }
        if (!enable && !mine) {
          failures.push(optional(any4xx('R2S'), true));
          shouldWhenClean.push({ clause: 'R2S', allowed: [err('NoSuchEntity', 'R2S')] });
        }
      }
      const c1 = p['AuthenticationCode1'];
      const c2 = p['AuthenticationCode2'];
      let codes: CodeFacts | undefined;
      // Malformed codes are already a V1 failure; judging them as a pair would say nothing more.
      const codesValid = validate(req.action, p).every((x) => x.param !== 'AuthenticationCode1' && x.param !== 'AuthenticationCode2');
      // Codes of a malformed serial say nothing: no device can be named by it.
      if (c1 !== undefined && c2 !== undefined && codesValid && !problems.has('SerialNumber')) {
        const judged = codeFailures(judgeCodes(device, c1, c2, clock), enable ? 'E7' : 'R2');
        failures.push(...judged.failures);
        open.push(...(judged.open ?? []));
        codes = judged.codes;
      }
      return { failures, successClause: enable ? 'E1' : 'R2', shouldWhenClean, open, ...(codes ? { codes } : {}) };
    }
    case 'DeactivateMFADevice': {
      if (callerImplied) return { failures: [...failures, optional(any4xx('R1'))], successClause: 'R1', open: [{ clause: 'R1', question: 'the caller as user' }] };
      if (!user && userChecked) failures.push(definite(err('NoSuchEntity', 'R1')));
      failures.push(...serialFailures('R1'));
      const shouldWhenClean: Tier[] = [];
      if (user && device && device.user !== userKey(user.name)) {
        failures.push(optional(any4xx('R1S'), true));
        shouldWhenClean.push({ clause: 'R1S', allowed: [err('NoSuchEntity', 'R1S')] });
      }
      return { failures, successClause: 'R1', shouldWhenClean, open: foreignOpen };
    }
    case 'ListVirtualMFADevices': {
      const open: Analysis['open'] = [];
      const shouldWhenClean: Tier[] = [];
      if (p['Marker'] !== undefined && failures.length === 0 && !state.markers.has(p['Marker'])) {
        // A marker the endpoint never issued: AWS was recorded answering 400.
        failures.push(optional(any4xx('D5S'), true));
        shouldWhenClean.push({ clause: 'D5S', allowed: [err('ValidationError', 'D5S')] });
      }
      return { failures, successClause: 'D5', shouldWhenClean, open };
    }
    case 'GetMFADevice': {
      // The model documents GetMFADevice for FIDO keys only: nothing about virtual devices is
      // MUST, but a malformed member is still V1.
      const wellFormed = failures.length === 0;
      if (wellFormed) failures.push(optional(any4xx('G1'), true));
      return {
        failures,
        successClause: 'G1',
        shouldWhenClean: [{ clause: 'G1', allowed: [err('ValidationError', 'G1'), err('NoSuchEntity', 'G1')] }],
        open: wellFormed ? [{ clause: 'G1', question: 'GetMFADevice of a virtual device' }] : [],
      };
    }
  }
}

/** The outcomes the contract allows for `req` in `state` while the endpoint's clock is in `clock`. */
export function predict(state: ModelState, req: Request, clock: Clock): PredictionWithFacts {
  const a = analyse(state, req, clock);
  const definites = a.failures.filter((f) => f.definite);
  const allowed: Allowed[] = [...a.failures.map((f) => f.outcome)];
  if (definites.length === 0) allowed.push(success(a.successClause));
  const first = definites[0];
  const likely = a.failures.find((f) => !f.definite && f.likely && f.outcome.status !== '4xx');
  const narrowed = definites.length === 0 ? a.shouldWhenClean?.[0]?.allowed[0] : undefined;
  const preferred = first?.outcome ?? narrowed ?? likely?.outcome ?? success(a.successClause);

  const should: Tier[] = [];
  if (first && definites.length > 1) {
    const c = first.outcome.clause;
    if (c === 'V1' || c === 'V2' || c === 'D3') should.push({ clause: 'V3', allowed: [first.outcome] });
    else if (c === 'E2' || c === 'R2') should.push({ clause: 'E2P', allowed: [first.outcome] });
  }
  if (definites.length === 0) should.push(...(a.shouldWhenClean ?? []));

  return {
    must: { clause: first?.outcome.clause ?? a.successClause, allowed: dedupe(allowed) },
    should,
    open: a.open ?? [],
    preferred,
    ...(a.codes ? { codes: a.codes } : {}),
  };
}

function dedupe(list: Allowed[]): Allowed[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = `${a.status}|${a.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

