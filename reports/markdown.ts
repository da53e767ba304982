import { printable } from './escape.js';
import { redactDeep } from './redact.js';
import { clauseStatusCounts, failing, followsText, notImplementedActions, outcomeText, partialText, sameOutcome, verdictOf, type Report } from './report.js';
import { fileReporter, type Reporter } from './reporter.js';

/** Rows beyond this go to report.html: a PR comment or job summary must stay short. */
const MAX_ROWS = 20;

/**
 * report.md: a short summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`
 * (`cat conformance-report/report.md >> "$GITHUB_STEP_SUMMARY"`). The details live in
 * report.html and report.json.
 */
export function reportMarkdown(unredacted: Report): string {
  const r = redactDeep(unredacted);
  const strict = r.strict ?? false;
  const failingCount = failing(r, strict).length;
  const counts = clauseStatusCounts(r);
  const s = r.summary;
  const out: string[] = [];
  const icon = failingCount > 0 ? '❌' : '✅';
  const partial = partialText(r);
  out.push(`### ${icon} IAM MFA conformance${partial ? ' (partial run)' : ''}: ${failingCount > 0 ? `${failingCount} failing divergence(s)` : r.divergences.length > 0 ? 'passed, with divergences that do not fail the run' : 'passed'}`);
  out.push('');
  if (r.target.selfCheck) out.push('> **Self-check**: this run tested the embedded reference endpoint, not an external implementation.', '');
  if (partial) out.push(`> **${cell(partial)}.**`, '');
  out.push(`Target ${code(r.target.endpoint)} · seed ${code(String(r.seed))}${r.run ? ` · run prefix ${code(r.run.prefix)}` : ''} · ${s.cases} cases, ${s.requests} requests · ${(r.durationMs / 1000).toFixed(1)} s · contract ${code(r.contractVersion)}${strict ? ' · strict' : ''}`);
  out.push('');
  const missing = notImplementedActions(r);
  out.push('| MUST | SHOULD | actions not implemented | clauses pass | diverge | untested |', '| ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(`| ${s.must} | ${s.should} | ${missing.length}${missing.length ? ` (${cell(missing.join(', '))})` : ''} | ${counts.pass} | ${counts.diverges + counts['not-implemented']} | ${counts.untested} |`);
  const notJudged = r.clauses.filter((c) => c.why);
  if (notJudged.length > 0) out.push('', ...notJudged.map((c) => `- ${c.id} not judged: ${printable(c.why ?? '')}`));
  if (r.divergences.length > 0) {
    out.push('', '| | Id | Level | Clause | Operation | Expected | Observed |', '| --- | --- | --- | --- | --- | --- | --- |');
    // Failing ones first, so a cut list still shows everything that broke the build.
    const rank = { fails: 0, reported: 1, known: 2, consequence: 3 } as const;
    const ordered = [...r.divergences].sort((x, y) => rank[verdictOf(x, strict)] - rank[verdictOf(y, strict)]);
    for (const d of ordered.slice(0, MAX_ROWS)) {
      const v = verdictOf(d, strict);
      const mark = d.consequenceOf ? `↳ ${cell(followsText(d.consequenceOf))}` : v === 'fails' ? (d.baseline === 'new' ? '❌ new' : '❌') : v === 'known' ? '☑️ known' : '⚠️';
      const observed = sameOutcome(d) ? `${code(outcomeText(d.observed), true)}, but ${cell(short(d.detail))}` : code(outcomeText(d.observed), true);
      out.push(`| ${mark} | ${cell(d.id)} | ${cell(d.level)}${d.kind === 'not-implemented' ? ' (not implemented)' : ''} | ${cell(d.clause)} | ${cell(d.operation)} | ${code(outcomeText(d.expected), true)} | ${observed} |`);
    }
    if (r.divergences.length > MAX_ROWS) out.push('', `…and ${r.divergences.length - MAX_ROWS} more in report.html.`);
  }
  const b = r.baseline;
  if (b) {
    out.push('', b.updated ? `Baseline ${code(b.file)} updated: ${b.known} signature(s), ${b.new} added, ${b.fixed.length} fixed dropped.` : `Baseline ${code(b.file)}: ${b.known} known, ${b.new} new, ${b.fixed.length} fixed.`);
    for (const f of b.fixed.slice(0, MAX_ROWS)) out.push(`- fixed, ${b.updated ? 'dropped from baseline' : 'remove from baseline'}: ${code(f.key)}`);
  }
  const groups = new Map<string, number>();
  for (const m of r.measurements) groups.set(`${m.clause} ${m.question}`, (groups.get(`${m.clause} ${m.question}`) ?? 0) + m.count);
  if (groups.size > 0) out.push('', `Measured (OPEN, never a failure; answers in report.html): ${[...groups].map(([k, n]) => `${cell(k)} (${n})`).join(', ')}`);
  out.push('', '<sub>Minimal cases, replay commands and AWS CLI steps: report.html (details) and report.json.</sub>', '');
  return out.join('\n');
}

/** A detail in a table cell stays one short line; report.html has it whole. */
const short = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);

/** A table cell: no line breaks, no pipes, no HTML (GitHub renders inline HTML in Markdown). */
function cell(s: string): string {
  return printable(s)
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]#|])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Inline code that survives backticks in the value; GFM tables take `\|` for a pipe even in code. */
function code(s: string, inTable = false): string {
  const flat = printable(s).replace(/[\r\n]+/g, ' ');
  const t = inTable ? flat.replace(/\|/g, '\\|') : flat;
  const ticks = '`'.repeat(Math.max(1, ...[...t.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${t}${pad}${ticks}`;
}

export function markdownReporter(): Reporter {
  return fileReporter('markdown', 'report.md', reportMarkdown);
}
