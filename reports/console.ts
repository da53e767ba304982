import type { EngineEvent } from '../harness/events.js';
import { clauseById } from '../specs/index.js';
import { join, relative, isAbsolute } from 'node:path';
import { awsCliScript, scriptFileOf, type ScriptTarget } from './aws-cli.js';
import { printable } from './escape.js';
import { redact, redactDeep } from './redact.js';
import { clauseCountsText, differenceText, failing, followsText, notImplementedText, outcomeText, partialText, sameOutcome, sortedMeasurements, verdictOf, type Report, type ReportDivergence } from './report.js';
import type { Reporter } from './reporter.js';

export interface ConsoleOptions {
  readonly write: (line: string) => void;
  /** Where `--debug` exchanges go (stderr in the CLI, as the AWS CLI does); `write` when absent. */
  readonly writeDebug?: (line: string) => void;
  readonly tty: boolean;
  readonly debug: boolean;
  readonly strict: boolean;
  /** Only the first line, the divergence headlines, the summary (and where the reports are, said by the CLI). */
  readonly quiet?: boolean;
}

const outcome = outcomeText;

/** `#3 [MUST] E7 EnableMFADevice: expected 403 InvalidAuthenticationCode, observed 200 OK (fails the run)`. */
export function headline(d: ReportDivergence, strict = false): string {
  const verdict = verdictOf(d, strict);
  const tag = d.consequenceOf ? `${followsText(d.consequenceOf)}: counted there, does not fail the run by itself` : d.baseline === 'known' ? 'known, in baseline' : d.baseline === 'new' ? 'NEW, not in baseline' : verdict === 'reported' ? 'reported, does not fail the run' : 'fails the run';
  return `${d.id} [${d.level}${d.kind === 'not-implemented' ? ', not implemented' : ''}] ${d.clause} ${d.operation}: ${differenceText(d)} (${tag})`;
}

/**
 * Everything a maintainer needs to act on one divergence, as plain lines (redacted by the
 * caller). The AWS CLI reproduction is either named (`scriptFile`, written by the run into
 * its report directory) or given whole (`target`).
 */
export function describeDivergence(d: ReportDivergence, target?: ScriptTarget, strict = false, scriptFile?: string): string[] {
  let title = d.clause as string;
  try {
    title = `${d.clause} ${clauseById(d.clause).title}`;
  } catch {
    // A report from another contract version may name a clause this build does not know.
  }
  const lines = [
    headline(d, strict),
    `   clause:   ${title}`,
    `   source:   ${d.source}`,
    ...expectedObserved(d).map((l) => `   ${l}`),
    `   signature: ${d.signature} (baseline key: ${d.key})`,
    `   minimal case (${d.steps.length} request${d.steps.length === 1 ? '' : 's'}, property ${d.property}): ${d.counterexample.label}`,
  ];
  d.steps.forEach((s, i) => {
    const params = Object.entries(s.params)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ');
    const here = d.step === i + 1;
    lines.push(`   ${here ? '>' : ' '} ${i + 1}. ${s.action} ${params}${s.codes ? ` [${s.codes}]` : ''} -> ${outcome(s)}${here ? '   <- diverges' : ''}`);
  });
  lines.push(`   replay: ${d.replay}`);
  if (target !== undefined && scriptFile !== undefined) {
    lines.push(`   AWS CLI: bash ${scriptFile}   (the script says what it needs in its first lines)`);
  } else if (target !== undefined) {
    lines.push('   AWS CLI (a bash script; save it and run it with bash):');
    for (const l of awsCliScript(d, target)) lines.push(`     ${l}`);
  }
  return lines;
}

/** A path as short as it can be said from the current directory. */
function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}

/** The AWS CLI scripts' view of a report; none for a self-check, whose endpoint lived in the run's process. */
export function scriptTarget(report: Report): ScriptTarget | undefined {
  return report.target.selfCheck ? undefined : { ...report.target, ...(report.run ? { run: report.run } : {}) };
}

/**
 * A status divergence's detail states what was allowed; a content divergence (same status
 * and code as expected) has a detail that states what was wrong with the answer.
 */
export function expectedObserved(d: ReportDivergence): [string, string] {
  const message = d.observedMessage !== undefined ? `, message ${JSON.stringify(d.observedMessage)}` : '';
  if (sameOutcome(d)) return [`expected: ${outcome(d.expected)} with a result as the clause states`, `observed: ${outcome(d.observed)}${message}: ${d.detail}`];
  return [`expected: ${outcome(d.expected)} (${d.detail})`, `observed: ${outcome(d.observed)}${message}`];
}

