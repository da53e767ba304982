/**
 * Start-up cost of the CLI as a user meets it: whole processes, each paired with a bare
 * `node -e 0` started right after it, so that the ratio holds when the machine's speed drifts.
 * The median of the pairs' ratios is quoted, with the medians of the wall times.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../scripts/packed-install.js';

export interface Startup {
  readonly label: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly bareMedianMs: number;
  /** Median over the pairs of (command's wall / node -e 0's wall). */
  readonly ratio: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

function wallMs(args: readonly string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, CI: 'false' } });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`);
  return ms;
}

/** `node bin/iam-mfa-conformance.js ARGS` against `node -e 0`, `runs` pairs after one warm-up pair. */
export function startup(label: string, cliArgs: readonly string[], runs: number): Startup {
  const cli = [join(ROOT, 'bin/iam-mfa-conformance.js'), ...cliArgs];
  const bare = ['-e', '0'];
  wallMs(cli);
  wallMs(bare);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(wallMs(cli));
    b.push(wallMs(bare));
  }
  return { label, runs, medianMs: median(a), bareMedianMs: median(b), ratio: median(a.map((x, i) => x / (b[i] ?? x))) };
}
