import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { emptyState } from '../../specs/index.js';
import { RUN_ID_LENGTH } from '../../generators/prefix.js';
import { calibrate } from '../../harness/calibrate.js';
import { connect } from '../../harness/connect.js';
import { runEngine } from '../../harness/engine.js';
import type { EngineEvent } from '../../harness/events.js';
import { allProperties } from '../../harness/properties/index.js';
import { referenceTarget } from '../../harness/targets/reference.js';
import type { Target } from '../../harness/targets/target.js';
import { urlTarget } from '../../harness/targets/url.js';
import { consoleReporter } from '../../reports/console.js';
import { jsonReporter } from '../../reports/json.js';
import { buildReport, failing } from '../../reports/report.js';
import type { Reporter } from '../../reports/reporter.js';
import { intFlag, parse } from '../args.js';
import { connectOptions, endpointFlags } from '../common.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { TOOL } from '../version.js';

export const RUN_HELP = `Usage: iam-mfa-conformance run [options]

Runs the conformance properties against an endpoint and writes a report.
Without --endpoint-url it starts the embedded reference endpoint (a self-check).

  --endpoint-url URL        endpoint to test (AWS CLI flag)
  --region R                signing region (default us-east-1)
  --profile P               credentials profile (standard chain otherwise)
  --no-verify-ssl           do not verify TLS certificates
  --cli-connect-timeout S   connect timeout in seconds (default 60, 0 = none)
  --cli-read-timeout S      read timeout in seconds (default 60, 0 = none)
  --debug                   print every HTTP exchange (secrets redacted)
  --seed N                  fast-check seed (default: random, printed)
  --num-runs N              generated cases per property (default 25)
  --report-dir DIR          where report files go (default ./conformance-report)
  --strict                  SHOULD divergences fail the run too
`;

export interface RunDeps {
  readonly write: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

function randomRunId(): string {
  let s = '';
  for (let i = 0; i < RUN_ID_LENGTH; i++) s += '0123456789abcdefghijklmnopqrstuvwxyz'[randomInt(36)];
  return s;
}

export async function runCommand(argv: string[], deps: RunDeps): Promise<number> {
  const { values } = parse(argv, {
    ...endpointFlags,
    seed: { type: 'string' },
    'num-runs': { type: 'string' },
    'report-dir': { type: 'string' },
    strict: { type: 'boolean' },
  });
  if (values.help) {
    deps.write(RUN_HELP);
    return EXIT.ok;
  }
  const seed = intFlag(values.seed, 'seed', randomInt(2 ** 31 - 1), -(2 ** 31), 2 ** 31 - 1);
  const numRuns = intFlag(values['num-runs'], 'num-runs', 25, 1, 100_000);
  const reportDir = resolve(values['report-dir'] ?? 'conformance-report');
  const strict = values.strict ?? false;
  const endpointUrl = values['endpoint-url'];
  if (endpointUrl !== undefined) connectOptions(values, endpointUrl); // validate flags before starting anything

  const target: Target = endpointUrl === undefined ? referenceTarget() : urlTarget(endpointUrl);
  if (endpointUrl === undefined && deps.env['CI'] === 'true') {
    deps.write('warning: no --endpoint-url given in CI: this run is a self-check of the embedded reference endpoint; nothing external was tested.');
  }
  const reporters: Reporter[] = [consoleReporter({ write: deps.write, tty: Boolean(process.stderr.isTTY), debug: values.debug ?? false, strict }), jsonReporter];
  const emit = (e: EngineEvent) => reporters.forEach((r) => r.onEvent?.(e));

  const handle = await target.start();
  const startedAt = new Date();
  const { session, close } = await connect({ ...connectOptions(values, handle.endpoint), ...(handle.headers ? { headers: handle.headers } : {}) }, emit);
  try {
    const runId = randomRunId();
    emit({ type: 'run-started', endpoint: handle.endpoint, selfCheck: handle.selfCheck, seed });
    const cal = await calibrate(session, `imc${runId}`, handle.endpoint);
    const result = await runEngine(session, {
      seed,
      numRuns,
      runId,
      properties: allProperties,
      emit,
      initialState: emptyState(cal.account, cal.partition),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const endpointArg = handle.selfCheck ? '' : ` --endpoint-url ${handle.endpoint}`;
    const report = buildReport(result, {
      tool: TOOL,
      target: { endpoint: handle.endpoint, kind: handle.kind, selfCheck: handle.selfCheck, ...(handle.version ? { version: handle.version } : {}) },
      seed,
      numRuns,
      startedAt,
      requests: session.requests,
      replayCommand: (id) => `npx iam-mfa-conformance replay ${reportDir}/report.json --id ${id}${endpointArg}`,
    });
    for (const r of reporters) await r.finish?.(report, reportDir);
    deps.write(`report: ${reportDir}/report.json`);
    return failing(report, strict).length > 0 ? EXIT.divergences : EXIT.ok;
  } finally {
    close();
    await handle.stop();
  }
}

export { UsageError };
