/**
 * Endpoint messages and malformed-input cases can hold any character. XML 1.0 cannot carry
 * most C0 controls or lone surrogates, not even as character references, and a browser shows
 * them as nothing: both formats get them spelled out as \uXXXX, which also tells a reader the
 * byte was there.
 */
export function printable(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const n = s.charCodeAt(i + 1);
      if (n >= 0xdc00 && n <= 0xdfff) {
        out += s.slice(i, i + 2);
        i++;
        continue;
      }
    }
    const bad = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
    out += bad ? `\\u${c.toString(16).padStart(4, '0')}` : s[i];
  }
  return out;
}

/** Text content of an XML or HTML element. */
export const escText = (s: string): string => printable(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A double- or single-quoted attribute value; line breaks kept as references so XML parsers keep them. */
export const escAttr = (s: string): string =>
  escText(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
