// A file in the long layout (core/long-json.ts: a field per line, a list's elements a line each) parsed with its
// long list decoded a few lines at a time. Decoded whole, a results version of a few hundred entities is a text of
// more than 128 KB, which V8 keeps outside its heap's pages: fresh memory for every file (on a virtual machine each
// new page costs about 10 µs; a 500-draw year's results export read 23 such files). The pieces are small texts that
// die young, in memory used again and again.

import { LIST_CLOSE, listOpen } from '../core/visit-line.js';

/** Decoded texts up to about this many bytes of UTF-8 (a Chinese character is 3 bytes, 2 in the decoded text). */
const PIECE = 1 << 15;

/**
 * The object in `bytes` (the long layout, its top-level field `key` a list laid out a line an element), as
 * JSON.parse gives it; undefined when the bytes are not laid out so (or are not JSON): the caller parses them whole.
 */
export function parseLongList(bytes: Buffer, key: string): Record<string, unknown> | undefined {
  const open = listOpen(key);
  const at = bytes.indexOf(open);
  if (at < 0 || bytes[0] !== 0x7b) return undefined;
  const first = at + open.length;
  // the list's end: the first line that is its `]` (a raw line break is never inside a JSON string)
  const close = bytes.indexOf(LIST_CLOSE, first - 1);
  if (close < first) return undefined;
  try {
    const rest = JSON.parse(bytes.toString('utf8', 0, first) + bytes.toString('utf8', close)) as unknown;
    if (rest === null || typeof rest !== 'object' || Array.isArray(rest)) return undefined;
    const fields = rest as Record<string, unknown>;
    const empty = fields[key];
    if (!Array.isArray(empty) || empty.length !== 0) return undefined; // (the key twice: as JSON.parse reads it)
    const list: unknown[] = [];
    for (let s = first; s < close; ) {
      // whole lines, ending before the piece's size is reached (or one longer line)
      let e = s + PIECE >= close ? close : bytes.lastIndexOf(0x0a, s + PIECE);
      if (e <= s) {
        e = bytes.indexOf(0x0a, s + PIECE);
        if (e < 0 || e > close) e = close;
      }
      const end = bytes[e - 1] === 0x2c ? e - 1 : e; // (the last element's comma)
      // an element over several lines (JSON indented by 2, as versions were once stored) cut between two pieces
      // leaves one of them not JSON: then undefined, and the caller parses the bytes whole
      const part = JSON.parse(`[${bytes.toString('utf8', s, end)}]`) as unknown[];
      for (let k = 0; k < part.length; k++) list.push(part[k]);
      s = e + 1;
    }
    fields[key] = list;
    return fields;
  } catch {
    return undefined;
  }
}

