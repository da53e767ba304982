import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  codeAt,
  predict,
  stepAt,
  validate,
  withUser,
  userKey,
  type Allowed,
  type ClauseId,
  type ModelState,
  type ParamProblem,
  type PredictionWithFacts,
  type Request,
} from '../../specs/index.js';
import { renderError, renderSuccess } from '../../harness/protocol/render.js';
import type { Answer, HookEnv, ReferenceHooks } from '../../harness/reference/server.js';
import type { DemoStep } from './demo.js';

/**
 * A planted fault: the reference endpoint made to break one clause the way a real emulator
 * (or a plausible implementation mistake) would. The suite proves its power by catching it.
 */
export interface Fault {
  /** Stable id, `family.name`: `--only` selects by it and tables sort by it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly level: 'MUST' | 'SHOULD';
  /** The clause the fault breaks: the one a report is expected to name. */
  readonly clause: ClauseId;
  /** Where this behaviour was seen or what mistake it models, for the reader of the table. */
  readonly modelledOn?: string;
  readonly hooks: ReferenceHooks;
  /**
   * Requests after which the faulty endpoint answers differently from the clean one: the unit
   * test replays them against both, so a fault that stopped changing anything is noticed.
   */
  readonly demo: readonly DemoStep[];
}

/**
 * Faults judge codes on the code clock of the endpoint they are planted in, and pick among
 * outcomes with its policy: beside any conformant variant they break only their own clause.
 */
export const currentStep = (env: HookEnv): number => stepAt(env.clock.lo);

export const ok = (clause: ClauseId): Allowed => ({ status: 200, code: null, clause });

export const codesOf = (req: Request): { c1: string; c2: string } | undefined => {
  const c1 = req.params['AuthenticationCode1'];
  const c2 = req.params['AuthenticationCode2'];
  return c1 === undefined || c2 === undefined ? undefined : { c1, c2 };
};

export const seedOf = (state: ModelState, req: Request): string | undefined => state.devices.get(req.params['SerialNumber'] ?? '')?.seed ?? undefined;

/** Steps within [from, to] of the current step at which `code` is the seed's code. */
export function stepsOfCode(seed: string, code: string, from: number, to: number, env: HookEnv): number[] {
  const t = currentStep(env);
  const out: number[] = [];
  for (let s = t + from; s <= t + to; s++) if (codeAt(seed, s) === code) out.push(s);
  return out;
}

/** Whether (c1, c2) is a consecutive pair of `seed` whose second code is within `window` steps of now. */
export function isPairNear(seed: string, c1: string, c2: string, env: HookEnv, window = 1): boolean {
  const t = currentStep(env);
  for (let s = t - window; s <= t + window; s++) if (codeAt(seed, s - 1) === c1 && codeAt(seed, s) === c2) return true;
  return false;
}

/**
 * A choose hook that accepts an EnableMFADevice whose codes the clean endpoint refused as not
 * consecutive (E7), whenever `accept` says the faulty check would have let them through.
 */
export function acceptCodesWhen(accept: (codes: { c1: string; c2: string }, seed: string | undefined, state: ModelState, env: HookEnv) => boolean, actions: readonly string[] = ['EnableMFADevice']): ReferenceHooks {
  return {
    choose(_prediction, req, state, chosen, env) {
      if (!actions.includes(req.action) || chosen.code !== 'InvalidAuthenticationCode') return chosen;
      const codes = codesOf(req);
      if (!codes) return chosen;
      return accept(codes, seedOf(state, req), state, env) ? ok(req.action === 'ResyncMFADevice' ? 'R2' : 'E1') : chosen;
    },
  };
}

/** A choose hook that turns the clean endpoint's error for `clause` into a success. */
export function succeedInstead(clause: ClauseId, action?: string, code?: string): ReferenceHooks {
  return {
    choose(_prediction, req, _state, chosen) {
      if (chosen.clause !== clause || chosen.status === 200) return chosen;
      if (action !== undefined && req.action !== action) return chosen;
      if (code !== undefined && chosen.code !== code) return chosen;
      return ok(chosen.clause);
    },
  };
}

/** Headers as the endpoint sends them: its Date header is its policy's clock, as every answer's. */
const headers = (env: HookEnv): Record<string, string> => ({ 'content-type': 'text/xml', date: new Date(env.policy.now() * 1000).toUTCString(), 'x-amzn-requestid': randomUUID() });

