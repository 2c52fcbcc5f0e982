// ssj status and the public results export read the draws' entities for their codes and items only (readLight's
// bareVisits): each entity line of a record in the long layout cut to those, in its bytes, before decoding; then the
// cut lines made objects straight from the bytes rather than decoded and parsed as JSON (a year of 500 draws has
// 30,000 of them). The layout: core/long-json.ts and core/visit-line.ts.
import type { RecordedVisit } from '../core/record.js';
import { AFTER_LIST, ENTITIES_OPEN, LIST_CLOSE, PICKS_KEY, TEAM_KEY } from '../core/visit-line.js';

/**
 * The long layout's entity lines of bytes[0, head) (the part before `exclusions`) with their picks and teams cut to
 * [] and their names to "" (when the name is the field before the picks: its `],"name":"` cannot be inside a string
 * either), in place; the bytes from `head` to `end` moved up behind them. Returns the new end. An entity line is
 * `    {"code":…,"items":[…],"name":…,"picks":[…],"team":[…]}` (keys sorted); `,"picks":[` and `],"team":[` cannot
 * occur inside a JSON string (a quote in a string is escaped), and nothing may follow the team but the line's `}`
 * (else the line is kept whole).
 */
export function bareVisits(b: Buffer, head: number, end: number): number {
  const from = b.indexOf(ENTITIES_OPEN);
  if (from < 0 || from >= head) return end;
  let r = from + ENTITIES_OPEN.length; // read position
  let w = r; // write position
  const close = b.indexOf(LIST_CLOSE, r);
  if (close < 0 || close >= head) return end;
  while (r < close) {
    let le = b.indexOf(0x0a, r);
    if (le < 0 || le > close) le = close;
    const ce = b[le - 1] === 0x2c ? le - 1 : le; // (the element's end, before its comma)
    // (positions in b, each search's answer taken only when it lies within the line [r, ce): no Buffer per line)
    const p = within(b.indexOf(PICKS_KEY, r), PICKS_KEY, ce);
    const t = p < 0 ? -1 : within(b.indexOf(TEAM_KEY, p), TEAM_KEY, ce);
    const keep = t < 0 || b[ce - 1] !== 0x7d || b[ce - 2] !== 0x5d || within(b.indexOf(AFTER_LIST, t + TEAM_KEY.length), AFTER_LIST, ce - 2) >= 0;
    if (keep) {
      b.copy(b, w, r, le);
      w += le - r;
    } else {
      // the name goes too when it is the field before the picks (its `],"name":"` cannot be inside a string)
      const nm = within(b.indexOf(NAME_KEY, r), NAME_KEY, p);
      const cut = nm < 0 ? p - r : nm - r + 1;
      b.copy(b, w, r, r + cut);
      w += cut;
      if (nm >= 0) w += NO_NAME.copy(b, w);
      w += BARE.copy(b, w);
      if (ce < le) b[w++] = 0x2c;
    }
    if (le === close) break;
    b[w++] = 0x0a;
    r = le + 1;
  }
  b.copy(b, w, close, end);
  return w + end - close;
}

/** at, when key found there ends by `end`; else -1 */
const within = (at: number, key: Uint8Array, end: number): number => (at >= 0 && at + key.length <= end ? at : -1);

const BARE = Buffer.from(',"picks":[],"team":[]}');
const NAME_KEY = Buffer.from('],"name":"');
const NO_NAME = Buffer.from(',"name":""');

/**
 * The entities of a record's long layout in bytes[0, end) after bareVisits, taken out: their lines made visits, the
 * list left empty in the bytes (`[\n\n  ]`), and the new end; null when the record has no such list. A line as
 * bareVisits leaves it, `{"code":"…","items":["…",…],"name":"","picks":[],"team":[]}` with no escape in the code or
 * an item, is read from its bytes (its picks and team the same empty, frozen lists: nothing reads or writes them);
 * any other line is parsed as JSON (throws when it is not JSON). Lines with the same items share one frozen list.
 */
export function takeVisits(b: Buffer, end: number): { visits: RecordedVisit[]; end: number } | null {
  const from = b.indexOf(ENTITIES_OPEN);
  if (from < 0 || from >= end) return null;
  const open = from + ENTITIES_OPEN.length;
  const close = b.indexOf(LIST_CLOSE, open - 1);
  if (close < 0 || close + LIST_CLOSE.length > end) return null;
  if (close < open) return { visits: [], end }; // (`[\n  ]`: none)
  const visits: RecordedVisit[] = [];
  let items: readonly string[] = NO_ITEMS;
  let itemsAt = -1; // (where the last list of items read starts, and its length in bytes)
  let itemsLength = 0;
  for (let r = open; r < close; ) {
    let le = b.indexOf(0x0a, r);
    if (le < 0 || le > close) le = close;
    const ce = b[le - 1] === 0x2c ? le - 1 : le; // (the element's end, before its comma)
    let p = r;
    while (b[p] === 0x20) p++;
    let v: RecordedVisit | undefined;
    if (startsWith(b, p, CODE_OPEN)) {
      const cs = p + CODE_OPEN.length;
      const ce2 = plainString(b, cs, ce);
      const is = ce2 + ITEMS_OPEN.length;
      if (ce2 >= 0 && startsWith(b, ce2, ITEMS_OPEN)) {
        // the items: "…","…" up to the `]` before the cut name, picks and team
        let q = is;
        let ok = true;
        while (ok && b[q] === 0x22) {
          const e = plainString(b, q + 1, ce);
          if (e < 0) ok = false;
          else q = b[e + 1] === 0x2c && b[e + 2] === 0x22 ? e + 2 : e + 1;
        }
        if (ok && q + BARE_END.length === ce && startsWith(b, q, BARE_END)) {
          if (!(itemsAt >= 0 && q - is === itemsLength && b.compare(b, is, q, itemsAt, itemsAt + itemsLength) === 0)) {
            items = q === is ? NO_ITEMS : Object.freeze(JSON.parse(b.toString('utf8', is - 1, q + 1)) as string[]);
            itemsAt = is;
            itemsLength = q - is;
          }
          v = { code: b.toString('utf8', cs, ce2), items: items as string[], name: '', picks: NO_PICKS, team: NO_TEAM }; // (in the file's order)
        }
      }
    }
    visits.push(v ?? (JSON.parse(b.toString('utf8', r, ce)) as RecordedVisit));
    r = le + 1;
  }
  b.copy(b, open, close, end);
  return { visits, end: end - (close - open) };
}

/** Whether b holds key at `at`. */
function startsWith(b: Buffer, at: number, key: Uint8Array): boolean {
  for (let k = 0; k < key.length; k++) if (b[at + k] !== key[k]) return false;
  return true;
}

/** The end (its closing quote) of a JSON string's text starting at `at` that holds no escape, before `limit`; else -1. */
function plainString(b: Buffer, at: number, limit: number): number {
  for (let k = at; k < limit; k++) {
    const c = b[k]!;
    if (c === 0x22) return k;
    if (c === 0x5c) return -1;
  }
  return -1;
}

const CODE_OPEN = Buffer.from('{"code":"');
const ITEMS_OPEN = Buffer.from('","items":[');
const BARE_END = Buffer.from('],"name":"","picks":[],"team":[]}');
const NO_ITEMS = Object.freeze([]) as readonly string[];
const NO_PICKS = Object.freeze([]) as unknown as RecordedVisit['picks'];
const NO_TEAM = Object.freeze([]) as unknown as RecordedVisit['team'];
