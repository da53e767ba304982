/**
 * Compatibility matrix: runs the suite (fixed seed, default --num-runs, acceptance-window
 * probe included) against every installed emulator, started by the tool as a local process,
 * and writes reports/compat/:
 *
 *   README.md          clause x emulator matrix, versions, date, per-emulator summary
 *   <emulator>.md      each divergence with its minimal case, under explicit anchors
 *   <emulator>.html    the run's HTML report
 *   <emulator>.json    the run's report.json, which the replay commands point at
 *
 *   npm run compat                 seed 1, and seeds 2-5 for the stability measurement
 *   npm run compat -- --seed 7     (then 8-11)
 *   npm run compat -- --seeds 1    one run per emulator, no stability measurement
 *
 * Exit 1 when an installed emulator could not be run to a report; emulators that are not
 * installed are left out of the matrix, with a note.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runConformance } from '../api/run-conformance.js';
import { OptionsError } from '../api/errors.js';
import { EXIT } from '../api/exit-codes.js';
import { TOOL } from '../api/version.js';
import { EndpointError } from '../harness/client/errors.js';
import { expectedObserved } from '../reports/console.js';
import { printable } from '../reports/escape.js';
import { redactDeep } from '../reports/redact.js';
import { anchorOf, clauseStatusCounts, followsText, outcomeText, type ClauseStatus, type Report, type ReportDivergence } from '../reports/report.js';
import { CLAUSES, CONTRACT_VERSION } from '../specs/index.js';
import { EMULATOR_NAMES, missingInstall, type EmulatorName } from '../test/emulators/installed.js';

const OUT = fileURLToPath(new URL('../reports/compat/', import.meta.url));
/** Where the committed copies live, as the replay commands name them (run from the repo root). */
const REL = 'reports/compat';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, seeds: { type: 'string', default: '5' } } });
const SEED = Number(values.seed);
const SEEDS = Number(values.seeds);
if (!Number.isInteger(SEED) || !Number.isInteger(SEEDS) || SEEDS < 1) {
  process.stderr.write(`compat: --seed and --seeds must be integers (--seeds at least 1), not ${values.seed} / ${values.seeds}\n`);
  process.exit(EXIT.usage);
}

interface Ran {
  readonly name: EmulatorName;
  readonly report: Report;
  readonly seconds: number;
  /** Baseline keys of each seed's run (the first is `report`'s): the CI-gate stability measurement. */
  readonly keysBySeed: ReadonlyArray<{ readonly seed: number; readonly keys: readonly string[] }>;
}

/** The baseline keys of a run: what a CI gate compares (consequences have none of their own). */
const keysOf = (r: Report): string[] => [...new Set(r.divergences.filter((d) => !d.consequenceOf).map((d) => d.key))].sort();

function stabilityLine(run: Ran): string {
  const all = new Set(run.keysBySeed.flatMap((k) => k.keys));
  const varying = [...all].filter((k) => !run.keysBySeed.every((s) => s.keys.includes(k)));
  const seeds = run.keysBySeed.map((k) => k.seed).join(', ');
  if (run.keysBySeed.length < 2) return 'stability: one seed only (`--seeds 1`)';
  return varying.length === 0
    ? `stability (CI gate): the same ${all.size} baseline key(s) on seeds ${seeds}`
    : `stability (CI gate): ${varying.length} of ${all.size} key(s) differ between seeds ${seeds}: ${varying.map(md).join('; ')}`;
}

