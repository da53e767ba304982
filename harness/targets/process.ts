import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { EndpointError } from '../client/errors.js';
import type { Target, TargetHandle } from './target.js';

export interface ProcessSpec {
  readonly kind: string;
  /** Command and arguments; `{port}` is replaced by the chosen port. */
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Path polled until it answers (any HTTP status, or a body matching `readyBody`). */
  readonly readyPath: string;
  readonly readyBody?: RegExp;
  /** Seconds between SIGTERM and SIGKILL (LocalStack takes its time). */
  readonly stopGraceSeconds?: number;
  readonly readyTimeoutMs: number;
  /** How to install it, named in the exit-3 message when the command is missing. */
  readonly install: string;
  /** Reset all state; only ever called on an emulator this tool launched itself. */
  readonly resetPath?: string;
  readonly version?: (endpoint: string) => Promise<string | undefined>;
  /** Per-run isolation headers (e.g. moto's account header). */
  readonly headers?: () => Record<string, string>;
  /** Per-run credentials, where the emulator takes the account from the access key id. */
  readonly credentials?: () => { accessKeyId: string; secretAccessKey: string };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function answers(url: string, body?: RegExp): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
    const text = await r.text();
    return body === undefined || body.test(text);
  } catch {
    return false;
  }
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Children die with us, even on an uncaught error or Ctrl-C.
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

/** An emulator started as a local process on a free loopback port, stopped on exit. */
export function processTarget(spec: ProcessSpec): Target {
  return {
    kind: spec.kind,
    async start(): Promise<TargetHandle> {
      const port = await freePort();
      const sub = (s: string) => s.replaceAll('{port}', String(port));
      const child = spawn(sub(spec.command), spec.args.map(sub), {
        env: { ...process.env, ...Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, sub(v)])) },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: false,
      });
      killAllOnExit();
      live.add(child);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-2000);
      });
      const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const endpoint = `http://127.0.0.1:${port}`;
      const stop = async () => {
        live.delete(child);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), (spec.stopGraceSeconds ?? 5) * 1000);
          await exited;
          clearTimeout(t);
        }
      };
      const deadline = Date.now() + spec.readyTimeoutMs;
      for (;;) {
        const failed = await Promise.race([spawnError, exited.then((c) => c), new Promise<'wait'>((r) => setTimeout(() => r('wait'), 250))]);
        if (failed instanceof Error) {
          live.delete(child);
          throw new EndpointError('unreachable', `${spec.kind} is not installed (${spec.command}: ${(failed as NodeJS.ErrnoException).code ?? failed.message}); install it with: ${spec.install}`);
        }
        if (failed !== 'wait') {
          live.delete(child);
          throw new EndpointError('unreachable', `${spec.kind} exited during start-up (code ${failed}): ${stderr.trim().split('\n').pop() ?? ''}`);
        }
        if (await answers(endpoint + spec.readyPath, spec.readyBody)) break;
        if (Date.now() > deadline) {
          await stop();
          throw new EndpointError('timeout', `${spec.kind} did not answer on ${endpoint}${spec.readyPath} within ${spec.readyTimeoutMs / 1000} s`);
        }
      }
      if (spec.resetPath) await fetch(endpoint + spec.resetPath, { method: 'POST' }).catch(() => undefined);
      const version = await spec.version?.(endpoint).catch(() => undefined);
      const headers = spec.headers?.();
      const credentials = spec.credentials?.();
      return { endpoint, kind: spec.kind, selfCheck: false, ...(version ? { version } : {}), ...(headers ? { headers } : {}), ...(credentials ? { credentials } : {}), stop };
    },
  };
}
