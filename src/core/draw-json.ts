// The entities of a draw's --json output (`ssj draw --json`, docs/cli-json.md) cut from its sealed record's bytes:
// the record holds each drawn entity on a line of its own as `{"code":…,"items":[…],"name":…,"picks":[…],"team":[…]}`
// (keys sorted: core/draw.ts addPick builds the visits so, core/record.ts recordedVisits copies them so), the output as `{"code":…,"name":…,"items":[…],"team":[…]}` with the
// same values, so its lines are the record's pieces in another order, without the picks: no value is stringified
// again (a draw of 50,000 entities). The output is exactly what longJsonBytes makes of the entities (test/core).

import { AFTER_LIST, ENTITIES_OPEN, LIST_CLOSE, PICKS_KEY, TEAM_KEY } from './visit-line.js';

const ENTITIES_KEY = Buffer.concat([ENTITIES_OPEN, Buffer.from('    ')]);
const ITEMS_KEY = Buffer.from(',"items":[');
const NAME_KEY = Buffer.from('],"name":');
const NEXT = Buffer.from(',\n    ');

/**
 * The `entities` value of the --json output in the long layout (`[\n    {…},\n    {…}\n  ]`) for `codes` (the
 * visits, in the record's order), from the sealed record's bytes; `statusText(i)`: the status to add to entity i
 * (停业、歇业、清算), or null. Null when the record's entities are not laid out as expected (the caller then
 * stringifies them), or when there are none.
 */
export function jsonEntitiesFromRecord(record: Buffer, codes: readonly string[], statusText: (i: number) => string | null): Buffer | null {
  if (codes.length === 0) return null;
  const from = record.indexOf(ENTITIES_KEY);
  if (from < 0) return null;
  const statuses = codes.map((_, i) => statusText(i));
  const extra = statuses.reduce((n, s) => n + (s === null ? 0 : 16 + 3 * JSON.stringify(s).length), 0);
  const out = Buffer.allocUnsafe(record.length - from + extra + 16);
  let at = out.write('[\n    ', 0, 'latin1');
  let s = from + ENTITIES_KEY.length;
  for (let i = 0; i < codes.length; i++) {
    const last = i === codes.length - 1;
    const nl = record.indexOf(0x0a, s);
    if (nl < 0) return null;
    const e = last ? nl : nl - 1; // (the line without its comma)
    if (last ? record.indexOf(LIST_CLOSE, nl) !== nl : record[e] !== 0x2c || record.indexOf(NEXT, e) !== e) return null;
    const code = JSON.stringify(codes[i]!);
    const pi = s + 8 + Buffer.byteLength(code, 'utf8');
    if (record[s] !== 0x7b || record.toString('utf8', s + 8, pi) !== code || record.indexOf(ITEMS_KEY, pi) !== pi) return null;
    // (none of these keys can be inside a string: the quote before them would be escaped there)
    const pn = record.indexOf(NAME_KEY, pi);
    const pp = pn < 0 ? -1 : record.indexOf(PICKS_KEY, pn);
    const pt = pp < 0 ? -1 : record.indexOf(TEAM_KEY, pp);
    if (pt < 0 || pt >= e || record[e - 1] !== 0x7d || record[e - 2] !== 0x5d) return null;
    if (record.subarray(pt + TEAM_KEY.length, e).includes(AFTER_LIST)) return null; // (a field after the team)
    at += record.copy(out, at, s, pi); // {"code":…
    at += record.copy(out, at, pn + 1, pp); // ,"name":…
    at += record.copy(out, at, pi, pn + 1); // ,"items":[…]
    at += record.copy(out, at, pt + 1, e - 1); // ,"team":[…]
    const st = statuses[i];
    if (st !== null && st !== undefined) at += out.write(`,"statusText":${JSON.stringify(st)}`, at, 'utf8');
    out[at++] = 0x7d;
    if (!last) at += NEXT.copy(out, at);
    s = nl + 1 + (last ? 0 : 4);
  }
  at += LIST_CLOSE.copy(out, at);
  return out.subarray(0, at);
}
