import type { ActionName } from '../../specs/index.js';

/** One request of a case as it went: what was sent (redacted, symbolic codes) and what came back. */
export interface StepRecord {
  readonly action: ActionName;
  readonly params: Readonly<Record<string, string>>;
  readonly codes?: string;
  readonly via: 'sdk' | 'raw';
  readonly status: number;
  readonly code: string | null;
  readonly message?: string;
  readonly expected: string;
  /** Asked again while STS caught up with IAM (S3): how many attempts, and the last one's seconds after the change. */
  readonly settled?: { readonly attempts: number; readonly seconds: number };
  /** A sign-in's code, in steps from the endpoint's step, as it was resolved (`fresh`, `reuse`). */
  readonly tokenOffset?: number;
}
