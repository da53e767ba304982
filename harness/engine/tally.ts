import type { ClauseId } from '../../specs/index.js';
import type { CaseRun } from '../case/run.js';
import { signatureOf, type Divergence, type Finding, type Listener, type Measurement } from '../events.js';
import type { MeasurementCount, SetupFailure, UnjudgedClause } from './types.js';

/**
 * What the run has learned so far, in one place: every stage adds to it through these
 * methods, and the listeners hear of warnings and measurements the moment they are added.
 * The engine's result is read from it at the end.
 */
export class Tally {
  /** Signatures recorded, or being recorded: the search looks for others. */
  readonly known = new Set<string>();
  readonly divergences: Divergence[] = [];
  readonly measurements = new Map<string, MeasurementCount>();
  readonly exercised = new Map<ClauseId, number>();
  readonly warnings = new Set<string>();
  readonly unjudged = new Map<string, UnjudgedClause>();
  readonly setupFailures = new Map<string, SetupFailure>();
  /** Properties whose every witness example ran: only there can a baseline key be called fixed. */
  readonly witnessed = new Set<string>();
  /** Requests whose answers were judged. */
  judged = 0;

  constructor(private readonly emit: Listener) {}

  /** A warning goes to the listeners the first time it is said, as it happens. */
  warn(message: string): void {
    if (this.warnings.has(message)) return;
    this.warnings.add(message);
    this.emit({ type: 'warning', message });
  }

  /**
   * A measurement, under `key`: counted once more (`add`), or set once (`once`, for what is
   * measured once a run: the probes, the code clock, the settling total).
   */
  measure(m: Measurement, key: string, how: 'add' | 'once', exercises?: ClauseId): void {
    this.measurements.set(key, { ...m, count: how === 'add' ? (this.measurements.get(key)?.count ?? 0) + 1 : 1 });
    if (exercises !== undefined) this.exercise(exercises);
    this.emit({ type: 'measurement', measurement: m });
  }

  exercise(clause: ClauseId): void {
    this.exercised.set(clause, (this.exercised.get(clause) ?? 0) + 1);
  }

  /** What a judged case adds to the run wherever it came from: judged requests, unjudged clauses. */
  judgedCase(run: CaseRun): void {
    this.judged += run.judged;
    for (const u of run.unjudged) for (const clause of u.clauses) this.unjudged.set(`${clause}|${u.action}`, { clause, action: u.action, reason: u.reason });
  }

  /** What a searched case adds (never a shrinking one, which repeats what was counted): its measurements and clauses. */
  searchedCase(run: CaseRun): void {
    for (const m of run.measurements) this.measure(m, `${m.clause}|${m.subject}|${m.value}`, 'add');
    for (const c of run.exercised) this.exercise(c);
  }

  /** An answer outside the selection that the contract would not have allowed: reported, never a divergence. */
  setupFailure(property: string, f: Finding): void {
    const signature = signatureOf(f);
    const key = `${property}|${signature}`;
    const prev = this.setupFailures.get(key);
    this.setupFailures.set(key, { property, signature, clause: f.clause, action: f.action, count: (prev?.count ?? 0) + 1 });
  }
}
