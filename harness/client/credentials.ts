import { defaultProvider } from '@aws-sdk/credential-provider-node';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export const DUMMY_CREDENTIALS: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * The standard chain, as the AWS CLI resolves it. A local emulator rarely has credentials
 * configured and ignores them anyway, so it gets dummy ones rather than a failed lookup.
 */
export async function resolveCredentials(endpoint: string, profile?: string): Promise<Credentials | undefined> {
  const configured = profile !== undefined || process.env['AWS_ACCESS_KEY_ID'] !== undefined || process.env['AWS_PROFILE'] !== undefined;
  if (!configured && isLoopback(endpoint)) return DUMMY_CREDENTIALS;
  try {
    const c = await defaultProvider(profile !== undefined ? { profile } : {})();
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
  } catch {
    return isLoopback(endpoint) ? DUMMY_CREDENTIALS : undefined;
  }
}
