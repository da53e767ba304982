import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createHash, createHmac } from 'node:crypto';
import * as iam from '@aws-sdk/client-iam';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ActionName } from '../../specs/index.js';
import { API_VERSION, serviceOf } from '../../specs/index.js';
import { encodeForm, type WirePairs } from '../protocol/form.js';
import type { RawResponse } from '../protocol/observation.js';
import type { Credentials } from './credentials.js';
import { asEndpointError } from './errors.js';
import { StsTransport } from './sts.js';

export interface TransportOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: Credentials;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly verifySsl: boolean;
  /** Extra headers on every request (e.g. moto's per-run account header). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly maxSockets?: number;
  /** Where STS is served (sign-in, digest §8); the IAM endpoint when absent. */
  readonly stsEndpoint?: string;
}

/** Which client put a request on the wire: reports say so, since the SDK re-encodes values. */
export type Via = 'sdk' | 'raw';

export interface Sent {
  readonly via: Via;
  readonly raw: RawResponse;
}

function toBytes(d: Uint8Array | string | ArrayBuffer | ArrayBufferView): Uint8Array | string {
  if (typeof d === 'string' || d instanceof Uint8Array) return d;
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

// The SDK's notice about future Node versions is not about the endpoint under test; keep it out of reports.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

class NodeSha256 {
  private readonly h;
  constructor(secret?: Uint8Array | string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: Uint8Array | string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(Uint8Array.from(this.h.digest()));
  }
}

async function collect(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (body && typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
    return Uint8Array.from(Buffer.concat(chunks));
  }
  return new Uint8Array();
}

function lowerHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/**
 * Two ways onto the wire, one connection pool. The SDK path is what real clients send; the raw
 * path sends what the SDK cannot express (missing or repeated members, arbitrary bytes).
 * Neither retries: a retry could hide a 5xx or turn a 500 into a bogus EntityAlreadyExists.
 */
export class Transport {
  private readonly handler: NodeHttpHandler;
  private readonly client: iam.IAMClient;
  private readonly signer: SignatureV4;
  private readonly url: URL;
  private captured: RawResponse | undefined;
  private readonly sts: StsTransport;
  /** STS is served elsewhere than IAM: its Date headers may be another clock. */
  readonly stsSeparate: boolean;

  constructor(private readonly options: TransportOptions) {
    this.url = new URL(options.endpoint);
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
    this.handler = new NodeHttpHandler({
      connectionTimeout: options.connectTimeoutMs,
      requestTimeout: options.readTimeoutMs,
      throwOnRequestTimeout: true,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent({ ...agentOptions, rejectUnauthorized: options.verifySsl }),
    });
    const capture = {
      handle: async (request: HttpRequest, opts?: { abortSignal?: AbortSignal }) => {
        for (const [k, v] of Object.entries(options.headers ?? {})) request.headers[k] = v;
        const { response } = await this.handler.handle(request, opts ?? {});
        const body = await collect(response.body);
        response.body = body;
        this.captured = { status: response.statusCode, headers: lowerHeaders(response.headers), body };
        return { response };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    };
    this.client = new iam.IAMClient({
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
      maxAttempts: 1,
      requestHandler: capture as never,
    });
    this.signer = new SignatureV4({ service: 'iam', region: options.region, credentials: options.credentials, sha256: NodeSha256 });
    const stsEndpoint = options.stsEndpoint ?? options.endpoint;
    this.stsSeparate = stsEndpoint !== options.endpoint;
    this.sts = new StsTransport({
      endpoint: stsEndpoint,
      region: options.region,
      handler: this.handler,
      ...(options.headers ? { headers: options.headers } : {}),
      sha256: NodeSha256,
      collect,
      lowerHeaders,
    });
  }

  /** Whether the SDK can carry these pairs unchanged. */
  static sdkCanSend(pairs: WirePairs): boolean {
    const names = new Set<string>();
    for (const [k, v] of pairs) {
      if (names.has(k) || typeof v !== 'string' || /[\uD800-\uDFFF]/.test(v.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) return false;
      if (k === 'MaxItems' && !/^[1-9]\d{0,8}$/.test(v)) return false;
      names.add(k);
    }
    return true;
  }

  /**
   * One request. An STS action goes to the STS endpoint, signed with `signer` (the user's own
   * key, for a sign-in) or the run's credentials.
   */
  async send(action: ActionName, pairs: WirePairs, prefer: Via = 'sdk', signer?: Credentials): Promise<Sent> {
    if (serviceOf(action) === 'sts') return this.sendSts(action, pairs, prefer, signer ?? this.options.credentials);
    try {
      if (prefer === 'sdk' && Transport.sdkCanSend(pairs)) {
        const raw = await this.viaSdk(action, pairs);
        if (raw) return { via: 'sdk', raw };
      }
      return { via: 'raw', raw: await this.viaRaw(action, pairs) };
    } catch (e) {
      throw asEndpointError(e, this.options.endpoint) ?? e;
    }
  }

  private async sendSts(action: ActionName, pairs: WirePairs, prefer: Via, credentials: Credentials): Promise<Sent> {
    const endpoint = this.options.stsEndpoint ?? this.options.endpoint;
    try {
      if (prefer === 'sdk' && Transport.sdkCanSend(pairs) && pairs.every(([k, v]) => k !== 'DurationSeconds' || /^[1-9]\d{0,8}$/.test(String(v)))) {
        try {
          const raw = await this.sts.viaSdk(action, pairs, credentials);
          if (raw) return { via: 'sdk', raw };
        } catch (e) {
          const endpointError = asEndpointError(e, endpoint);
          if (endpointError) throw endpointError;
        }
      }
      return { via: 'raw', raw: await this.sts.viaRaw(action, pairs, credentials) };
    } catch (e) {
      throw asEndpointError(e, endpoint) ?? e;
    }
  }

  private async viaSdk(action: ActionName, pairs: WirePairs): Promise<RawResponse | undefined> {
    const input: Record<string, unknown> = {};
    for (const [k, v] of pairs) input[k] = k === 'MaxItems' ? Number(v) : v;
    const Command = (iam as unknown as Record<string, new (i: unknown) => iam.EnableMFADeviceCommand>)[`${action}Command`];
    if (!Command) return undefined;
    this.captured = undefined;
    try {
      await this.client.send(new Command(input));
    } catch (e) {
      // An error answer is still an answer; only a failure before any response is rethrown.
      if (!this.captured) {
        const endpointError = asEndpointError(e, this.options.endpoint);
        if (endpointError) throw endpointError;
        return undefined;
      }
    }
    return this.captured;
  }

  /** The whole request as a form body, exactly as given (plus Action and Version), signed. */
  async viaRaw(action: ActionName | string, pairs: WirePairs, extra: { omitVersion?: boolean } = {}): Promise<RawResponse> {
    const all: WirePairs = [['Action', action], ...(extra.omitVersion ? [] : ([['Version', API_VERSION]] as const)), ...pairs];
    const body = encodeForm(all);
    const port = this.url.port ? Number(this.url.port) : undefined;
    const request = new HttpRequest({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      ...(port !== undefined ? { port } : {}),
      path: this.url.pathname || '/',
      headers: {
        host: this.url.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        ...(this.options.headers ?? {}),
      },
      body,
    });
    const signed = (await this.signer.sign(request)) as HttpRequest;
    const { response } = await this.handler.handle(signed, {});
    const bytes = await collect(response.body);
    return { status: response.statusCode, headers: lowerHeaders(response.headers), body: bytes };
  }

  /** Raw request for an action outside the contract (no SDK command, no judgement). */
  async raw(action: string, pairs: WirePairs): Promise<RawResponse> {
    try {
      return await this.viaRaw(action, pairs);
    } catch (e) {
      throw asEndpointError(e, this.options.endpoint) ?? e;
    }
  }

  destroy(): void {
    this.sts.destroy();
    this.client.destroy();
    this.handler.destroy();
  }
}
