import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import {
  ACTIONS,
  API_VERSION,
  AWS_MESSAGES,
  AWS_OTHER_MESSAGES,
  DEFAULT_MAX_ITEMS,
  DEFAULT_SESSION_SECONDS,
  ERRORS,
  apply,
  emptyState,
  exactClock,
  isActionName,
  mfaDevicesFor,
  parseInt32,
  predict,
  serviceOf,
  userKey,
  AWS_STS_MESSAGES,
  validate,
  virtualDevicesFor,
  virtualSerial,
  type Allowed,
  type Clock,
  type DeviceRecord,
  type ModelState,
  type PredictionWithFacts,
  type Request,
  type Result,
} from '../../specs/index.js';
import { decodeForm } from '../protocol/form.js';
import { escapeXml, renderError, renderSuccess } from '../protocol/render.js';
import { defaultPolicy, type Policy } from './policy.js';
import { qrPng } from './qr.js';

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * Where planted faults plug in: beside the model, never inside it, so that the oracle the
 * harness uses stays the documented contract whatever the endpoint is made to do.
 */
export interface ReferenceHooks {
  /** Answers the request itself, bypassing the model (e.g. an unimplemented action). */
  intercept?(req: Request, state: ModelState, env: HookEnv): Answer | undefined;
  /** Replaces the outcome the policy chose. */
  choose?(prediction: PredictionWithFacts, req: Request, state: ModelState, chosen: Allowed, env: HookEnv): Allowed;
  /** Rewrites a success result. */
  result?(req: Request, result: Result | undefined, state: ModelState, env: HookEnv): Result | undefined;
  /** Rewrites the final answer. */
  answer?(req: Request, answer: Answer, env: HookEnv): Answer;
}

/**
 * What a hook may read of the endpoint it is planted in: its policy (a conformant variant's
 * window, messages, ...) and its code clock for this request, so that a fault behaves the same
 * way beside any variant.
 */
export interface HookEnv {
  readonly policy: Policy;
  readonly clock: Clock;
}

export interface ReferenceOptions {
  readonly account?: string;
  readonly policy?: Policy;
  readonly hooks?: ReferenceHooks;
  readonly pageSize?: number;
}

export interface ReferenceEndpoint {
  readonly url: string;
  readonly state: () => ModelState;
  close(): Promise<void>;
}

const httpDate = (epochSeconds: number): string => new Date(epochSeconds * 1000).toUTCString();
const iso = (epochSeconds: number): string => new Date(Math.floor(epochSeconds) * 1000).toISOString().replace('.000Z', 'Z');

/** The contract model served over HTTP in the awsQuery protocol. */
export class ReferenceService {
  private state: ModelState;
  private readonly policy: Policy;
  private readonly hooks: ReferenceHooks;
  private readonly pageSize: number;
  private readonly cursors = new Map<number, string[]>();
  private cursorCount = 0;
  /** Only the endpoint knows the seeds it issued; the model state keeps them too. */
  constructor(options: ReferenceOptions = {}) {
    this.state = emptyState(options.account ?? '123456789012');
    this.policy = options.policy ?? defaultPolicy();
    this.hooks = options.hooks ?? {};
    this.pageSize = options.pageSize ?? DEFAULT_MAX_ITEMS;
  }

  snapshot(): ModelState {
    return this.state;
  }

