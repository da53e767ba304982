import type { ClauseId } from '../clauses.js';

/** An answer reduced to what the contract speaks about. `code` is null for success. */
export interface Outcome {
  readonly status: number;
  readonly code: string | null;
}

/** An acceptable answer and the clause that makes it acceptable. '4xx' / '*' are wildcards. */
export interface Allowed {
  readonly status: number | '4xx';
  readonly code: string | null | '*';
  readonly clause: ClauseId;
  /**
   * AWS's recorded message(s) for this answer in this situation (digest §7, M1); absent where
   * none was recorded, and then the message is not checked.
   */
  readonly messages?: readonly string[];
  /** For a wildcard code: codes it does not cover (an existence question is never answered with ValidationError). */
  readonly except?: readonly string[];
}

export interface Tier {
  /** Named when the observed outcome is outside `allowed`. */
  readonly clause: ClauseId;
  readonly allowed: readonly Allowed[];
}

/**
 * A prediction is a set of acceptable outcomes, never a single one: the MUST tier is what the
 * documentation allows; SHOULD tiers narrow it to what AWS was recorded doing; OPEN points
 * widen it and are listed so the harness can measure them.
 */
export interface Prediction {
  readonly must: Tier;
  readonly should: readonly Tier[];
  readonly open: readonly { readonly clause: ClauseId; readonly question: string }[];
  /** Which outcome the model expects first; the reference endpoint answers it by default. */
  readonly preferred: Allowed;
}

export const success = (clause: ClauseId): Allowed => ({ status: 200, code: null, clause });

export function matches(a: Allowed, o: Outcome): boolean {
  const statusOk = a.status === '4xx' ? o.status >= 400 && o.status < 500 : a.status === o.status;
  const codeOk = a.code === '*' ? o.code !== null && !(a.except ?? []).includes(o.code) : a.code === o.code;
  return statusOk && codeOk;
}

export const allows = (tier: Tier, o: Outcome): boolean => tier.allowed.some((a) => matches(a, o));
