import { randomInt } from 'node:crypto';
import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import { EndpointError } from '../client/errors.js';
import { firstLine, localImageId, pingEngine, removeContainer, removeContainersSync, resolveEngine, type Engine } from './container-engine.js';
import type { Target, TargetHandle } from './target.js';
import { REPOSITORY_CLONE } from './repository.js';

/** What `--target container:IMAGE[:TAG][@PORT]` names. */
export interface ContainerSpec {
  /** What the engine is asked for: always with a tag or a digest. */
  readonly image: string;
  /** Repository path without registry host or tag, e.g. `motoserver/moto`: presets key on it. */
  readonly repository: string;
  readonly tag?: string;
  readonly port?: number;
}

export interface ContainerPreset {
  readonly name: string;
  readonly port: number;
  readonly readyPath: string;
  /** The health path must answer 2xx; otherwise any HTTP answer means the server is up. */
  readonly readyOk: boolean;
  readonly readyTimeoutMs: number;
  readonly localstack?: true;
  /** Built on this machine, never on a registry: pulling is pointless. */
  readonly localOnly?: true;
  /** Reset all state; only ever sent to a container this tool launched itself. */
  readonly resetPath?: string;
  readonly headers?: () => Record<string, string>;
  /** Reads the server's own version from its health answer. */
  readonly versionOf?: (body: string) => string | undefined;
  readonly missingHint?: string;
  readonly env?: () => Record<string, string>;
}

/** The script lives in the repository, not in the npm package. */
const BUILD_MOTO = `bash scripts/build-moto-image.sh (in ${REPOSITORY_CLONE})`;

const MOTO: ContainerPreset = {
  name: 'moto',
  port: 5000,
  readyPath: '/moto-api/',
  readyOk: true,
  readyTimeoutMs: 60_000,
  resetPath: '/moto-api/reset',
  // moto keeps one state per account: a random account per run isolates it, as for the process target.
  headers: () => ({ 'x-moto-account-id': String(100_000_000_000 + randomInt(899_999_999_999)) }),
  missingHint: `with no registry, ${BUILD_MOTO} builds iam-mfa-conformance/moto:<host moto version> to use instead`,
};

const jsonVersion = (name: string) => (body: string) => {
  try {
    const v = (JSON.parse(body) as { version?: unknown }).version;
    return typeof v === 'string' && v ? `${name} ${v}` : undefined;
  } catch {
    return undefined;
  }
};

const LOCALSTACK: ContainerPreset = {
  name: 'localstack',
  port: 4566,
  readyPath: '/_localstack/health',
  readyOk: true,
  // LocalstackContainer's own figure: a cold LocalStack takes tens of seconds.
  readyTimeoutMs: 120_000,
  localstack: true,
  versionOf: jsonVersion('localstack'),
  // LocalStack images from 2026.03 on refuse to start without a token; pass the caller's through.
  env: () => (process.env['LOCALSTACK_AUTH_TOKEN'] ? { LOCALSTACK_AUTH_TOKEN: process.env['LOCALSTACK_AUTH_TOKEN'] } : {}),
};

const PRESETS: Record<string, ContainerPreset> = {
  'motoserver/moto': MOTO,
  'iam-mfa-conformance/moto': { ...MOTO, localOnly: true, missingHint: `build it with: ${BUILD_MOTO}` },
  'localstack/localstack': LOCALSTACK,
  'localstack/localstack-pro': LOCALSTACK,
  'ministackorg/ministack': {
    name: 'ministack',
    port: 4566,
    // ministack serves /_ministack/health once its ASGI app is up (ministack/app.py, _HEALTH_PATHS).
    readyPath: '/_ministack/health',
    readyOk: true,
    readyTimeoutMs: 60_000,
    versionOf: jsonVersion('ministack'),
  },
};

/** An image without a preset: the port it serves on must be guessed, and any answer will do. */
const GENERIC: ContainerPreset = { name: 'container', port: 4566, readyPath: '/', readyOk: false, readyTimeoutMs: 120_000 };