  /**
   * One request. `caller` is the access key id that signed it (any SigV4 signature is
   * accepted): a key this endpoint issued makes the request its user's (a sign-in, digest §8).
   */
  async handle(params: ReadonlyArray<[string, string]>, caller: { readonly accessKeyId?: string } = {}): Promise<Answer> {
    const now = this.policy.now();
    const requestId = this.policy.requestId();
    const headers = { 'content-type': 'text/xml', date: httpDate(now), 'x-amzn-requestid': requestId };
    const first = (name: string) => params.find(([k]) => k === name)?.[1];
    const action = first('Action');
    const service = action !== undefined && isActionName(action) ? serviceOf(action) : 'iam';
    const error = (code: string, message: string, status = 400, type = 'Sender'): Answer => ({
      status,
      headers,
      body: renderError(code, message, type, requestId, service),
    });
    if (action === undefined) return error('MissingAction', AWS_OTHER_MESSAGES.missingAction());
    // ListUsers and ListAccessKeys are outside the contract; the reference serves them so that `cleanup` can find leftovers.
    if (action === 'ListUsers') return { status: 200, headers, body: this.listUsers(requestId) };
    if (action === 'ListAccessKeys') return { status: 200, headers, body: this.listAccessKeys(requestId, first('UserName') ?? '') };
    if (!isActionName(action)) return error('InvalidAction', AWS_OTHER_MESSAGES.invalidAction(action, API_VERSION));

    const p: Record<string, string> = {};
    for (const spec of ACTIONS[action].params) {
      const v = first(spec.name);
      if (v !== undefined) p[spec.name] = v;
    }
    const signer = caller.accessKeyId !== undefined && this.state.keys.has(caller.accessKeyId) ? caller.accessKeyId : undefined;
    const req: Request = { action, params: p, ...(signer !== undefined ? { signer } : {}) };
    // Codes are judged on the endpoint's TOTP clock, which on AWS is the Date header's clock.
    const clock = exactClock(this.policy.codeNow());
    const env: HookEnv = { policy: this.policy, clock };
    const intercepted = this.hooks.intercept?.(req, this.state, env);
    if (intercepted) return intercepted;
    if (action === 'GetSessionToken' && this.budgetSpent(req, clock.lo)) {
      // Past the device's budget every code gets "unable to validate" (recorded on AWS).
      this.state = apply(this.state, req, { status: 403, code: 'AccessDenied' }, clock);
      return error('AccessDenied', AWS_STS_MESSAGES.unableToValidate(), 403);
    }

    // STS sees IAM as it was a moment ago (S3): a policy's settling time.
    const prediction = predict(this.state, req, clock, action === 'GetSessionToken' ? { lagSeconds: this.policy.stsSettleSeconds } : {});
    let chosen = this.policy.choose(prediction);
    if (this.hooks.choose) chosen = this.hooks.choose(prediction, req, this.state, chosen, env);

    let answer: Answer;
    if (chosen.status === 200 && chosen.code === null) {
      const listing = this.listingPage(req);
      if (listing === 'bad-marker') {
        answer = error('ValidationError', AWS_MESSAGES.invalidMarker());
      } else {
        const before = this.state;
        const issued = action === 'CreateAccessKey' ? this.policy.newAccessKey() : undefined;
        const facts = action === 'CreateVirtualMFADevice' ? this.newDeviceFacts(req) : issued ? { accessKeyId: issued.id } : listing?.marker !== undefined ? { marker: listing.marker } : {};
        this.state = apply(this.state, req, { status: 200, code: null }, clock, facts);
        let result = listing ?? (await this.resultOf(req, before, issued?.secret));
        if (this.hooks.result) result = this.hooks.result(req, result, this.state, env);
        answer = { status: 200, headers, body: renderSuccess(action, result, requestId) };
      }
    } else {
      answer = this.errorAnswer(req, chosen, error);
      // A refused sign-in still counts against the device (its verification budget).
      if (action === 'GetSessionToken') this.state = apply(this.state, req, { status: answer.status, code: chosen.code === '*' ? 'AccessDenied' : chosen.code }, clock);
    }
    return this.hooks.answer ? this.hooks.answer(req, answer, env) : answer;
  }

  /** Whether the serial's verifications in the current fixed window reached the policy's budget (none by default). */
  private budgetSpent(req: Request, now: number): boolean {
    const budget = this.policy.stsBudget;
    const serial = req.params['SerialNumber'];
    if (!budget || serial === undefined || req.params['TokenCode'] === undefined) return false;
    const start = Math.floor(now / budget.seconds) * budget.seconds;
    return (this.state.sts.get(serial)?.attempts ?? []).filter((t) => t >= start).length >= budget.verifications;
  }

