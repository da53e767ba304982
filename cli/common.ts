import { intFlag, urlFlag } from './args.js';
import type { ConnectOptions } from '../harness/connect.js';

/** The AWS CLI's own global flags, shared by every subcommand that talks to an endpoint. */
export const endpointFlags = {
  'endpoint-url': { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'no-verify-ssl': { type: 'boolean' },
  'cli-connect-timeout': { type: 'string' },
  'cli-read-timeout': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface EndpointValues {
  'endpoint-url'?: string | undefined;
  region?: string | undefined;
  profile?: string | undefined;
  'no-verify-ssl'?: boolean | undefined;
  'cli-connect-timeout'?: string | undefined;
  'cli-read-timeout'?: string | undefined;
  debug?: boolean | undefined;
}

/** As in the AWS CLI: seconds, 0 meaning no timeout, 60 by default. */
export function connectOptions(v: EndpointValues, endpoint: string): Omit<ConnectOptions, 'headers'> {
  const seconds = (name: 'cli-connect-timeout' | 'cli-read-timeout') => intFlag(v[name], name, 60, 0, 86_400) * 1000;
  const profile = v.profile;
  return {
    endpoint: urlFlag(endpoint, 'endpoint-url'),
    region: v.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    ...(profile !== undefined ? { profile } : {}),
    connectTimeoutMs: seconds('cli-connect-timeout'),
    readTimeoutMs: seconds('cli-read-timeout'),
    verifySsl: !v['no-verify-ssl'],
    debug: v.debug ?? false,
  };
}
