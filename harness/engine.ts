import fc from 'fast-check';
import type { ClauseId, ModelState } from '../specs/index.js';
import { casePrefix } from '../generators/prefix.js';
import { runCase, type CaseRun, type Created } from './case/run.js';
import type { CaseSpec } from './case/spec.js';
import { keyOf, signatureOf, type CaseStage, type Divergence, type Finding, type Listener, type Measurement } from './events.js';
import { cleanupCreated } from './isolation.js';
import type { Property } from './properties/property.js';
import { Authorization } from './authorization.js';
import { CodeClock } from './code-clock.js';
import { acceptedRange } from './properties/acceptance.js';
import { acceptanceWindowProbe } from './properties/window.js';
import { selects, sends, type Selection } from './properties/select.js';
import { Throttled, type Session } from './session.js';
import { DEFAULT_SETTLE_TIMEOUT_SECONDS, Settler } from './settle.js';

export interface EngineOptions {
  readonly seed: number;
  readonly numRuns: number;
  readonly runId: string;
  readonly properties: readonly Property[];
  readonly emit: Listener;
  readonly initialState: ModelState;
  readonly maxShrinkRuns?: number;
  readonly maxShrinkMs?: number;
  /** Stop the whole run at the first divergence of this level (planted-fault runs). */
  readonly stopAtFirst?: 'MUST' | 'ANY';
  readonly deadline?: number;
  readonly signal?: AbortSignal;
  /** Properties run at once (each on its own cases). */
  readonly concurrency?: number;
  /** What is judged and sent (--include/--exclude); everything by default. */
  readonly selection?: Selection;
  /** Measure the OPEN acceptance window and code clock after the properties. */
  readonly measure?: boolean;
  /** How long a witness waits for STS to follow IAM (S3, --settle-timeout), seconds. */
  readonly settleTimeout?: number;
}

export interface MeasurementCount extends Measurement {
  readonly count: number;
}

export interface SetupFailure {
  readonly property: string;
  readonly signature: string;
  readonly clause: ClauseId;
  readonly action: string;
  readonly count: number;
}

/** A clause some request could not judge, and why (e.g. the caller may not call the action). */
export interface UnjudgedClause {
  readonly clause: ClauseId;
  readonly action: string;
  readonly reason: string;
}

export interface EngineResult {
  readonly divergences: Divergence[];
  readonly unjudged: readonly UnjudgedClause[];
  /** Requests whose answers were judged; none at all means the run could judge nothing. */
  readonly judged: number;
  /** Properties whose every witness example ran (in property order). */
  readonly witnessed: readonly string[];
  /** Answers outside --include/--exclude the contract would not have allowed: the case's setup went wrong. */
  readonly setupFailures: readonly SetupFailure[];
  readonly measurements: MeasurementCount[];
  readonly exercised: ReadonlyMap<ClauseId, number>;
  readonly cases: number;
  readonly warnings: string[];
  readonly stoppedEarly: boolean;
  /** Why the run stopped before spending its budget, if it did. */
  readonly stopReason?: 'interrupted' | 'max-duration' | 'first-divergence';
}

interface Failing {
  readonly spec: CaseSpec;
  readonly run: CaseRun;
  readonly finding: Finding;
  /** An earlier step of the case that diverged at the finding's level or above, if any. */
  readonly cause?: Finding;
}

const RANK: Record<string, number> = { MUST: 2, SHOULD: 1, OPEN: 0 };

/**
 * Whether a finding can have changed what the endpoint holds: its answer was not the one
 * expected. A wrong body (QRCodePNG, a list's content), envelope or message, or a status sent
 * with the right code, leaves the endpoint where the model thinks it is.
 */
const ANSWER_ONLY: ReadonlySet<string> = new Set(['W1', 'W1S', 'W2', 'M1']);
const changesState = (f: Finding): boolean =>
  f.what === undefined && !ANSWER_ONLY.has(f.clause) && (f.expected.status !== f.observed.status || f.expected.code !== f.observed.code);

/** An earlier step that diverged at `f`'s level or above in a way that can have changed the endpoint's state. */
const causes = (f: Finding) => (x: Finding): boolean => (x.step ?? 0) < (f.step ?? 0) && (RANK[x.level] ?? 0) >= (RANK[f.level] ?? 0) && changesState(x);