/** Plain lines in CI and pipes; a one-line progress indicator only on a terminal. */
export function consoleReporter(options: ConsoleOptions): Reporter {
  // Every line leaves through here: debug exchanges, findings and warnings may quote an
  // endpoint, and an endpoint's escape sequences must not drive the maintainer's terminal.
  const out = (line: string) => options.write(printable(redact(line)));
  const debugOut = (line: string) => (options.writeDebug ?? options.write)(printable(redact(line)));
  const quiet = options.quiet ?? false;
  let requests = 0;
  // Progress comes from the engine's events as they happen (cases, measurements), never from
  // the engine printing: the engine does not know a console exists.
  let cases = 0;
  let measured = 0;
  let property = '';
  /** Warnings already printed as they happened: the summary does not say them twice. */
  const warned = new Set<string>();
  let lastProgress = 0;
  const progress = (text: string) => {
    if (!options.tty) return;
    const now = Date.now();
    if (now - lastProgress < 100) return;
    lastProgress = now;
    process.stderr.write(`\r\x1b[2K${text}`);
  };
  const clearProgress = () => options.tty && process.stderr.write('\r\x1b[2K');
  return {
    name: 'console',
    onEvent(e: EngineEvent) {
      switch (e.type) {
        case 'run-started':
          out(`iam-mfa-conformance: ${e.selfCheck ? 'SELF-CHECK against the embedded reference endpoint' : `target ${e.endpoint}`} (seed ${e.seed})`);
          break;
        case 'property-started':
          clearProgress();
          property = e.property;
          if (!options.tty && !quiet) out(`  property ${e.property} [${e.clauses.join(', ')}]`);
          progress(`  ${e.property}`);
          break;
        case 'case-finished':
          cases++;
          progress(`  ${e.property}: ${cases} cases${e.stage === 'search' ? '' : ` (${e.stage === 'shrink' ? 'shrinking' : 'pruning'})`}, ${requests} requests${measured ? `, ${measured} measured` : ''}`);
          break;
        case 'measurement':
          measured++;
          break;
        case 'request':
          requests++;
          progress(`  ${property ? `${property}: ` : ''}${requests} requests, last ${e.action} -> ${e.status}`);
          if (options.debug) {
            clearProgress();
            debugOut(`  > ${e.action} via ${e.via}: ${e.wire ?? ''}`);
            debugOut(`  < ${e.status} ${e.response ?? ''}`);
          }
          break;
        case 'divergence':
          clearProgress();
          if (!quiet) out(`  ! ${e.divergence.finding.level} ${e.divergence.finding.clause} ${e.divergence.finding.action}: ${e.divergence.finding.detail}`);
          break;
        case 'warning':
          clearProgress();
          warned.add(e.message);
          out(`  warning: ${e.message}`);
          break;
        default:
          break;
      }
    },
    async finish(unredacted: Report, dir: string) {
      clearProgress();
      const report = redactDeep(unredacted);
      const w = out;
      const strict = report.strict ?? options.strict;
      const partial = partialText(report);
      const s = report.summary;
      const failingCount = failing(report, strict).length;
      const summary = `${partial ? 'PARTIAL: ' : ''}${s.cases} cases, ${s.requests} requests, ${(report.durationMs / 1000).toFixed(1)} s: ${s.must} MUST, ${s.should} SHOULD divergence(s), ${notImplementedText(report)}${strict ? ' (strict)' : ''}; ${failingCount} failing`;
      w('');
      if (report.target.selfCheck) w('SELF-CHECK: this run tested the embedded reference endpoint, not an external implementation.');
      if (partial) w(partial);
      if (quiet) {
        if (report.divergences.length > 0) w(`Divergences (${report.divergences.length}; details in report.html):`);
        for (const d of report.divergences) w(`  ${headline(d, strict)}`);
        w(`${clauseCountsText(report)}`);
        w(summary);
        return [];
      }
      w(`Clauses (${report.clauses.length}):`);
      w(`  ${'ID'.padEnd(4)} ${'LEVEL'.padEnd(6)} ${'STATUS'.padEnd(15)} ${'CHECKS'.padStart(6)}  TITLE`);
      for (const c of report.clauses) w(`  ${c.id.padEnd(4)} ${c.level.padEnd(6)} ${c.status.padEnd(15)} ${String(c.checks).padStart(6)}  ${c.title}${c.why ? ` (not judged: ${c.why})` : ''}`);
      w(`  ${clauseCountsText(report)}; ${notImplementedText(report)}${report.interrupted ? ' (run cut short)' : ''}`);
      w('');
      if (report.divergences.length === 0) w('No divergences.');
      else w(`Divergences (${report.divergences.length}):`);
      const target = scriptTarget(report);
      for (const d of report.divergences) {
        describeDivergence(d, target, strict, target ? displayPath(join(dir, scriptFileOf(d.id))) : undefined).forEach((l) => w(l));
        w('');
      }
      const b = report.baseline;
      if (b) {
        if (b.updated) {
          w(`Baseline ${b.file} updated: ${b.known} divergence(s) from this run (${b.new} key(s) added), ${b.fixed.length} fixed one(s) dropped, ${b.unseen.length} undecided kept`);
          for (const f of b.fixed) w(`  fixed, dropped from baseline: ${f.key} (${f.level} ${f.clause})`);
        } else {
          w(`Baseline ${b.file}: ${b.known} known, ${b.new} new, ${b.fixed.length} fixed, ${b.unseen.length} undecided`);
          for (const f of b.fixed) w(`  fixed, remove from baseline: ${f.key} (${f.level} ${f.clause})`);
        }
        for (const f of b.migrated ?? []) w(`  now a consequence (${f.follows}), no longer a key of its own: ${f.key}`);
        for (const f of b.unseen) w(`  undecided, ${f.property ? `property ${f.property} did not run all its witnesses` : `clause ${f.clause} not exercised`}: ${f.key}`);
      }
      if (report.setupFailures?.length) {
        w('');
        w('Setup failures (answers outside --include/--exclude; not divergences):');
        for (const f of report.setupFailures) w(`  ${f.property}: ${f.signature} (x${f.count})`);
      }
      if (report.measurements.length > 0) {
        w('');
        w('Measured (OPEN points, never a failure):');
        for (const m of sortedMeasurements(report.measurements)) w(`  ${m.clause} ${m.question}: ${m.subject} -> ${m.value} (x${m.count})`);
      }
      // Warnings printed as they happened are counted, not repeated; a report rendered
      // afterwards (no events) says them all.
      const repeated = unredacted.warnings.filter((x) => warned.has(x)).length;
      for (const [i, warning] of report.warnings.entries()) if (!warned.has(unredacted.warnings[i] ?? '')) w(`warning: ${warning}`);
      if (repeated > 0) w(`${repeated} warning(s) above, also in the report files`);
      w('');
      w(summary);
      return [];
    },
  };
}
