import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SsjError } from '../../src/core/errors.js';
import { SNAPSHOT_COLUMNS } from '../../src/core/schema.js';
import { SnapshotParser, parseSnapshot } from '../../src/core/snapshot-parse.js';
import { canonicalOrder, recordFromSnapshot, snapshotLines } from '../../src/core/snapshot.js';
import type { ListKind, ListRecord } from '../../src/core/types.js';
import { loadSnapshot, snapshotPath, storeSnapshot } from '../../src/io/store.js';
import { rng, type Rng } from '../helpers/rng.js';
import { thrown } from '../helpers/thrown.js';

const KINDS = Object.keys(SNAPSHOT_COLUMNS) as ListKind[];
const COLS = SNAPSHOT_COLUMNS as unknown as Record<ListKind, readonly string[]>;

// Pieces of field text: separators and quotes, line breaks, CJK (3 UTF-8 bytes), characters outside the BMP
// (4 bytes, surrogate pairs in JS), 2-byte Latin letters, a BOM character, spaces and tabs.
const PIECES = ['a', 'Z', '0', '9', '-', ' ', '\t', ',', '"', '""', '\r', '\n', '\r\n', '中', '文', '检查', '股份有限公司', '𠀀', '😀', '👨‍👩‍👧', 'é', 'ß', '\u00a0', '\uFEFF', '，', '“', '、'];
const PLAIN = ['a', 'Z', '0', '9', '-', ' ', '中', '文', '检查', '股份有限公司', '𠀀', '😀', 'é', '，'];

function text(r: Rng, plainOnly: boolean, maxPieces = 8): string {
  const roll = r.next();
  if (roll < 0.2) return '';
  const pieces = plainOnly ? PLAIN : PIECES;
  let s = '';
  const k = 1 + r.int(maxPieces);
  for (let i = 0; i < k; i++) s += r.pick(pieces);
  return s;
}

const NUMBERS = [null, 0, 1, 2, 0.05, 0.1, 1 / 3, 12.5, 1e-7, 1e21, 100];

/** A random record of `kind`: every column a string, except items' ratio and rounds (number or null). */
function randomRecord(kind: ListKind, r: Rng, i: number, tricky: number): ListRecord {
  const rec: Record<string, unknown> = {};
  for (const c of COLS[kind]) {
    if (kind === 'items' && (c === 'ratio' || c === 'rounds')) rec[c] = r.pick(NUMBERS);
    else rec[c] = text(r, r.next() >= tricky);
  }
  // Mostly distinct keys, as in a real list (duplicates are still written and read back in order).
  const key = Object.keys(rec)[0]!;
  if (r.next() < 0.9) rec[key] = `${rec[key]}${i}`;
  return rec as unknown as ListRecord;
}

function randomSnapshot(kind: ListKind, r: Rng, rows: number, tricky = 0.3): { text: string; records: ListRecord[] } {
  const records = Array.from({ length: rows }, (_, i) => randomRecord(kind, r, i, tricky));
  return { text: [...snapshotLines(kind, records)].join(''), records };
}

/** What loadSnapshot returned before: csv-parse with columns: true, then recordFromSnapshot. */
function viaCsvParse(kind: ListKind, input: string | Buffer): ListRecord[] {
  const rows = parse(input, { columns: true, relax_column_count: false }) as Record<string, string>[];
  return rows.map((row) => recordFromSnapshot(kind, row));
}

/** Feeds `bytes` in chunks of 1..max bytes; counts chunk ends inside a multi-byte character. */
function parseInChunks(kind: ListKind, bytes: Buffer, r: Rng, max: number, stats?: { splitChars: number }): ListRecord[] {
  const p = new SnapshotParser(kind);
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + r.int(max);
    const end = Math.min(bytes.length, i + n);
    if (stats && end < bytes.length && (bytes[end]! & 0xc0) === 0x80) stats.splitChars++;
    // A reused buffer, as a file reader would pass: the parser must not keep it.
    const chunk = Buffer.from(bytes.subarray(i, end));
    p.write(chunk);
    chunk.fill(0x5a);
    i = end;
  }
  return p.end();
}


