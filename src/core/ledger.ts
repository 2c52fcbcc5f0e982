// 台账: the append-only, hash-chained list of every draw, re-draw and amendment of the workspace's year, and of the
// other records that must never change once written (results versions, result publications, …). docs/ledger.md.
import { createHash } from 'node:crypto';
import type { Exclusion } from './draw.js';
import { canonicalJson, type AmendmentRecord, type DrawRecord, type LedgerRecord } from './record.js';

/** The kinds of draw records (files in draws/, LedgerRecord JSON). */
export type DrawKind = 'draw' | 'redraw' | 'amendment' | 'announcement';
/**
 * What a ledger line registers: a draw record, or another record file whose `hash` is the SHA-256 of its bytes
 * (results: results/<task>/v<N>.json; publication: one line of results/publications.jsonl, hashed as canonical JSON).
 * Other kinds (announcements, plans, evidence …) may be added by later versions; their hash is the file's bytes' too.
 */
export type LedgerKind = DrawKind | 'results' | 'publication' | (string & {});

/** One line of draws/ledger.jsonl. */
export interface LedgerEntry {
  seq: number;
  id: string;
  kind: LedgerKind;
  /** record file, relative to the workspace root */
  file: string;
  hash: string;
  /** hash of the previous entry's record (null for the first) */
  prev: string | null;
  at: string;
  /**
   * SHA-256 of the canonical JSON of this line's other fields plus "prevChain" (the previous line's chain hash, null
   * for the first line): covers seq, id, kind, file, hash, prev and at, chained line to line. Absent on lines written
   * by ssj before 0.2 (legacy lines), whose chain hash is computed the same way when they are read (lineHash).
   */
  chain?: string;
}

export const isDrawKind = (k: string): k is DrawKind => k === 'draw' || k === 'redraw' || k === 'amendment' || k === 'announcement';

/** The chain hash of a ledger line, given the previous line's chain hash. */
export function lineHash(e: LedgerEntry, prevChain: string | null): string {
  const { chain: _c, ...rest } = e;
  return createHash('sha256').update(canonicalJson({ ...rest, prevChain }), 'utf8').digest('hex');
}

/** The ledger line for a record added after `before`, chain hash included. */
export function nextEntry(before: readonly LedgerEntry[], fields: { id: string; kind: LedgerKind; file: string; hash: string; at: string }, heads = chainHashes(before)): LedgerEntry {
  const e: LedgerEntry = { seq: before.length + 1, id: fields.id, kind: fields.kind, file: fields.file.replace(/\\/g, '/'), hash: fields.hash, prev: before.at(-1)?.hash ?? null, at: fields.at };
  return { ...e, chain: lineHash(e, heads.at(-1) ?? null) };
}

/** The chain hash of every line (as stated where the line has one, else computed: a legacy line). */
export function chainHashes(entries: readonly LedgerEntry[]): string[] {
  const out: string[] = [];
  let prev: string | null = null;
  for (const e of entries) {
    const h: string = e.chain ?? lineHash(e, prev);
    out.push(h);
    prev = h;
  }
  return out;
}

/** The head of the chain: the last line's id and chain hash (what exports and forms carry, and verify prints). */
export interface ChainHead {
  id: string;
  seq: number;
  hash: string;
}

export function chainHead(entries: readonly LedgerEntry[]): ChainHead | null {
  const last = entries.at(-1);
  return last ? { id: last.id, seq: last.seq, hash: chainHashes(entries).at(-1)! } : null;
}

/** Lines written before line hashes existed: only a prefix of the ledger may lack them. */
export function legacyLines(entries: readonly LedgerEntry[]): number {
  let n = 0;
  while (n < entries.length && entries[n]!.chain === undefined) n++;
  return n;
}

/** Problems with the line hashes: each stated chain hash must be the one its fields give. */
export function checkLines(entries: readonly LedgerEntry[]): string[] {
  const problems: string[] = [];
  const legacy = legacyLines(entries);
  let prev: string | null = null;
  entries.forEach((e, i) => {
    const actual = lineHash(e, prev);
    if (e.chain === undefined) {
      if (i >= legacy) problems.push(`台账第 ${i + 1} 行（${e.id}）没有行哈希，而它之前的行有（行哈希被删去：这一行被改写过）`);
    } else if (e.chain !== actual) {
      problems.push(`台账第 ${i + 1} 行（${e.id}）的内容与它的行哈希不符（序号、编号、类别、文件、哈希或时间被改动过，或它之前的行被改动、删除）`);
    }
    prev = e.chain ?? actual;
  });
  return problems;
}

/**
 * Problems with the chain itself: order, links, line hashes, and each record against its entry. All at once.
 * `others` holds, for lines that are not draw records, the hash of what their file holds now (null: missing;
 * absent: not read).
 */