/** Markdown text outside code: no line breaks, no markup, no HTML (GitHub renders inline HTML). */
function md(s: string): string {
  return printable(s)
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]#|~])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A fenced block that no line of its content can close. */
function fenced(lines: readonly string[]): string[] {
  const body = lines.map((l) => printable(l));
  const longest = Math.max(2, ...body.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(longest + 1);
  return [fence, ...body, fence];
}

/** Explicit anchors: GitHub's heading slugs change with the heading text. */
const divAnchor = (d: ReportDivergence) => anchorOf(d.id);
const clauseAnchor = (clause: string) => `clause-${clause.toLowerCase()}`;

/** Measurement values are `code ?? "<status> OK"`: a codeless 5xx would read "500 OK". */
const answerText = (v: string) => v.replace(/^([3-5]\d\d) OK$/, '$1 (no error code)');

/** The one a maintainer should read first: MUST before SHOULD, then the shortest case. */
function representative(ds: readonly ReportDivergence[]): ReportDivergence | undefined {
  const rank = (d: ReportDivergence) => (d.kind === 'not-implemented' ? 2 : d.level === 'MUST' ? 0 : 1);
  return [...ds].sort((a, b) => rank(a) - rank(b) || a.steps.length - b.steps.length)[0];
}

async function runOne(name: EmulatorName, dir: string, seed = SEED): Promise<{ report?: Report; seconds: number; error?: string }> {
  const started = Date.now();
  let report: Report;
  try {
    report = await runConformance({ target: name, seed, reportDir: dir });
  } catch (e) {
    return { seconds: (Date.now() - started) / 1000, error: `${e instanceof EndpointError ? `exit ${EXIT.endpoint}` : e instanceof OptionsError ? `exit ${EXIT.usage}` : 'error'}: ${(e as Error).message}` };
  }
  const seconds = (Date.now() - started) / 1000;
  // runConformance redacted it already; once more here because these files get committed.
  return { report: redactDeep(report), seconds };
}

/**
 * The run wrote its files into a temporary directory and the replay commands name it; the
 * committed copies name their place in the repository instead.
 */
const relocate = (text: string, dir: string, name: EmulatorName) => text.replaceAll(`${dir}/report.json`, `${REL}/${name}.json`);

function e8Window(r: Report): string {
  const found = r.measurements.filter((m) => m.clause === 'E8' && /genuine pairs accepted/.test(m.subject));
  if (found.length === 0) return 'not measured';
  return found.map((m) => `${md(m.subject)}: ${md(m.value)}`).join('; ');
}

function e8Reuse(r: Report): string {
  const byAction = new Map<string, Map<string, number>>();
  for (const m of r.measurements.filter((x) => x.clause === 'E8R')) {
    const action = m.subject.split(' ')[0] ?? m.subject;
    const answers = byAction.get(action) ?? new Map<string, number>();
    answers.set(answerText(m.value), (answers.get(answerText(m.value)) ?? 0) + m.count);
    byAction.set(action, answers);
  }
  if (byAction.size === 0) return 'not measured';
  return [...byAction]
    .map(([action, answers]) => `${md(action)} answered ${[...answers].map(([v, n]) => `${md(v)} ×${n}`).join(', ')}`)
    .join('; ');
}

function settling(r: Report): string {
  const found = r.measurements.filter((m) => m.clause === 'S3');
  if (found.length === 0) return 'not measured';
  return found.map((m) => `${md(m.subject)}: ${md(m.value)}${m.count > 1 ? ` ×${m.count}` : ''}`).join('; ');
}

const notImplementedOps = (r: Report) => [...new Set(r.divergences.filter((d) => d.kind === 'not-implemented').map((d) => d.operation))].sort();

function summaryLines(run: Ran, link: boolean): string[] {
  const r = run.report;
  const s = r.summary;
  const c = clauseStatusCounts(r);
  const missing = notImplementedOps(r);
  return [
    `- ${s.must} MUST and ${s.should} SHOULD divergence(s), ${s.notImplemented} action(s) not implemented${missing.length > 0 ? ` (${missing.map(md).join(', ')})` : ''}`,
    `- clauses: ${c.pass} pass, ${c.diverges} diverge, ${c['not-implemented']} not implemented only, ${c.untested} untested`,
    `- acceptance window of out-of-sync pairs (E8, OPEN): ${e8Window(r)}`,
    `- codes at or before the last accepted step (E8R, SHOULD; what AWS refuses): ${e8Reuse(r)}`,
    `- sign-in settling (S3, OPEN): ${settling(r)}`,
    `- ${stabilityLine(run)}`,
    ...r.warnings.map((w) => `- warning: ${md(w)}`),
    `- ${s.cases} cases, ${s.requests} requests, ${(r.durationMs / 1000).toFixed(0)} s${link ? ` · [divergences](${run.name}.md) · [HTML report](${run.name}.html) · [report.json](${run.name}.json)` : ''}`,
  ];
}

function emulatorPage(run: Ran): string {
  const r = run.report;
  const out: string[] = [];
  out.push(`# ${md(r.target.version ?? run.name)}: IAM MFA conformance`, '');
  out.push(`Generated by \`npm run compat\` (scripts/compat.ts) on ${r.startedAt.slice(0, 10)} with ${md(r.tool.name)} ${md(r.tool.version)}, contract ${md(r.contractVersion)}, seed ${r.seed}, ${r.numRuns} cases per property. Back to the [matrix](README.md).`, '');
  out.push('## Summary', '', ...summaryLines(run, false), '');
  out.push(`Each divergence below is the minimal case the suite shrank it to. Replay one against a fresh ${md(run.name)} from the repository root with the command under it (codes are recomputed from the new device's seed; they are never recorded). The [HTML report](${run.name}.html) has the same cases as AWS CLI scripts.`, '');
  out.push('## Divergences', '');
  if (r.divergences.length === 0) out.push('None.', '');
  for (const clause of CLAUSES) {
    // A consequence is listed under the clause it follows (issue: attribution).
    const mine = r.divergences.filter((d) => (d.consequenceOf?.clause ?? d.clause) === clause.id);
    if (mine.length === 0) continue;
    out.push(`<a id="${clauseAnchor(clause.id)}"></a>`, '', `### ${clause.id} ${md(clause.title)} (${clause.level})`, '', `> ${md(clause.text)}`, '');
    for (const d of mine) {
      const [expected, observed] = expectedObserved(d);
      out.push(`<a id="${divAnchor(d)}"></a>`, '');
      out.push(`#### ${d.id} · ${d.kind === 'not-implemented' ? `${md(d.operation)} not implemented` : `${d.level} · ${md(d.operation)}`}${d.consequenceOf ? ` · ${md(d.clause)}, an after-effect: ${md(followsText(d.consequenceOf))}` : ''}`, '');
      out.push(`- ${md(expected)}`, `- ${md(observed)}`);
      out.push(`- minimal case, ${d.steps.length} request(s), property \`${md(d.property)}\`: ${md(d.counterexample.label)}`, '');
      const steps = d.steps.map((s, i) => {
        const params = Object.entries(s.params)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(' ');
        const here = d.step === i + 1;
        return `${here ? '>' : ' '} ${i + 1}. ${s.action} ${params}${s.codes ? ` [${s.codes}]` : ''} -> ${outcomeText(s)}${here ? '   <- diverges' : ''}`;
      });
      out.push(...fenced(steps), '');
      out.push(...fenced([d.replay]), '');
    }
  }
  return out.join('\n');
}

/** The sign-in clauses (digest §8) rest on GetSessionToken: where it is missing they are "not implemented", not "pass". */
const signInClause = (id: string) => /^S\d/.test(id);

function cell(run: Ran, id: string): string {
  const r = run.report;
  const sts = r.divergences.find((d) => d.kind === 'not-implemented' && d.operation === 'GetSessionToken');
  if (signInClause(id) && sts && !r.divergences.some((d) => d.clause === id && d.kind === 'divergence')) return `⛔ [not implemented](${run.name}.md#${divAnchor(sts)}) (GetSessionToken)`;
  const status: ClauseStatus = r.clauses.find((c) => c.id === id)?.status ?? 'untested';
  const mine = r.divergences.filter((d) => d.clause === id && !d.consequenceOf);
  const followers = r.divergences.filter((d) => d.consequenceOf?.clause === id);
  const divs = mine.filter((d) => d.kind === 'divergence');
  const missing = mine.filter((d) => d.kind === 'not-implemented');
  const more = (n: number) => (n > 1 ? ` [+${n - 1}](${run.name}.md#${clauseAnchor(id)})` : '');
  const parts: string[] = [];
  const first = representative(divs);
  if (first) parts.push(`❌ [diverges](${run.name}.md#${divAnchor(first)})${more(divs.length)}${followers.length > 0 ? ` (and ${followers.length} after-effect${followers.length > 1 ? 's' : ''} elsewhere)` : ''}`);
  const m = representative(missing);
  if (m) parts.push(`⛔ [not implemented](${run.name}.md#${divAnchor(m)})${missing.length > 1 ? ` (${missing.length} actions)` : ''}`);
  if (parts.length > 0) return parts.join(' · ');
  // A clause whose only divergences follow another clause's: not failing on its own.
  const after = r.divergences.filter((d) => d.clause === id && d.consequenceOf);
  if (after.length > 0) return `${status === 'pass' ? '✅ pass' : '➖ untested'} (↳ [${after.length} after-effect(s) of ${[...new Set(after.map((d) => d.consequenceOf!.clause))].join(', ')}](${run.name}.md#${divAnchor(after[0]!)}))`;
  return status === 'pass' ? '✅ pass' : '➖ untested';
}

function readme(ran: readonly Ran[], skipped: ReadonlyArray<{ name: EmulatorName; why: string }>, failed: ReadonlyArray<{ name: EmulatorName; why: string }>): string {
  const today = new Date().toISOString().slice(0, 10);
  const out: string[] = [];
  out.push('# IAM MFA API: emulator compatibility', '');
  out.push(`What ${TOOL.name} finds when it runs against AWS IAM emulators, each started by the tool as a local process at the version pinned in \`scripts/install-emulators.sh\`. Generated by \`npm run compat\` (scripts/compat.ts): do not edit by hand.`, '');
  out.push(`Generated ${today} · ${TOOL.name} ${TOOL.version} · contract ${CONTRACT_VERSION} · seed ${SEED} (stability: seeds ${SEED}–${SEED + SEEDS - 1}) · default --num-runs (25 cases per property) · acceptance-window probe on`, '');
  out.push('| Emulator | Version | Run on | Cases | Requests | Details |', '| --- | --- | --- | ---: | ---: | --- |');
  for (const run of ran) {
    const r = run.report;
    out.push(`| ${run.name} | ${md(r.target.version ?? 'unknown')} | ${r.startedAt.slice(0, 10)} | ${r.summary.cases} | ${r.summary.requests} | [divergences](${run.name}.md) · [HTML](${run.name}.html) · [JSON](${run.name}.json) |`);
  }
  for (const s of [...skipped, ...failed]) out.push(`| ${s.name} | — | not run: ${md(s.why)} | | | |`);
  out.push('');
  out.push('## Matrix', '');
  out.push(`| Clause | Level | | ${ran.map((r) => md(r.report.target.version ?? r.name)).join(' | ')} |`);
  out.push(`| --- | --- | --- | ${ran.map(() => '---').join(' | ')} |`);
  for (const c of CLAUSES) out.push(`| ${c.id} | ${c.level} | ${md(c.title)} | ${ran.map((run) => cell(run, c.id)).join(' | ')} |`);
  out.push('');
  out.push('↳ after-effect: a divergence every case of which needed an earlier step that diverged itself; it is counted under the clause it follows, and fails nothing on its own. Stability: each emulator also ran under other seeds; the baseline keys a CI gate compares must be the same on all of them (the summaries say so).', '');
  out.push('✅ pass: every request judged under the clause got an answer the clause allows. ❌ diverges: links to the minimal case (MUST first, then the shortest); +N: the other divergences of that clause. ⛔ not implemented: the action answered a valid request with 501, a non-XML 5xx or InvalidAction; it is reported once, under E9, and not judged further. ➖ untested: no request of this run was judged under the clause. OPEN clauses are measured, never failed: see the summaries.', '');
  out.push('A clause about an action that the emulator does not implement can show ✅: the requests to that action were answered "not implemented" and judged no further, so read such a cell together with the table below. The sign-in clauses (S1-S3) show ⛔ where GetSessionToken is not implemented: that is no failure of the IAM clauses.', '');
  const ops = [...new Set(ran.flatMap((r) => notImplementedOps(r.report)))].sort();
  out.push('## Actions not implemented', '');
  if (ops.length === 0) out.push('Every emulator implements every action of the contract.', '');
  else {
    out.push(`| Action | ${ran.map((r) => r.name).join(' | ')} |`, `| --- | ${ran.map(() => '---').join(' | ')} |`);
    for (const op of ops) {
      out.push(
        `| ${md(op)} | ${ran
          .map((run) => {
            const d = run.report.divergences.find((x) => x.kind === 'not-implemented' && x.operation === op);
            return d ? `⛔ [${md(outcomeText(d.observed))}](${run.name}.md#${divAnchor(d)})` : 'implemented';
          })
          .join(' | ')} |`,
      );
    }
    out.push('');
  }
  out.push('## Summary per emulator', '');
  for (const run of ran) out.push(`### ${md(run.report.target.version ?? run.name)}`, '', ...summaryLines(run, true), '');
  if (skipped.length > 0 || failed.length > 0) {
    out.push('## Not in this matrix', '');
    for (const s of skipped) out.push(`- ${s.name}: ${md(s.why)}`);
    for (const s of failed) out.push(`- ${s.name}: the run did not complete (${md(s.why)})`);
    out.push('');
  }
  out.push(`Clause texts: \`npx ${TOOL.name} clauses\`. Sources: each divergence names its clause; the HTML reports cite the documentation behind it.`, '');
  return out.join('\n');
}

async function mainCompat(): Promise<number> {
  await mkdir(OUT, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'imc-compat-'));
  const ran: Ran[] = [];
  const skipped: Array<{ name: EmulatorName; why: string }> = [];
  const failed: Array<{ name: EmulatorName; why: string }> = [];
  try {
    for (const name of EMULATOR_NAMES) {
      // A page left from an earlier generation would contradict this matrix.
      const stale = async () => Promise.all(['md', 'html', 'json'].map((ext) => rm(join(OUT, `${name}.${ext}`), { force: true })));
      const missing = missingInstall(name);
      if (missing !== undefined) {
        process.stdout.write(`${name}: skipped, ${missing}\n`);
        skipped.push({ name, why: missing });
        await stale();
        continue;
      }
      const dir = join(work, name);
      process.stdout.write(`${name}: running (seed ${SEED})...\n`);
      const { report, seconds, error } = await runOne(name, dir);
      if (!report) {
        process.stdout.write(`${name}: FAILED after ${seconds.toFixed(0)} s, ${error ?? ''}\n`);
        failed.push({ name, why: error ?? 'no report' });
        await stale();
        continue;
      }
      process.stdout.write(`${name}: ${report.target.version ?? '?'}, ${report.summary.divergences} divergence(s) in ${seconds.toFixed(0)} s\n`);
      const keysBySeed = [{ seed: SEED, keys: keysOf(report) }];
      for (let k = 1; k < SEEDS; k++) {
        const more = await runOne(name, join(work, `${name}-${k}`), SEED + k);
        if (more.report) keysBySeed.push({ seed: SEED + k, keys: keysOf(more.report) });
        process.stdout.write(`${name}: seed ${SEED + k}: ${more.report ? `${keysOf(more.report).length} key(s)` : `FAILED ${more.error ?? ''}`}\n`);
      }
      const run: Ran = { name, report: JSON.parse(relocate(JSON.stringify(report), dir, name)) as Report, seconds, keysBySeed };
      ran.push(run);
      await writeFile(join(OUT, `${name}.json`), relocate(await readFile(join(dir, 'report.json'), 'utf8'), dir, name));
      await writeFile(join(OUT, `${name}.html`), relocate(await readFile(join(dir, 'report.html'), 'utf8'), dir, name));
      await writeFile(join(OUT, `${name}.md`), emulatorPage(run));
    }
    await writeFile(join(OUT, 'README.md'), readme(ran, skipped, failed));
    process.stdout.write(`written: ${REL}/README.md (${ran.map((r) => r.name).join(', ') || 'no emulator'})\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await mainCompat();
