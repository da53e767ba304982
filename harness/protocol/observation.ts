import type { Outcome, Result } from '../../specs/index.js';

/** One HTTP exchange as the harness saw it, before any judgement. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** An answer reduced to what verdicts need. `envelope: 'none'` means not awsQuery XML. */
export interface Observation extends Outcome {
  readonly envelope: 'result' | 'error' | 'none';
  readonly message?: string;
  readonly type?: string;
  readonly requestId?: string;
  readonly result?: Result;
  readonly date?: string;
  /** A short excerpt of a body that was not the envelope, for the report. */
  readonly excerpt?: string;
}
