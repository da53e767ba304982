import { casePrefix } from '../../generators/prefix.js';
import { Authorization } from '../authorization.js';
import { runCase, type CaseRun, type Created } from '../case/run.js';
import type { CaseSpec } from '../case/spec.js';
import { CodeClock } from '../code-clock.js';
import type { CaseStage, EngineEvent } from '../events.js';
import { cleanupCreated } from '../isolation.js';
import { acceptedRange } from '../properties/acceptance.js';
import { sends, type Selection } from '../properties/select.js';
import { Throttled, type Session } from '../session.js';
import { DEFAULT_SETTLE_TIMEOUT_SECONDS, Settler } from '../settle.js';
import type { Tally } from './tally.js';
import type { EngineOptions } from './types.js';

/** How a case is run: judged or only read, for which property and stage, as a witness or not. */
export interface CaseRole {
  readonly judging: boolean;
  readonly property?: string;
  readonly stage?: CaseStage;
  readonly witness?: boolean;
}

/**
 * Runs cases for every stage: a prefix of their own, the run's code clock, authorization
 * and settling, cleanup whatever happens. It also holds whether the run must stop: a fatal
 * error (thrown by `rethrow` where a stage hands back), the first divergence where the run
 * stops there, an abort or the deadline.
 */
export class CaseRunner {
  readonly selection: Selection;
  // Witnesses wait for STS to follow IAM (S3); random cases and shrinking never do.
  readonly settler: Settler;
  readonly codeClock: CodeClock;
  readonly authorization: Authorization;
  private cases = 0;
  private fatal: unknown;
  private stopRequested = false;
  /** Properties whose fresh pair already waited for time to bring it into the window (once a property). */
  private readonly waited = new Set<string>();

  constructor(
    private readonly session: Session,
    private readonly options: EngineOptions,
    readonly tally: Tally,
  ) {
    this.selection = options.selection ?? { include: [], exclude: [] };
    this.settler = new Settler(options.settleTimeout ?? DEFAULT_SETTLE_TIMEOUT_SECONDS);
    // Far enough to find a code clock a few minutes off; the window's edges a little further.
    this.codeClock = new CodeClock((search = { find: 20, extend: 6 }) => acceptedRange(this.measureCase, search));
    this.authorization = new Authorization(this.measureCase);
  }

  /** Tells the run's listeners. */
  emit(e: EngineEvent): void {
    this.options.emit(e);
  }

  /** Cases run so far, of every kind. */
  get count(): number {
    return this.cases;
  }

  get stopped(): boolean {
    return this.stopRequested;
  }

  /** Ends the search at the next check (the first divergence, with `stopAtFirst`). */
  stop(): void {
    this.stopRequested = true;
  }

  halted(): boolean {
    return this.stopRequested || this.fatal !== undefined || this.options.signal?.aborted === true || this.pastDeadline();
  }

  pastDeadline(): boolean {
    return this.options.deadline !== undefined && Date.now() > this.options.deadline;
  }

  /** An error no case can go on after: every stage stops, and the engine throws it. */
  fail(e: unknown): void {
    this.fatal = e;
  }

  rethrow(): void {
    if (this.fatal !== undefined) throw this.fatal;
  }

  /**
   * One case, cleaned up after whatever happens. A case run for a property is announced to
   * the listeners as soon as it is cleaned up (`case-finished`, with its stage).
   */
  async execute(spec: CaseSpec, role: CaseRole): Promise<CaseRun> {
    const { judging, property, stage, witness = false } = role;
    const { session, options, tally, codeClock, settler, selection } = this;
    const prefix = casePrefix(options.runId, ++this.cases);
    const created: Created = { users: new Set(), devices: new Map() };
    let run: CaseRun | undefined;
    try {
      run = await runCase(
        session,
        spec,
        prefix,
        options.initialState,
        created,
        judging
          ? {
              sends: (action) => sends(selection, action),
              offset: codeClock.offset,
              refusal: (at) => codeClock.refusal(at),
              authorized: (action) => this.authorization.allowed(action),
              window: () => codeClock.window(),
              ...(property !== undefined && stage !== 'prune' ? { mayWait: this.mayWait(property) } : {}),
              settleTimeout: settler.timeout,
              ...(witness ? { settler } : {}),
            }
          : { offset: codeClock.offset, settleTimeout: settler.timeout, sends: (action) => sends(selection, action) },
      );
      for (const w of run.warnings) tally.warn(w);
      if (judging) tally.judgedCase(run);
    } finally {
      const failures = await cleanupCreated(session, created, run?.state ?? options.initialState).catch(() => 1);
      if (failures > 0) tally.warn('some created resources could not be cleaned up; `iam-mfa-conformance cleanup` removes leftovers');
    }
    if (property !== undefined && stage !== undefined) this.emit({ type: 'case-finished', property, stage, requests: run.records.length });
    return run;
  }

  /** Measurement cases: their answers are read, never judged, and never ask for a measurement. */
  readonly measureCase = async (spec: CaseSpec): Promise<CaseRun | undefined> => {
    if (this.halted()) return undefined;
    try {
      return await this.execute(spec, { judging: false });
    } catch (e) {
      if (e instanceof Throttled) return undefined;
      this.fail(e);
      return undefined;
    }
  };

  // A fresh pair may wait for time to bring it into the endpoint's window once per property.
  private mayWait(property: string): () => boolean {
    return () => {
      if (this.waited.has(property)) return false;
      this.waited.add(property);
      return true;
    };
  }
}