export function errorAnswer(env: HookEnv, code: string, message: string, status: number, type = 'Sender'): Answer {
  const h = headers(env);
  return { status, headers: h, body: renderError(code, message, type, h['x-amzn-requestid'] ?? '') };
}

export function successAnswer(env: HookEnv, req: Request): Answer {
  const h = headers(env);
  return { status: 200, headers: h, body: renderSuccess(req.action, undefined, h['x-amzn-requestid'] ?? '') };
}

/** An answer that is not awsQuery at all, as a crashed framework sends it. */
export function crashAnswer(env: HookEnv, status: number, text: string): Answer {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', date: new Date(env.policy.now() * 1000).toUTCString() }, body: `<!doctype html><title>${status}</title><h1>Internal Server Error</h1><p>${text}</p>` };
}

/** What the clean endpoint would choose for `req` in `state`, for faults that answer themselves. */
export function cleanChoice(state: ModelState, req: Request, env: HookEnv): { prediction: PredictionWithFacts; chosen: Allowed } {
  const prediction = predict(state, req, env.clock);
  return { prediction, chosen: env.policy.choose(prediction) };
}

const token = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 16);

/**
 * A choose hook for an endpoint that skips some validation: where every problem of the
 * request is one it skips, the request goes on as if the value were an ordinary one (a user
 * or serial that is looked up, codes that are compared), and the clean endpoint's logic
 * decides the rest. Stand-ins keep the lookups honest: an unchecked name finds nothing unless
 * the same lax endpoint created it.
 */
export function skipValidation(skips: (p: ParamProblem, req: Request) => boolean, codeStandIn: (code: string) => string = (c) => c): ReferenceHooks {
  return {
    choose(_prediction, req, state, chosen, env) {
      if (chosen.status === 200) return chosen;
      const problems = validate(req.action, req.params);
      // A missing member is never "an ordinary value": only invalid ones can be skipped.
      if (problems.length === 0 || !problems.every((p) => p.kind === 'invalid' && p.violations.length > 0 && skips(p, req))) return chosen;
      let view = state;
      const params: Record<string, string | undefined> = { ...req.params };
      for (const p of problems) {
        const value = req.params[p.param] ?? '';
        if (p.param === 'UserName') {
          const stand = `lax${token(value)}`;
          const existing = state.users.get(userKey(value));
          if (existing) view = withUser(view, { ...existing, name: stand });
          params['UserName'] = stand;
        } else if (p.param === 'SerialNumber') {
          params['SerialNumber'] = `arn:${state.partition}:iam::${state.account ?? '000000000000'}:mfa/lax${token(value)}`;
        } else if (p.param === 'AuthenticationCode1' || p.param === 'AuthenticationCode2') {
          params[p.param] = codeStandIn(value);
        }
      }
      if (validate(req.action, params).length > 0) return chosen;
      return env.policy.choose(predict(view, { action: req.action, params }, env.clock));
    },
  };
}

/** Problems that are only the given length violation of one parameter. */
export const onlyLength = (param: string, actual: number) => (p: ParamProblem): boolean =>
  p.param === param && p.violations.length > 0 && p.violations.every((v) => v.kind === 'length' && v.actual === actual);

export const onlyPattern = (param: string | readonly string[]) => (p: ParamProblem): boolean =>
  (typeof param === 'string' ? p.param === param : param.includes(p.param)) && p.violations.length > 0 && p.violations.every((v) => v.kind === 'pattern');

/** RFC 4226 HOTP with an arbitrary key, for faults that use the wrong key bytes. */
export function hotp(key: Uint8Array, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const bin = (((mac[offset] ?? 0) & 0x7f) << 24) | ((mac[offset + 1] ?? 0) << 16) | ((mac[offset + 2] ?? 0) << 8) | (mac[offset + 3] ?? 0);
  return String(bin % 1_000_000).padStart(6, '0');
}

/** Rewrites the body of error answers carrying `code`. */
export function rewriteError(code: string | undefined, rewrite: (answer: Answer) => Answer): ReferenceHooks {
  return {
    answer(_req, answer) {
      if (!answer.body.startsWith('<ErrorResponse')) return answer;
      if (code !== undefined && !answer.body.includes(`<Code>${code}</Code>`)) return answer;
      return rewrite(answer);
    },
  };
}
