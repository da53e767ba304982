/**
 * Secrets never leave the process. Every text that reaches a reporter passes through here:
 * seeds and QR codes in XML or JSON, SigV4 signatures, access keys and session tokens.
 *
 * Three layers. Secrets the run was handed (access keys' secrets, temporary credentials:
 * harness/secrets.ts) are removed in every encoding wherever they appear. Field patterns
 * catch secrets where a protocol puts them (a `<Base32StringSeed>` or `<SessionToken>`
 * element, an `Authorization` header). Shape detectors catch a seed wherever else an endpoint
 * echoes it, e.g. in an error message: a long single-case base32 run, base64 text that
 * decodes to one, either of them percent-encoded, base64 PNG data (QR codes), and a long
 * base64 token (a session token). The detectors are tuned so that what the reports must keep
 * readable (case-prefixed names, ARNs, request ids, clause ids) never matches them.
 */
import { knownSecrets } from '../harness/secrets.js';

export const REDACTED = '[redacted]';

/** Element names whose content is secret in any awsQuery answer, with or without a namespace prefix. */
const SECRET_ELEMENTS = ['Base32StringSeed', 'QRCodePNG', 'SecretAccessKey', 'SessionToken', 'AccessKeyId'];
/** JSON member names whose value is secret (reports, emulator JSON bodies, credential files). */
const SECRET_MEMBERS = ['Base32StringSeed', 'QRCodePNG', 'seed', 'qrCodePng', 'SecretAccessKey', 'secretAccessKey', 'SessionToken', 'sessionToken'];
/**
 * JSON members whose text value is secret, but whose object value is a symbolic parameter of a
 * counterexample (`{"keyOf": ...}`, a boundary `{"text": ...}`): the text inside is checked by
 * the key-id pattern and the remembered secrets like any other text.
 */
const SECRET_TEXT_MEMBERS = ['AccessKeyId', 'accessKeyId'];