describe('parseSnapshot agrees with csv-parse + recordFromSnapshot', () => {
  for (const kind of KINDS) {
    it(`${kind}: random snapshots, whole and in 1–50 byte chunks`, () => {
      const r = rng(0x5eed + kind.length);
      const stats = { splitChars: 0 };
      let quotedLines = 0;
      let multiLine = 0;
      for (let t = 0; t < 150; t++) {
        const { text: snap } = randomSnapshot(kind, r, r.int(25), t % 3 === 0 ? 0 : 0.3);
        const bytes = Buffer.from(snap, 'utf8');
        const expected = viaCsvParse(kind, snap);
        expect(parseSnapshot(kind, snap)).toStrictEqual(expected);
        expect(parseSnapshot(kind, bytes)).toStrictEqual(expected);
        expect(parseInChunks(kind, bytes, r, 50, stats)).toStrictEqual(expected);
        expect(parseInChunks(kind, bytes, r, 3)).toStrictEqual(expected);
        quotedLines += snap.split('\n').filter((l) => l.includes('"')).length;
        if (expected.length < snap.split('\n').length - 2) multiLine++;
      }
      // The generator did make what the test is about.
      expect(stats.splitChars).toBeGreaterThan(100);
      expect(quotedLines).toBeGreaterThan(100);
      expect(multiLine).toBeGreaterThan(10);
    });
  }

  it('large snapshots in large chunks (the decoding fast paths) and string chunks', () => {
    const r = rng(42);
    for (const kind of KINDS) {
      for (const tricky of [0, 0.02, 0.5]) {
        const { text: snap } = randomSnapshot(kind, r, 800, tricky);
        const bytes = Buffer.from(snap, 'utf8');
        const expected = viaCsvParse(kind, snap);
        for (const size of [256, 4096, 65536, 1 << 20]) {
          const p = new SnapshotParser(kind);
          for (let i = 0; i < bytes.length; i += size) p.write(bytes.subarray(i, i + size));
          expect(p.end()).toStrictEqual(expected);
        }
        const p = new SnapshotParser(kind);
        for (let i = 0; i < snap.length; ) {
          const n = 1 + r.int(5000);
          p.write(snap.slice(i, i + n)); // may cut a surrogate pair: text pieces are joined before parsing
          i += n;
        }
        expect(p.end()).toStrictEqual(expected);
      }
    }
  });

  it('ASCII-only snapshots', () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({
      code: `91350881${String(i).padStart(10, '0')}`, creditCode: '', projectCode: `P-${i}`, name: i % 7 === 0 ? `Shop, "No. ${i}"` : `Shop ${i}`,
      legalRep: 'Li', contact: '', phone: '13800000000', section: 'S1', category: 'C', region: 'R', address: i % 11 === 0 ? 'line 1\nline 2' : '',
      risk: 'A', status: 'active', statusText: 'open',
    })) as unknown as ListRecord[];
    const snap = [...snapshotLines('entities', records)].join('');
    const expected = viaCsvParse('entities', snap);
    expect(expected).toHaveLength(3000);
    expect(parseSnapshot('entities', Buffer.from(snap))).toStrictEqual(expected);
    expect(parseSnapshot('entities', Buffer.from(snap))).toStrictEqual(canonicalOrder('entities', records));
  });

  it('edge cases of canonical text', () => {
    const head = COLS.items.join(',') + '\n';
    const cases = [
      head, // no records
      head + 'A,,,,,,,,,,,', // last line without LF
      head + 'A,"x\n",,,,,,,,,,\nB,,,,,,,,,,,', // quoted line break, then a last line without LF
      head + '"A",,,,,,,,,,,""\n', // needlessly quoted fields
      head + 'A,,,,,,0.05,"5%, ""约""",2,,,\n',
      head + 'A,"\r\n\r",,,,,,,,,,\n',
      head + 'A,"""",,,,,,,,,,"\n"\n', // a record ending in a quoted LF
    ];
    for (const c of cases) {
      const expected = viaCsvParse('items', c);
      expect(parseSnapshot('items', c)).toStrictEqual(expected);
      for (let size = 1; size <= 4; size++) {
        const p = new SnapshotParser('items');
        const b = Buffer.from(c);
        for (let i = 0; i < b.length; i += size) p.write(b.subarray(i, i + size));
        expect(p.end()).toStrictEqual(expected);
      }
    }
    expect(parseSnapshot('items', head + 'A,,,,,,0.05,,2,,,\n')[0]).toMatchObject({ id: 'A', ratio: 0.05, rounds: 2 });
    expect(parseSnapshot('items', head + 'A,,,,,,,,,,,\n')[0]).toMatchObject({ ratio: null, rounds: null });
  });

  it('one object per record even for a kind whose record is the parsed row itself', async () => {
    // The fast path reuses its row object while recordFromSnapshot returns a copy; it must notice when not.
    vi.resetModules();
    vi.doMock('../../src/core/snapshot.js', async (original) => ({
      ...(await original<typeof import('../../src/core/snapshot.js')>()),
      recordFromSnapshot: (_kind: ListKind, row: Record<string, string>) => row,
    }));
    try {
      const mod = await import('../../src/core/snapshot-parse.js');
      const snap = COLS.entities.join(',') + '\n' + ['91A', '91B', '91C'].map((c) => `${c},${c},,名称${c},,,,,,,,,active,存续\n`).join('');
      const records = mod.parseSnapshot('entities', snap) as unknown as Record<string, string>[];
      expect(records.map((r) => r['code'])).toEqual(['91A', '91B', '91C']);
      expect(new Set(records).size).toBe(3);
    } finally {
      vi.doUnmock('../../src/core/snapshot.js');
      vi.resetModules();
    }
  });

  it('invalid UTF-8 is decoded as csv-parse decodes it (U+FFFD)', () => {
    const head = COLS.entities.join(',') + '\n';
    const line = (name: string) => `91X,,,${name},,,,,,,,,active,存续\n`;
    const mid = Buffer.from(line('@'));
    const at = mid.indexOf('@');
    const bytes = Buffer.concat([Buffer.from(head + line('甲')), mid.subarray(0, at), Buffer.from([0xe4, 0xb8, 0xff]), mid.subarray(at + 1), Buffer.from(line('乙'.repeat(200)))]);
    const expected = viaCsvParse('entities', bytes);
    expect((expected[1] as unknown as Record<string, string>)['name']).toContain('\uFFFD');
    expect(parseSnapshot('entities', bytes)).toStrictEqual(expected);
    expect(parseInChunks('entities', bytes, rng(7), 50)).toStrictEqual(expected);
  });
});