/**
 * The first occurrence of `signature` in a run, and the earlier divergent step it follows, if
 * one diverged at its level or above (issue: attribution). Undefined where it does not occur.
 */
function occurrence(run: CaseRun, signature: string): { finding: Finding; cause?: Finding } | undefined {
  const finding = run.findings.find((f) => signatureOf(f) === signature);
  if (!finding) return undefined;
  const cause = run.findings.find(causes(finding));
  return cause ? { finding, cause } : { finding };
}

/** Indices of the steps before the finding's that diverged at its level or above. */
function causeSteps(f: Failing): number[] {
  return [...new Set(f.run.findings.filter(causes(f.finding)).map((x) => x.step ?? 0))].sort((a, b) => a - b);
}

/**
 * Runs every property and records one minimal counterexample per divergence signature.
 *
 * fast-check stops a property at its first failure and its shrinker accepts any failure, so
 * the predicate here is sticky: it passes until a case shows a signature not seen before,
 * and from then on (while shrinking) fails only on that same signature. The search then goes
 * on with the signature known, from a derived seed, until the property's budget is spent.
 */
export async function runEngine(session: Session, options: EngineOptions): Promise<EngineResult> {
  const known = new Set<string>();
  const divergences: Divergence[] = [];
  const measurements = new Map<string, MeasurementCount>();
  const exercised = new Map<ClauseId, number>();
  const warnings = new Set<string>();
  /** A warning goes to the listeners the first time it is said, as it happens. */
  const warn = (message: string) => {
    if (warnings.has(message)) return;
    warnings.add(message);
    options.emit({ type: 'warning', message });
  };
  const unjudged = new Map<string, UnjudgedClause>();
  const selection: Selection = options.selection ?? { include: [], exclude: [] };
  const setupFailures = new Map<string, SetupFailure>();
  /** An answer outside the selection that the contract would not have allowed: reported, never a divergence. */
  const setupFailure = (property: string, f: Finding) => {
    const key = `${property}|${signatureOf(f)}`;
    const prev = setupFailures.get(key);
    setupFailures.set(key, { property, signature: signatureOf(f), clause: f.clause, action: f.action, count: (prev?.count ?? 0) + 1 });
  };
  /** Properties whose every witness example ran: only there can a baseline key be called fixed. */
  const witnessed = new Set<string>();
  let judged = 0;
  const maxShrinkRuns = options.maxShrinkRuns ?? 60;
  const maxShrinkMs = options.maxShrinkMs ?? 60_000;
  let caseCounter = 0;
  let fatal: unknown;
  let stop = false;

  const halted = () => stop || fatal !== undefined || options.signal?.aborted === true || (options.deadline !== undefined && Date.now() > options.deadline);

  // A fresh pair may wait for time to bring it into the endpoint's window once per property.
  const waited = new Set<string>();
  const mayWait = (property: string) => () => {
    if (waited.has(property)) return false;
    waited.add(property);
    return true;
  };

  // Witnesses wait for STS to follow IAM (S3); random cases and shrinking never do.
  const settler = new Settler(options.settleTimeout ?? DEFAULT_SETTLE_TIMEOUT_SECONDS);

  /**
   * One case, cleaned up after whatever happens. A case run for a property is announced to
   * the listeners as soon as it is cleaned up (`case-finished`, with its stage).
   */
  async function execute(spec: CaseSpec, how: { judging: boolean; property?: string; stage?: CaseStage; witness?: boolean }): Promise<CaseRun | undefined> {
    const { judging, property, stage, witness = false } = how;
    const prefix = casePrefix(options.runId, ++caseCounter);
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
              authorized: (action) => authorization.allowed(action),
              window: () => codeClock.window(),
              ...(property !== undefined && stage !== 'prune' ? { mayWait: mayWait(property) } : {}),
              settleTimeout: settler.timeout,
              ...(witness ? { settler } : {}),
            }
          : { offset: codeClock.offset, settleTimeout: settler.timeout, sends: (action) => sends(selection, action) },
      );
      for (const w of run.warnings) warn(w);
      if (judging) {
        judged += run.judged;
        for (const u of run.unjudged) for (const clause of u.clauses) unjudged.set(`${clause}|${u.action}`, { clause, action: u.action, reason: u.reason });
      }
    } finally {
      const failures = await cleanupCreated(session, created, run?.state ?? options.initialState).catch(() => 1);
      if (failures > 0) warn('some created resources could not be cleaned up; `iam-mfa-conformance cleanup` removes leftovers');
    }
    if (property !== undefined && stage !== undefined) options.emit({ type: 'case-finished', property, stage, requests: run.records.length });
    return run;
  }

  /** Measurement cases: their answers are read, never judged, and never ask for a measurement. */
  async function measureCase(spec: CaseSpec): Promise<CaseRun | undefined> {
    if (halted()) return undefined;
    try {
      return await execute(spec, { judging: false });
    } catch (e) {
      if (e instanceof Throttled) return undefined;
      fatal = e;
      return undefined;
    }
  }

  // Far enough to find a code clock a few minutes off; the window's edges a little further.
  const codeClock = new CodeClock((search = { find: 20, extend: 6 }) => acceptedRange(measureCase, search));
  const authorization = new Authorization(measureCase);

  function account(run: CaseRun): void {
    for (const m of run.measurements) {
      const key = `${m.clause}|${m.subject}|${m.value}`;
      const prev = measurements.get(key);
      measurements.set(key, { ...m, count: (prev?.count ?? 0) + 1 });
      options.emit({ type: 'measurement', measurement: m });
    }
    for (const c of run.exercised) exercised.set(c, (exercised.get(c) ?? 0) + 1);
  }

  /** One fc.check with a sticky target; returns the failing case if a new signature was found. */
  async function search(property: Property, seed: number, numRuns: number, examples: readonly CaseSpec[], preset?: string) {
    let target = preset;
    let shrinkRuns = 0;
    let shrinkStart = 0;
    let executed = 0;
    let last: Failing | undefined;
    const predicate = async (spec: CaseSpec): Promise<boolean> => {
      if (halted()) return true;
      if (target !== undefined && last !== undefined) {
        if (++shrinkRuns > maxShrinkRuns || Date.now() - shrinkStart > maxShrinkMs) return true;
      }
      let run: CaseRun | undefined;
      try {
        run = await execute(spec, { judging: true, property: property.id, stage: target === undefined || last === undefined ? 'search' : 'shrink', witness: examples.includes(spec) });
      } catch (e) {
        if (e instanceof Throttled) {
          warn(`throttled: ${e.message}`);
          return true;
        }
        fatal = e;
        return true;
      }
      if (!run) return true;
      if (target === undefined) executed++;
      if (run.labelMismatch) {
        warn(`label no longer holds, case skipped: ${run.labelMismatch}`);
        return true;
      }
      if (target === undefined || last === undefined) account(run);
      // Findings outside the selection are not judged: the case's setup went wrong there.
      const selected = run.findings.filter((f) => selects(selection, f.clause, f.action, property.id));
      if (target === undefined || last === undefined) for (const f of run.findings) if (!selected.includes(f)) setupFailure(property.id, f);
      const bySig = new Map(selected.map((f) => [signatureOf(f), f]));
      if (target === undefined) {
        const fresh = [...bySig.keys()].find((s) => !known.has(s));
        if (fresh === undefined) return true;
        target = fresh;
      }
      const occ = occurrence(run, target);
      if (!occ || !bySig.has(target)) return true;
      // Attribution: once a case shows the signature with every earlier step as predicted,
      // cases that need an earlier divergent step for it no longer count as failing.
      if (last && !last.cause && occ.cause) return true;
      if (last === undefined) shrinkStart = Date.now();
      last = { spec, run, ...occ };
      return false;
    };
    const details = await fc.check(fc.asyncProperty(property.arbitrary, predicate), {
      seed,
      numRuns: Math.max(numRuns, examples.length),
      examples: examples.map((e) => [e] as [CaseSpec]),
      endOnFailure: false,
    });
    if (fatal !== undefined) throw fatal;
    return { last, target, executed, details, shrinkRuns };
  }

  /**
   * fast-check shrinks values, but a case's steps are fixed by its property; dropping whole
   * requests (last first) while the same signature still shows brings the counterexample
   * down to the requests that matter.
   */
  async function pruneSteps(property: Property, found: Failing, target: string): Promise<{ best: Failing; runs: number }> {
    // From here on the case is its executed steps: a plain, replayable sequence.
    let best: Failing = { ...found, spec: { label: found.spec.label, steps: found.run.executed } };
    let runs = 0;
    /** Drops step i if the signature still shows, and no earlier step diverges where none did. */
    const tryWithout = async (i: number): Promise<boolean> => {
      const candidate: CaseSpec = { ...best.spec, steps: best.spec.steps.filter((_, j) => j !== i) };
      runs++;
      let run: CaseRun | undefined;
      try {
        run = await execute(candidate, { judging: true, property: property.id, stage: 'prune' });
      } catch (e) {
        if (e instanceof Throttled) return false;
        fatal = e;
        return false;
      }
      const occ = run && !run.labelMismatch ? occurrence(run, target) : undefined;
      if (!run || !occ || (occ.cause && !best.cause)) return false;
      best = { spec: candidate, run, ...occ };
      return true;
    };
    // First the earlier steps that diverged themselves: a case without them, if the signature
    // still shows, charges it to its own clause rather than to their after-effects.
    for (const i of causeSteps(best).reverse()) {
      if (runs >= MAX_PRUNE_RUNS || halted() || !best.cause) break;
      await tryWithout(i);
    }
    for (let i = best.spec.steps.length - 1; i >= 0 && runs < MAX_PRUNE_RUNS && !halted() && fatal === undefined; i--) {
      if (best.spec.steps.length <= 1) break;
      await tryWithout(i);
    }
    return { best, runs };
  }

  async function runProperty(property: Property): Promise<void> {
    options.emit({ type: 'property-started', property: property.id, clauses: property.clauses });
    let budget = Math.max(1, Math.round(options.numRuns * (property.weight ?? 1)));
    let examples = property.examples;
    let restart = 0;
    let cases = 0;
    // Witness examples run whatever the budget: they are what makes a verdict the same on
    // every seed and at every --num-runs; the budget only bounds the random cases after them.
    while ((budget > 0 || examples.length > 0) && !halted()) {
      const seed = (options.seed + hashString(property.id) + restart * 7919) | 0;
      const { last, target, executed, details, shrinkRuns } = await search(property, seed, budget + examples.length, examples);
      cases += executed;
      budget -= Math.max(0, executed - examples.length);
      restart++;
      if (!last || target === undefined) {
        if (!halted()) witnessed.add(property.id);
        break;
      }
      const remainingExamples = examples.slice(Math.max(0, executed));
      const pending = new Set([...new Set(last.run.findings.map(signatureOf))].filter((s) => s !== target && !known.has(s)));
      await record(property, last, target, seed, details.counterexamplePath ?? undefined, shrinkRuns);
      // Other new signatures of the same failing case are shrunk on their own, from the same case.
      const original = last.spec;
      for (const sig of pending) {
        if (halted() || known.has(sig)) continue;
        const again = await search(property, seed, 1, [original], sig);
        if (again.last) await record(property, again.last, sig, seed, undefined, again.shrinkRuns);
        else known.add(sig);
      }
      examples = remainingExamples;
    }
    options.emit({ type: 'property-finished', property: property.id, cases });
  }

  if (options.properties.some((p) => p.examples.some((e) => e.steps.some((st) => st.codes !== undefined || st.token !== undefined)))) {
    await codeClock.prime();
    if (fatal !== undefined) throw fatal;
  }

  // Properties are independent (each case has its own prefix), so --concurrency N runs N of
  // them at once; the report is ordered afterwards so that it does not depend on timing.
  const queue = [...options.properties];
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, async () => {
    for (let next = queue.shift(); next !== undefined && !halted(); next = queue.shift()) await runProperty(next);
  });
  await Promise.all(workers);
  if (fatal !== undefined) throw fatal;
  const order = new Map(options.properties.map((p, i) => [p.id, i]));
  divergences.sort((a, b) => (order.get(a.property) ?? 0) - (order.get(b.property) ?? 0) || (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));

  async function record(property: Property, found: Failing, signature: string, seed: number, path: string | undefined, shrinkRuns: number): Promise<void> {
    if (known.has(signature)) return; // another property found it first (--concurrency)
    known.add(signature);
    const { best: last, runs } = await pruneSteps(property, found, signature);
    if (fatal !== undefined) throw fatal;
    shrinkRuns += runs;
    const divergence: Divergence = {
      signature,
      key: keyOf(last.finding),
      // No case without an earlier divergent step shows it: an after-effect of that one.
      ...(last.cause ? { consequenceOf: { signature: signatureOf(last.cause), clause: last.cause.clause, level: last.cause.level } } : {}),
      finding: last.finding,
      property: property.id,
      counterexample: last.spec,
      steps: last.run.records,
      seed,
      ...(path ? { path } : {}),
      shrinkRuns,
    };
    divergences.push(divergence);
    options.emit({ type: 'divergence', divergence });
    if (options.stopAtFirst === 'ANY' || (options.stopAtFirst === 'MUST' && last.finding.level === 'MUST')) stop = true;
  }

  const probes = options.measure ? [acceptanceWindowProbe(() => codeClock.offset)] : [];
  for (const probe of probes) {
    if (halted()) break;
    const found = await probe.measure(measureCase);
    if (fatal !== undefined) throw fatal;
    for (const m of found) {
      measurements.set(`${m.clause}|${m.subject}|probe`, { ...m, count: 1 });
      options.emit({ type: 'measurement', measurement: m });
      exercised.set(m.clause, (exercised.get(m.clause) ?? 0) + 1);
    }
  }
  for (const m of settler.measurements) {
    const key = `${m.clause}|${m.subject}|${m.value}`;
    measurements.set(key, { ...m, count: (measurements.get(key)?.count ?? 0) + 1 });
    exercised.set('S3', (exercised.get('S3') ?? 0) + 1);
    options.emit({ type: 'measurement', measurement: m });
  }
  if (settler.waits > 0 || exercised.has('S3')) {
    const total = settler.total();
    measurements.set('S3|total', { ...total, count: 1 });
    options.emit({ type: 'measurement', measurement: total });
  }
  if (codeClock.offset !== 0) {
    const m = { clause: 'E8T' as const, question: 'code clock and Date header', subject: 'codes sent for the Date header step plus a correction', value: `${codeClock.offset} step(s), after refusals of current pairs: ${codeClock.readings.map((r) => `${r.lo}..${r.hi}`).join(', ')} accepted` };
    measurements.set(`${m.clause}|${m.subject}|clock`, { ...m, count: 1 });
    options.emit({ type: 'measurement', measurement: m });
    exercised.set('E8T', (exercised.get('E8T') ?? 0) + 1);
  }

  return {
    divergences: foldNotImplemented(divergences, session.implemented),
    // A clause judged elsewhere in the run is not untested for it.
    unjudged: [...unjudged.values()].filter((u) => !exercised.has(u.clause)),
    judged,
    witnessed: options.properties.map((p) => p.id).filter((id) => witnessed.has(id)),
    setupFailures: [...setupFailures.values()],
    measurements: [...measurements.values()],
    exercised,
    cases: caseCounter,
    warnings: [...warnings],
    stoppedEarly: stop || options.signal?.aborted === true || (options.deadline !== undefined && Date.now() > options.deadline),
    ...(options.signal?.aborted ? { stopReason: 'interrupted' as const } : stop ? { stopReason: 'first-divergence' as const } : options.deadline !== undefined && Date.now() > options.deadline ? { stopReason: 'max-duration' as const } : {}),
  };
}

const MAX_PRUNE_RUNS = 20;

/**
 * An action is "not implemented" only if it never answered properly in the whole run; then
 * it is reported once, and its other answers are not a pile of separate divergences.
 * An action that did answer elsewhere but crashed here is an ordinary E9 divergence.
 */
export function foldNotImplemented(divergences: readonly Divergence[], implemented: ReadonlySet<string>): Divergence[] {
  const missing = new Set(divergences.filter((d) => d.finding.notImplemented && !implemented.has(d.finding.action)).map((d) => d.finding.action));
  const out: Divergence[] = [];
  const seen = new Set<string>();
  for (const d of divergences) {
    let item = d;
    if (d.finding.notImplemented && implemented.has(d.finding.action)) {
      const { notImplemented: _dropped, ...finding } = d.finding;
      item = { ...d, finding, signature: signatureOf(finding), key: keyOf(finding) };
    } else if (!d.finding.notImplemented && missing.has(d.finding.action)) {
      // The action is not there: its answers to invalid input say nothing else about it.
      continue;
    }
    if (seen.has(item.signature)) continue;
    seen.add(item.signature);
    out.push(item);
  }
  return out;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

