// Text folding as a clerk's files need it: full-width letters, digits and spaces to ASCII,
// invisible characters removed, whitespace trimmed and collapsed.

const FULLWIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
const FULLWIDTH_ASCII = /[\uFF01-\uFF5E]/g;
// Characters that show nothing and only steer layout: zero-width spaces and joiners, the soft hyphen, the byte order
// mark, and the direction marks and embeddings (U+200E/F, U+202A–E, U+2066–9, U+061C) that text copied from web pages,
// Outlook contacts or a PDF carries — a credit code with one in it looked 18 characters long and was refused as 19.
const INVISIBLE_CHARS = '\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF';
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`, 'g');
// Any whitespace, including U+3000 (ideographic space), U+00A0 and the en/em spaces of web pages (&ensp; &emsp;).
const SPACES = /[\s\u3000\u00A0]+/g;
/** Every whitespace character but the plain space (what \s matches, the space taken out). */
const OTHER_SPACES = '\t\n\v\f\r\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF';
/**
 * The characters cleanText changes wherever they are (full-width forms, invisible characters, any whitespace but the
 * plain space), as the body of a character class: one class, tested on every text cell of an import (a class and
 * an alternative [^\S ] took a third longer).
 */
export const CLEANING_CHARS = `\\uFF01-\\uFF5E${INVISIBLE_CHARS}${OTHER_SPACES}`;
/** Anything cleanText changes: besides those characters, a space at either end or two together. */
export const NEEDS_CLEANING = new RegExp(`[${CLEANING_CHARS}]|^ | $|  `);
const NEEDS_WORK = NEEDS_CLEANING;

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
