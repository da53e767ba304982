import { randomBytes } from 'node:crypto';

/** An access key as the reference issues it (AKIA + 16, a 40-character secret, as AWS's look). */
export interface IssuedKey {
  readonly id: string;
  readonly secret: string;
}

/** Temporary credentials (ASIA + 16, a secret, a session token). */
export interface IssuedSession extends IssuedKey {
  readonly token: string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const id = (prefix: string) => prefix + Array.from(randomBytes(16), (b) => ID_ALPHABET[b & 31]).join('');

export function newAccessKey(): IssuedKey {
  return { id: id('AKIA'), secret: randomBytes(30).toString('base64') };
}

export function newSessionCredentials(): IssuedSession {
  return { id: id('ASIA'), secret: randomBytes(30).toString('base64'), token: randomBytes(180).toString('base64') };
}
