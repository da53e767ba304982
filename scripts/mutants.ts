/**
 * `npm run mutants`: the suite against every planted fault and every conformant variant of
 * the reference endpoint. A fault must be caught (MUST: the default run fails; SHOULD: it is
 * reported and a --strict run fails), on the default reference and planted inside each of the
 * strictest conformant variants (ID@VARIANT); a variant must never fail the default run and
 * must raise, under --strict, exactly the SHOULD clauses it moves.
 *
 *   --only ID[,ID]   run only these faults / variants / ID@VARIANT crossings
 *   --skip-cross     leave out the faults inside the strict variants
 *   --list           list the catalogue and exit
 *   --seed N         fast-check seed (default 8, fixed so CI runs are comparable)
 *   --num-runs N     cases per property (default 10)
 *   --jobs N         runs in parallel, each in its own process (default 2)
 *   --out FILE       where the Markdown table goes (default reports/out/mutants-report.md);
 *                    each run's report.json goes next to it, in mutants/ID.json
 */
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { RUN_ID_LENGTH } from '../generators/prefix.js';
import { runConformance } from '../api/run-conformance.js';
import type { ConformanceEvent } from '../api/events.js';
import { FAULTS, type Fault } from '../instruments/faults/index.js';
import type { Answer, ReferenceHooks, ReferenceOptions } from '../harness/reference/server.js';
import { referenceTarget } from '../harness/targets/reference.js';
import type { Target } from '../harness/targets/target.js';
import { CODE_CLOCK_SKEW_STEPS, VARIANTS, type Variant } from '../instruments/variants.js';
import { buildReport, failing, type Report } from '../reports/report.js';
import { withFault } from '../instruments/compose.js';

export const DEFAULT_SEED = 8;
export const DEFAULT_NUM_RUNS = 10;
/** A fault planted inside a strict variant: its witnesses decide, random cases add little. */
export const CROSS_NUM_RUNS = 3;
/**
 * Four runs at a time on two cores: a third of the runs (the STS faults, the narrow windows)
 * spend most of their time waiting for the next 30-second code step, so two of them waiting
 * beside two that compute keeps both cores busy.
 */
export const DEFAULT_JOBS = 4;
/**
 * How long a witness waits for STS to follow IAM (--settle-timeout): past every settling time
 * of the variants (at most 2 s), short of the default 20 s so that a fault that never settles
 * is judged without waiting for AWS's bound.
 */
export const MUTANTS_SETTLE_TIMEOUT = 6;

export interface MutantOptions {
  readonly seed: number;
  readonly numRuns: number;
  /** Where each run's report.json goes (as ID.json), for a look at what caught a fault. */
  readonly reportDir?: string;
}

export type Verdict = 'caught' | 'missed' | 'clean' | 'false alarm' | 'error';

export interface Row {
  readonly id: string;
  readonly kind: 'fault' | 'variant';
  readonly level: 'MUST' | 'SHOULD' | 'variant';
  /** The clause the fault is meant to break. */
  readonly clause?: string;
  readonly verdict: Verdict;
  /** Clause and level of the first divergence that fails the run (strict for SHOULD faults). */
  readonly caughtBy?: string;
  /** Request number at which the fault first changed an answer; absent if no request ever triggered it. */
  readonly firedAt?: number;
  /** Requests and milliseconds until the first divergence was reported (after its shrinking). */
  readonly firstDivergence?: { readonly requests: number; readonly ms: number };
  readonly requests: number;
  readonly ms: number;
  readonly note?: string;
}

/**
 * A fault on the default reference (what recorded AWS does: the per-device counter,
 * MalformedInput), or planted in one of the strictest conformant variants, where it must be
 * caught too: refusals for time or reuse must not hide it.
 */
type Subject = { kind: 'fault'; fault: Fault; variant?: Variant } | { kind: 'variant'; variant: Variant };

/** The variants every fault is also planted in (the default policy already refuses replays and answers MalformedInput). */
export const STRICT_VARIANTS: readonly string[] = ['window.1', 'clock.code-ahead-40', 'clock.code-behind-90'];

const strict = STRICT_VARIANTS.map((id) => {
  const v = VARIANTS.find((x) => x.id === id);
  if (!v) throw new Error(`no variant ${id}`);
  return v;
});

