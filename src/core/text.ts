// Text folding as a clerk's files need it: full-width letters, digits and spaces to ASCII,
// invisible characters removed, whitespace trimmed and collapsed.

const FULLWIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
const FULLWIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Any whitespace, including U+3000 (ideographic space) and U+00A0.
const SPACES = /[\s\u3000\u00A0]+/g;
const NEEDS_WORK = /[\uFF01-\uFF5E\u200B-\u200D\u2060\uFEFF\u00AD\u3000\u00A0]|^\s|\s$|\s\s|[\t\r\n]/;

const shift = (ch: string) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0);

/** Trim, fold full-width letters/digits/spaces, drop invisible characters, collapse inner whitespace. */
export function cleanText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s; // fast path: most cells need nothing
  return s.replace(INVISIBLE, '').replace(FULLWIDTH_ALNUM, shift).replace(SPACES, ' ').trim();
}

/** Like cleanText, but folds every full-width ASCII character (－, ＋, （ …) — for codes and phones. */
export function foldAscii(s: string): string {
  return cleanText(s.replace(FULLWIDTH_ASCII, shift));
}

/** A text without its leading byte order mark (U+FEFF), as Windows Notepad saves UTF-8: JSON.parse refuses one. */
export const withoutBom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/** Remove all whitespace. */
export function noSpaces(s: string): string {
  return s.replace(SPACES, '');
}

/**
 * A header cell as compared with the synonyms: no whitespace or line breaks, full-width folded,
 * required markers (*) and notes in brackets (（必填）) removed, trailing colon removed, upper-cased.
 */
export function normaliseHeader(s: string): string {
  return noSpaces(foldAscii(s))
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[*※]/g, '')
    .replace(/[:：]$/, '')
    .toUpperCase();
}
