import { emptyState } from '../../specs/index.js';
import { casePrefix } from '../../generators/prefix.js';
import { runCase, type Created } from '../../harness/case/run.js';
import { signatureOf, type EngineEvent } from '../../harness/events.js';
import { cleanupCreated } from '../../harness/isolation.js';
import { EMULATORS } from '../../harness/targets/emulators.js';
import { readReport, ReportFileError } from '../../reports/compare.js';
import { printable } from '../../reports/escape.js';
import { redact } from '../../reports/redact.js';
import { idNumber, outcomeText, type Report } from '../../reports/report.js';
import { parse } from '../args.js';
import { chooseEndpoint, connectionOf, chooseStsEndpoint, debugLines, endpointFlags, settleTimeout, stsFlags, type CommandDeps } from '../common.js';
import { Settler } from '../../harness/settle.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { openTarget } from '../../api/open-target.js';

export const REPLAY_HELP = `Usage: iam-mfa-conformance replay REPORT.json [--id 3[,5]] [--endpoint-url URL | --target NAME]

Re-sends each divergence's minimal request sequence (fresh names, codes recomputed from the
new device's seed and the endpoint's clock) and says whether it still diverges. Exit 1 if
any still diverges.

Where it replays: --endpoint-url or --target if given (or AWS_ENDPOINT_URL_IAM /
AWS_ENDPOINT_URL, as in the AWS CLI); otherwise the report's own target: the same endpoint
when the run was given one, the same emulator or container launched again when the tool had
launched it (its old port died with the run), a fresh embedded reference for a self-check.

  --id LIST                 divergences to replay, by number as the report shows them (3 or #3), comma-separated
  --sts-endpoint-url URL    where STS is, for sign-ins (as for run)
  --settle-timeout S        how long a sign-in waits for STS to follow IAM (default 20), as a witness of run does`;

/** Where to replay when the command line says nothing: what the report's run ran against. */
export function recordedTarget(target: Report['target']): { endpoint?: string; target?: string; note?: string } {
  if (target.selfCheck) return { note: 'the report is a self-check: replaying against a fresh embedded reference endpoint' };
  if (target.kind === 'url') return { endpoint: target.endpoint };
  const name = target.name ?? (target.kind in EMULATORS ? target.kind : undefined);
  if (name === undefined) {
    throw new UsageError(
      `the report's target (${target.kind}${target.version ? `, ${target.version}` : ''}, ${target.endpoint}) was launched by the tool and stopped with the run: pass --target NAME (e.g. --target container:IMAGE) or --endpoint-url URL`,
    );
  }
  return { target: name, note: `launching ${name} again: the run's one (${target.endpoint}) stopped with the run` };
}

export async function replayCommand(argv: string[], deps: CommandDeps): Promise<number> {
  const { values, positionals } = parse(argv, { ...endpointFlags, ...stsFlags, id: { type: 'string' }, target: { type: 'string' } }, true, 'replay');
  if (values.help) {
    deps.write(REPLAY_HELP);
    return EXIT.ok;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(`replay takes one report file (see 'iam-mfa-conformance replay --help')`);
  let report: Report;
  try {
    report = await readReport(file);
  } catch (e) {
    if (e instanceof ReportFileError) throw new UsageError(e.message);
    throw e;
  }
  const ids = values.id?.split(',').map((s) => s.trim());
  const wanted = ids?.map((i) => {
    const n = idNumber(i);
    if (n === undefined) throw new UsageError(`--id takes divergence numbers such as 3 or #3, got ${JSON.stringify(i)}`);
    return n;
  });
  const chosen = wanted ? report.divergences.filter((d) => wanted.includes(idNumber(d.id) ?? -1)) : report.divergences;
  if (wanted && chosen.length !== new Set(wanted).size) {
    const missing = wanted.filter((n) => !report.divergences.some((d) => idNumber(d.id) === n));
    throw new UsageError(`no divergence ${missing.map((n) => `#${n}`).join(', ')} in ${file} (it has ${report.divergences.length})`);
  }
  if (chosen.length === 0) {
    deps.write('nothing to replay: the report has no divergences');
    return EXIT.ok;
  }
  if (chosen.some((d) => d.counterexample === undefined || !Array.isArray(d.counterexample.steps))) throw new UsageError(`${file} has divergences without a counterexample: not a report of this tool`);

  const explicit = chooseEndpoint(values, deps.env, values.target);
  if (explicit !== undefined && values.target !== undefined) throw new UsageError('give either --target or --endpoint-url, not both');
  const where = explicit !== undefined ? { endpoint: explicit.url } : values.target !== undefined ? { target: values.target } : recordedTarget(report.target);
  if ('note' in where && where.note) deps.write(where.note);

  const debug = (e: EngineEvent) => {
    for (const l of debugLines(e)) (deps.writeErr ?? deps.write)(printable(redact(l)));
  };
  const sts = chooseStsEndpoint(values, deps.env, explicit);
  const settler = new Settler(settleTimeout(values));
  const target = await openTarget(connectionOf(values), where.endpoint, debug, where.target, sts ? { sts } : {});
  let still = 0;
  try {
    const state = emptyState(target.calibration.account, target.calibration.partition);
    let n = 0;
    for (const d of chosen) {
      const created: Created = { users: new Set(), devices: new Map() };
      // As a witness of the run: a sign-in waits for STS to follow IAM, up to the bound.
      const run = await runCase(target.session, d.counterexample, casePrefix(target.runId, ++n), state, created, { offset: 0, settler });
      await cleanupCreated(target.session, created, run.state);
      // A lone case cannot tell "not implemented" from "crashed here": accept either form.
      const signatures = new Set(
        run.findings.flatMap((f) => {
          if (!f.notImplemented) return [signatureOf(f)];
          const { notImplemented: _n, ...plain } = f;
          return [signatureOf(f), signatureOf(plain)];
        }),
      );
      const again = signatures.has(d.signature);
      if (again) still++;
      deps.write(printable(redact(`${d.id} ${again ? 'STILL DIVERGES' : 'no longer diverges'}: ${d.signature}`)));
      for (const r of run.records) deps.write(printable(redact(`   ${r.action}${r.codes ? ` [${r.codes}]` : ''} -> ${outcomeText(r)}`)));
    }
  } finally {
    await target.close();
  }
  deps.write(`${still} of ${chosen.length} still diverge at ${target.handle.endpoint}`);
  return still > 0 ? EXIT.divergences : EXIT.ok;
}