export function subjects(only?: readonly string[], cross = true): Subject[] {
  const all: Subject[] = [
    ...FAULTS.map((fault): Subject => ({ kind: 'fault', fault })),
    ...VARIANTS.map((variant): Subject => ({ kind: 'variant', variant })),
    ...(cross || only ? FAULTS.flatMap((fault) => strict.map((variant): Subject => ({ kind: 'fault', fault, variant }))) : []),
  ];
  if (!only) return all;
  const unknown = only.filter((id) => !all.some((s) => idOf(s) === id));
  if (unknown.length > 0) throw new Error(`unknown fault or variant: ${unknown.join(', ')} (see --list)`);
  return all.filter((s) => only.includes(idOf(s)));
}

const idOf = (s: Subject): string => (s.kind === 'fault' ? (s.variant ? `${s.fault.id}@${s.variant.id}` : s.fault.id) : s.variant.id);

/** Tells when a hook first made the endpoint answer differently from the clean reference. */
function watched(hooks: ReferenceHooks, fired: () => void): ReferenceHooks {
  const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a, blobs) === JSON.stringify(b, blobs);
  const out: ReferenceHooks = {};
  const { intercept, choose, result, answer } = hooks;
  if (intercept)
    out.intercept = (req, state, env) => {
      const a = intercept(req, state, env);
      if (a) fired();
      return a;
    };
  if (choose)
    out.choose = (prediction, req, state, chosen, env) => {
      const c = choose(prediction, req, state, chosen, env);
      if (c.status !== chosen.status || c.code !== chosen.code) fired();
      return c;
    };
  if (result)
    out.result = (req, r, state, env) => {
      const next = result(req, r, state, env);
      if (!same(next, r)) fired();
      return next;
    };
  if (answer)
    out.answer = (req, a: Answer, env) => {
      const next = answer(req, a, env);
      if (!same(next, a)) fired();
      return next;
    };
  return out;
}

function blobs(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
}

