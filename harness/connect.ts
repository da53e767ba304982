import { resolveCredentials } from './client/credentials.js';
import { EndpointError } from './client/errors.js';
import { Transport } from './client/transport.js';
import type { Listener } from './events.js';
import { Session } from './session.js';

export interface ConnectOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly profile?: string;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly verifySsl: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  readonly debug: boolean;
  readonly concurrency?: number;
  /** Set by a target that isolates runs by account; otherwise the standard chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Where STS is served (sign-in); the endpoint itself when absent. */
  readonly stsEndpoint?: string;
}

/** Credentials, transport and session for one endpoint; no request is sent yet. */
export async function connect(options: ConnectOptions, emit: Listener): Promise<{ session: Session; close: () => void }> {
  const credentials = options.credentials ?? (await resolveCredentials(options.endpoint, options.profile));
  if (!credentials) throw new EndpointError('credentials', `no AWS credentials found for ${options.endpoint}; configure the standard chain or pass --profile`);
  const transport = new Transport({
    endpoint: options.endpoint,
    region: options.region,
    credentials,
    connectTimeoutMs: options.connectTimeoutMs,
    readTimeoutMs: options.readTimeoutMs,
    verifySsl: options.verifySsl,
    ...(options.headers ? { headers: options.headers } : {}),
    maxSockets: Math.max(4, (options.concurrency ?? 1) * 2),
    ...(options.stsEndpoint !== undefined ? { stsEndpoint: options.stsEndpoint } : {}),
  });
  return { session: new Session(transport, emit, { debug: options.debug }), close: () => transport.destroy() };
}
