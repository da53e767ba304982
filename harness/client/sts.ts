import * as sts from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/core/protocols';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { SERVICES, type ActionName } from '../../specs/index.js';
import { encodeForm, type WirePairs } from '../protocol/form.js';
import type { RawResponse } from '../protocol/observation.js';
import type { Credentials } from './credentials.js';

/**
 * STS on the wire (digest §8): the sign-in is signed (SigV4, service `sts`) with the access key
 * of the user who signs in, so each key gets its own client; none retries (a retry would spend
 * a second code, or a verification of the device's budget). The SDK path is what real clients
 * send; the raw path carries what the SDK cannot (malformed or repeated members).
 */
export interface StsOptions {
  readonly endpoint: string;
  readonly region: string;
  /** The IAM transport's connection pool. */
  readonly handler: NodeHttpHandler;
  readonly headers?: Readonly<Record<string, string>>;
  readonly sha256: new (secret?: Uint8Array | string | ArrayBuffer | ArrayBufferView) => { update(d: Uint8Array | string | ArrayBuffer | ArrayBufferView): void; digest(): Promise<Uint8Array> };
  /** Reads a response body into bytes. */
  readonly collect: (body: unknown) => Promise<Uint8Array>;
  readonly lowerHeaders: (h: Record<string, string | string[] | undefined>) => Record<string, string>;
}

interface Client {
  client: sts.STSClient;
  /** The last answer this client received: one client per key, and one case per key at a time. */
  captured?: RawResponse | undefined;
}

export class StsTransport {
  private readonly clients = new Map<string, Client>();
  private readonly url: URL;

  constructor(private readonly options: StsOptions) {
    this.url = new URL(options.endpoint);
  }

  private clientFor(credentials: Credentials): Client {
    const key = `${credentials.accessKeyId}\u0000${credentials.secretAccessKey}`;
    let c = this.clients.get(key);
    if (c) return c;
    const { handler, headers, collect, lowerHeaders } = this.options;
    const entry = {} as Client;
    const capture = {
      handle: async (request: HttpRequest, opts?: { abortSignal?: AbortSignal }) => {
        for (const [k, v] of Object.entries(headers ?? {})) request.headers[k] = v;
        const { response } = await handler.handle(request, opts ?? {});
        const body = await collect(response.body);
        response.body = body;
        entry.captured = { status: response.statusCode, headers: lowerHeaders(response.headers), body };
        return { response };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    };
    entry.client = new sts.STSClient({ endpoint: this.options.endpoint, region: this.options.region, credentials, maxAttempts: 1, requestHandler: capture as never });
    this.clients.set(key, entry);
    return entry;
  }

  /** Through the SDK; undefined where it has no command for the action or failed before any answer. */
  async viaSdk(action: ActionName, pairs: WirePairs, credentials: Credentials): Promise<RawResponse | undefined> {
    const Command = (sts as unknown as Record<string, new (i: unknown) => sts.GetSessionTokenCommand>)[`${action}Command`];
    if (!Command) return undefined;
    const input: Record<string, unknown> = {};
    for (const [k, v] of pairs) input[k] = k === 'DurationSeconds' ? Number(v) : v;
    const c = this.clientFor(credentials);
    c.captured = undefined;
    try {
      await c.client.send(new Command(input));
    } catch (e) {
      if (!c.captured) throw e;
    }
    return c.captured;
  }

  /** The whole request as a form body, exactly as given (plus Action and Version), signed for `sts`. */
  async viaRaw(action: ActionName | string, pairs: WirePairs, credentials: Credentials): Promise<RawResponse> {
    const body = encodeForm([['Action', action], ['Version', SERVICES.sts.version], ...pairs]);
    const port = this.url.port ? Number(this.url.port) : undefined;
    const request = new HttpRequest({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      ...(port !== undefined ? { port } : {}),
      path: this.url.pathname || '/',
      headers: { host: this.url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...(this.options.headers ?? {}) },
      body,
    });
    const signer = new SignatureV4({ service: SERVICES.sts.signingName, region: this.options.region, credentials, sha256: this.options.sha256 });
    const signed = (await signer.sign(request)) as HttpRequest;
    const { response } = await this.options.handler.handle(signed, {});
    const bytes = await this.options.collect(response.body);
    return { status: response.statusCode, headers: this.options.lowerHeaders(response.headers), body: bytes };
  }

  destroy(): void {
    for (const c of this.clients.values()) c.client.destroy();
    this.clients.clear();
  }
}