/** A run id derived from the subject, so the same seed sends the same names every time. */
function runIdFor(id: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(id).digest('hex').slice(0, 12)}`).toString(36);
  return digits.padStart(RUN_ID_LENGTH, '0').slice(-RUN_ID_LENGTH);
}

/** One run of the suite against the reference with a fault or a variant, assembled as `run` does. */
export async function runSubject(id: string, options: MutantOptions): Promise<Row> {
  const [subject] = subjects([id]);
  if (!subject) throw new Error(`unknown subject ${id}`);
  let requests = 0;
  let firedAt: number | undefined;
  let firstDivergence: Row['firstDivergence'];
  const started = Date.now();
  const referenceOptions: ReferenceOptions =
    subject.kind === 'fault'
      ? withFault(subject.variant?.options() ?? {}, watched(subject.fault.hooks, () => (firedAt ??= requests + 1)))
      : subject.variant.options();
  const listener = (e: ConformanceEvent) => {
    if (e.type === 'request') requests++;
    if (e.type === 'divergence' && !firstDivergence) firstDivergence = { requests, ms: Date.now() - started };
  };
  const base = { id, kind: subject.kind, level: subject.kind === 'fault' ? subject.fault.level : ('variant' as const), ...(subject.kind === 'fault' ? { clause: subject.fault.clause } : {}) };
  // The reference with the fault or variant planted, its report naming the subject as version.
  const reference = referenceTarget(referenceOptions);
  const target: Target = { kind: reference.kind, start: async () => ({ ...(await reference.start()), version: id }) };
  try {
    const stopAtFirst = subject.kind === 'variant' ? undefined : subject.fault.level === 'MUST' ? ('MUST' as const) : ('ANY' as const);
    const report = await runConformance(
      {
        target,
        seed: options.seed,
        numRuns: subject.kind === 'fault' && subject.variant ? Math.min(options.numRuns, CROSS_NUM_RUNS) : options.numRuns,
        listener,
        // Variants are measured too: a variant that moves the code clock must be told apart.
        measure: subject.kind === 'variant',
        settleTimeout: MUTANTS_SETTLE_TIMEOUT,
        // Properties that wait for time (a narrow window) wait side by side.
        ...(subject.kind === 'variant' ? { concurrency: 4 } : {}),
      },
      { runId: runIdFor(id), tool: { name: 'iam-mfa-conformance mutants', version: '0' }, ...(stopAtFirst ? { stopAtFirst } : {}) },
    );
    if (options.reportDir) {
      mkdirSync(options.reportDir, { recursive: true });
      writeFileSync(resolve(options.reportDir, `${id}.json`), JSON.stringify(report, blobs, 2));
    }
    const fails = failing(report, false);
    const strictFails = failing(report, true);
    const tag = (d: { clause: string; level: string; kind: string }) => `${d.clause} (${d.kind === 'not-implemented' ? 'not implemented' : d.level})`;
    const timing = { ...(firedAt !== undefined ? { firedAt } : {}), ...(firstDivergence ? { firstDivergence } : {}), requests, ms: Date.now() - started };
    if (subject.kind === 'variant') return variantRow(subject.variant, report, { ...base, ...timing });
    const level = subject.fault.level;
    // Caught: a divergence of the fault's level that the variant alone does not produce (the
    // SHOULD clauses it moves, which its own row checks it raises and nothing else).
    const own = new Set<string>(subject.variant?.raises ?? []);
    const hit = (level === 'MUST' ? fails : strictFails).find((d) => !own.has(d.clause));
    let note: string | undefined;
    if (!hit) note = firedAt === undefined ? 'no request of the suite triggers it' : 'triggered, but no divergence was judged';
    else if (level === 'SHOULD' && fails.length > 0) note = `also fails the default run (${tag(fails[0] ?? hit)})`;
    else if (hit.clause !== subject.fault.clause) note = `named ${hit.clause}, fault breaks ${subject.fault.clause}`;
    return { ...base, ...timing, verdict: hit ? 'caught' : 'missed', ...(hit ? { caughtBy: tag(hit) } : {}), ...(note ? { note } : {}) };
  } catch (e) {
    return { ...base, requests, ms: Date.now() - started, verdict: 'error', note: (e as Error).message.split('\n')[0] ?? 'error' };
  }
}

/**
 * A variant is clean when the default run passes and a --strict run raises exactly the SHOULD
 * clauses it moves: anything else is a false alarm, and a SHOULD point it moves that goes
 * unreported is a missed one. The code clock variant must also have its offset measured.
 */
function variantRow(variant: Variant, report: Report, base: Omit<Row, 'verdict'>): Row {
  const fails = failing(report, false);
  const raised = [...new Set(failing(report, true).filter((d) => d.level === 'SHOULD').map((d) => d.clause))].sort();
  const extra = raised.filter((c) => !variant.raises.includes(c));
  const missing = variant.raises.filter((c) => !raised.includes(c));
  const clockNote = variant.id === 'clock.code-ahead-40' ? codeClockNote(report) : undefined;
  const alarm = fails.length > 0 || extra.length > 0;
  const verdict: Verdict = alarm ? 'false alarm' : missing.length > 0 || clockNote?.ok === false ? 'missed' : 'clean';
  const notes = [
    ...fails.map((d) => `${d.operation} ${d.clause}: ${d.detail}`),
    ...(extra.length > 0 ? [`--strict raises ${extra.join(', ')}, which it does not move`] : []),
    ...(missing.length > 0 ? [`moves ${missing.join(', ')} but --strict does not report it`] : []),
    ...(raised.length > 0 && extra.length === 0 ? [`--strict raises ${raised.join(', ')} only, as it should`] : []),
    ...(clockNote ? [clockNote.text] : []),
  ];
  return { ...base, verdict, ...(fails[0] ? { caughtBy: `${fails[0].clause} (${fails[0].level})` } : {}), ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
}

/** The measured code clock offset must be within one step of the variant's. */
function codeClockNote(report: Report): { ok: boolean; text: string } {
  const m = report.measurements.find((x) => x.clause === 'E8T' && /offset about -?\d+ step/.test(x.value));
  const steps = m ? Number(/offset about (-?\d+) step/.exec(m.value)?.[1]) : undefined;
  const ok = steps !== undefined && Math.abs(steps - CODE_CLOCK_SKEW_STEPS) <= 1;
  return { ok, text: steps === undefined ? 'code clock offset not measured' : `code clock offset measured ${steps} step(s), set ${CODE_CLOCK_SKEW_STEPS.toFixed(2)}` };
}

/** A rough rank of how long a run takes (the table keeps the catalogue's order whatever this says). */
function expectedCost(id: string): number {
  if (/^sts\./.test(id)) return 3; // waits for the next code step, once or twice
  if (!id.includes('@') && VARIANTS.some((v) => v.id === id)) return 2; // a whole default run, plain and --strict
  if (/^(codes\.reuse|resync|enable\.limit|delete-device|enable\.same-user)/.test(id)) return 1;
  return 0;
}

/**
 * Runs every subject, `jobs` at a time. Parallel runs go to child processes: each run holds
 * both the harness and the endpoint, so one event loop per run keeps their timing honest.
 */
export async function runAll(ids: readonly string[], options: MutantOptions & { jobs: number; onRow?: (row: Row) => void }): Promise<Row[]> {
  const rows = new Map<string, Row>();
  const done = (row: Row) => {
    rows.set(row.id, row);
    options.onRow?.(row);
  };
  if (options.jobs <= 1) {
    for (const id of ids) done(await runSubject(id, options));
  } else {
    // Longest first, so that no slow run starts last and holds up the end: runs that wait
    // for code steps (sign-in faults) and the variants' full default runs.
    const queue = [...ids].sort((a, b) => expectedCost(b) - expectedCost(a));
    const self = fileURLToPath(import.meta.url);
    const worker = () =>
      new Promise<void>((resolveWorker, reject) => {
        const child = fork(self, ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        const next = () => {
          const id = queue.shift();
          if (id === undefined) child.send({ type: 'stop' });
          else child.send({ type: 'run', id, options: { seed: options.seed, numRuns: options.numRuns, ...(options.reportDir ? { reportDir: options.reportDir } : {}) } });
        };
        child.on('message', (m: { type: 'row'; row: Row }) => {
          if (m.type === 'row') done(m.row);
          next();
        });
        child.on('exit', (code) => (code === 0 ? resolveWorker() : reject(new Error(`mutants worker exited with ${code}`))));
        next();
      });
    await Promise.all(Array.from({ length: Math.min(options.jobs, ids.length) }, worker));
  }
  return ids.map((id) => rows.get(id)).filter((r): r is Row => r !== undefined);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Fault × variant: where each fault was caught on the default reference and inside each strict variant. */
export function crossTable(rows: readonly Row[]): string {
  const faults = rows.filter((r) => r.kind === 'fault' && !r.id.includes('@'));
  const cell = (id: string) => {
    const r = rows.find((x) => x.id === id);
    return !r ? '' : r.verdict === 'caught' ? `caught: ${r.caughtBy ?? ''}` : `**${r.verdict.toUpperCase()}**`;
  };
  const head = `| fault | default (counter, MalformedInput) | ${STRICT_VARIANTS.join(' | ')} |\n|---|---|${STRICT_VARIANTS.map(() => '---').join('|')}|`;
  return [head, ...faults.map((f) => `| ${f.id} | ${cell(f.id)} | ${STRICT_VARIANTS.map((v) => cell(`${f.id}@${v}`)).join(' | ')} |`)].join('\n');
}

export function table(rows: readonly Row[]): string {
  const head = '| id | level | breaks | verdict | caught by | fired at req | first divergence | whole run | note |\n|---|---|---|---|---|---|---|---|---|';
  const lines = rows.filter((r) => !r.id.includes('@')).map((r) =>
    [
      r.id,
      r.level,
      r.clause ?? '',
      r.verdict === 'caught' || r.verdict === 'clean' ? r.verdict : `**${r.verdict.toUpperCase()}**`,
      r.caughtBy ?? '',
      r.firedAt !== undefined ? `#${r.firedAt}` : r.kind === 'fault' ? 'never' : '',
      r.firstDivergence ? `${r.firstDivergence.requests} req, ${seconds(r.firstDivergence.ms)}` : '',
      `${r.requests} req, ${seconds(r.ms)}`,
      (r.note ?? '').replace(/\|/g, '\\|').slice(0, 200),
    ].join(' | '),
  );
  return [head, ...lines.map((l) => `| ${l} |`)].join('\n');
}

