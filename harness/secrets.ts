/**
 * Secrets the run received (access keys' secrets, temporary credentials): reports/redact.ts
 * removes every one of them, in every encoding, from every output, wherever an endpoint may
 * echo them. Only what the harness itself was handed is here; nothing is ever written out.
 */
const secrets = new Set<string>();
let version = 0;

export function rememberSecret(secret: string): void {
  if (secret.length < 8 || secrets.has(secret)) return;
  secrets.add(secret);
  version++;
}

export function knownSecrets(): { readonly version: number; readonly values: readonly string[] } {
  return { version, values: [...secrets] };
}
