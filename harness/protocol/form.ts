/**
 * application/x-www-form-urlencoded as awsQuery uses it. Values are strings or raw bytes, so
 * a case can put on the wire exactly the bytes its label describes: a lone surrogate becomes
 * its generalised-UTF-8 bytes, never a silent U+FFFD.
 */
export type WireValue = string | Uint8Array;
export type WirePairs = ReadonlyArray<readonly [string, WireValue]>;

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** UTF-8 that keeps lone surrogates as their 3-byte form (WTF-8) instead of replacing them. */
export function wtf8(value: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    let cp = value.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < value.length) {
      const lo = value.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(bytes);
}

export function percentEncode(value: WireValue): string {
  const bytes = typeof value === 'string' ? wtf8(value) : value;
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out += b < 0x80 && UNRESERVED.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function encodeForm(pairs: WirePairs): string {
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

/** Decodes a form body or query string given as a byte string. Invalid UTF-8 becomes U+FFFD, as a lenient server would. */
export function decodeForm(text: string): Array<[string, string]> {
  if (text === '') return [];
  return text.split('&').map((part) => {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    return [decodeComponent(k), decodeComponent(v)];
  });
}

function decodeComponent(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '+') bytes.push(0x20);
    else if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      // Input is a byte string (HTTP bodies and request targets are read as latin1).
      bytes.push((c ?? '').charCodeAt(0) & 0xff);
    }
  }
  // ignoreBOM: a value that starts with U+FEFF must reach validation as sent, not silently trimmed.
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(Uint8Array.from(bytes));
}