export const LEGEND = [
  'verdict: a MUST fault is caught when the default run fails; a SHOULD fault when it is reported and a --strict run fails; a variant is clean when the default run passes.',
  'fired at req: the first request whose answer the fault changed, counting calibration and cleanup requests, which are never judged ("never": no request of the suite triggers the fault).',
  'first divergence: requests and time until the engine reported its first divergence, shrinking included; runs of faults stop there.',
].join('\n');

export function summary(rows: readonly Row[], wallMs: number): { text: string; ok: boolean } {
  const faults = rows.filter((r) => r.kind === 'fault' && !r.id.includes('@'));
  const crossed = rows.filter((r) => r.id.includes('@'));
  const variants = rows.filter((r) => r.kind === 'variant');
  const caught = faults.filter((r) => r.verdict === 'caught').length;
  const crossMissed = crossed.filter((r) => r.verdict !== 'caught').map((r) => r.id);
  const alarms = variants.filter((r) => r.verdict === 'false alarm').length;
  const unnoticed = variants.filter((r) => r.verdict === 'missed').map((r) => r.id);
  const errors = rows.filter((r) => r.verdict === 'error').length;
  const missed = faults.filter((r) => r.verdict === 'missed').map((r) => r.id);
  const text = [
    `faults caught: ${caught}/${faults.length}${missed.length ? ` (missed: ${missed.join(', ')})` : ''}`,
    ...(crossed.length ? [`faults caught inside the strict variants: ${crossed.length - crossMissed.length}/${crossed.length}${crossMissed.length ? ` (missed: ${crossMissed.join(', ')})` : ''}`] : []),
    `false alarms: ${alarms}/${variants.length} variants`,
    ...(unnoticed.length ? [`variants whose SHOULD point or clock went unreported: ${unnoticed.join(', ')}`] : []),
    ...(errors ? [`errors: ${errors}`] : []),
    `wall time: ${seconds(wallMs)}`,
  ].join('\n');
  return { text, ok: caught === faults.length && crossMissed.length === 0 && alarms === 0 && unnoticed.length === 0 && errors === 0 };
}

