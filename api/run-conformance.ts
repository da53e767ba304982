import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { emptyState } from '../specs/index.js';
import { runPrefix } from '../generators/prefix.js';
import { EndpointError } from '../harness/client/errors.js';
import { runEngine } from '../harness/engine.js';
import type { EngineEvent } from '../harness/events.js';
import { allProperties } from '../harness/properties/index.js';
import { checkSelectors, selectProperties, unselectedClauses, type Selection } from '../harness/properties/select.js';
import type { Session } from '../harness/session.js';
import { DEFAULT_SETTLE_TIMEOUT_SECONDS } from '../harness/settle.js';
import type { Target } from '../harness/targets/target.js';
import { awsCliReporter } from '../reports/aws-cli.js';
import { applyBaseline, BaselineError, loadBaseline, updatedBaseline, writeBaseline, type LoadedBaseline } from '../reports/baseline.js';
import { htmlReporter } from '../reports/html.js';
import { jsonReporter } from '../reports/json.js';
import { junitReporter } from '../reports/junit.js';
import { markdownReporter } from '../reports/markdown.js';
import { buildReport, failing, type Report, type RunInfo } from '../reports/report.js';
import { redactDeep } from '../reports/redact.js';
import type { Reporter } from '../reports/reporter.js';
import { checkInt, checkUrl, connectOptionsFor, type ConnectionOptions } from './connection.js';
import { OptionsError } from './errors.js';
import type { ConformanceEvent, ConformanceListener } from './events.js';
import { EXIT } from './exit-codes.js';
import { openTarget } from './open-target.js';
import { prepareReportDir } from './report-dir.js';
import { TOOL } from './version.js';

/** Everything `iam-mfa-conformance run` takes, as typed options (README "Use from code"). */
export interface RunConformanceOptions extends ConnectionOptions {
  /** The endpoint to test; without it (and without `target`) the embedded reference endpoint (a self-check). */
  readonly endpointUrl?: string;
  /** An emulator to launch and stop (`moto`, `ministack`, `localstack`, `fakecloud`, `container:IMAGE[:TAG][@PORT]`, `reference`), or a Target of your own. */
  readonly target?: string | Target;
  /** Where STS is, for sign-ins (default: the same endpoint; AWS's regional STS beside AWS's IAM). */
  readonly stsEndpointUrl?: string;
  /** Seconds a witness waits for STS to follow IAM before judging an answer as final (default 20). */
  readonly settleTimeout?: number;
  /** fast-check seed (default: random; the report records it). */
  readonly seed?: number;
  /** Generated cases per property (default 25). */
  readonly numRuns?: number;
  /** Only these clauses, actions or properties. */
  readonly include?: readonly string[];
  /** Skip these clauses, actions or properties. */
  readonly exclude?: readonly string[];
  /** SHOULD divergences fail the run too. */
  readonly strict?: boolean;
  /** A baseline file: known divergences do not fail the run; new ones do; fixed ones are reported. */
  readonly baseline?: string;
  /** Write this run's divergences to the `baseline` file. */
  readonly updateBaseline?: boolean;
  /** Properties run at once (default 1). */
  readonly concurrency?: number;
  /** Stop generating new cases after this many seconds. */
  readonly maxDurationSeconds?: number;
  /** Measure the acceptance window and code clock after the properties (default true; never with `include`). */
  readonly measure?: boolean;
  /** Where report.json, junit.xml, report.html, report.md and the AWS CLI scripts go; none written without it. */
  readonly reportDir?: string;
  /** Told every event as it happens. */
  readonly listener?: ConformanceListener;
  /** Reporters of your own: each gets every event, then the finished report (before the report files are written). */
  readonly reporters?: readonly Reporter[];
  /** Abort to stop early: created resources are cleaned up and a partial report is returned (stopReason `interrupted`). */
  readonly signal?: AbortSignal;
}

/**
 * What the project's own callers (the CLI, the planted-fault runs, the soak, the benchmark)
 * set besides the public options; not exported from the package root.
 */
export interface RunInternals {
  /** A fixed run id, so that the same seed sends the same names (planted-fault runs). */
  readonly runId?: string;
  /** Stop at the first divergence of this level (planted-fault runs). */
  readonly stopAtFirst?: 'MUST' | 'ANY';
  /** Who made the report. */
  readonly tool?: { readonly name: string; readonly version: string };
  /** What said where STS is (a flag or variable), for the run's first lines. */
  readonly stsSource?: string;
  /** Environment for the profile check and region default (tests pass their own). */
  readonly env?: NodeJS.ProcessEnv;
  /** Called once the options are checked, before the target starts. */
  readonly beforeOpen?: () => void;
  /** The connected session, before any request (the benchmark times its waits; the soak reads its clock). */
  readonly onSession?: (session: Session) => void;
}

