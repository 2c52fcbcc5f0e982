// 台账链头: what an export carries of the ledger as it stood when the export was made (docs/ledger.md): the head
// (last line's id and chain hash) and the ledger records the export states facts from. Published, it anchors the
// ledger outside the workspace: ssj verify --against checks the workspace against it.
import { basename } from 'node:path';
import { chainHead, type ChainHead, type LedgerEntry, type LedgerKind } from '../core/ledger.js';

export const ANCHOR_FORMAT = 'ssj-anchor/1';
/** The sheet of an exported workbook that holds its anchor. */
export const ANCHOR_SHEET = '台账链头（复核用）';
export const ANCHOR_HEAD_LABEL = '台账链头';

export interface AnchorRecord {
  kind: LedgerKind;
  id: string;
  hash: string;
}

export interface Anchor {
  format: typeof ANCHOR_FORMAT;
  head: ChainHead | null;
  records: AnchorRecord[];
}

/** The anchor of an export made now from `entries`, stating facts from the records `ids`. */
export function anchorOf(entries: readonly LedgerEntry[], ids: Iterable<string>): Anchor {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const records: AnchorRecord[] = [];
  for (const id of new Set(ids)) {
    const e = byId.get(id);
    if (e) records.push({ kind: e.kind, id: e.id, hash: e.hash });
  }
  return { format: ANCHOR_FORMAT, head: chainHead(entries), records };
}

/** The companion file of a CSV export holding its anchor: <name>.chain.json beside <name>.csv. */
export const anchorFileOf = (csvPath: string) => csvPath.replace(/\.csv$/i, '') + '.chain.json';

/** The anchor sheet's rows: a header, the head, then one row per record. */
export function anchorRows(a: Anchor): (string | number)[][] {
  const rows: (string | number)[][] = [['类别', '编号', '哈希', '台账行号']];
  if (a.head) rows.push([ANCHOR_HEAD_LABEL, a.head.id, a.head.hash, a.head.seq]);
  for (const r of a.records) rows.push([r.kind, r.id, r.hash, '']);
  return rows;
}

/** An anchor read back from the sheet's rows (cells as text); null when they hold none. */
export function anchorFromRows(rows: readonly string[][]): Anchor | null {
  let head: ChainHead | null = null;
  const records: AnchorRecord[] = [];
  for (const [kind, id, hash, seq] of rows.slice(1)) {
    if (!kind || !id || !hash || !/^[0-9a-f]{64}$/.test(hash)) continue;
    if (kind === ANCHOR_HEAD_LABEL) head = { id, hash, seq: Number(seq) || 0 };
    else records.push({ kind, id, hash });
  }
  return head || records.length ? { format: ANCHOR_FORMAT, head, records } : null;
}

/** An anchor from parsed JSON: a .chain.json file, or the output of ssj verify --json (head and records). */
export function anchorFromJson(v: unknown): Anchor | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const head = o['head'] && typeof o['head'] === 'object' ? (o['head'] as ChainHead) : null;
  const list = Array.isArray(o['records']) ? (o['records'] as Record<string, unknown>[]) : [];
  const records: AnchorRecord[] = [];
  for (const r of list) {
    if (!r || typeof r['hash'] !== 'string' || typeof r['id'] !== 'string') continue;
    // verify --json names a draw with its amendments "2026-001 + 2026-001-R1": the hash is the draw's
    records.push({ kind: String(r['kind'] ?? 'draw'), id: String(r['id']).split(' + ')[0]!, hash: r['hash'] });
  }
  if (o['format'] !== ANCHOR_FORMAT && !(head && 'chain' in o)) return null;
  return { format: ANCHOR_FORMAT, head: head && typeof head.id === 'string' && typeof head.hash === 'string' ? head : null, records };
}

export const describeSource = (path: string) => basename(path);