function listing(): string {
  const f = FAULTS.map((x) => `${x.id.padEnd(30)} ${x.level.padEnd(6)} ${x.clause.padEnd(4)} ${x.title}`);
  const v = VARIANTS.map((x) => `${x.id.padEnd(30)} variant     ${x.title}`);
  return [`${FAULTS.length} faults`, ...f, '', `${VARIANTS.length} conformant variants`, ...v].join('\n');
}

async function worker(): Promise<void> {
  await new Promise<void>((done) => {
    process.on('message', (m: { type: 'run'; id: string; options: MutantOptions } | { type: 'stop' }) => {
      if (m.type === 'stop') {
        process.disconnect?.();
        done();
        return;
      }
      void runSubject(m.id, m.options).then((row) => process.send?.({ type: 'row', row }));
    });
  });
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--worker')) {
    await worker();
    return 0;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      list: { type: 'boolean' },
      seed: { type: 'string' },
      'num-runs': { type: 'string' },
      jobs: { type: 'string' },
      out: { type: 'string' },
      'skip-cross': { type: 'boolean' },
    },
  });
  if (values.list) {
    process.stdout.write(`${listing()}\n`);
    return 0;
  }
  const int = (v: string | undefined, name: string, fallback: number) => {
    if (v === undefined) return fallback;
    if (!/^-?\d+$/.test(v)) throw new Error(`--${name} must be an integer`);
    return Number(v);
  };
  const options = { seed: int(values.seed, 'seed', DEFAULT_SEED), numRuns: int(values['num-runs'], 'num-runs', DEFAULT_NUM_RUNS), jobs: Math.max(1, int(values.jobs, 'jobs', DEFAULT_JOBS)) };
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const ids = subjects(only, !values['skip-cross']).map(idOf);
  const out = resolve(values.out ?? 'reports/out/mutants-report.md');
  const reportDir = resolve(dirname(out), 'mutants');
  process.stderr.write(`mutants: ${ids.length} runs, seed ${options.seed}, --num-runs ${options.numRuns}, ${options.jobs} job(s)\n`);
  const started = Date.now();
  const rows = await runAll(ids, { ...options, reportDir, onRow: (r) => process.stderr.write(`  ${r.id}: ${r.verdict}${r.caughtBy ? ` by ${r.caughtBy}` : ''} (${seconds(r.ms)})\n`) });
  const { text, ok } = summary(rows, Date.now() - started);
  const cross = rows.some((r) => r.id.includes('@')) ? `\n\n## Faults inside the strictest conformant variants\n\n${crossTable(rows)}` : '';
  const doc = `# Planted faults and conformant variants\n\nseed ${options.seed}, --num-runs ${options.numRuns}, ${options.jobs} job(s), ${new Date().toISOString()}\n\n${table(rows)}${cross}\n\n${LEGEND.replace(/\n/g, '  \n')}\n\n${text.replace(/\n/g, '  \n')}\n`;
  process.stdout.write(`${table(rows)}${cross}\n\n${text}\n`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, doc);
  process.stdout.write(`table: ${out}\n`);
  return ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mutants: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