describe('malformed snapshots are refused, naming the line', () => {
  const head = COLS.entities.join(',') + '\n';
  const ok = '91A,91A,,甲公司,张三,,,,,,,,active,存续\n';
  const cases: [string, string, RegExp][] = [
    ['empty', '', /是空的/],
    ['other header', head.replace('name', 'nom'), /第 1 行：表头/],
    ['header of another kind', COLS.items.join(',') + '\n' + ok, /第 1 行：表头/],
    ['header with a BOM', '\uFEFF' + head + ok, /第 1 行：表头.*BOM/],
    ['header missing a column', head.replace(',statusText', '') + ok, /第 1 行：表头/],
    ['too few fields', head + ok + '91B,91B,,乙公司\n', /第 3 行：有 4 个字段，应为 14 个/],
    ['too many fields', head + ok + ok.replace('存续', '存续,多余'), /第 3 行：有 15 个字段，应为 14 个/],
    ['empty line', head + ok + '\n' + ok, /第 3 行：有 1 个字段/],
    ['too few fields in a quoted record', head + ok + '91B,"乙\n公司"\n', /第 3 行：有 2 个字段/],
    ['too many fields after a multi-line record', head + '91B,"乙\n\n公司",,,,,,,,,,,,\n' + ok + ok + ',' + ok, /第 7 行：有 15 个字段/],
    ['quote inside an unquoted field', head + ok + '91B,9"1B,,乙公司,,,,,,,,,active,存续\n', /第 3 行：第 2 个字段中有不在引号内的双引号/],
    ['text after a closing quote', head + ok + '91B,"91B"x,,乙公司,,,,,,,,,active,存续\n', /第 3 行：第 2 个字段的结束引号后面是「x」/],
    ['unclosed quote', head + ok + '91B,"91B,,乙公司,,,,,,,,,active,存续\n' + ok, /第 3 行：引号没有闭合/],
    ['CRLF line ends', head.replace('\n', '\r\n') + ok, /第 1 行：有引号外的回车符/],
    ['CR inside an unquoted field', head + ok + ok.replace('甲', '甲\r乙'), /第 3 行：有引号外的回车符/],
  ];
  for (const [what, input, message] of cases) {
    it(what, () => {
      const whole = thrown(() => parseSnapshot('entities', input, { source: 'x.csv' }));
      expect(whole.code).toBe('INPUT_INVALID');
      expect(whole.message).toMatch(message);
      expect(whole.message).toContain('x.csv');
      expect(whole.hint).toBeTruthy();
      // The same error whatever the chunks.
      const bytes = Buffer.from(input);
      for (const size of [1, 2, 7]) {
        const e = thrown(() => {
          const p = new SnapshotParser('entities', { source: 'x.csv' });
          for (let i = 0; i < bytes.length; i += size) p.write(bytes.subarray(i, i + size));
          p.end();
        });
        expect(e.message).toBe(whole.message);
      }
    });
  }
});

