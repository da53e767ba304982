/**
 * A value as a person can read it: quoted, with every character that would be invisible or
 * would disturb a terminal (controls, format characters, non-ASCII spaces, lone surrogates)
 * shown as an escape, and everything else, emoji and other scripts included, as itself.
 */
export function showText(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch !== ' ' && /[\p{Cc}\p{Cf}\p{Cs}\p{Zs}\p{Zl}\p{Zp}]/u.test(ch)) out += `\\u{${cp.toString(16).toUpperCase().padStart(4, '0')}}`;
    else out += ch;
  }
  return `"${out}"`;
}
