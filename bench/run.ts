/**
 * `npm run bench`: what the harness costs and how fast it catches things, written to
 * bench/results.md with the machine described. Every ratio is measured within one invocation,
 * on the same machine state; absolute numbers move with the machine's load, which is recorded.
 *
 *   --latency-ms N     delay the stand-in emulator adds to each answer (default 5)
 *   --num-runs N       cases per property for the measured engine run (default 10)
 *   --jobs N           parallel runs for the catalogue (default 1)
 *   --skip-catalogue   leave out (b)
 *   --skip-moto        leave out the moto half of (c)
 *   --skip-startup     leave out (d), the CLI's start-up against a bare node
 *   --skip-size        leave out (e), the installed production size
 *   --out FILE         default bench/results.md
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../harness/targets/process.js';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ActionName } from '../specs/index.js';
import { exitCodeOf, runConformance } from '../api/run-conformance.js';
import { DUMMY_CREDENTIALS } from '../harness/client/credentials.js';
import { Transport } from '../harness/client/transport.js';
import { FAULTS } from '../instruments/faults/index.js';
import { bytesUnder, packAndInstall } from '../scripts/packed-install.js';
import { startup } from './startup.js';
import { DEFAULT_NUM_RUNS, DEFAULT_SEED, runAll, summary } from '../scripts/mutants.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = DEFAULT_SEED;

const s = (n: number) => `${(n / 1000).toFixed(1)} s`;
const rate = (requests: number, wallMs: number) => (requests * 1000) / wallMs;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function machine(): string[] {
  const model = /model name\s*:\s*(.*)/.exec(safeRead('/proc/cpuinfo'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return [
    `- CPU: ${model}, nproc ${cpus().length}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; kernel ${release()}`,
    `- node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min)`,
  ];
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The stand-in emulator: the reference in its own process, with a fixed delay per answer. */
async function startLatencyServer(delayMs: number): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(here, 'latency-server.ts'), [String(delayMs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.once('message', (m: { url: string }) => resolveUrl(m.url));
    child.once('exit', (code) => reject(new Error(`latency server exited with ${code}`)));
  });
  return { url, stop: () => child.disconnect() };
}

/**
 * The plain loop: the same transport the harness uses, one request at a time, no model, no
 * judging. A cycle that leaves nothing behind, so the endpoint's state stays small.
 */
