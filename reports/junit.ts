import { describeDivergence, scriptTarget } from './console.js';
import type { ScriptTarget } from './aws-cli.js';
import { escAttr, escText } from './escape.js';
import { redactDeep } from './redact.js';
import { differenceText, followsText, notImplementedText, partialText, sortedMeasurements, verdictOf, type Report, type ReportDivergence } from './report.js';
import { fileReporter, type Reporter } from './reporter.js';

/**
 * junit.xml: one testcase per clause, so a CI system shows the contract as a test list.
 *
 * How each clause maps:
 * - a divergence that fails the run (MUST, not implemented, SHOULD with --strict) is a
 *   `<failure>` whose text is the counterexample (steps, replay command, AWS CLI commands);
 * - a SHOULD divergence without --strict, and a divergence known to the baseline, is
 *   `<skipped>` with the same text in `<system-out>`: CI systems show skipped tests apart
 *   from passes, so the divergence stays visible without failing the build;
 * - an OPEN clause never fails: it passes, its measurements in `<system-out>`;
 * - a clause no request exercised is `<skipped message="not exercised by this run">`.
 * The exit code of the run and the failures in this file always agree.
 */
export function junitXml(unredacted: Report): string {
  const report = redactDeep(unredacted);
  const strict = report.strict ?? false;
  const target = scriptTarget(report);
  const partial = partialText(report);
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const c of report.clauses) {
    // A consequence is listed under the clause it follows, never as a failure of its own clause.
    const mine = report.divergences.filter((d) => d.clause === c.id && !d.consequenceOf);
    const followers = report.divergences.filter((d) => d.consequenceOf?.clause === c.id);
    const failingOnes = mine.filter((d) => c.level !== 'OPEN' && verdictOf(d, strict) === 'fails');
    const others = mine.filter((d) => !failingOnes.includes(d));
    const name = `${c.id} ${c.title}`;
    const classname = `iam-mfa-conformance.${c.level}`;
    const body: string[] = [];
    const out: string[] = [`${c.level} ${c.id}: ${c.status}, ${c.checks} check(s); source: ${c.sources.join('; ')}`];
    if (failingOnes.length > 0) {
      failures++;
      const first = failingOnes[0] as ReportDivergence;
      const message = `${failingOnes.length} divergence(s); ${first.id}: ${first.operation} ${differenceText(first)}`;
      const text = failingOnes.flatMap((d) => [...details(d, target, strict), '']).join('\n');
      body.push(`      <failure message="${attr(message)}" type="${attr(first.kind === 'not-implemented' ? 'NotImplemented' : `${first.level}Divergence`)}">${text_(text)}</failure>`);
    } else if (others.length > 0) {
      skipped++;
      const why = others.every((d) => d.baseline === 'known') ? 'known divergence, accepted by the baseline' : `${c.level} divergence, fails only with --strict`;
      body.push(`      <skipped message="${attr(`${others.length} ${why}`)}"/>`);
    } else if (c.status === 'not-selected') {
      skipped++;
      body.push(`      <skipped message="not selected (--include/--exclude)"/>`);
    } else if (c.status === 'untested') {
      skipped++;
      body.push(`      <skipped message="${attr(c.why ? `not judged: ${c.why}` : partial ? 'not exercised by this partial run' : 'not exercised by this run')}"/>`);
    }
    for (const d of others) out.push('', ...details(d, target, strict));
    for (const d of followers) out.push('', `${d.id} ${d.clause} ${d.operation} ${followsText(d.consequenceOf!)}: an after-effect, counted here`, ...details(d, target, strict));
    if (c.level === 'OPEN') {
      const ms = sortedMeasurements(report.measurements.filter((m) => m.clause === c.id));
      if (ms.length > 0) out.push('', 'Measured (OPEN: reported, never a failure):', ...ms.map((m) => `  ${m.question}: ${m.subject} -> ${m.value} (x${m.count})`));
    }
    body.push(`      <system-out>${text_(out.join('\n'))}</system-out>`);
    cases.push(`    <testcase name="${attr(name)}" classname="${attr(classname)}" time="0">\n${body.join('\n')}\n    </testcase>`);
  }
  const props: Array<[string, string]> = [
    ['tool.version', report.tool.version],
    ['contract.version', report.contractVersion],
    ['target.endpoint', report.target.endpoint],
    ['target.kind', report.target.kind],
    ['target.selfCheck', String(report.target.selfCheck)],
    ['seed', String(report.seed)],
    ['numRuns', String(report.numRuns)],
    ['strict', String(strict)],
    ...(report.run ? ([['run.prefix', report.run.prefix], ['run.account', report.run.account ?? 'unknown']] as Array<[string, string]>) : []),
    ...(partial ? ([['partial', report.stopReason ?? 'true']] as Array<[string, string]>) : []),
  ];
  if (report.baseline) props.push(['baseline', report.baseline.file], ['baseline.fixed', report.baseline.fixed.map((f) => f.key).join(', ')]);
  const suite = [
    `  <testsuite name="iam-mfa-conformance${partial ? ' (partial)' : ''}" tests="${report.clauses.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${attr(report.startedAt.replace(/Z$/, ''))}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`),
    '    </properties>',
    ...cases,
    `    <system-out>${text_(summaryText(report))}</system-out>`,
    '  </testsuite>',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="iam-mfa-conformance${partial ? ' (partial)' : ''}" tests="${report.clauses.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...suite,
    '</testsuites>',
    '',
  ].join('\n');
}

function details(d: ReportDivergence, target: ScriptTarget | undefined, strict: boolean): string[] {
  return describeDivergence(d, target, strict);
}

function summaryText(report: Report): string {
  const s = report.summary;
  const partial = partialText(report);
  const lines = [...(partial ? [partial] : []), `${report.target.selfCheck ? 'SELF-CHECK against the embedded reference; ' : ''}target ${report.target.endpoint}, seed ${report.seed}${report.run ? `, run prefix ${report.run.prefix}` : ''}: ${s.cases} cases, ${s.requests} requests, ${s.must} MUST, ${s.should} SHOULD, ${notImplementedText(report)}`];
  if (report.baseline) for (const f of report.baseline.fixed) lines.push(`fixed, ${report.baseline.updated ? 'dropped from baseline' : 'remove from baseline'}: ${f.key}`);
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

const text_ = escText;
const attr = escAttr;

export function junitReporter(): Reporter {
  return fileReporter('junit', 'junit.xml', junitXml);
}