/** The options, checked: every mistake is an OptionsError before anything is started. */
interface Checked {
  readonly seed: number;
  readonly numRuns: number;
  readonly concurrency: number;
  readonly settleTimeout: number;
  readonly deadline?: number;
  readonly selection: Selection;
  readonly properties: ReturnType<typeof selectProperties>;
  readonly endpointUrl?: string;
  readonly stsEndpointUrl?: string;
  readonly reportDir?: string;
  readonly baselineFile?: string;
}

function check(o: RunConformanceOptions, env: NodeJS.ProcessEnv): Checked {
  const include = [...(o.include ?? [])];
  const exclude = [...(o.exclude ?? [])];
  try {
    checkSelectors([...include, ...exclude], allProperties);
  } catch (e) {
    throw new OptionsError((e as Error).message);
  }
  const selection = { include, exclude };
  const properties = selectProperties(allProperties, selection);
  if (properties.length === 0) throw new OptionsError('--include/--exclude leave no property to run');
  if (o.endpointUrl !== undefined && o.target !== undefined) throw new OptionsError('give either --target or --endpoint-url, not both');
  const endpointUrl = o.endpointUrl === undefined ? undefined : checkUrl(o.endpointUrl, 'endpointUrl');
  connectOptionsFor(o, endpointUrl ?? 'http://127.0.0.1', env);
  if (o.updateBaseline && o.baseline === undefined) throw new OptionsError('--update-baseline needs --baseline FILE (the file to write)');
  const maxDuration = o.maxDurationSeconds === undefined ? undefined : checkInt(o.maxDurationSeconds, 'maxDurationSeconds', 1, 86_400);
  return {
    seed: o.seed === undefined ? randomInt(2 ** 31 - 1) : checkInt(o.seed, 'seed', -(2 ** 31), 2 ** 31 - 1),
    numRuns: checkInt(o.numRuns ?? 25, 'numRuns', 1, 100_000),
    concurrency: checkInt(o.concurrency ?? 1, 'concurrency', 1, 64),
    settleTimeout: checkInt(o.settleTimeout ?? DEFAULT_SETTLE_TIMEOUT_SECONDS, 'settleTimeout', 0, 600),
    ...(maxDuration !== undefined ? { deadline: Date.now() + maxDuration * 1000 } : {}),
    selection,
    properties,
    ...(endpointUrl !== undefined ? { endpointUrl } : {}),
    ...(o.stsEndpointUrl !== undefined ? { stsEndpointUrl: checkUrl(o.stsEndpointUrl, 'stsEndpointUrl') } : {}),
    ...(o.reportDir !== undefined ? { reportDir: resolve(o.reportDir) } : {}),
    ...(o.baseline !== undefined ? { baselineFile: resolve(o.baseline) } : {}),
  };
}

/** A corrupt or wrong-version baseline must fail in a second, before any endpoint is started. */
async function loadChecked(file: string | undefined, update: boolean, tell: (e: ConformanceEvent) => void): Promise<LoadedBaseline | undefined> {
  if (file === undefined) return undefined;
  let loaded: LoadedBaseline;
  try {
    loaded = await loadBaseline(file, { update });
  } catch (e) {
    if (e instanceof BaselineError) throw new OptionsError(e.message);
    throw e;
  }
  if (loaded.note) tell({ type: 'notice', message: `note: ${loaded.note}; it will be replaced` });
  return loaded;
}

/** The report files every run writes into its report directory. */
const fileReporters = (): Reporter[] => [jsonReporter, junitReporter(), htmlReporter(), markdownReporter(), awsCliReporter()];

/**
 * One conformance run: checks the options, starts (or points at) the target, calibrates,
 * runs the properties, builds the report, applies or updates the baseline, writes the report
 * files, and stops what it started, on every path. Resolves to the report, redacted as
 * report.json is (the object it serialises); rejects with an OptionsError for bad options and an EndpointError
 * when the endpoint could not be judged (the report files, if any, are written first).
 */