  private listAccessKeys(requestId: string, userName: string): string {
    const members = [...this.state.keys.values()]
      .filter((k) => k.user === userKey(userName))
      .map((k) => `<member><UserName>${escapeXml(userName)}</UserName><AccessKeyId>${escapeXml(k.id)}</AccessKeyId><Status>Active</Status></member>`)
      .join('');
    return `<ListAccessKeysResponse><ListAccessKeysResult><AccessKeyMetadata>${members}</AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult><ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></ListAccessKeysResponse>`;
  }

  private errorAnswer(req: Request, chosen: Allowed, error: (c: string, m: string, s?: number, t?: string) => Answer): Answer {
    // A wildcard (any 4xx) is answered the way AWS most likely would: ValidationError for a
    // malformed request, NoSuchEntity for a well-formed one.
    const wildcard = chosen.code === '*' || chosen.code === null;
    const code = wildcard ? (validate(req.action, req.params).length > 0 ? 'ValidationError' : 'NoSuchEntity') : (chosen.code as string);
    const known = ERRORS[code as keyof typeof ERRORS];
    return error(code, this.policy.message(chosen, code, req), known?.status ?? 400, known?.type ?? 'Sender');
  }

  private listUsers(requestId: string): string {
    const members = [...this.state.users.values()]
      .map((u) => `<member><UserName>${escapeXml(u.name)}</UserName><Path>${escapeXml(u.path)}</Path></member>`)
      .join('');
    return `<ListUsersResponse><ListUsersResult><Users>${members}</Users><IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></ListUsersResponse>`;
  }

  private newDeviceFacts(req: Request) {
    const s = this.state;
    const serial = virtualSerial(s.partition, s.account ?? '000000000000', req.params['Path'] ?? '/', req.params['VirtualMFADeviceName'] ?? '');
    return { serial, seed: this.policy.newSeed() };
  }

  private userResult(state: ModelState, name: string) {
    const u = state.users.get(userKey(name));
    if (!u) return undefined;
    const id = `AIDA${createHash('sha256').update(u.name).digest('hex').slice(0, 17).toUpperCase()}`;
    return {
      path: u.path,
      userName: u.name,
      userId: id,
      arn: `arn:${state.partition}:iam::${state.account}:user${u.path}${u.name}`,
      createDate: iso(u.createdAt),
    };
  }

  private async resultOf(req: Request, before: ModelState, secret?: string): Promise<Result | undefined> {
    const p = req.params;
    switch (req.action) {
      case 'CreateAccessKey': {
        const added = [...this.state.keys.values()].find((k) => !before.keys.has(k.id));
        if (!added) return undefined;
        const user = this.state.users.get(added.user);
        return { accessKey: { userName: user?.name ?? p['UserName'] ?? '', accessKeyId: added.id, status: 'Active', ...(secret !== undefined ? { secretAccessKey: secret } : {}), createDate: iso(added.createdAt) } };
      }
      case 'GetSessionToken': {
        const c = this.policy.newSessionCredentials();
        const seconds = p['DurationSeconds'] !== undefined ? (parseInt32(p['DurationSeconds']) ?? DEFAULT_SESSION_SECONDS) : DEFAULT_SESSION_SECONDS;
        return { credentials: { accessKeyId: c.id, secretAccessKey: c.secret, sessionToken: c.token, expiration: iso(this.policy.now() + seconds) } };
      }
      case 'CreateUser':
      case 'GetUser': {
        const user = this.userResult(this.state, p['UserName'] ?? '');
        return user ? { user } : undefined;
      }
      case 'CreateVirtualMFADevice': {
        const added = [...this.state.devices.values()].find((d) => !before.devices.has(d.serial));
        if (!added?.seed) return undefined;
        const uri = `otpauth://totp/${encodeURIComponent(added.name)}@${this.state.account}?secret=${added.seed}`;
        return { virtualDevice: { serialNumber: added.serial, seed: added.seed, qrCodePng: await qrPng(uri) } };
      }
      default:
        return undefined;
    }
  }

