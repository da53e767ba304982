/**
 * The endpoint could not be judged at all: nothing it did counts as a divergence. The CLI maps
 * this to exit code 3 with the one-line message.
 */
export class EndpointError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'not-awsquery' | 'credentials' | 'tls' | 'not-judged',
    message: string,
  ) {
    super(message);
    this.name = 'EndpointError';
  }
}

const NETWORK_CODES: Record<string, EndpointError['kind']> = {
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ECONNRESET: 'unreachable',
  EPIPE: 'unreachable',
  ETIMEDOUT: 'timeout',
  ECONNABORTED: 'timeout',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  CERT_HAS_EXPIRED: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
};

/** Turns a transport failure into an EndpointError, or returns undefined for anything else. */
export function asEndpointError(e: unknown, endpoint: string): EndpointError | undefined {
  if (e instanceof EndpointError) return e;
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  const kind = NETWORK_CODES[code] ?? (err.name === 'TimeoutError' || /timed? ?out/i.test(err.message ?? '') ? 'timeout' : undefined);
  if (!kind) return undefined;
  const why = kind === 'tls' ? `TLS certificate not accepted (${code}); --no-verify-ssl skips the check` : kind === 'timeout' ? 'timed out' : `connection failed (${code})`;
  return new EndpointError(kind, `cannot reach ${endpoint}: ${why}`);
}
