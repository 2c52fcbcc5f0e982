// Records and the ledger in memory: canonical JSON, record hashes, the chain's failure modes, standing draws.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainHead, checkChain, checkLines, legacyLines, lineHash, nextEntry, repeatExclusions, standingDraws, type LedgerEntry } from '../../src/core/ledger.js';
import { lineHash as lineHashHere } from '../helpers/records.js';
import { canonicalJson, groupsOf4, recordHash, sealRecord, sealRecordBytes, type DrawRecord, type LedgerRecord } from '../../src/core/record.js';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys at every level, drops undefined, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, { d: 'x', c: 0.05 }], e: undefined })).toBe('{"a":[true,null,{"c":0.05,"d":"x"}],"b":1}');
    expect(canonicalJson('引号"\n')).toBe('"引号\\"\\n"');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });
  it('sealRecord: the hash is the canonical hash, the text parses back to the record', () => {
    const body = { z: 1, kind: 'draw', entities: [{ name: '甲', code: 'B' }, { code: 'A', team: [{ role: '组长', certNo: '1' }] }], task: { where: [], b: 'x', a: null } };
    const { record, text } = sealRecord(body as any);
    expect(record.hash).toBe(recordHash(body as any));
    expect(JSON.parse(text)).toEqual(record);
    expect(Object.keys(record)).toEqual([...Object.keys(record)].sort());
    expect(text.split('\n').length).toBeGreaterThan(6); // one element per line
  });
  it('sealRecordBytes: the same record and exactly the bytes of sealRecord\'s text', () => {
    const many = Array.from({ length: 30000 }, (_, i) => ({ name: `对象${i}"\n😀`, code: `91${i}`, items: ['A', 'B'], team: [{ role: '组长', certNo: String(i) }] }));
    const bodies = [
      { z: 1, kind: 'draw', entities: [{ name: '甲', code: 'B' }, { code: 'A', team: [{ role: '组长', certNo: '1' }] }], task: { where: [], b: 'x', a: null } },
      { a: [], kind: 'draw', entities: many, exclusions: many.slice(0, 5000), prev: null, seq: 2, warnings: ['注意'] },
      { hat: 'x', hash0: [{ a: 1 }], kind: 'amendment', zzz: [1, 2, 3] },
      { kind: 'draw', entities: [{ name: '逗号,括号{}[]"引号\\"\\', code: '[1,2]', nested: [{ a: [1, { b: ',' }] }, []] }, { x: null }], list: [[1, 2], [3]], exclusions: [] },
      // lists are laid out 100 elements at a time: one over, one short, and later elements far longer than the first
      // ones (the buffer, sized from the first hundred, grows)
      { kind: 'draw', entities: many.slice(0, 101), exclusions: many.slice(0, 99), warnings: [] },
      { kind: 'draw', entities: Array.from({ length: 250 }, (_, i) => ({ code: String(i), name: `名称,"]${'长'.repeat(i * 40)}` })), z: [{ a: 1 }] },
    ];
    for (const body of bodies) {
      const a = sealRecord(body as any);
      const b = sealRecordBytes(body as any);
      expect(b.record).toStrictEqual(a.record);
      expect(b.bytes.equals(Buffer.from(a.text, 'utf8'))).toBe(true);
      // recordHash hashes a sorted record a field (and a hundred list elements) at a time: the same hash as of the
      // canonical JSON in one piece, for the record as stored and as read back from its file
      const { hash, ...rest } = b.record as unknown as Record<string, unknown>;
      expect(recordHash(b.record)).toBe(hash);
      expect(recordHash(JSON.parse(b.bytes.toString('utf8')))).toBe(createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex'));
    }
  });
  it('groups of four for reading aloud', () => {
    expect(groupsOf4('078dfdbd78a0')).toBe('078d fdbd 78a0');
  });
});

/** A minimal chain of draw records (only the fields the ledger functions read). */
function chain(n: number): { entries: LedgerEntry[]; records: Map<string, LedgerRecord> } {
  const entries: LedgerEntry[] = [];
  const records = new Map<string, LedgerRecord>();
  let prev: string | null = null;
  for (let i = 1; i <= n; i++) {
    const body = {
      kind: 'draw', id: `2026-00${i}`, seq: i, prev, date: '2026-11-22',
      task: { items: [{ id: 'A' }], round: i === 3 ? 1 : i }, entities: [{ code: `E${i}`, name: `对象${i}`, items: ['A'], picks: [], team: [] }],
    } as unknown as Omit<DrawRecord, 'hash'>;
    const r = { ...body, hash: recordHash(body) } as DrawRecord;
    records.set(r.id, r);
    entries.push({ seq: i, id: r.id, kind: 'draw', file: `draws/${r.id}.json`, hash: r.hash, prev, at: '' });
    prev = r.hash;
  }
  return { entries, records };
}

