import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { processTarget, type ProcessSpec } from './process.js';
import type { Target } from './target.js';

const run = promisify(execFile);

/** Where scripts/install-emulators.sh puts what it installs; a fresh clone finds it there. */
export const EMULATOR_CACHE = process.env['IMC_CACHE'] ?? '/var/cache/iam-mfa-conformance';

async function pythonVersion(python: string, module: string): Promise<string | undefined> {
  const { stdout } = await run(python, ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(module)}))`]);
  return stdout.trim() || undefined;
}

const MOTO: ProcessSpec = {
  kind: 'moto',
  command: process.env['IMC_MOTO_SERVER'] ?? 'moto_server',
  args: ['-H', '127.0.0.1', '-p', '{port}'],
  readyPath: '/moto-api/',
  readyTimeoutMs: 30_000,
  install: "pip install 'moto[server]'",
  resetPath: '/moto-api/reset',
  version: async () => pythonVersion(process.env['IMC_MOTO_PYTHON'] ?? 'python3', 'moto').then((v) => (v ? `moto ${v}` : undefined)),
  // moto keeps one state per account: a random account per run isolates it from anyone else.
  headers: () => ({ 'x-moto-account-id': String(100_000_000_000 + randomInt(899_999_999_999)) }),
};

export const EMULATORS: Record<string, ProcessSpec> = { moto: MOTO };

export function emulatorTarget(name: string): Target | undefined {
  const spec = EMULATORS[name];
  return spec ? processTarget(spec) : undefined;
}
