// parseLongList (a results version read a few lines at a time): the object JSON.parse gives, or nothing — never
// another one. On versions laid out as ssj stores them, large enough to be read in many pieces, and on the layouts
// it must decline: JSON indented by 2 (versions were once stored so), a key given twice, other text.
import { describe, expect, it } from 'vitest';
import { longJson } from '../../src/core/long-json.js';
import { parseLongList } from '../../src/io/long-read.js';

const entry = (i: number) => ({
  code: `91431122MA${String(i).padStart(8, '0')}`,
  name: `清河县第${i}家"副食"\\商行`,
  items: i % 3 ? ['SC-001'] : ['SC-001', '事项乙'],
  checkDate: '2026-03-08',
  method: '实地检查',
  result: i % 7 ? '未发现问题' : '发现问题已责令改正',
  problem: '',
  disposal: '无需后续处置',
  deadline: '',
  // one remark longer than a piece, one with a line break (escaped in JSON: never a raw one)
  remark: i === 100 ? '长'.repeat(20000) : i === 101 ? '第一行\n第二行' : '',
});
const version = (n: number) => ({
  format: 'ssj-results/1', task: '2026-001', recordHash: 'a'.repeat(64), version: 1, importedAt: '2026-03-13T09:00:00+08:00',
  operator: '张三', source: { file: '2026-001 检查结果填报表.xlsx', sha256: 'b'.repeat(64) }, entries: Array.from({ length: n }, (_, i) => entry(i)),
});

describe('parseLongList', () => {
  it('gives what JSON.parse gives for a version in the long layout, read in many pieces', () => {
    for (const n of [0, 1, 2, 600]) {
      const text = longJson(version(n));
      const bytes = Buffer.from(text);
      if (n === 600) expect(bytes.length).toBeGreaterThan(5 * (1 << 15)); // (many pieces, and one line longer than one)
      const got = parseLongList(bytes, 'entries');
      if (n === 0) {
        // an empty list is laid out `[]`, on the key's line: not this layout, parsed whole by the caller
        expect(got === undefined || JSON.stringify(got) === JSON.stringify(JSON.parse(text))).toBe(true);
        continue;
      }
      expect(got).toBeDefined();
      expect(got).toEqual(JSON.parse(text));
      // field order as in the file
      expect(Object.keys(got!)).toEqual(Object.keys(JSON.parse(text)));
    }
  });

  it('declines what it cannot read so, never giving another object', () => {
    const v = version(600);
    // JSON indented by 2: each entry over several lines, cut between pieces
    const indented = JSON.stringify(v, null, 2);
    const got = parseLongList(Buffer.from(indented), 'entries');
    if (got !== undefined) expect(got).toEqual(v);
    // the key given twice: JSON.parse keeps the last
    const twice = longJson({ ...v, extra: 1 }).replace('"extra": 1', '"entries": [1]');
    expect(JSON.parse(twice).entries).toEqual([1]);
    expect(parseLongList(Buffer.from(twice), 'entries')).toBeUndefined();
    // not JSON, a list that is not the key's, no such key
    const text = longJson(v);
    expect(parseLongList(Buffer.from(text.slice(0, text.length - 3)), 'entries')).toBeUndefined();
    expect(parseLongList(Buffer.from(text.replace(/,\n    \{"code":"91431122MA00000300"/, ',\n    {"code":')), 'entries')).toBeUndefined();
    expect(parseLongList(Buffer.from(text), 'other')).toBeUndefined();
    expect(parseLongList(Buffer.from(`[${text}]`), 'entries')).toBeUndefined();
  });
});
