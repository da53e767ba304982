import type { ReferenceHooks, ReferenceOptions } from '../harness/reference/server.js';

/**
 * A planted fault beside a conformant variant: the variant's policy decides every open point
 * (window, messages, clock), and the fault's hooks run inside it, reading that policy and
 * clock from their env, so the fault breaks its clause the way it would on that endpoint.
 * Outer hooks (a variant that drops the Date header) still see every answer, the fault's own.
 */
export function composeHooks(fault: ReferenceHooks, outer: ReferenceHooks = {}): ReferenceHooks {
  const out: ReferenceHooks = {};
  if (fault.intercept || outer.intercept) {
    out.intercept = (req, state, env) => {
      const a = fault.intercept?.(req, state, env) ?? outer.intercept?.(req, state, env);
      return a && outer.answer ? outer.answer(req, a, env) : a;
    };
  }
  if (fault.choose || outer.choose) {
    out.choose = (prediction, req, state, chosen, env) => {
      const inner = outer.choose ? outer.choose(prediction, req, state, chosen, env) : chosen;
      return fault.choose ? fault.choose(prediction, req, state, inner, env) : inner;
    };
  }
  if (fault.result || outer.result) {
    out.result = (req, r, state, env) => {
      const inner = fault.result ? fault.result(req, r, state, env) : r;
      return outer.result ? outer.result(req, inner, state, env) : inner;
    };
  }
  if (fault.answer || outer.answer) {
    out.answer = (req, a, env) => {
      const inner = fault.answer ? fault.answer(req, a, env) : a;
      return outer.answer ? outer.answer(req, inner, env) : inner;
    };
  }
  return out;
}

/** The reference options of a variant with a fault planted in it. */
export function withFault(variant: ReferenceOptions, fault: ReferenceHooks): ReferenceOptions {
  return { ...variant, hooks: composeHooks(fault, variant.hooks) };
}
