/**
 * The shape of the recorded-AWS corpus: exchanges that real AWS answered, reduced to symbols
 * (aliases for users and devices, code offsets in TOTP steps, the recorded outcome) so that no
 * seed, code, account id or date of a recording is kept. The replay test turns the symbols back
 * into concrete requests with seeds of its own.
 */

export type RecordedAction =
  | 'CreateUser'
  | 'GetUser'
  | 'DeleteUser'
  | 'CreateVirtualMFADevice'
  | 'DeleteVirtualMFADevice'
  | 'EnableMFADevice'
  | 'ResyncMFADevice'
  | 'DeactivateMFADevice'
  | 'ListMFADevices'
  | 'ListVirtualMFADevices'
  | 'GetMFADevice'
  | 'GetSessionToken'
  | 'CreateAccessKey'
  | 'DeleteAccessKey';

/**
 * Codes relative to T, the TOTP step at which the request was sent (entry start + atStep).
 * - genuine: the device's own pair (code(T+offset-1), code(T+offset)); for STS TokenCode the
 *   single code(T+offset). Offset 0 is how AWS's own tests (pyotp `at(now, -1)`, `at(now)`)
 *   build a pair.
 * - identical: (code(T+offset), code(T+offset)); reversed: (code(T+offset), code(T+offset-1)).
 * - random: arbitrary digits that are not a pair of the device (the literal digits a test sent).
 * - foreign: genuine codes of another seed (for example a replaced device's old seed).
 */
export type SymbolicCodes =
  | { readonly kind: 'genuine'; readonly offset: number }
  | { readonly kind: 'identical' | 'reversed'; readonly offset: number }
  | { readonly kind: 'random'; readonly code1: string; readonly code2?: string }
  | { readonly kind: 'foreign'; readonly offset: number };

export interface RecordedOutcome {
  readonly status: number;
  /** null for success. */
  readonly code: string | null;
  /**
   * Only where the recording has the text verbatim. `{user}` and `{serial}` stand for the step's
   * user name and serial number (recordings replace them with placeholders too).
   */
  readonly message?: string;
  /**
   * Extension: the list answer was truncated and carried a Marker (asserted by the test code,
   * not always snapshotted), so a later step can send it back with `sendsMarker`.
   */
  readonly truncated?: true;
}

export interface RecordedStep {
  readonly action: RecordedAction;
  /** Alias of a user created earlier in the entry ('u1'), or an alias never created (an unknown user). */
  readonly user?: string;
  /**
   * Alias of a virtual device created earlier ('d1'): its serial. Never created (or deleted):
   * an unknown serial of the same account. For CreateVirtualMFADevice the alias is also the
   * device name.
   */
  readonly device?: string;
  /** Other literal parameters (MaxItems, Marker, Path, AssignmentStatus, DurationSeconds...). */
  readonly params?: Readonly<Record<string, string>>;
  /** AuthenticationCode1/2, or TokenCode for GetSessionToken. */
  readonly codes?: SymbolicCodes;
  /** When the request was sent, in TOTP steps after the entry started; default: the previous step's. */
  readonly atStep?: number;
  /**
   * Extension: send the Marker of the last truncated list answer of this entry (the recordings
   * redact markers; only "the marker the endpoint issued" is meaningful).
   */
  readonly sendsMarker?: true;
  /**
   * Extension: the action the recording really sent, where the step transfers a recording of
   * another action that shares the parameter's shape (MaxItems on ListUsers: maxItemsType).
   */
  readonly recordedAs?: string;
  /**
   * Extension, STS only: seconds between the previous step and this one as recorded, where it
   * matters (the settling time after Enable, Resync or Deactivate, clause S3).
   */
  readonly secondsAfterPrevious?: number;
  readonly outcome: RecordedOutcome;
}

export interface RecordedSource {
  /** owner/name on GitHub, or 'shared' for the project's contract digest. */
  readonly repo: string;
  /**
   * The 40-hex commit that was read. For sources without commits: the revision date the shared
   * digest names, or the release version of an installed package that was read.
   */
  readonly commit: string;
  /** Path in the repository (with '#section' for the digest). */
  readonly path: string;
  /** Test id, or the recording's case names, that the entry comes from. */
  readonly test?: string;
  readonly snapshotKey?: string;
}

export interface RecordedExchange {
  /** Stable: '<source>.<surface>.<what>'. */
  readonly id: string;
  /** What the exchange shows, one line. */
  readonly title: string;
  readonly sources: readonly RecordedSource[];
  /** How the symbolic steps were derived from the test code and the recording. */
  readonly derivation: string;
  readonly steps: readonly RecordedStep[];
}