async function plainLoop(endpoint: string, requests: number, headers?: Record<string, string>): Promise<{ requests: number; wallMs: number; cpuMs: number }> {
  const transport = new Transport({ endpoint, region: 'us-east-1', credentials: DUMMY_CREDENTIALS, connectTimeoutMs: 60_000, readTimeoutMs: 60_000, verifySsl: true, ...(headers ? { headers } : {}) });
  const tag = `bench${randomInt(1e6)}`;
  const cycle = (i: number): Array<[ActionName, Array<[string, string]>]> => [
    ['CreateUser', [['UserName', `${tag}u${i}`]]],
    ['CreateVirtualMFADevice', [['VirtualMFADeviceName', `${tag}d${i}`]]],
    ['ListMFADevices', [['UserName', `${tag}u${i}`]]],
    ['ListVirtualMFADevices', [['AssignmentStatus', 'Unassigned']]],
    ['GetUser', [['UserName', `${tag}missing`]]],
    ['DeleteUser', [['UserName', `${tag}u${i}`]]],
  ];
  const serials: string[] = [];
  let sent = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; sent < requests; i++) {
    for (const [action, pairs] of cycle(i)) {
      const { raw } = await transport.send(action, pairs);
      sent++;
      if (action === 'CreateVirtualMFADevice') {
        const serial = /<SerialNumber>([^<]+)</.exec(Buffer.from(raw.body).toString('utf8'))?.[1];
        if (serial) serials.push(serial);
      }
    }
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // Devices are removed after the clock stops: the harness's cleanup is counted, this is not.
  for (const serial of serials) await transport.send('DeleteVirtualMFADevice', [['SerialNumber', serial]]);
  transport.destroy();
  return { requests: sent, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** One engine run, as `run` does it (no report files), with the process's CPU time and the step waits measured. */
async function engineRun(endpoint: string, numRuns: number): Promise<{ requests: number; wallMs: number; cpuMs: number; waitMs: number; cases: number; divergences: number }> {
  let waitMs = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await runConformance(
    { endpointUrl: endpoint, seed: SEED, numRuns, measure: false },
    {
      onSession: (session) => {
        const sleep = session.sleepUntilSafeStep.bind(session);
        session.sleepUntilSafeStep = async () => {
          const t = performance.now();
          await sleep();
          waitMs += performance.now() - t;
        };
      },
    },
  );
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { requests: report.summary.requests, wallMs, cpuMs: (used.user + used.system) / 1000, waitMs, cases: report.summary.cases, divergences: report.divergences.length };
}

/** A default `run`, timed, with its report files written as the CLI writes them; its report says how much it found. */
async function defaultRun(endpoint?: string): Promise<{ wallMs: number; exit: number; requests: number; must: number; should: number; notImplemented: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'imc-bench-'));
  try {
    const started = performance.now();
    const report = await runConformance({ seed: SEED, reportDir: dir, ...(endpoint ? { endpointUrl: endpoint } : {}) });
    const wallMs = performance.now() - started;
    return { wallMs, exit: exitCodeOf(report), ...report.summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startMoto(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return { url, child };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('moto_server did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'latency-ms': { type: 'string' },
      'num-runs': { type: 'string' },
      jobs: { type: 'string' },
      'skip-catalogue': { type: 'boolean' },
      'skip-moto': { type: 'boolean' },
      'skip-startup': { type: 'boolean' },
      'skip-size': { type: 'boolean' },
      out: { type: 'string' },
    },
  });
  const latency = Number(values['latency-ms'] ?? '5');
  const numRuns = Number(values['num-runs'] ?? String(DEFAULT_NUM_RUNS));
  const jobs = Number(values.jobs ?? '1');
  const out = resolve(values.out ?? join(here, 'results.md'));
  const md: string[] = ['# Benchmark', '', `${new Date().toISOString()}, \`npm run bench\` (seed ${SEED})`, '', '## Machine', '', ...machine(), ''];

  // (a) The harness's own cost, against a stand-in emulator with a fixed latency.
  log(`(a) harness cost against the reference with ${latency} ms added per answer`);
  const server = await startLatencyServer(latency);
  let a: { loopBefore: Awaited<ReturnType<typeof plainLoop>>; engine: Awaited<ReturnType<typeof engineRun>>; loopAfter: Awaited<ReturnType<typeof plainLoop>> };
  try {
    await plainLoop(server.url, 300); // warm-up: JIT, sockets, SDK lazy loading
    const loopBefore = await plainLoop(server.url, 600);
    log(`  plain loop: ${loopBefore.requests} requests in ${s(loopBefore.wallMs)}`);
    const engine = await engineRun(server.url, numRuns);
    log(`  engine: ${engine.requests} requests in ${s(engine.wallMs)}`);
    const loopAfter = await plainLoop(server.url, 600);
    log(`  plain loop: ${loopAfter.requests} requests in ${s(loopAfter.wallMs)}`);
    a = { loopBefore, engine, loopAfter };
  } finally {
    server.stop();
  }
  const loopRate = (rate(a.loopBefore.requests, a.loopBefore.wallMs) + rate(a.loopAfter.requests, a.loopAfter.wallMs)) / 2;
  const engineRate = rate(a.engine.requests, a.engine.wallMs);
  const engineRateNoWaits = rate(a.engine.requests, a.engine.wallMs - a.engine.waitMs);
  const loopCpu = (a.loopBefore.cpuMs + a.loopAfter.cpuMs) / (a.loopBefore.requests + a.loopAfter.requests);
  const ratio = engineRate / loopRate;
  md.push(
    `## (a) The harness's own cost`,
    '',
    `Against the reference endpoint in a separate process, answering every request ${latency} ms after it arrived (a stand-in for an emulator), concurrency 1 on both sides. CPU time is this process's only (harness, SDK, model, judging), never the endpoint's.`,
    '',
    '| | requests | wall | requests/s | CPU per request |',
    '|---|---|---|---|---|',
    `| plain loop (same transport, no model), before | ${a.loopBefore.requests} | ${s(a.loopBefore.wallMs)} | ${rate(a.loopBefore.requests, a.loopBefore.wallMs).toFixed(1)} | ${(a.loopBefore.cpuMs / a.loopBefore.requests).toFixed(2)} ms |`,
    `| engine run (--num-runs ${numRuns}, ${a.engine.cases} cases, all properties) | ${a.engine.requests} | ${s(a.engine.wallMs)} | ${engineRate.toFixed(1)} | ${(a.engine.cpuMs / a.engine.requests).toFixed(2)} ms |`,
    `| plain loop, after | ${a.loopAfter.requests} | ${s(a.loopAfter.wallMs)} | ${rate(a.loopAfter.requests, a.loopAfter.wallMs).toFixed(1)} | ${(a.loopAfter.cpuMs / a.loopAfter.requests).toFixed(2)} ms |`,
    '',
    `- **throughput ratio engine / plain loop: ${ratio.toFixed(2)}** (target ≥ 0.7)`,
    `- of the engine's wall time, ${s(a.engine.waitMs)} (${((a.engine.waitMs / a.engine.wallMs) * 100).toFixed(0)} %) is spent waiting for a safe TOTP step before sending codes; without those waits the ratio would be ${(engineRateNoWaits / loopRate).toFixed(2)}`,
    `- the harness's own CPU per request beyond the plain loop: ${(a.engine.cpuMs / a.engine.requests - loopCpu).toFixed(2)} ms (generation, model, judging, cleanup bookkeeping)`,
    `- divergences found on the clean reference: ${a.engine.divergences}`,
    '',
  );

  // (b) The whole catalogue of planted faults, as `npm run mutants` runs it.
  if (!values['skip-catalogue']) {
    log(`(b) catalogue: ${FAULTS.length} faults, ${jobs} job(s)`);
    const started = performance.now();
    const rows = await runAll(
      FAULTS.map((f) => f.id),
      { seed: SEED, numRuns: DEFAULT_NUM_RUNS, jobs, onRow: (r) => log(`  ${r.id}: ${r.verdict} (${s(r.ms)})`) },
    );
    const wall = performance.now() - started;
    const caught = rows.filter((r) => r.verdict === 'caught');
    const slowest = [...caught].sort((x, y) => y.ms - x.ms)[0];
    const median = [...caught].map((r) => r.ms).sort((x, y) => x - y)[Math.floor(caught.length / 2)] ?? 0;
    md.push(
      '## (b) Time to catch the whole catalogue',
      '',
      `${FAULTS.length} faults, seed ${SEED}, --num-runs ${DEFAULT_NUM_RUNS}, each run stopping at its first divergence of the fault's level, ${jobs} job(s):`,
      '',
      `- **${s(wall)} wall** for the whole catalogue; ${caught.length}/${rows.length} caught`,
      `- per caught fault: median ${s(median)}, slowest ${slowest ? `${slowest.id} ${s(slowest.ms)} (${slowest.requests} requests)` : '-'}`,
      `- missed (each a full run): ${rows.filter((r) => r.verdict !== 'caught').map((r) => `${r.id} ${s(r.ms)}`).join(', ') || 'none'}`,
      '',
      '```',
      summary(rows, wall).text,
      '```',
      '',
    );
  }

  // (c) Default runs, as a user types them.
  log('(c) default run against the reference');
  const ref = await defaultRun();
  md.push('## (c) Default run wall time', '', '`iam-mfa-conformance run --seed 8` (default --num-runs 25):', '', '| target | wall | requests | requests/s | exit | MUST / SHOULD / not implemented |', '|---|---|---|---|---|---|');
  md.push(`| embedded reference | ${s(ref.wallMs)} | ${ref.requests} | ${rate(ref.requests, ref.wallMs).toFixed(0)} | ${ref.exit} | ${ref.must} / ${ref.should} / ${ref.notImplemented} |`);
  if (!values['skip-moto']) {
    log('(c) moto');
    const moto = await startMoto();
    try {
      const run = await defaultRun(moto.url);
      md.push(`| moto_server (started here) | ${s(run.wallMs)} | ${run.requests} | ${rate(run.requests, run.wallMs).toFixed(0)} | ${run.exit} | ${run.must} / ${run.should} / ${run.notImplemented} |`);
      const loop = await plainLoop(moto.url, 600, { 'x-moto-account-id': String(100_000_000_000 + randomInt(899_999_999_999)) });
      md.push('', `moto's own plain-loop rate (same transport and request mix as (a), concurrency 1): **${rate(loop.requests, loop.wallMs).toFixed(0)} requests/s** (${loop.requests} requests in ${s(loop.wallMs)}), so the default run reaches ${((rate(run.requests, run.wallMs) / rate(loop.requests, loop.wallMs)) * 100).toFixed(0)} % of what moto serves to a bare client.`);
    } finally {
      moto.child.kill('SIGTERM');
    }
  }
  // (d) Start-up, as a ratio to a bare node: what the compiled, lazily loading CLI costs.
  if (!values['skip-startup']) {
    log('(d) start-up against node -e 0');
    const reportDir = mkdtempSync(join(tmpdir(), 'imc-bench-startup-'));
    try {
      const rows = [
        startup('`clauses`', ['clauses'], 9),
        startup('`run --seed 1 --num-runs 5` against the embedded reference', ['run', '--seed', '1', '--num-runs', '5', '--report-dir', reportDir], 3),
      ];
      md.push(
        '',
        '## (d) Start-up against a bare node',
        '',
        'Whole processes (`node bin/iam-mfa-conformance.js ...`), each paired with a `node -e 0` started right after it; the ratio is the median of the pairs\' ratios.',
        '',
        '| command | pairs | median wall | `node -e 0` median wall | ratio |',
        '|---|---|---|---|---|',
        ...rows.map((r) => `| ${r.label} | ${r.runs} | ${(r.medianMs / 1000).toFixed(2)} s | ${(r.bareMedianMs / 1000).toFixed(2)} s | **${r.ratio.toFixed(2)}** |`),
      );
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  }

  // (e) What a user installs: the packed tarball with its production dependencies.
  if (!values['skip-size']) {
    log('(e) installed production size (npm pack, npm install --omit=dev)');
    const base = mkdtempSync(join(tmpdir(), 'imc-bench-size-'));
    try {
      const packed = packAndInstall(base);
      const bytes = bytesUnder(join(packed.project, 'node_modules'));
      const own = bytesUnder(join(packed.project, 'node_modules', 'iam-mfa-conformance'));
      md.push(
        '',
        '## (e) Installed production size',
        '',
        `\`npm pack\`, then \`npm install --omit=dev\` of the tarball into an empty project: **${(bytes / 1e6).toFixed(1)} MB** of files in node_modules (the package itself ${(own / 1e6).toFixed(2)} MB, ${packed.files.length} files in the tarball of ${(statSync(packed.tarball).size / 1e3).toFixed(0)} kB).`,
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }
  md.push('', `Load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' / ')}.`, '');
  writeFileSync(out, md.join('\n'));
  process.stdout.write(`${md.join('\n')}\n`);
  log(`written: ${out}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