  /** List answers are paged from the state; undefined for non-list actions. */
  private listingPage(req: Request): Result | 'bad-marker' | undefined {
    const p = req.params;
    let entries: DeviceRecord[];
    if (req.action === 'ListMFADevices') entries = mfaDevicesFor(this.state, p['UserName'] ?? '');
    else if (req.action === 'ListVirtualMFADevices') entries = virtualDevicesFor(this.state, p['AssignmentStatus']);
    else return undefined;
    // A Marker is a cursor over the listing as it was when its first page was asked for, so
    // that entries created or deleted meanwhile (other cases, --concurrency) never shift one
    // page's entries onto another.
    let serials = this.policy.order(entries).map((d) => d.serial);
    let cursor: number;
    let start = 0;
    if (p['Marker'] !== undefined) {
      const m = /^c(\d+):(\d+)$/.exec(Buffer.from(p['Marker'], 'base64').toString('latin1'));
      const listed = m ? this.cursors.get(Number(m[1])) : undefined;
      if (!m || !listed) return 'bad-marker';
      cursor = Number(m[1]);
      serials = listed;
      start = Number(m[2]);
    } else {
      cursor = ++this.cursorCount;
      this.cursors.set(cursor, serials);
      if (this.cursors.size > 256) this.cursors.delete(this.cursors.keys().next().value as number);
    }
    const size = p['MaxItems'] !== undefined ? (parseInt32(p['MaxItems']) ?? this.pageSize) : this.pageSize;
    const byserial = new Map(entries.map((d) => [d.serial, d]));
    const page = serials.slice(start, start + size).flatMap((serial) => byserial.get(serial) ?? []);
    const more = start + size < serials.length;
    const paging = { isTruncated: more, ...(more ? { marker: Buffer.from(`c${cursor}:${start + size}`).toString('base64') } : {}) };
    if (req.action === 'ListMFADevices') {
      return { mfaDevices: page.map((d) => ({ userName: this.state.users.get(d.user ?? '')?.name ?? '', serialNumber: d.serial, enableDate: iso(d.enableDate ?? 0) })), ...paging };
    }
    return {
      virtualDevices: page.map((d) => {
        const user = d.user ? this.userResult(this.state, this.state.users.get(d.user)?.name ?? d.user) : undefined;
        return { serialNumber: d.serial, ...(user ? { user } : {}), ...(d.enableDate !== null ? { enableDate: iso(d.enableDate) } : {}) };
      }),
      ...paging,
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    // The body is percent-encoded ASCII; latin1 keeps any stray raw bytes as they came.
    req.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    req.on('error', reject);
  });
}

/** An awsQuery request's parameters: the query string (GET) and the form body (POST), in order. */
export async function requestParams(req: IncomingMessage): Promise<Array<[string, string]>> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = req.method === 'POST' ? await readBody(req) : '';
  return [...decodeForm(url.search.slice(1)), ...decodeForm(body)];
}

/** Who signed a request: the access key id of its SigV4 credential (the signature itself is not checked). */
export function signerOf(req: IncomingMessage): { accessKeyId?: string } {
  const id = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
  return id !== undefined ? { accessKeyId: id } : {};
}

/** Serves a ReferenceService on 127.0.0.1 (a free port unless one is given). Any SigV4 credentials are accepted. */
export async function startReference(options: ReferenceOptions & { port?: number } = {}): Promise<ReferenceEndpoint> {
  const service = new ReferenceService(options);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const answer = await service.handle(await requestParams(req), signerOf(req));
        // Node adds a Date of its own otherwise: an answer hook that drops Date must really drop it.
        if (!Object.keys(answer.headers).some((k) => k.toLowerCase() === 'date')) res.sendDate = false;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      } catch (e) {
        res.writeHead(500, { 'content-type': 'text/xml' });
        res.end(renderError('ServiceFailure', 'internal error in the reference endpoint', 'Receiver', 'none'));
        process.emitWarning(`reference endpoint: ${(e as Error).message}`);
      }
    })();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state: () => service.snapshot(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

