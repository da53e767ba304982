import type { ConnectOptions } from '../harness/connect.js';
import { OptionsError } from './errors.js';
import { checkProfile } from './profile.js';

/** How to reach and sign for an endpoint: the AWS CLI's global options, typed. */
export interface ConnectionOptions {
  /** Signing region; AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1. */
  readonly region?: string;
  /** Credentials profile; the standard chain otherwise. An unknown profile is refused, as the AWS CLI does. */
  readonly profile?: string;
  /** Verify TLS certificates (default true). */
  readonly verifySsl?: boolean;
  /** Seconds, 0 = none (default 60). */
  readonly connectTimeoutSeconds?: number;
  /** Seconds, 0 = none (default 60). */
  readonly readTimeoutSeconds?: number;
  /** Put every HTTP exchange (redacted) on the `request` events. */
  readonly debug?: boolean;
}

/** An http(s) URL without its trailing slashes; `what` names the option in the message. */
export function checkUrl(value: string, what: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new OptionsError(`${what} must be a URL such as http://127.0.0.1:5000, got ${JSON.stringify(value)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new OptionsError(`${what} must be an http or https URL, got ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, '');
}

/** A whole number within bounds; `what` names the option in the message. */
export function checkInt(value: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(value)) throw new OptionsError(`${what} takes a whole number, got ${JSON.stringify(value)}`);
  if (value < min || value > max) throw new OptionsError(`${what} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** What harness/connect.ts needs for `endpoint`, checked before anything is started. */
export function connectOptionsFor(c: ConnectionOptions, endpoint: string, env: NodeJS.ProcessEnv = process.env): Omit<ConnectOptions, 'headers'> {
  const ms = (v: number | undefined, what: string) => checkInt(v ?? 60, what, 0, 86_400) * 1000;
  checkProfile(c.profile, env);
  return {
    endpoint: checkUrl(endpoint, 'endpointUrl'),
    region: c.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    ...(c.profile !== undefined ? { profile: c.profile } : {}),
    connectTimeoutMs: ms(c.connectTimeoutSeconds, 'connect timeout'),
    readTimeoutMs: ms(c.readTimeoutSeconds, 'read timeout'),
    verifySsl: c.verifySsl ?? true,
    debug: c.debug ?? false,
  };
}