const FIELD_PATTERNS: Array<[RegExp, string]> = [
  [new RegExp(`(<(?:[\\w-]+:)?(?:${SECRET_ELEMENTS.join('|')})(?:\\s[^>]*)?>)[\\s\\S]*?(</(?:[\\w-]+:)?(?:${SECRET_ELEMENTS.join('|')})>)`, 'g'), `$1${REDACTED}$2`],
  [new RegExp(`("(?:${SECRET_MEMBERS.join('|')})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|\\{[^}]*\\}|\\[[^\\]]*\\])`, 'g'), `$1"${REDACTED}"`],
  [new RegExp(`("(?:${SECRET_TEXT_MEMBERS.join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g'), `$1"${REDACTED}"`],
  // SigV4: Authorization header parts and presigned query parameters.
  [/((?:X-Amz-)?Signature=)[0-9a-f]+/gi, `$1${REDACTED}`],
  [/((?:X-Amz-)?Credential=)[^&,\s]+/gi, `$1${REDACTED}`],
  [/((?:X-Amz-Security-Token|x-amz-security-token)(?:=|:\s*|%3D))[^&\s"<]+/gi, `$1${REDACTED}`],
  [/(aws_(?:secret_access_key|session_token|security_token)\s*[=:]\s*)\S+/gi, `$1${REDACTED}`],
  // Access key ids (long-term AKIA, temporary ASIA).
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  // otpauth URIs carry the seed as a query parameter, sometimes percent-encoded as a whole.
  [/(secret(?:=|%3D))[A-Za-z2-7=%]+/gi, `$1${REDACTED}`],
];

/** Base64 PNG data always starts with the encoded PNG signature. */
const PNG_BASE64 = /iVBORw0KGgo(?:[A-Za-z0-9+/=]|%2[BbFf]|%3[Dd])*/g;

/** A seed is at least 16 base32 characters (80 bits); AWS issues 64, emulators usually 32. */
const MIN_SEED = 16;

/** Maximal runs of characters that can make up base32 text, possibly with padding (raw or %3D). */
const BASE32_RUN = /(?<![A-Za-z0-9])[A-Za-z2-7]{16,}(?:=|%3[Dd]){0,6}(?![A-Za-z0-9])/g;

function looksLikeSeed(run: string): boolean {
  const s = run.replace(/(?:=|%3[Dd])+$/, '');
  if (s.length < MIN_SEED) return false;
  // Seeds come in one case; camel-case identifiers and prose never do over 16 characters.
  if (s !== s.toUpperCase() && s !== s.toLowerCase()) return false;
  if (new Set(s.toUpperCase()).size < 8) return false;
  // Four in five 16-character seeds, and almost every 32-character one, holds a digit 2-7.
  return /[2-7]/.test(s) || s.length >= 32;
}

/** Candidate base64 tokens (standard and URL-safe alphabets, raw or percent-encoded). */
const BASE64_RUN = /(?<![A-Za-z0-9+/%])(?:[A-Za-z0-9+/]|%2[BbFf]){24,}(?:=|%3[Dd]){0,2}/g;
const BASE64URL_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{24,}={0,2}/g;

function decodesToSeed(token: string): boolean {
  const b64 = token.replace(/%2[Bb]/g, '+').replace(/%2[Ff]/g, '/').replace(/%3[Dd]/g, '=').replace(/-/g, '+').replace(/_/g, '/');
  const text = Buffer.from(b64, 'base64').toString('latin1').replace(/=+$/, '');
  return /^[A-Za-z2-7]+$/.test(text) && looksLikeSeed(text);
}

/**
 * A session token: base64 of 100 characters or more, with a `/` (which no name holds) and
 * many distinct characters (which no generated padding has).
 */
const LONG_TOKEN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{100,}={0,2}/g;
const looksLikeToken = (run: string): boolean => run.includes('/') && new Set(run).size >= 30;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let remembered: { version: number; re: RegExp | undefined } = { version: -1, re: undefined };

/** One pattern for every form of every secret the run was handed, rebuilt when one is added. */
function rememberedPattern(): RegExp | undefined {
  const known = knownSecrets();
  if (known.version !== remembered.version) {
    const forms = [...new Set(known.values.flatMap(encodingsOf))].sort((a, b) => b.length - a.length);
    remembered = { version: known.version, re: forms.length > 0 ? new RegExp(forms.map(escapeRe).join('|'), 'g') : undefined };
  }
  return remembered.re;
}

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 8) continue;
    for (const form of encodingsOf(s)) out = out.split(form).join(REDACTED);
  }
  const known = rememberedPattern();
  if (known) out = out.replace(known, REDACTED);
  for (const [re, rep] of FIELD_PATTERNS) out = out.replace(re, rep);
  out = out.replace(LONG_TOKEN, (m) => (looksLikeToken(m) ? REDACTED : m));
  out = out.replace(PNG_BASE64, REDACTED);
  out = out.replace(BASE64_RUN, (m) => (decodesToSeed(m) ? REDACTED : m));
  out = out.replace(BASE64URL_RUN, (m) => (decodesToSeed(m) ? REDACTED : m));
  out = out.replace(BASE32_RUN, (m) => (looksLikeSeed(m) ? REDACTED : m));
  return out;
}

/** Every form a known secret could take in a text: as is, lower and upper case, base64 of it, percent-encoded. */
export function encodingsOf(secret: string): string[] {
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  const forms = [secret, secret.toLowerCase(), secret.toUpperCase(), b64, b64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url'), encodeURIComponent(secret), encodeURIComponent(b64)];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * Redacts every string inside a value (object keys included), keeping its shape: reports are
 * redacted as data, before any format escapes them, so no encoding can hide a secret from
 * the patterns.
 */
export function redactDeep<T>(value: T, secrets: readonly string[] = []): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[redact(k, secrets)] = typeof x === 'string' && SECRET_MEMBERS.includes(k) ? REDACTED : walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