describe('the chain', () => {
  it('a good chain has no problems', () => {
    const { entries, records } = chain(3);
    expect(checkChain(entries, records, recordHash)).toEqual([]);
  });
  it('an edited record', () => {
    const { entries, records } = chain(3);
    const r = records.get('2026-002')! as DrawRecord;
    records.set(r.id, { ...r, entities: [{ ...r.entities[0]!, name: '改过的名字' }] });
    expect(checkChain(entries, records, recordHash).join('\n')).toMatch(/2026-002 的内容被改动过/);
  });
  it('a missing ledger line, reordered lines, a missing record file', () => {
    const a = chain(3);
    expect(checkChain([a.entries[0]!, a.entries[2]!], a.records, recordHash).join('\n')).toMatch(/链条断开/);
    const b = chain(3);
    expect(checkChain([b.entries[1]!, b.entries[0]!, b.entries[2]!], b.records, recordHash).join('\n')).toMatch(/序号/);
    const c = chain(3);
    c.records.delete('2026-003');
    expect(checkChain(c.entries, c.records, recordHash).join('\n')).toMatch(/不见了/);
  });
  it('a record whose hash was recomputed after editing still breaks the link to the next one', () => {
    const { entries, records } = chain(3);
    const r = records.get('2026-001')! as DrawRecord;
    const { hash: _h, ...body } = { ...r, operator: '别人' };
    const forged = { ...body, hash: recordHash(body as LedgerRecord) } as LedgerRecord;
    records.set(r.id, forged);
    const problems = checkChain(entries, records, recordHash).join('\n');
    expect(problems).toMatch(/与台账中登记的/);
  });
});

describe('standing draws and repeat exclusions', () => {
  it('a re-draw of a round replaces it; entities of other rounds are excluded', () => {
    const { records } = chain(3); // draws: round 1, round 2, round 1 again (re-draw)
    const list = [...records.values()];
    const standing = standingDraws(list).get('A')!;
    expect(standing.get(1)!.id).toBe('2026-003');
    expect(repeatExclusions(list, ['A'], 2).map((x) => x.code)).toEqual(['E3']); // E1 was re-drawn away
    expect(repeatExclusions(list, ['A'], 3).map((x) => x.code).sort()).toEqual(['E2', 'E3']);
  });
});

describe('line hashes (docs/ledger.md)', () => {
  /** the lines of chain(n) as this version writes them: each with its chain hash */
  function chained(n: number, legacy = 0): LedgerEntry[] {
    const { entries } = chain(n);
    const out: LedgerEntry[] = [];
    for (const e of entries) out.push(out.length < legacy ? e : nextEntry(out, e));
    return out;
  }
  it('each line\'s chain hash covers its fields and the previous chain hash, as documented (computed here independently)', () => {
    const ls = chained(3);
    let prev: string | null = null;
    for (const e of ls) {
      expect(e.chain).toBe(lineHashHere(e as unknown as Record<string, unknown>, prev));
      prev = e.chain!;
    }
    expect(chainHead(ls)).toEqual({ id: '2026-003', seq: 3, hash: prev });
    expect(checkLines(ls)).toEqual([]);
  });
  for (const [field, value] of [['at', '2026-01-01'], ['kind', 'redraw'], ['file', 'draws/x.json'], ['hash', 'f'.repeat(64)], ['prev', null], ['seq', 9], ['id', '2026-009']] as const) {
    it(`editing ${field} of a line breaks its line hash`, () => {
      const ls = chained(3);
      (ls[1] as any)[field] = value;
      expect(checkLines(ls).join('\n')).toMatch(/台账第 2 行.*行哈希不符/);
    });
  }
  it('a line removed, or line hashes recomputed after an edit, shows in the head', () => {
    const ls = chained(3);
    const head = chainHead(ls)!;
    const edited = chained(3);
    edited[0]!.at = 'x';
    const rechained: LedgerEntry[] = [];
    for (const e of edited) rechained.push(nextEntry(rechained, { ...e }));
    expect(checkLines(rechained)).toEqual([]); // consistent in itself
    expect(chainHead(rechained)!.hash).not.toBe(head.hash); // but not the head anyone kept
  });
  it('legacy lines: only a prefix may lack line hashes; their hashes are computed the same way', () => {
    const ls = chained(3, 2);
    expect(legacyLines(ls)).toBe(2);
    expect(checkLines(ls)).toEqual([]);
    expect(ls[2]!.chain).toBe(lineHash(ls[2]!, lineHash(ls[1]!, lineHash(ls[0]!, null))));
    const stripped = chained(3).map((e, i) => (i === 1 ? { ...e, chain: undefined } : e));
    expect(checkLines(stripped).join('\n')).toContain('没有行哈希');
  });
  it('lines of other kinds: their files\' hashes are checked against the line', () => {
    const { entries, records } = chain(1);
    const ls = [...entries];
    ls.push(nextEntry(ls, { id: '2026-001-v1', kind: 'results', file: 'results/2026-001/v1.json', hash: 'a'.repeat(64), at: '' }));
    expect(checkChain(ls, records, recordHash, new Map([['2026-001-v1', 'a'.repeat(64)]]))).toEqual([]);
    expect(checkChain(ls, records, recordHash, new Map([['2026-001-v1', 'b'.repeat(64)]])).join('\n')).toContain('检查结果版本 2026-001-v1');
    expect(checkChain(ls, records, recordHash, new Map([['2026-001-v1', null]])).join('\n')).toContain('不见了');
  });
});
