import { randomInt } from 'node:crypto';
import { exitCodeOf, runConformance } from '../../api/run-conformance.js';
import type { ConformanceEvent } from '../../api/events.js';
import { consoleReporter } from '../../reports/console.js';
import type { RunInfo } from '../../reports/report.js';
import { intFlag, parse } from '../args.js';
import { chooseEndpoint, chooseStsEndpoint, connectionOf, endpointFlags, settleTimeout, stsFlags, type CommandDeps } from '../common.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { RUN_HELP } from './run-help.js';

export { RUN_HELP };

export type RunDeps = CommandDeps;

const list = (v: string | undefined) => (v ?? '').split(',').map((t) => t.trim()).filter(Boolean);

/** `run`: the flags as runConformance's options, its events as the console's lines, its report as the exit code. */
export async function runCommand(argv: string[], deps: RunDeps): Promise<number> {
  const { values } = parse(argv, {
    ...endpointFlags,
    ...stsFlags,
    seed: { type: 'string' },
    'num-runs': { type: 'string' },
    'report-dir': { type: 'string' },
    strict: { type: 'boolean' },
    baseline: { type: 'string' },
    'update-baseline': { type: 'boolean' },
    target: { type: 'string' },
    concurrency: { type: 'string' },
    include: { type: 'string' },
    exclude: { type: 'string' },
    'max-duration': { type: 'string' },
    'no-measure': { type: 'boolean' },
    quiet: { type: 'boolean' },
  }, false, 'run');
  if (values.help) {
    deps.write(RUN_HELP);
    return EXIT.ok;
  }
  // Flags are checked here, so that a bad one is named as the user wrote it.
  const seed = intFlag(values.seed, 'seed', randomInt(2 ** 31 - 1), -(2 ** 31), 2 ** 31 - 1);
  const numRuns = intFlag(values['num-runs'], 'num-runs', 25, 1, 100_000);
  const strict = values.strict ?? false;
  const chosen = chooseEndpoint(values, deps.env, values.target);
  if (chosen !== undefined && values.target !== undefined) throw new UsageError('give either --target or --endpoint-url, not both');
  const stsChosen = chooseStsEndpoint(values, deps.env, chosen);
  const settle = settleTimeout(values);
  const concurrency = intFlag(values.concurrency, 'concurrency', 1, 1, 64);
  const maxDuration = values['max-duration'] === undefined ? undefined : intFlag(values['max-duration'], 'max-duration', 0, 1, 86_400);
  const connection = connectionOf(values);
  if (values['update-baseline'] && values.baseline === undefined) throw new UsageError('--update-baseline needs --baseline FILE (the file to write)');
  const quiet = values.quiet ?? false;
  const screen = consoleReporter({ write: deps.write, ...(deps.writeErr ? { writeDebug: deps.writeErr } : {}), tty: Boolean(process.stderr.isTTY), debug: values.debug ?? false, strict, quiet });

  const listener = (e: ConformanceEvent) => {
    switch (e.type) {
      case 'notice':
        deps.write(e.message);
        break;
      case 'target-opened':
        for (const line of runLines(e, e.run)) deps.write(line);
        if (e.sts.url !== e.endpoint || e.sts.source !== undefined) deps.write(`  sign-ins (STS) at ${e.sts.url}${e.sts.source !== undefined ? ` from ${e.sts.source}` : ''}`);
        break;
      case 'report-written': {
        const dir = e.reportDir ?? '';
        const scripts = !e.report.target.selfCheck && e.report.divergences.length > 0 ? `; one AWS CLI script per divergence in ${dir}/aws-cli/` : '';
        deps.write(`report: ${dir}/report.json (also junit.xml, report.html, report.md${scripts})`);
        if (e.baselineWritten) deps.write(`baseline written: ${e.baselineWritten.file} (${e.baselineWritten.signatures} signature(s))`);
        if (e.report.stopReason === 'interrupted') deps.write('interrupted: created resources were cleaned up; the report covers what ran (partial).');
        if (e.report.stopReason === 'max-duration') deps.write('stopped at --max-duration: the report covers what ran (partial).');
        break;
      }
      default:
        break;
    }
  };
  const report = await runConformance(
    {
      ...connection,
      ...(chosen !== undefined ? { endpointUrl: chosen.url } : {}),
      ...(values.target !== undefined ? { target: values.target } : {}),
      ...(stsChosen !== undefined ? { stsEndpointUrl: stsChosen.url } : {}),
      settleTimeout: settle,
      seed,
      numRuns,
      include: list(values.include),
      exclude: list(values.exclude),
      strict,
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      updateBaseline: values['update-baseline'] ?? false,
      concurrency,
      ...(maxDuration !== undefined ? { maxDurationSeconds: maxDuration } : {}),
      measure: !values['no-measure'],
      reportDir: values['report-dir'] ?? 'conformance-report',
      listener,
      reporters: [screen],
      ...(deps.signal ? { signal: deps.signal } : {}),
    },
    {
      env: deps.env,
      ...(stsChosen !== undefined ? { stsSource: stsChosen.source } : {}),
      beforeOpen: () => {
        if (chosen === undefined && values.target === undefined && deps.env['CI'] === 'true') {
          deps.write('warning: no --endpoint-url given in CI: this run is a self-check of the embedded reference endpoint; nothing external was tested.');
        }
        if (chosen !== undefined && chosen.source !== '--endpoint-url') deps.write(`iam-mfa-conformance: endpoint ${chosen.url} from ${chosen.source} (as the AWS CLI reads it; --endpoint-url overrides it)`);
      },
    },
  );
  return exitCodeOf(report);
}

/**
 * Said before any case runs, so that a run killed outright (kill -9) can still be cleaned up:
 * the prefix and account are not secrets, and nothing else finds the leftovers.
 */
function runLines(handle: { endpoint: string; selfCheck: boolean; kind: string }, run: RunInfo): string[] {
  const account = run.account === null ? 'account unknown (the endpoint\'s ARNs name none)' : `account ${run.account}${run.accountFrom === 'x-moto-account-id' ? ' (moto, x-moto-account-id header)' : run.accountFrom === 'access-key-id' ? ' (chosen by the access key id)' : ''}`;
  const lines: string[] = [];
  lines.push(`  run prefix ${run.prefix}, ${account}`);
  if (handle.selfCheck) return lines;
  if (handle.kind === 'url') lines.push(`  if the run is killed, remove what it left with: npx iam-mfa-conformance cleanup --endpoint-url ${handle.endpoint} --prefix ${run.prefix}${run.account !== null ? ` --account ${run.account}` : ''}`);
  else lines.push(`  the ${handle.kind} at ${handle.endpoint} was launched for this run and stops with it`);
  return lines;
}