export class ContainerSpecError extends Error {}

/** Parses `IMAGE[:TAG][@PORT]` (the part after `container:`). */
export function parseContainerSpec(text: string): ContainerSpec {
  let rest = text.trim();
  let port: number | undefined;
  // A digest (`@sha256:...`) never ends in digits only after its '@', so the two cannot be confused.
  const portMatch = /^(.*)@(\d+)$/.exec(rest);
  if (portMatch?.[1] !== undefined && portMatch[2] !== undefined) {
    port = Number(portMatch[2]);
    if (port < 1 || port > 65_535) throw new ContainerSpecError(`container port ${portMatch[2]} is out of range (1-65535)`);
    rest = portMatch[1];
  }
  if (!/^[A-Za-z0-9][\w.\-/:@]*$/.test(rest) || rest.includes('//')) throw new ContainerSpecError(`'container:${text}' does not name an image (container:IMAGE[:TAG][@PORT])`);
  const at = rest.indexOf('@');
  const name = at < 0 ? rest : rest.slice(0, at);
  const digest = at < 0 ? undefined : rest.slice(at + 1);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const path = colon > slash ? name.slice(0, colon) : name;
  const parts = path.split('/');
  // Docker's rule: a first component with a dot or a port, or 'localhost', is a registry host.
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) parts.shift();
  if (parts.length === 0 || parts.some((p) => p === '') || tag === '') throw new ContainerSpecError(`'container:${text}' does not name an image (container:IMAGE[:TAG][@PORT])`);
  const image = digest !== undefined ? rest : `${path}:${tag ?? 'latest'}`;
  return { image, repository: parts.join('/').replace(/^library\//, ''), ...(tag !== undefined ? { tag } : {}), ...(port !== undefined ? { port } : {}) };
}

export function presetFor(spec: ContainerSpec): ContainerPreset {
  const preset = PRESETS[spec.repository] ?? GENERIC;
  return spec.port === undefined ? preset : { ...preset, port: spec.port };
}

// ---- containers we started, removed however the process ends ------------------------------

const live = new Map<string, Engine>();
let exitHookInstalled = false;

function reapAllSync(): void {
  const byEngine = new Map<Engine, string[]>();
  for (const [id, engine] of live) byEngine.set(engine, [...(byEngine.get(engine) ?? []), id]);
  live.clear();
  for (const [engine, ids] of byEngine) removeContainersSync(engine, ids);
}

/**
 * signal-exit (brought in by testcontainers' lock files) keeps a listener on every signal
 * that only acts when nobody else listens. Counted the way signal-exit counts itself (its v3
 * and v4 keep their count on a process/global property), so that it and we do not each wait
 * for the other and swallow Ctrl-C.
 */
function passiveListeners(): number {
  const v3 = (process as { __signal_exit_emitter__?: { count?: unknown } }).__signal_exit_emitter__?.count;
  const v4 = (globalThis as Record<symbol, { count?: unknown } | undefined>)[Symbol.for('signal-exit emitter')]?.count;
  return (typeof v3 === 'number' ? v3 : 0) + (typeof v4 === 'number' ? v4 : 0);
}

/**
 * The CLI turns the first Ctrl-C into an orderly stop that ends in handle.stop(), so a first
 * signal that someone else handles is left to them. A second one, or a first one nobody else
 * handles, means "now": remove the containers, then let the signal kill us as it would have.
 * Prepended, so a `once` listener has not removed itself yet when we count.
 */
let signalsSeen = 0;
function onSignal(signal: NodeJS.Signals): void {
  signalsSeen += 1;
  const others = process.listenerCount(signal) - 1 - passiveListeners();
  if (signalsSeen === 1 && others > 0) return;
  reapAllSync();
  untrackSignals();
  process.kill(process.pid, signal);
}

function trackSignals(): void {
  if (process.listeners('SIGINT').includes(onSignal)) return;
  process.prependListener('SIGINT', onSignal);
  process.prependListener('SIGTERM', onSignal);
}

function untrackSignals(): void {
  signalsSeen = 0;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

function track(id: string, engine: Engine): void {
  live.set(id, engine);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // An uncaught error or process.exit() skips every finally: the containers still go.
    process.once('exit', reapAllSync);
  }
  // Without a listener of ours, a lone signal handler (or none) would decide alone.
  trackSignals();
}

function untrack(id: string): void {
  live.delete(id);
  // A listener of ours left behind would swallow Ctrl-C for a process with no containers.
  if (live.size === 0) untrackSignals();
}

/** Ids of containers this process started and has not removed yet. */
export function liveContainers(): string[] {
  return [...live.keys()];
}

// ---- the target -------------------------------------------------------------------------

/** Lets anyone (tests, a janitor job) tell whose containers these are with `docker ps --filter label=`. */
export const OWNER_LABEL = 'iam-mfa-conformance.owner-pid';

/**
 * Set before testcontainers first resolves its engine. The reaper (ryuk) is an image that
 * has to be pulled; we remove our containers ourselves. In a container (/.dockerenv) with a
 * local socket, testcontainers would reach mapped ports through the bridge gateway; loopback
 * is the address that works wherever the engine is local (and the only one allowed on CI).
 */
function testcontainersDefaults(engine: Engine): void {
  process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
  if (engine.local) process.env['TESTCONTAINERS_HOST_OVERRIDE'] ??= '127.0.0.1';
}

async function ensureImage(engine: Engine, spec: ContainerSpec, preset: ContainerPreset): Promise<string> {
  const present = await localImageId(engine, spec.image);
  if (present !== undefined) return present;
  const hint = preset.missingHint ? `; ${preset.missingHint}` : '';
  if (preset.localOnly) throw new EndpointError('unreachable', `image ${spec.image} is not in the Docker engine at ${engine.uri}; ${preset.missingHint ?? `docker pull ${spec.image}`}`);
  let why = 'not found after the pull';
  try {
    // testcontainers' pull, for its registry credentials (~/.docker/config.json, credential helpers).
    const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    await client.image.pull(ImageName.fromString(spec.image));
  } catch (e) {
    // dockerode prefixes the engine's message with its own "(HTTP code 500) server error - ".
    why = firstLine((e as Error).message ?? String(e)).replace(/^\(HTTP code \d+\)[^-]*-\s*/, '');
  }
  const pulled = await localImageId(engine, spec.image);
  if (pulled !== undefined) return pulled;
  throw new EndpointError('unreachable', `image ${spec.image} is not in the Docker engine and could not be pulled (${why}); run: docker pull ${spec.image}${hint}`);
}

type ContainerClass = new (image: string) => GenericContainer;

/**
 * Two things GenericContainer has no option for: knowing the container id as soon as it
 * exists (so Ctrl-C during a slow start still removes it), and publishing the port on
 * loopback only (an emulator accepts any credentials: it should not face the network).
 */
function tracked(Base: ContainerClass, engine: Engine, onCreated: (id: string) => void) {
  return class extends Base {
    loopbackOnly(): this {
      const bindings = this.hostConfig.PortBindings ?? {};
      for (const key of Object.keys(bindings)) bindings[key] = (bindings[key] ?? []).map((b: { HostPort?: string }) => ({ ...b, HostIp: '127.0.0.1' }));
      this.hostConfig.PortBindings = bindings;
      return this;
    }
    protected override async containerCreated(id: string): Promise<void> {
      track(id, engine);
      onCreated(id);
    }
  };
}

function startFailure(image: string, preset: ContainerPreset, e: unknown): EndpointError {
  const message = (e as Error)?.message ?? String(e);
  if (/exited during|log stream ended/i.test(message)) {
    // testcontainers puts the container's last log lines after its own preamble: the last one usually says why.
    const lines = message.replace(/^.*?last \d+ logs:\s*/s, '').split('\n').map((l) => l.trim()).filter(Boolean);
    return new EndpointError('unreachable', `container ${image} exited during start-up${lines.length ? `; last log line: ${lines.at(-1)?.slice(0, 300)}` : ''}`);
  }
  if (/not accessible after|not received after|timed? ?out/i.test(message)) {
    return new EndpointError('timeout', `container ${image} did not answer GET ${preset.readyPath} on its port ${preset.port} within ${preset.readyTimeoutMs / 1000} s${preset.name === 'container' ? ' (give its port: container:IMAGE:TAG@PORT)' : ''}`);
  }
  return new EndpointError('unreachable', `container ${image} could not be started: ${firstLine(message)}`);
}

/** `--target container:IMAGE[:TAG][@PORT]`: the image run by testcontainers, removed on stop and on exit. */
export function containerTarget(text: string): Target {
  const spec = parseContainerSpec(text);
  const preset = presetFor(spec);
  return {
    kind: 'container',
    async start(): Promise<TargetHandle> {
      const engine = resolveEngine();
      await pingEngine(engine);
      testcontainersDefaults(engine);
      const imageId = await ensureImage(engine, spec, preset);

      const tc = await import('testcontainers');
      const Base: ContainerClass = preset.localstack ? (await import('@testcontainers/localstack')).LocalstackContainer : tc.GenericContainer;
      let createdId: string | undefined;
      const Tracked = tracked(Base, engine, (id) => (createdId = id));
      const ready = tc.Wait.forHttp(preset.readyPath, preset.port, { abortOnContainerExit: true });
      if (!preset.readyOk) ready.forStatusCodeMatching(() => true);
      let container = new Tracked(spec.image)
        .withExposedPorts(preset.port)
        .withLabels({ [OWNER_LABEL]: String(process.pid) })
        .withEnvironment(preset.env?.() ?? {})
        // LocalstackContainer already waits for its "Ready" log line; the health path must answer too.
        .withWaitStrategy(preset.localstack ? tc.Wait.forAll([tc.Wait.forLogMessage('Ready', 1), ready]) : ready)
        .withStartupTimeout(preset.readyTimeoutMs);
      if (engine.local) container = container.loopbackOnly();

      let started: StartedTestContainer;
      try {
        started = await container.start();
      } catch (e) {
        // testcontainers removes a container that failed its wait, but not one that failed later.
        if (createdId !== undefined) {
          untrack(createdId);
          await removeContainer(engine, createdId).catch(() => undefined);
        }
        throw startFailure(spec.image, preset, e);
      }
      const id = started.getId();
      const host = started.getHost();
      const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${started.getMappedPort(preset.port)}`;
      let stopped = false;
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        try {
          await started.stop({ timeout: 0, remove: true, removeVolumes: true });
        } catch {
          // The engine may have lost it already; make sure, by id, that nothing is left.
          await removeContainer(engine, id).catch(() => undefined);
        } finally {
          untrack(id);
        }
      };
      try {
        if (preset.resetPath) await fetch(endpoint + preset.resetPath, { method: 'POST', signal: AbortSignal.timeout(10_000) }).then((r) => r.arrayBuffer());
        let server: string | undefined;
        if (preset.versionOf) {
          const r = await fetch(endpoint + preset.readyPath, { signal: AbortSignal.timeout(5000) });
          server = preset.versionOf(await r.text());
        }
        const version = [server, `image ${spec.image} (${imageId.replace(/^sha256:/, '').slice(0, 12)})`].filter(Boolean).join(', ');
        const headers = preset.headers?.();
        return { endpoint, kind: 'container', selfCheck: false, version, ...(headers ? { headers } : {}), stop };
      } catch (e) {
        await stop();
        throw new EndpointError('unreachable', `container ${spec.image} answered its health check, then failed: ${firstLine((e as Error).message)}`);
      }
    },
  };
}
