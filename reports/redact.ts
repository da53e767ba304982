/**
 * Secrets never leave the process. Every text that reaches a reporter passes through here:
 * seeds and QR codes in XML or JSON, SigV4 signatures and credentials.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/(<Base32StringSeed>)[^<]*(<\/Base32StringSeed>)/g, '$1[redacted]$2'],
  [/(<QRCodePNG>)[^<]*(<\/QRCodePNG>)/g, '$1[redacted]$2'],
  [/("(?:Base32StringSeed|QRCodePNG|seed|qrCodePng)"\s*:\s*)("[^"]*"|\{[^}]*\}|\[[^\]]*\])/g, '$1"[redacted]"'],
  [/(Signature=)[0-9a-f]+/gi, '$1[redacted]'],
  [/(Credential=)[^/,\s]+/gi, '$1[redacted]'],
  [/(X-Amz-Security-Token[=:]\s*)[^&\s]+/gi, '$1[redacted]'],
  [/(secret=)[A-Z2-7=]+/gi, '$1[redacted]'],
];

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out;
}