export async function runConformance(options: RunConformanceOptions = {}, internals: RunInternals = {}): Promise<Report> {
  const env = internals.env ?? process.env;
  const c = check(options, env);
  const strict = options.strict ?? false;
  const reporters: Reporter[] = [...(options.reporters ?? []), ...(c.reportDir !== undefined ? fileReporters() : [])];
  const tell = (e: ConformanceEvent) => {
    options.listener?.(e);
  };
  const emit = (e: EngineEvent) => {
    for (const r of reporters) r.onEvent?.(e);
    tell(e);
  };
  const loaded = await loadChecked(c.baselineFile, options.updateBaseline ?? false, tell);
  // A report that cannot be written would lose the verdict at the very end: find out now.
  const dir = c.reportDir !== undefined ? prepareReportDir(c.reportDir) : undefined;
  let wrote = false;
  internals.beforeOpen?.();

  const startedAt = new Date();
  const sts = c.stsEndpointUrl !== undefined ? { sts: { url: c.stsEndpointUrl, source: internals.stsSource ?? 'stsEndpointUrl' } } : {};
  let opened;
  try {
    opened = await openTarget(options, c.endpointUrl, emit, options.target, { concurrency: c.concurrency, seed: c.seed, ...sts, ...(internals.runId !== undefined ? { runId: internals.runId } : {}) });
  } catch (e) {
    dir?.discardIfEmpty();
    throw e;
  }
  const { handle, session, runId, calibration: cal } = opened;
  const run: RunInfo = { prefix: runPrefix(runId), account: cal.account, accountFrom: opened.accountFrom };
  tell({ type: 'target-opened', endpoint: handle.endpoint, kind: handle.kind, selfCheck: handle.selfCheck, run, sts: opened.sts });
  internals.onSession?.(session);
  try {
    const result = await runEngine(session, {
      seed: c.seed,
      numRuns: c.numRuns,
      runId,
      properties: c.properties,
      emit,
      concurrency: c.concurrency,
      selection: c.selection,
      ...(c.deadline !== undefined ? { deadline: c.deadline } : {}),
      ...(internals.stopAtFirst ? { stopAtFirst: internals.stopAtFirst } : {}),
      measure: (options.measure ?? true) && c.selection.include.length === 0,
      settleTimeout: c.settleTimeout,
      initialState: emptyState(cal.account, cal.partition),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const targetName = typeof options.target === 'string' ? options.target : undefined;
    // A target this run launched is gone afterwards: the replay launches its own.
    const endpointArg = targetName !== undefined ? ` --target ${targetName}` : handle.selfCheck ? '' : ` --endpoint-url ${handle.endpoint}`;
    const reportFile = c.reportDir !== undefined ? `${c.reportDir}/report.json` : 'report.json';
    let report = buildReport(result, {
      tool: internals.tool ?? TOOL,
      target: { endpoint: handle.endpoint, kind: handle.kind, selfCheck: handle.selfCheck, ...(handle.version ? { version: handle.version } : {}), ...(targetName !== undefined && targetName !== 'reference' ? { name: targetName } : {}) },
      run,
      seed: c.seed,
      numRuns: c.numRuns,
      startedAt,
      requests: session.requests,
      replayCommand: (id) => `npx iam-mfa-conformance replay ${reportFile} --id ${id}${endpointArg}`,
      strict,
      unselected: unselectedClauses(c.selection, c.properties, result.exercised),
    });
    let baselineWritten: { file: string; signatures: number } | undefined;
    if (c.baselineFile !== undefined && options.updateBaseline) {
      // An interrupted run saw too little to drop anything from the baseline.
      const updated = updatedBaseline(report, loaded?.baseline, c.baselineFile);
      if (result.stopReason === 'interrupted') {
        tell({ type: 'notice', message: `baseline ${c.baselineFile} left unchanged: the run was interrupted` });
        report = applyBaseline(report, loaded?.baseline, c.baselineFile);
      } else {
        await writeBaseline(c.baselineFile, updated.baseline);
        report = updated.report;
        baselineWritten = { file: c.baselineFile, signatures: updated.baseline.entries.length };
      }
    } else if (c.baselineFile !== undefined) {
      report = applyBaseline(report, loaded?.baseline, c.baselineFile);
    }
    for (const r of reporters) await r.finish?.(report, c.reportDir ?? '');
    wrote = true;
    tell({ type: 'report-written', report: redactDeep(report), ...(c.reportDir !== undefined ? { reportDir: c.reportDir } : {}), ...(baselineWritten ? { baselineWritten } : {}) });
    if (result.stopReason !== 'interrupted' && result.judged === 0 && result.unjudged.length > 0) {
      // Every answer was an AccessDenied about the caller (digest §7 [AUTH]): the report says
      // so, and nothing in it is a verdict about the endpoint.
      throw new EndpointError('not-judged', `nothing could be judged: ${result.unjudged[0]?.reason ?? 'every request was refused'}; use credentials allowed to call the IAM MFA actions`);
    }
    // Redacted as report.json is: seeds, QR codes and keys never leave the run, even in memory.
    return redactDeep(report);
  } finally {
    await opened.close();
    if (!wrote) dir?.discardIfEmpty();
  }
}

/** The CLI's exit code for a finished run: 130 interrupted, 1 failing divergences, 0 otherwise. */
export function exitCodeOf(report: Report): number {
  if (report.stopReason === 'interrupted') return EXIT.interrupted;
  return failing(report, report.strict ?? false).length > 0 ? EXIT.divergences : EXIT.ok;
}