export function checkChain(entries: readonly LedgerEntry[], records: ReadonlyMap<string, LedgerRecord | null>, hashOf: (r: LedgerRecord) => string, others: ReadonlyMap<string, string | null> = new Map()): string[] {
  const problems: string[] = checkLines(entries);
  let prev: string | null = null;
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`台账第 ${i + 1} 行的序号是 ${e.seq}，应为 ${i + 1}（有记录被删除或调换了顺序）`);
    if (e.prev !== prev) problems.push(`台账第 ${i + 1} 行（${e.id}）记下的上一条哈希与实际的上一条记录不符（链条断开：有记录被删除、插入或调换）`);
    if (seen.has(e.id)) problems.push(`台账第 ${i + 1} 行的编号 ${e.id} 与前面的一行重复`);
    seen.add(e.id);
    if (!isDrawKind(e.kind)) {
      const actual = others.get(e.id);
      if (actual === null) problems.push(`台账第 ${i + 1} 行的${kindName(e.kind)} ${e.file}${e.kind === 'publication' ? `（${e.id}）` : ''} 不见了`);
      else if (actual !== undefined && actual !== e.hash) problems.push(`${kindName(e.kind)} ${e.id}（${e.file}）的内容被改动过：按内容算出的哈希是 ${actual}，台账中登记的是 ${e.hash}`);
      prev = e.hash;
      return;
    }
    const r = records.get(e.id);
    if (r === undefined || r === null) problems.push(`台账第 ${i + 1} 行的记录文件 ${e.file} 不见了`);
    else {
      const actual = hashOf(r);
      if (actual !== r.hash) problems.push(`记录 ${e.id} 的内容被改动过：按内容算出的哈希是 ${actual}，文件里写的是 ${r.hash}`);
      if (r.hash !== e.hash) problems.push(`记录 ${e.id} 的哈希 ${r.hash} 与台账中登记的 ${e.hash} 不符`);
      if (r.prev !== prev) problems.push(`记录 ${e.id} 中的上一条哈希与台账顺序不符`);
      if (r.seq !== e.seq) problems.push(`记录 ${e.id} 的序号 ${r.seq} 与台账中的 ${e.seq} 不符`);
    }
    prev = e.hash;
  });
  return problems;
}

/** The Chinese name of a ledger line's kind. */
export function kindName(kind: LedgerKind): string {
  return ({ draw: '抽取记录', redraw: '再次抽取记录', amendment: '补抽记录', announcement: '抽取公告', results: '检查结果版本', publication: '结果公示登记', plan: '备案的抽查计划', evidence: '证据材料登记' } as Record<string, string>)[kind] ?? `记录（${kind}）`;
}

/** A draw's entities as they stand after its amendments. */
export function finalEntities(draw: DrawRecord, records: readonly LedgerRecord[]): DrawRecord['entities'] {
  return entitiesAfter(draw, amendmentsOf(draw.id, records));
}

/** A draw's entities after these amendments of it (in ledger order): the last one's list, each holding them all. */
export const entitiesAfter = (draw: DrawRecord, amendments: readonly AmendmentRecord[]): DrawRecord['entities'] =>
  amendments.at(-1)?.entities ?? draw.entities;

export function amendmentsOf(drawId: string, records: readonly LedgerRecord[]): AmendmentRecord[] {
  return records.filter((r): r is AmendmentRecord => r.kind === 'amendment' && r.of.id === drawId);
}

/** For each item and round, the draw that stands: the latest one (a re-draw replaces what came before). */
export function standingDraws(records: readonly LedgerRecord[]): Map<string, Map<number, DrawRecord>> {
  const m = new Map<string, Map<number, DrawRecord>>();
  for (const r of records) {
    if (r.kind !== 'draw') continue;
    for (const it of r.task.items) {
      if (!m.has(it.id)) m.set(it.id, new Map());
      m.get(it.id)!.set(r.task.round, r);
    }
  }
  return m;
}

/**
 * Entities already drawn this year for each item (防止执法扰民), from the standing draws of other rounds after
 * their amendments. A re-draw of the same round does not exclude what the draw it replaces had drawn.
 */
export function repeatExclusions(records: readonly LedgerRecord[], items: readonly string[], round: number): Exclusion[] {
  const standing = standingDraws(records);
  const out: Exclusion[] = [];
  for (const item of items) {
    const seen = new Set<string>();
    for (const [r, draw] of [...(standing.get(item) ?? new Map<number, DrawRecord>())].sort((a, b) => a[0] - b[0])) {
      if (r === round) continue;
      for (const v of finalEntities(draw, records)) {
        if (!v.items.includes(item) || seen.has(v.code)) continue;
        seen.add(v.code);
        out.push({ item, code: v.code, name: v.name, kind: 'repeat', reason: `本年度已抽中（${draw.id}，第 ${draw.task.round} 次）` });
      }
    }
  }
  return out;
}