describe('loadSnapshot', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'ssj-snapshot-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('reads back what storeSnapshot wrote (several 1 MiB reads, quoted records across them)', async () => {
    const root = tmp();
    const r = rng(2026);
    for (const kind of KINDS) {
      // Some long multi-line quoted fields so that read boundaries fall inside them.
      const records = Array.from({ length: 1500 }, (_, i) => {
        const rec = randomRecord(kind, r, i, 0.05) as unknown as Record<string, unknown>;
        if (i % 37 === 0) rec[COLS[kind][1]!] = `长字段, "引号"\n第二行 ${'中文'.repeat(4000)}\r\n😀`;
        return rec as unknown as ListRecord;
      });
      const { sha256, path } = await storeSnapshot(root, kind, records);
      const bytes = readFileSync(path);
      expect(bytes.length).toBeGreaterThan(1 << 20);
      const loaded = await loadSnapshot(root, kind, sha256);
      expect(loaded).toStrictEqual(viaCsvParse(kind, bytes));
      if (kind === 'entities' || kind === 'inspectors') expect(loaded).toStrictEqual(canonicalOrder(kind, records));
    }
  });

  it('reports a missing snapshot, a changed one, and a malformed one', async () => {
    const root = tmp();
    const records = [{ code: '91A', creditCode: '91A', projectCode: '', name: '甲', legalRep: '', contact: '', phone: '', section: '', category: '', region: '', address: '', risk: '', status: 'active', statusText: '存续' }] as unknown as ListRecord[];
    const { sha256, path } = await storeSnapshot(root, 'entities', records);
    await expect(loadSnapshot(root, 'entities', '0'.repeat(64))).rejects.toMatchObject({ code: 'VERIFY_FAILED', message: expect.stringMatching(/不见了/) });

    writeFileSync(path, readFileSync(path, 'utf8').replace('甲', '乙'));
    await expect(loadSnapshot(root, 'entities', sha256)).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringMatching(/哈希不符/) });
    // A change that also breaks the format is reported as a change.
    writeFileSync(path, readFileSync(path, 'utf8').replace('乙', '"乙'));
    await expect(loadSnapshot(root, 'entities', sha256)).rejects.toMatchObject({ message: expect.stringMatching(/哈希不符/) });

    // Malformed, yet named by its own hash: the parser's error, naming the file and line.
    const bad = COLS.entities.join(',') + '\n91A,91A\n';
    const badSha = createHash('sha256').update(bad).digest('hex');
    const badPath = snapshotPath(root, 'entities', badSha);
    mkdirSync(dirname(badPath), { recursive: true });
    writeFileSync(badPath, bad);
    await expect(loadSnapshot(root, 'entities', badSha)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining(`快照文件 ${badPath} 第 2 行：有 2 个字段，应为 14 个`),
    });
  });
});

describe('only some columns (what a draw reads)', () => {
  it('keeps the named columns, leaves the others empty, still checks every line', () => {
    const text = [...snapshotLines('entities', [
      { code: 'B2', creditCode: 'B2', projectCode: '', name: '乙公司', legalRep: '张三', contact: '李四', phone: '13800000000', section: '房管股', category: '物业服务企业', region: '城关镇', address: '某路 "1" 号, 二楼', risk: 'A', status: 'active', statusText: '存续' },
      { code: 'A1', creditCode: 'A1', projectCode: '', name: '甲公司', legalRep: '', contact: '', phone: '', section: '', category: '物业服务企业', region: '南街', address: '', risk: '', status: 'gone', statusText: '注销' },
    ] as any)].join('');
    const only = ['code', 'name', 'category', 'status'];
    const recs = parseSnapshot('entities', text, { only }) as any[];
    expect(recs.map((r) => r.code)).toEqual(['A1', 'B2']);
    expect(recs[1]).toMatchObject({ code: 'B2', name: '乙公司', category: '物业服务企业', status: 'active', phone: '', address: '', contact: '', region: '' });
    expect(() => parseSnapshot('entities', text.replace('乙公司', '乙公司,多一列'), { only })).toThrow(SsjError);
  });
});
