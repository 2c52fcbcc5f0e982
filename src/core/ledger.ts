// 台账: the append-only, hash-chained list of every draw, re-draw and amendment of the workspace's year.
import type { Exclusion } from './draw.js';
import type { AmendmentRecord, DrawRecord, LedgerRecord } from './record.js';

/** One line of draws/ledger.jsonl. */
export interface LedgerEntry {
  seq: number;
  id: string;
  kind: 'draw' | 'redraw' | 'amendment' | 'announcement';
  /** record file, relative to the workspace root */
  file: string;
  hash: string;
  /** hash of the previous entry's record (null for the first) */
  prev: string | null;
  at: string;
}

/** Problems with the chain itself: order, links, and each record against its entry. All at once. */
export function checkChain(entries: readonly LedgerEntry[], records: ReadonlyMap<string, LedgerRecord | null>, hashOf: (r: LedgerRecord) => string): string[] {
  const problems: string[] = [];
  let prev: string | null = null;
  entries.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`台账第 ${i + 1} 行的序号是 ${e.seq}，应为 ${i + 1}（有记录被删除或调换了顺序）`);
    if (e.prev !== prev) problems.push(`台账第 ${i + 1} 行（${e.id}）记下的上一条哈希与实际的上一条记录不符（链条断开：有记录被删除、插入或调换）`);
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

/** A draw's entities as they stand after its amendments. */
export function finalEntities(draw: DrawRecord, records: readonly LedgerRecord[]): DrawRecord['entities'] {
  let current = draw.entities;
  for (const r of records) if (r.kind === 'amendment' && r.of.id === draw.id) current = r.entities;
  return current;
}

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
