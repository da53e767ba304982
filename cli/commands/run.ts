import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { emptyState } from '../../specs/index.js';
import { runEngine } from '../../harness/engine.js';
import type { EngineEvent } from '../../harness/events.js';
import { allProperties } from '../../harness/properties/index.js';
import { checkSelectors, selectProperties, unselectedClauses } from '../../harness/properties/select.js';
import { consoleReporter } from '../../reports/console.js';
import { jsonReporter } from '../../reports/json.js';
import { junitReporter } from '../../reports/junit.js';
import { htmlReporter } from '../../reports/html.js';
import { markdownReporter } from '../../reports/markdown.js';
import { awsCliReporter } from '../../reports/aws-cli.js';
import { applyBaseline, BaselineError, loadBaseline, updatedBaseline, writeBaseline, type LoadedBaseline } from '../../reports/baseline.js';
import { buildReport, failing, type RunInfo } from '../../reports/report.js';
import type { Reporter } from '../../reports/reporter.js';
import { EndpointError } from '../../harness/client/errors.js';
import { runPrefix } from '../../generators/prefix.js';
import { intFlag, parse } from '../args.js';
import { chooseEndpoint, chooseStsEndpoint, connectOptions, endpointFlags, settleTimeout, stsFlags, type CommandDeps } from '../common.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { prepareReportDir } from '../report-dir.js';
import { openTarget } from '../target-session.js';
import { TOOL } from '../version.js';

export const RUN_HELP = `Usage: iam-mfa-conformance run [options]

Runs the conformance properties against an endpoint and writes a report.
Without --endpoint-url it starts the embedded reference endpoint (a self-check).

  --endpoint-url URL        endpoint to test (AWS CLI flag; otherwise AWS_ENDPOINT_URL_IAM,
                            then AWS_ENDPOINT_URL, as in the AWS CLI)
  --target NAME             start an emulator: moto, ministack, localstack, fakecloud,
                            or container:IMAGE[:TAG][@PORT] (stopped on exit)
  --sts-endpoint-url URL    where STS is, for sign-ins (default: the same endpoint; with
                            an IAM endpoint from the variables, AWS_ENDPOINT_URL_STS, then
                            AWS_ENDPOINT_URL; AWS's regional STS beside AWS's IAM)
  --settle-timeout S        how long a witness waits for STS to follow IAM after Enable,
                            Resync or Deactivate before judging its answer as final
                            (default 20)
  --region R                signing region (default us-east-1)
  --profile P               credentials profile (standard chain otherwise); an unknown
                            profile is refused, as the AWS CLI does
  --no-verify-ssl           do not verify TLS certificates
  --cli-connect-timeout S   connect timeout in seconds (default 60, 0 = none)
  --cli-read-timeout S      read timeout in seconds (default 60, 0 = none)
  --debug                   print every HTTP exchange to stderr (secrets redacted)
  --quiet                   print only the summary, the divergence headlines and where
                            the reports are
  --seed N                  fast-check seed (default: random, printed)
  --num-runs N              generated cases per property (default 25)
  --report-dir DIR          where report files go (default ./conformance-report); checked
                            before anything starts
  --strict                  SHOULD divergences fail the run too
  --baseline FILE           known divergences (by signature) do not fail the run;
                            new ones do; fixed ones are reported
  --update-baseline         write this run's divergences to the --baseline FILE
  --concurrency N           properties run at once (default 1)
  --include LIST            only clauses, actions or properties (comma-separated)
  --exclude LIST            skip clauses, actions or properties (comma-separated)
  --max-duration S          stop generating new cases after S seconds
  --no-measure              skip the acceptance-window measurement

The first lines name the endpoint, the run prefix and the account: if the run is killed,
'iam-mfa-conformance cleanup --endpoint-url URL --prefix PREFIX --account ACCOUNT' removes
what it left (a finished or interrupted run cleans up after itself).
`;

