import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { processTarget, type ProcessSpec } from './process.js';
import type { Target } from './target.js';
import { REPOSITORY_CLONE } from './repository.js';

const run = promisify(execFile);

/** The install scripts live in the repository, not in the npm package: say where to run them. */
const FROM_CLONE = `in ${REPOSITORY_CLONE}:`;
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

async function healthVersion(url: string): Promise<string | undefined> {
  const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
  const body = (await r.json()) as { version?: string };
  return body.version;
}

/** ministack and LocalStack take the account from a 12-digit access key id: one account per run. */
const accountCredentials = () => ({ accessKeyId: String(100_000_000_000 + randomInt(899_999_999_999)), secretAccessKey: 'test' });

const MINISTACK: ProcessSpec = {
  kind: 'ministack',
  command: `${EMULATOR_CACHE}/venv-ministack/bin/ministack`,
  args: [],
  env: { GATEWAY_PORT: '{port}', BIND_HOST: '127.0.0.1', SERVICES: 'iam,sts' },
  readyPath: '/_ministack/health',
  readyTimeoutMs: 60_000,
  install: `${FROM_CLONE} bash scripts/install-emulators.sh ministack`,
  version: (endpoint) => emulatorVersion('ministack', endpoint),
  resetPath: '/_ministack/reset',
  credentials: accountCredentials,
};

const LOCALSTACK: ProcessSpec = {
  kind: 'localstack',
  command: `${EMULATOR_CACHE}/venv-localstack/bin/python`,
  args: ['-m', 'localstack.runtime.main'],
  // Host mode: hypercorn honours the host in GATEWAY_LISTEN (twisted binds 0.0.0.0); this
  // machine looks like a container to LocalStack, so its files are kept in the cache; no DNS
  // server, no calls home.
  env: {
    GATEWAY_LISTEN: '127.0.0.1:{port}',
    GATEWAY_SERVER: 'hypercorn',
    SERVICES: 'iam,sts',
    EAGER_SERVICE_LOADING: '1',
    OVERRIDE_IN_DOCKER: '0',
    FILESYSTEM_ROOT: `${EMULATOR_CACHE}/localstack-fs`,
    DNS_ADDRESS: '0',
    DISABLE_EVENTS: '1',
    SKIP_SSL_CERT_DOWNLOAD: '1',
  },
  readyPath: '/_localstack/health',
  readyBody: /"iam":\s*"(running|available)"/,
  readyTimeoutMs: 120_000,
  stopGraceSeconds: 25,
  install: `${FROM_CLONE} bash scripts/install-emulators.sh localstack`,
  version: (endpoint) => emulatorVersion('localstack', endpoint),
  credentials: accountCredentials,
};

const FAKECLOUD: ProcessSpec = {
  kind: 'fakecloud',
  command: `${EMULATOR_CACHE}/fakecloud/bin/fakecloud`,
  args: ['--addr', '127.0.0.1:{port}'],
  readyPath: '/_fakecloud/health',
  readyTimeoutMs: 60_000,
  install: `${FROM_CLONE} bash scripts/install-emulators.sh fakecloud`,
  version: (endpoint) => emulatorVersion('fakecloud', endpoint),
  resetPath: '/_reset',
};

export const EMULATORS: Record<string, ProcessSpec> = { moto: MOTO, ministack: MINISTACK, localstack: LOCALSTACK, fakecloud: FAKECLOUD };

/** The version an emulator reports about itself, for reports and the compatibility matrix. */
export async function emulatorVersion(kind: string, endpoint: string): Promise<string | undefined> {
  switch (kind) {
    case 'ministack':
      return healthVersion(`${endpoint}/_ministack/health`).then((v) => (v ? `ministack ${v}` : undefined));
    case 'localstack':
      return healthVersion(`${endpoint}/_localstack/health`).then((v) => (v ? `localstack ${v}` : undefined));
    case 'fakecloud':
      return healthVersion(`${endpoint}/_fakecloud/health`).then((v) => (v ? `fakecloud ${v}` : undefined));
    default:
      return undefined;
  }
}

export function emulatorTarget(name: string): Target | undefined {
  const spec = EMULATORS[name];
  return spec ? processTarget(spec) : undefined;
}
