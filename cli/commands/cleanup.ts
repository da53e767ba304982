import { cleanupPrefix } from '../../harness/cleanup.js';
import { EndpointError } from '../../harness/client/errors.js';
import type { EngineEvent } from '../../harness/events.js';
import { readReport, ReportFileError } from '../../reports/compare.js';
import { printable } from '../../reports/escape.js';
import { redact } from '../../reports/redact.js';
import { launched, type Report } from '../../reports/report.js';
import { parse } from '../args.js';
import { chooseEndpoint, connectionOf, debugLines, endpointFlags, type CommandDeps } from '../common.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { openTarget } from '../../api/open-target.js';

export const CLEANUP_HELP = `Usage: iam-mfa-conformance cleanup --endpoint-url URL --prefix P [--account A]
       iam-mfa-conformance cleanup REPORT.json [--endpoint-url URL]

Deactivates and deletes every virtual MFA device and user whose name starts with P, and
nothing else. P is a run prefix such as imcab12c; every run prints its prefix and account
on its first lines, before any case runs, and records them in every report.

  --prefix P    the run prefix (imc + 5 characters)
  --account A   the run's account. On a moto the run chose one with the x-moto-account-id
                header, and cleanup selects it the same way; elsewhere the credentials decide,
                and cleanup refuses an endpoint that puts them in another account.
  REPORT.json   take the endpoint, prefix and account from a run's report

The endpoint is --endpoint-url, else AWS_ENDPOINT_URL_IAM or AWS_ENDPOINT_URL (as in the
AWS CLI), else the report's. An emulator the tool launched stopped with its run, and its
state with it: nothing is left to remove there.`;

interface Job {
  readonly endpoint: string;
  readonly prefix: string;
  readonly account?: string;
}

function fromReport(report: Report, file: string, endpoint: string | undefined): Job | string {
  if (!report.run) throw new UsageError(`${file} records no run prefix (written by an older version): pass --endpoint-url and --prefix`);
  const { prefix, account } = report.run;
  if (endpoint === undefined && report.target.selfCheck) return `nothing to clean: ${file} is a self-check, whose embedded endpoint ended with the run`;
  return { endpoint: endpoint ?? report.target.endpoint, prefix, ...(account !== null ? { account } : {}) };
}

export async function cleanupCommand(argv: string[], deps: CommandDeps): Promise<number> {
  const { values, positionals } = parse(argv, { ...endpointFlags, prefix: { type: 'string' }, account: { type: 'string' } }, true, 'cleanup');
  if (values.help) {
    deps.write(CLEANUP_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`cleanup takes at most one report file (see 'iam-mfa-conformance cleanup --help')`);
  const chosen = chooseEndpoint(values, deps.env);
  let job: Job;
  let launchedBy: Report['target'] | undefined;
  const file = positionals[0];
  if (file !== undefined) {
    if (values.prefix !== undefined || values.account !== undefined) throw new UsageError('give either a report file or --prefix/--account, not both');
    let report: Report;
    try {
      report = await readReport(file);
    } catch (e) {
      if (e instanceof ReportFileError) throw new UsageError(e.message);
      throw e;
    }
    const j = fromReport(report, file, chosen?.url);
    if (typeof j === 'string') {
      deps.write(j);
      return EXIT.ok;
    }
    job = j;
    if (chosen === undefined && launched(report.target)) launchedBy = report.target;
  } else {
    const prefix = values.prefix;
    // Only this tool's own naming scheme: a short or foreign prefix could match other people's resources.
    if (!prefix || !/^imc[a-z0-9]{5}/.test(prefix)) throw new UsageError('--prefix must be a run prefix of this tool (imc + 5 characters, e.g. imcab12c)');
    if (chosen === undefined) throw new UsageError("cleanup needs --endpoint-url URL (or a run's REPORT.json)");
    job = { endpoint: chosen.url, prefix, ...(values.account !== undefined ? { account: values.account } : {}) };
  }
  if (job.account !== undefined && !/^\d{12}$/.test(job.account)) throw new UsageError(`--account must be a 12-digit account id, got ${JSON.stringify(job.account)}`);

  const debug = (e: EngineEvent) => {
    for (const l of debugLines(e)) (deps.writeErr ?? deps.write)(printable(redact(l)));
  };
  let target;
  try {
    target = await openTarget(connectionOf(values), job.endpoint, debug, undefined, job.account !== undefined ? { account: job.account } : {});
  } catch (e) {
    // The usual end of a launched emulator: it stopped with its run, and its state with it.
    if (launchedBy !== undefined && e instanceof EndpointError && e.kind === 'unreachable') {
      deps.write(`nothing to clean: the ${launchedBy.name ?? launchedBy.kind} the run launched at ${launchedBy.endpoint} is gone, and its state with it`);
      return EXIT.ok;
    }
    throw e;
  }
  try {
    // A moto keeps one state per account and a run picks its own: without the run's account
    // this would look in a fresh one and find nothing, which reads like "nothing was left".
    if (job.account === undefined && target.accountFrom === 'x-moto-account-id') {
      throw new UsageError(`${target.handle.endpoint} is a moto: a run acts in an account of its own; pass --account (printed on the run's first lines, recorded in its report)`);
    }
    const r = await cleanupPrefix(target.session, job.prefix);
    const where = `${target.handle.endpoint}${target.calibration.account !== null ? `, account ${target.calibration.account}` : ''}`;
    deps.write(`removed ${r.devices} device(s), ${r.keys} access key(s) and ${r.users} user(s) (${r.deactivated} deactivated) with prefix ${job.prefix} at ${where}${r.failures ? `; ${r.failures} request(s) failed` : ''}`);
    return r.failures > 0 ? EXIT.endpoint : EXIT.ok;
  } finally {
    await target.close();
  }
}