export type RunDeps = CommandDeps;

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
  const seed = intFlag(values.seed, 'seed', randomInt(2 ** 31 - 1), -(2 ** 31), 2 ** 31 - 1);
  const numRuns = intFlag(values['num-runs'], 'num-runs', 25, 1, 100_000);
  const reportDir = resolve(values['report-dir'] ?? 'conformance-report');
  const strict = values.strict ?? false;
  const chosen = chooseEndpoint(values, deps.env, values.target);
  if (chosen !== undefined && values.target !== undefined) throw new UsageError('give either --target or --endpoint-url, not both');
  const endpointUrl = chosen?.url;
  const stsChosen = chooseStsEndpoint(values, deps.env, chosen);
  const settle = settleTimeout(values);
  const concurrency = intFlag(values.concurrency, 'concurrency', 1, 1, 64);
  const maxDuration = values['max-duration'] === undefined ? undefined : intFlag(values['max-duration'], 'max-duration', 0, 1, 86_400);
  const list = (v: string | undefined) => (v ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const include = list(values.include);
  const exclude = list(values.exclude);
  try {
    checkSelectors([...include, ...exclude], allProperties);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const selection = { include, exclude };
  const properties = selectProperties(allProperties, selection);
  if (properties.length === 0) throw new UsageError('--include/--exclude leave no property to run');
  connectOptions(values, endpointUrl ?? 'http://127.0.0.1'); // validate flags before starting anything
  const baselineFile = values.baseline === undefined ? undefined : resolve(values.baseline);
  const updateBaseline = values['update-baseline'] ?? false;
  if (updateBaseline && baselineFile === undefined) throw new UsageError('--update-baseline needs --baseline FILE (the file to write)');
  // A corrupt or wrong-version baseline must fail in a second, before any endpoint is started.
  let loaded: LoadedBaseline | undefined;
  if (baselineFile !== undefined) {
    try {
      loaded = await loadBaseline(baselineFile, { update: updateBaseline });
    } catch (e) {
      if (e instanceof BaselineError) throw new UsageError(e.message);
      throw e;
    }
    if (loaded.note) deps.write(`note: ${loaded.note}; it will be replaced`);
  }

  // A report that cannot be written would lose the verdict at the very end: find out now.
  const dir = prepareReportDir(reportDir);
  let wrote = false;

  if (endpointUrl === undefined && values.target === undefined && deps.env['CI'] === 'true') {
    deps.write('warning: no --endpoint-url given in CI: this run is a self-check of the embedded reference endpoint; nothing external was tested.');
  }
  const quiet = values.quiet ?? false;
  const reporters: Reporter[] = [
    consoleReporter({ write: deps.write, ...(deps.writeErr ? { writeDebug: deps.writeErr } : {}), tty: Boolean(process.stderr.isTTY), debug: values.debug ?? false, strict, quiet }),
    jsonReporter,
    junitReporter(),
    htmlReporter(),
    markdownReporter(),
    awsCliReporter(),
  ];
  const emit = (e: EngineEvent) => reporters.forEach((r) => r.onEvent?.(e));

  const startedAt = new Date();
  if (chosen !== undefined && chosen.source !== '--endpoint-url') deps.write(`iam-mfa-conformance: endpoint ${chosen.url} from ${chosen.source} (as the AWS CLI reads it; --endpoint-url overrides it)`);
  let opened;
  try {
    opened = await openTarget(values, endpointUrl, emit, values.target, { concurrency, seed, ...(stsChosen ? { sts: stsChosen } : {}) });
  } catch (e) {
    dir.discardIfEmpty();
    throw e;
  }
  const { handle, session, runId, calibration: cal } = opened;
  const run: RunInfo = { prefix: runPrefix(runId), account: cal.account, accountFrom: opened.accountFrom };
  for (const line of runLines(handle, run)) deps.write(line);
  if (opened.sts.url !== handle.endpoint || opened.sts.source !== undefined) deps.write(`  sign-ins (STS) at ${opened.sts.url}${opened.sts.source !== undefined ? ` from ${opened.sts.source}` : ''}`);
  try {
    const result = await runEngine(session, {
      seed,
      numRuns,
      runId,
      properties,
      emit,
      concurrency,
      selection,
      ...(maxDuration !== undefined ? { deadline: Date.now() + maxDuration * 1000 } : {}),
      measure: !(values['no-measure'] || include.length > 0),
      settleTimeout: settle,
      initialState: emptyState(cal.account, cal.partition),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    // A target this run launched is gone afterwards: the replay launches its own.
    const endpointArg = values.target !== undefined ? ` --target ${values.target}` : handle.selfCheck ? '' : ` --endpoint-url ${handle.endpoint}`;
    let report = buildReport(result, {
      tool: TOOL,
      target: { endpoint: handle.endpoint, kind: handle.kind, selfCheck: handle.selfCheck, ...(handle.version ? { version: handle.version } : {}), ...(values.target !== undefined && values.target !== 'reference' ? { name: values.target } : {}) },
      run,
      seed,
      numRuns,
      startedAt,
      requests: session.requests,
      replayCommand: (id) => `npx iam-mfa-conformance replay ${reportDir}/report.json --id ${id}${endpointArg}`,
      strict,
      unselected: unselectedClauses(selection, properties, result.exercised),
    });
    let written: number | undefined;
    if (baselineFile !== undefined && updateBaseline) {
      // An interrupted run saw too little to drop anything from the baseline.
      const updated = updatedBaseline(report, loaded?.baseline, baselineFile);
      if (result.stopReason === 'interrupted') {
        deps.write(`baseline ${baselineFile} left unchanged: the run was interrupted`);
        report = applyBaseline(report, loaded?.baseline, baselineFile);
      } else {
        await writeBaseline(baselineFile, updated.baseline);
        report = updated.report;
        written = updated.baseline.entries.length;
      }
    } else if (baselineFile !== undefined) {
      report = applyBaseline(report, loaded?.baseline, baselineFile);
    }
    for (const r of reporters) await r.finish?.(report, reportDir);
    wrote = true;
    const scripts = !handle.selfCheck && report.divergences.length > 0 ? `; one AWS CLI script per divergence in ${reportDir}/aws-cli/` : '';
    deps.write(`report: ${reportDir}/report.json (also junit.xml, report.html, report.md${scripts})`);
    if (written !== undefined) deps.write(`baseline written: ${baselineFile} (${written} signature(s))`);
    if (result.stopReason === 'interrupted') {
      deps.write('interrupted: created resources were cleaned up; the report covers what ran (partial).');
      return EXIT.interrupted;
    }
    if (result.stopReason === 'max-duration') deps.write('stopped at --max-duration: the report covers what ran (partial).');
    if (result.judged === 0 && result.unjudged.length > 0) {
      // Every answer was an AccessDenied about the caller (digest §7 [AUTH]): the report says
      // so, and nothing in it is a verdict about the endpoint.
      throw new EndpointError('not-judged', `nothing could be judged: ${result.unjudged[0]?.reason ?? 'every request was refused'}; use credentials allowed to call the IAM MFA actions`);
    }
    return failing(report, strict).length > 0 ? EXIT.divergences : EXIT.ok;
  } finally {
    await opened.close();
    if (!wrote) dir.discardIfEmpty();
  }
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

