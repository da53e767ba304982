import { clauseById } from '../specs/index.js';
import { awsCliScript, scriptFileOf } from './aws-cli.js';
import { scriptTarget } from './console.js';
import { escAttr, escText } from './escape.js';
import { redactDeep } from './redact.js';
import { anchorOf, clauseStatusCounts, failing, followsText, notImplementedActions, outcomeText, partialText, sameOutcome, sortedMeasurements, verdictOf, type Report, type ReportDivergence } from './report.js';
import { fileReporter, type Reporter } from './reporter.js';

/**
 * report.html: one self-contained file that can be attached to a CI run and opened anywhere.
 * No script, no external resource: the Content-Security-Policy forbids every fetch, so a
 * file that renders in a test renders the same for a maintainer offline. Every value from
 * the report goes through escText/escAttr: endpoint messages and names are hostile input.
 */
export function reportHtml(unredacted: Report): string {
  const r = redactDeep(unredacted);
  const strict = r.strict ?? false;
  const failingCount = failing(r, strict).length;
  const counts = clauseStatusCounts(r);
  const e = escText;
  const a = escAttr;
  const s = r.summary;
  const partial = partialText(r);
  const verdict = `${partial ? 'PARTIAL run, ' : ''}${failingCount > 0 ? `FAIL: ${failingCount} failing divergence(s)` : r.divergences.length > 0 ? 'PASS, with divergences that do not fail the run' : 'PASS: no divergences'}`;
  const missing = notImplementedActions(r);

  const meta: Array<[string, string]> = [
    ['Tool', `${r.tool.name} ${r.tool.version}`],
    ['Contract version', r.contractVersion],
    ['Target', `${r.target.endpoint} (${r.target.kind}${r.target.version ? `, ${r.target.version}` : ''})`],
    ...(r.run ? ([['Run prefix', r.run.prefix], ['Account', `${r.run.account ?? 'unknown'} (${r.run.accountFrom})`]] as Array<[string, string]>) : []),
    ['Seed', String(r.seed)],
    ['Cases per property', String(r.numRuns)],
    ['Started', r.startedAt],
    ['Duration', `${(r.durationMs / 1000).toFixed(1)} s`],
    ['Cases / requests', `${s.cases} / ${s.requests}`],
    ['Strict', strict ? 'yes: SHOULD divergences fail' : 'no: SHOULD divergences are reported only'],
    ['Report schema', `version ${r.schemaVersion}`],
  ];
  if (r.baseline) meta.push(['Baseline', r.baseline.file]);
  if (partial) meta.push(['Partial', r.stopReason ?? 'yes']);

  const clauseRows = r.clauses
    .map((c) => {
      const ds = r.divergences.filter((d) => d.clause === c.id);
      const links = ds.map((d) => `<a href="#${a(anchorOf(d.id))}">${e(d.id)}</a>`).join(' ');
      return `<tr class="st-${a(c.status)}" data-clause="${a(c.id)}"><td class="id">${e(c.id)}</td><td><span class="lvl lvl-${a(c.level)}">${e(c.level)}</span></td><td>${e(c.title)}${c.why ? `<div class="why">not judged: ${e(c.why)}</div>` : ''}</td><td><span class="badge b-${a(c.status)}">${e(c.status)}</span></td><td class="num">${n(c.checks)}</td><td>${links}</td><td class="src">${e(c.sources.join('; '))}</td></tr>`;
    })
    .join('\n');

  const divergences = r.divergences.map((d) => divergenceHtml(d, r, strict)).join('\n');

  const baseline = r.baseline
    ? `<section id="baseline"><h2>Baseline</h2>
<p>${e(r.baseline.file)}${r.baseline.updated ? ` updated by this run: ${n(r.baseline.known)} signature(s) from this run (${n(r.baseline.new)} added), ${n(r.baseline.fixed.length)} fixed one(s) dropped` : `: ${n(r.baseline.known)} known, ${n(r.baseline.new)} new, ${n(r.baseline.fixed.length)} fixed`}, ${n(r.baseline.unseen.length)} undecided.</p>
${r.baseline.fixed.length ? `<h3>${r.baseline.updated ? 'Fixed, dropped from the baseline' : 'Fixed, remove from baseline'}</h3><ul class="fixed">${r.baseline.fixed.map((f) => `<li><code>${e(f.key)}</code> (${e(f.level)} ${e(f.clause)})</li>`).join('')}</ul>` : ''}
${r.baseline.unseen.length ? `<h3>Undecided: the property that found it did not run all its witnesses</h3><ul>${r.baseline.unseen.map((f) => `<li><code>${e(f.key)}</code></li>`).join('')}</ul>` : ''}
</section>`
    : '';

  const measurements = r.measurements.length
    ? `<table class="measurements"><thead><tr><th>Clause</th><th>Question</th><th>Request</th><th>Answer</th><th class="num">Times</th></tr></thead><tbody>
${sortedMeasurements(r.measurements).map((m) => `<tr data-clause="${a(m.clause)}"><td class="id">${e(m.clause)}</td><td>${e(m.question)}</td><td>${e(m.subject)}</td><td><code>${e(m.value)}</code></td><td class="num">${n(m.count)}</td></tr>`).join('\n')}
</tbody></table>`
    : '<p>No OPEN point was measured by this run.</p>';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(`IAM MFA conformance: ${r.target.endpoint}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>IAM MFA conformance report</h1>
<p class="verdict ${failingCount > 0 ? 'fail' : 'pass'}" id="verdict">${e(verdict)}</p>
${r.target.selfCheck ? '<p class="selfcheck">SELF-CHECK: this run tested the embedded reference endpoint, not an external implementation.</p>' : ''}
${partial ? `<p class="warn" id="partial">${e(partial)}.</p>` : ''}
</header>
<main>
<section id="metadata"><h2>Run</h2><dl>${meta.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
<p class="counts">${n(s.must)} MUST, ${n(s.should)} SHOULD divergence(s), ${n(missing.length)} action(s) not implemented${missing.length ? ` (${e(missing.join(', '))})` : ''}. Clauses: ${n(counts.pass)} pass, ${n(counts.diverges)} diverge, ${counts['not-implemented'] ? `${n(counts['not-implemented'])} only reached through unimplemented actions, ` : ''}${n(counts.untested)} untested.</p></section>
<section id="clauses"><h2>Clauses</h2>
<table class="matrix"><thead><tr><th>Id</th><th>Level</th><th>Clause</th><th>Status</th><th class="num">Checks</th><th>Divergences</th><th>Source</th></tr></thead><tbody>
${clauseRows}
</tbody></table>
<p class="legend">MUST divergences fail the run; SHOULD ones only with --strict; OPEN points are measured, never failed.</p></section>
<section id="divergences"><h2>Divergences (${n(r.divergences.length)})</h2>
${r.divergences.length === 0 ? '<p>No divergences.</p>' : divergences}
</section>
${baseline}
<section id="measurements"><h2>Measurements (OPEN points)</h2>
${measurements}
</section>
${r.warnings.length ? `<section id="warnings"><h2>Warnings</h2><ul>${r.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul></section>` : ''}
</main>
<footer>Generated by ${e(r.tool.name)} ${e(r.tool.version)}. Secrets (seeds, QR codes, keys, signatures, tokens) are redacted.</footer>
</body>
</html>
`;
}

function divergenceHtml(d: ReportDivergence, r: Report, strict: boolean): string {
  const e = escText;
  const a = escAttr;
  const v = verdictOf(d, strict);
  let title = '';
  try {
    title = clauseById(d.clause).title;
  } catch {
    // Reports of another contract version may name a clause this build does not know.
  }
  const steps = d.steps
    .map((st, i) => {
      const params = Object.entries(st.params)
        .map(([k, val]) => `<span class="p"><span class="k">${e(k)}</span>=<code>${e(JSON.stringify(val))}</code></span>`)
        .join(' ');
      return `<tr${d.step === i + 1 ? ' class="here"' : ''}><td class="num">${n(i + 1)}</td><td>${e(st.action)}</td><td>${params}${st.codes ? ` <em>[${e(st.codes)}]</em>` : ''}</td><td><code>${e(outcomeText(st))}</code>${st.message !== undefined ? `<div class="msg">${e(st.message)}</div>` : ''}</td><td><code>${e(st.expected)}</code></td></tr>`;
    })
    .join('\n');
  const target = scriptTarget(r);
  const cli = target === undefined ? '' : `<h4>AWS CLI (a bash script; the run also wrote it beside this page as <code>${e(scriptFileOf(d.id))}</code>)</h4><pre class="cli">${e(awsCliScript(d, target).join('\n'))}</pre>`;
  return `<article class="divergence v-${a(v)}" id="${a(anchorOf(d.id))}" data-signature="${a(d.signature)}" data-clause="${a(d.clause)}" data-level="${a(d.level)}">
<h3><span class="did">${e(d.id)}</span> <span class="lvl lvl-${a(d.level)}">${e(d.level)}</span> ${e(d.clause)} ${e(title)}: ${e(d.operation)}${d.kind === 'not-implemented' ? ' <span class="badge b-not-implemented">not implemented</span>' : ''} <span class="verdict-tag t-${a(v)}">${e(d.consequenceOf ? followsText(d.consequenceOf) : v === 'known' ? 'known (baseline)' : v === 'fails' ? (d.baseline === 'new' ? 'new: fails' : 'fails') : 'reported')}</span></h3>
<table class="eo"><tr><th>Expected</th><td><code>${e(outcomeText(d.expected))}</code> ${sameOutcome(d) ? 'with a result as the clause states' : e(d.detail)}</td></tr>
<tr><th>Observed</th><td><code>${e(outcomeText(d.observed))}</code>${d.observedMessage !== undefined ? ` <span class="msg">${e(d.observedMessage)}</span>` : ''}${sameOutcome(d) ? ` <span class="problem">${e(d.detail)}</span>` : ''}</td></tr>
<tr><th>Source</th><td>${e(d.source)}</td></tr>
<tr><th>Signature</th><td><code>${e(d.signature)}</code></td></tr>
<tr><th>Property</th><td>${e(d.property)} (fast-check seed ${n(d.seed)})</td></tr></table>
<h4>Minimal case: ${e(d.counterexample.label)}</h4>
<table class="steps"><thead><tr><th>#</th><th>Action</th><th>Parameters</th><th>Answer</th><th>Allowed</th></tr></thead><tbody>
${steps}
</tbody></table>
<h4>Replay</h4><pre>${e(d.replay)}</pre>
${cli}
</article>`;
}

/** Numbers too go through the escaper: a report read back from disk is not trusted to hold numbers. */
const n = (x: number): string => escText(String(x));

const CSS = `
:root{--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--un:#6e7781;--ni:#8250df}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:0 1.5rem 2rem;max-width:1400px}
h1{font-size:1.6rem;margin:1rem 0 .3rem}h2{border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem;margin:.2rem 0 .6rem}h4{margin:.8rem 0 .3rem}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}pre{background:#f6f8fa;border:1px solid var(--line);padding:.6rem;overflow-x:auto;white-space:pre}
.verdict{font-weight:600;font-size:1.1rem;padding:.4rem .7rem;border-radius:6px;display:inline-block}.verdict.pass{background:#dafbe1;color:var(--pass)}.verdict.fail{background:#ffebe9;color:var(--fail)}
.selfcheck,.warn{background:#fff8c5;border:1px solid #d4a72c;padding:.4rem .7rem;border-radius:6px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem}dt{color:var(--muted)}dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}thead th{background:#f6f8fa}
.num{text-align:right}.id{font-weight:600;white-space:nowrap}.src{color:var(--muted);font-size:12px}
.badge,.lvl,.verdict-tag{display:inline-block;border-radius:10px;padding:0 .5rem;font-size:12px;font-weight:600;white-space:nowrap}
.b-pass{background:#dafbe1;color:var(--pass)}.b-diverges{background:#ffebe9;color:var(--fail)}.b-not-implemented{background:#fbefff;color:var(--ni)}.b-untested{background:#eaeef2;color:var(--un)}.b-not-selected{background:#f6f8fa;color:var(--un)}
.lvl-MUST{background:#ffebe9;color:var(--fail)}.lvl-SHOULD{background:#fff8c5;color:var(--warn)}.lvl-OPEN{background:#ddf4ff;color:#0969da}
.t-fails{background:var(--fail);color:#fff}.t-known{background:#eaeef2;color:var(--un)}.t-reported{background:#fff8c5;color:var(--warn)}
.divergence{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:6px;padding:.6rem .9rem;margin:1rem 0}.divergence.v-known{border-left-color:var(--un)}.divergence.v-reported{border-left-color:var(--warn)}
.eo th{width:8rem;background:#f6f8fa}.steps tr.here td{background:#fff1f0}.msg{color:var(--muted);font-style:italic;overflow-wrap:anywhere}.eo td{overflow-wrap:anywhere}.p{margin-right:.6rem;word-break:break-all}.k{color:var(--muted)}
footer{margin-top:2rem;color:var(--muted);font-size:12px}
`;

export function htmlReporter(): Reporter {
  return fileReporter('html', 'report.html', reportHtml);
}
