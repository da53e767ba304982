import { keyOf, signatureOf, type Divergence } from './events.js';
import type { Property } from './properties/property.js';
import type { Session } from './session.js';
import { CaseRunner } from './engine/cases.js';
import { measureAfter } from './engine/measure.js';
import { prune } from './engine/prune.js';
import { record } from './engine/record.js';
import { search, type Found } from './engine/search.js';
import { Tally } from './engine/tally.js';
import type { EngineOptions, EngineResult } from './engine/types.js';

export type { EngineOptions, EngineResult, MeasurementCount, SetupFailure, UnjudgedClause } from './engine/types.js';

/**
 * Runs every property and records one minimal counterexample per divergence signature.
 *
 * The stages, each a module of harness/engine/ with the state it needs passed in:
 * search and shrink (`search`: one fc.check with a sticky predicate), prune (`prune`: whole
 * requests dropped while the signature shows), record (`record`: the divergence, announced).
 * What the run learns is in one `Tally`; cases run through one `CaseRunner`, which also says
 * when the run must stop. After the properties, `measureAfter` adds what is only measured.
 */
export async function runEngine(session: Session, options: EngineOptions): Promise<EngineResult> {
  const tally = new Tally(options.emit);
  const runner = new CaseRunner(session, options, tally);

  if (options.properties.some((p) => p.examples.some((e) => e.steps.some((st) => st.codes !== undefined || st.token !== undefined)))) {
    await runner.codeClock.prime();
    runner.rethrow();
  }

  // Properties are independent (each case has its own prefix), so --concurrency N runs N of
  // them at once; the report is ordered afterwards so that it does not depend on timing.
  const queue = [...options.properties];
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, async () => {
    for (let next = queue.shift(); next !== undefined && !runner.halted(); next = queue.shift()) await runProperty(runner, next, options);
  });
  await Promise.all(workers);
  runner.rethrow();
  const order = new Map(options.properties.map((p, i) => [p.id, i]));
  tally.divergences.sort((a, b) => (order.get(a.property) ?? 0) - (order.get(b.property) ?? 0) || (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));

  await measureAfter(runner, options.measure ?? false);

  const interrupted = options.signal?.aborted === true;
  const pastDeadline = runner.pastDeadline();
  return {
    divergences: foldNotImplemented(tally.divergences, session.implemented),
    // A clause judged elsewhere in the run is not untested for it.
    unjudged: [...tally.unjudged.values()].filter((u) => !tally.exercised.has(u.clause)),
    judged: tally.judged,
    witnessed: options.properties.map((p) => p.id).filter((id) => tally.witnessed.has(id)),
    setupFailures: [...tally.setupFailures.values()],
    measurements: [...tally.measurements.values()],
    exercised: tally.exercised,
    cases: runner.count,
    warnings: [...tally.warnings],
    stoppedEarly: runner.stopped || interrupted || pastDeadline,
    ...(interrupted ? { stopReason: 'interrupted' as const } : runner.stopped ? { stopReason: 'first-divergence' as const } : pastDeadline ? { stopReason: 'max-duration' as const } : {}),
  };
}

/**
 * One property: search from a seed; a case with a new signature is shrunk, pruned and
 * recorded, and so is every other new signature of that same case (searched again from it
 * alone); then the search goes on from a derived seed, with what was found known, until the
 * budget is spent. Witness examples run whatever the budget: they are what makes a verdict
 * the same on every seed and at every --num-runs; the budget only bounds the random cases.
 */
async function runProperty(runner: CaseRunner, property: Property, options: EngineOptions): Promise<void> {
  const { tally } = runner;
  runner.emit({ type: 'property-started', property: property.id, clauses: property.clauses });
  const limits = { maxShrinkRuns: options.maxShrinkRuns ?? 60, maxShrinkMs: options.maxShrinkMs ?? 60_000 };
  let budget = Math.max(1, Math.round(options.numRuns * (property.weight ?? 1)));
  let examples = property.examples;
  let restart = 0;
  let cases = 0;
  while ((budget > 0 || examples.length > 0) && !runner.halted()) {
    const seed = (options.seed + hashString(property.id) + restart * 7919) | 0;
    const { executed, found } = await search(runner, property, { seed, numRuns: budget + examples.length, examples, ...limits });
    cases += executed;
    budget -= Math.max(0, executed - examples.length);
    restart++;
    if (!found) {
      if (!runner.halted()) tally.witnessed.add(property.id);
      break;
    }
    const remainingExamples = examples.slice(Math.max(0, executed));
    const pending = new Set([...new Set(found.failing.run.findings.map(signatureOf))].filter((s) => s !== found.signature && !tally.known.has(s)));
    await pruneAndRecord(runner, property, found, seed, options);
    // Other new signatures of the same failing case are shrunk on their own, from the same case.
    const original = found.failing.spec;
    for (const sig of pending) {
      if (runner.halted() || tally.known.has(sig)) continue;
      const again = await search(runner, property, { seed, numRuns: 1, examples: [original], preset: sig, ...limits });
      if (again.found) {
        const { path: _replayedFromOneCase, ...withoutPath } = again.found;
        await pruneAndRecord(runner, property, withoutPath, seed, options);
      } else tally.known.add(sig);
    }
    examples = remainingExamples;
  }
  runner.emit({ type: 'property-finished', property: property.id, cases });
}

/** Stages 3 and 4 for a signature no property has recorded yet (another may have, with --concurrency). */
async function pruneAndRecord(runner: CaseRunner, property: Property, found: Found, seed: number, options: EngineOptions): Promise<void> {
  if (runner.tally.known.has(found.signature)) return;
  runner.tally.known.add(found.signature);
  const pruned = await prune(runner, property, found.failing, found.signature);
  runner.rethrow();
  record(runner, property, found, pruned, seed, options.stopAtFirst);
}

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

