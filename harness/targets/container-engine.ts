import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EndpointError } from '../client/errors.js';
import { REPOSITORY_CLONE } from './repository.js';

/**
 * The Docker engine, found the way testcontainers finds it (tc.host, then DOCKER_HOST or
 * docker.host, then the usual sockets). We talk to it ourselves for the few calls where
 * testcontainers will not do: it silently falls back from a dead DOCKER_HOST to
 * /var/run/docker.sock, it caches the first engine it found for the life of the process, and
 * a process that is exiting can only do synchronous work.
 */
export interface Engine {
  /** As a user would write it in DOCKER_HOST; named in messages. */
  readonly uri: string;
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  /** Directory with ca.pem, cert.pem, key.pem when the engine wants TLS. */
  readonly certPath?: string;
  /** The engine runs on this machine, so published ports can stay on loopback. */
  readonly local: boolean;
}

function testcontainersProperties(): Record<string, string> {
  const file = join(homedir(), '.testcontainers.properties');
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([^#!\s=:]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

function defaultSocket(env: NodeJS.ProcessEnv): string {
  const candidates = ['/var/run/docker.sock', env['XDG_RUNTIME_DIR'] && join(env['XDG_RUNTIME_DIR'], 'docker.sock'), join(homedir(), '.docker', 'run', 'docker.sock'), join(homedir(), '.docker', 'desktop', 'docker.sock')];
  const found = candidates.find((p): p is string => Boolean(p) && existsSync(p as string));
  return `unix://${found ?? '/var/run/docker.sock'}`;
}

export function resolveEngine(env: NodeJS.ProcessEnv = process.env): Engine {
  const props = testcontainersProperties();
  const uri = props['tc.host'] ?? env['DOCKER_HOST'] ?? props['docker.host'] ?? defaultSocket(env);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new EndpointError('unreachable', `no Docker engine reachable at ${uri} (not a URL); set DOCKER_HOST to e.g. unix:///var/run/docker.sock`);
  }
  if (url.protocol === 'unix:') return { uri, socketPath: url.pathname, local: true };
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const tls = (env['DOCKER_TLS_VERIFY'] ?? props['docker.tls.verify']) === '1' || url.protocol === 'https:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return {
      uri,
      host,
      port: url.port ? Number(url.port) : tls ? 2376 : 2375,
      ...(tls ? { certPath: env['DOCKER_CERT_PATH'] ?? props['docker.cert.path'] ?? join(homedir(), '.docker') } : {}),
      local: host === 'localhost' || host === '127.0.0.1' || host === '::1',
    };
  }
  throw new EndpointError('unreachable', `no Docker engine reachable at ${uri} (unsupported scheme ${url.protocol}); set DOCKER_HOST to a unix:// or tcp:// address`);
}

function connectOptions(engine: Engine): RequestOptions {
  if (engine.socketPath !== undefined) return { socketPath: engine.socketPath };
  const base: RequestOptions & { ca?: Buffer; cert?: Buffer; key?: Buffer } = { host: engine.host, port: engine.port };
  if (engine.certPath !== undefined) {
    base.ca = readFileSync(join(engine.certPath, 'ca.pem'));
    base.cert = readFileSync(join(engine.certPath, 'cert.pem'));
    base.key = readFileSync(join(engine.certPath, 'key.pem'));
  }
  return base;
}

export interface EngineAnswer {
  readonly status: number;
  readonly body: string;
}

/** One Docker Engine API call (unversioned paths: the daemon serves its own API version). */
export function engineRequest(engine: Engine, method: string, path: string, timeoutMs = 10_000): Promise<EngineAnswer> {
  return new Promise((resolve, reject) => {
    let options: RequestOptions;
    try {
      options = { ...connectOptions(engine), method, path, headers: { Host: 'docker' }, timeout: timeoutMs };
    } catch (e) {
      reject(e);
      return;
    }
    const req = (engine.certPath !== undefined ? httpsRequest : httpRequest)(options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 1_000_000) body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

/** Throws the exit-3 error when no engine answers where the configuration says one is. */
export async function pingEngine(engine: Engine): Promise<void> {
  let why: string;
  try {
    const r = await engineRequest(engine, 'GET', '/_ping', 5000);
    if (r.status === 200) return;
    why = `HTTP ${r.status}`;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    why = err.code ?? err.message;
  }
  throw new EndpointError('unreachable', `no Docker engine reachable at ${engine.uri} (${why}); start one (e.g. scripts/docker-engine.sh in ${REPOSITORY_CLONE}) or set DOCKER_HOST`);
}

/** The image's id when the engine has it, undefined when it does not. */
export async function localImageId(engine: Engine, ref: string): Promise<string | undefined> {
  const r = await engineRequest(engine, 'GET', `/images/${ref}/json`);
  if (r.status === 404) return undefined;
  if (r.status !== 200) throw new EndpointError('unreachable', `Docker engine at ${engine.uri} could not inspect image ${ref}: HTTP ${r.status} ${firstLine(r.body)}`);
  return (JSON.parse(r.body) as { Id?: string }).Id ?? '';
}

export async function removeContainer(engine: Engine, id: string): Promise<void> {
  const r = await engineRequest(engine, 'DELETE', `/containers/${id}?force=true&v=true`, 30_000);
  if (r.status !== 204 && r.status !== 404) throw new Error(`removing container ${id.slice(0, 12)}: HTTP ${r.status} ${firstLine(r.body)}`);
}

export function firstLine(s: string): string {
  let text = s.trim();
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof m === 'string') text = m;
  } catch {
    // not the engine's JSON error shape: take the text as it is
  }
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}

/**
 * Run in a child node with nothing from our environment: the 'exit' event allows no
 * asynchronous I/O, so the removal happens in a process we wait for synchronously.
 */
const REAP_JS = `
const cfg = JSON.parse(process.argv[1]);
const fs = require('node:fs'), path = require('node:path');
const tls = cfg.certPath !== undefined;
const lib = require(tls ? 'node:https' : 'node:http');
const base = cfg.socketPath !== undefined ? { socketPath: cfg.socketPath } : { host: cfg.host, port: cfg.port };
if (tls) for (const k of ['ca', 'cert', 'key']) base[k] = fs.readFileSync(path.join(cfg.certPath, k + '.pem'));
for (const id of cfg.ids) {
  const req = lib.request({ ...base, method: 'DELETE', path: '/containers/' + id + '?force=true&v=true', headers: { Host: 'docker' } }, (res) => res.resume());
  req.on('error', () => {});
  req.end();
}
`;

export function removeContainersSync(engine: Engine, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const { socketPath, host, port, certPath } = engine;
  spawnSync(process.execPath, ['-e', REAP_JS, JSON.stringify({ socketPath, host, port, certPath, ids })], { stdio: 'ignore', timeout: 15_000, env: {} });
}
