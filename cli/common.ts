import { intFlag, urlFlag } from './args.js';
import type { EngineEvent } from '../harness/events.js';
import { DEFAULT_SETTLE_TIMEOUT_SECONDS } from '../harness/settle.js';
import type { ConnectionOptions } from '../api/connection.js';
import { checkProfile } from '../api/profile.js';

export { defaultStsEndpoint } from '../api/open-target.js';

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

/** What every command that talks to an endpoint gets besides its arguments. */
export interface CommandDeps {
  readonly write: (line: string) => void;
  /** Diagnostics (`--debug`), as the AWS CLI does: stderr, so stdout stays the result. */
  readonly writeErr?: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

export interface ChosenEndpoint {
  readonly url: string;
  /** Where it came from, said on the first line of a run: `--endpoint-url`, `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL`. */
  readonly source: string;
}

/**
 * The AWS CLI's precedence: the flag, then the service-specific variable, then the global
 * one; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns the variables off. A `--target`
 * names what to run against as explicitly as the flag does, so the variables do not apply.
 */
export function chooseEndpoint(values: EndpointValues, env: NodeJS.ProcessEnv, target?: string): ChosenEndpoint | undefined {
  const flag = values['endpoint-url'];
  if (flag !== undefined) return { url: urlFlag(flag, 'endpoint-url'), source: '--endpoint-url' };
  if (target !== undefined || env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.toLowerCase() === 'true') return undefined;
  for (const name of ['AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL']) {
    const v = env[name];
    if (v !== undefined && v !== '') return { url: urlFlag(v, name), source: name };
  }
  return undefined;
}

/** Flags of commands that sign in (digest §8): where STS is, and how long a witness waits for it to settle. */
export const stsFlags = {
  'sts-endpoint-url': { type: 'string' },
  'settle-timeout': { type: 'string' },
} as const;

export interface StsValues {
  'sts-endpoint-url'?: string | undefined;
  'settle-timeout'?: string | undefined;
}

/**
 * Where STS is, with the AWS CLI's precedence for the service: `--sts-endpoint-url`; with an
 * endpoint named by `--endpoint-url` or `--target` (or the embedded reference), that same
 * endpoint (the flag names what to run against, for both services); with an IAM endpoint from
 * the variables, `AWS_ENDPOINT_URL_STS`, then `AWS_ENDPOINT_URL` (unless
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`). Undefined: the IAM endpoint's own STS (see
 * `defaultStsEndpoint`).
 */
export function chooseStsEndpoint(values: StsValues, env: NodeJS.ProcessEnv, iam: ChosenEndpoint | undefined): ChosenEndpoint | undefined {
  const flag = values['sts-endpoint-url'];
  if (flag !== undefined) return { url: urlFlag(flag, 'sts-endpoint-url'), source: '--sts-endpoint-url' };
  if (iam === undefined || iam.source === '--endpoint-url' || env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.toLowerCase() === 'true') return undefined;
  for (const name of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL']) {
    const v = env[name];
    if (v !== undefined && v !== '') return { url: urlFlag(v, name), source: name };
  }
  return undefined;
}

/** `--settle-timeout`: seconds a witness waits for STS to follow IAM (S3). */
export function settleTimeout(values: StsValues): number {
  return intFlag(values['settle-timeout'], 'settle-timeout', DEFAULT_SETTLE_TIMEOUT_SECONDS, 0, 600);
}

/**
 * The endpoint flags as runConformance's connection options, checked here so that a bad flag
 * is named as the user wrote it. As in the AWS CLI: seconds, 0 meaning no timeout, 60 by default.
 */
export function connectionOf(v: EndpointValues): ConnectionOptions {
  const seconds = (name: 'cli-connect-timeout' | 'cli-read-timeout') => intFlag(v[name], name, 60, 0, 86_400);
  checkProfile(v.profile);
  return {
    ...(v.region !== undefined ? { region: v.region } : {}),
    ...(v.profile !== undefined ? { profile: v.profile } : {}),
    connectTimeoutSeconds: seconds('cli-connect-timeout'),
    readTimeoutSeconds: seconds('cli-read-timeout'),
    verifySsl: !v['no-verify-ssl'],
    debug: v.debug ?? false,
  };
}

/** `--debug` for commands without a console reporter: every exchange, redacted by the caller, on stderr. */
export function debugLines(e: EngineEvent): string[] {
  if (e.type !== 'request' || (e.wire === undefined && e.response === undefined)) return [];
  return [`  > ${e.action} via ${e.via}: ${e.wire ?? ''}`, `  < ${e.status} ${e.response ?? ''}`];
}
