import type { ActionName } from '../../specs/index.js';
import type { CodePair } from '../../generators/code-pair.js';
import type { TokenCode } from '../../generators/token-code.js';
import type { NameSpec } from '../../generators/name.js';
import type { SerialSpec } from '../../generators/serial-number.js';

/**
 * A parameter as a case states it. Names are resolved against the case prefix, serials
 * against what the endpoint answered, bytes go on the wire untouched.
 */
export type ParamValue =
  /** Literal text; a label (`valid:...`/`invalid:...`) is re-checked against the shape before sending. */
  | { readonly text: string; readonly label?: string }
  | { readonly name: NameSpec }
  | { readonly serialOf: NameSpec }
  | { readonly serial: string; readonly account?: 'own' }
  | { readonly serialSpec: SerialSpec }
  /** The AccessKeyId the endpoint issued to this user earlier in the case. */
  | { readonly keyOf: NameSpec }
  | { readonly bytes: readonly number[]; readonly label: string };

export interface Step {
  readonly action: ActionName;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Fills AuthenticationCode1/2 at send time from the device's seed and the endpoint's clock. */
  readonly codes?: { readonly device: NameSpec; readonly pair: CodePair };
  /** Fills TokenCode (a sign-in) at send time from the device's seed and the endpoint's clock. */
  readonly token?: { readonly device: NameSpec; readonly code: TokenCode };
  /**
   * Sign with the access key the endpoint issued to this user earlier in the case (a sign-in
   * is made with the user's own key, digest §8); without one the step is not sent.
   */
  readonly signer?: NameSpec;
  /** Send with the raw client even where the SDK could (for wire-exact cases). */
  readonly raw?: boolean;
}

export interface CaseSpec {
  readonly label: string;
  readonly steps: readonly Step[];
  /**
   * Stateful cases drive the execution themselves (fast-check commands); `steps` then lists
   * every generated command and the report records the ones that ran.
   */
  readonly run?: (execution: StepRunner) => Promise<void>;
}

/** What a stateful case may do: run one step, judged like any other. */
export interface StepRunner {
  step(step: Step): Promise<void>;
}
