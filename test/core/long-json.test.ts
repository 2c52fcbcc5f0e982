// compactFromLong: the strict inverse of the long layout, checked against sealRecord's own output (the hash it gives
// back must be the record's hash) and against texts that are off the layout or changed inside it.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compactFromLong, compactFromLongBytes, longJson, longJsonBytes } from '../../src/core/long-json.js';
import { canonicalJson, recordHash, sealRecord, type LedgerRecord } from '../../src/core/record.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const OMIT = new Set(['exclusions']);
const without = (r: object, keys: Iterable<string>) => {
  const o = { ...r } as Record<string, unknown>;
  for (const k of keys) delete o[k];
  return o;
};

/** Bodies shaped like draw and amendment records, with the awkward values JSON allows. */
function bodies(): Record<string, unknown>[] {
  const exclusions = Array.from({ length: 40 }, (_, i) => ({
    reason: i % 2 ? '本年度已抽中（2026-001，第 1 次）' : '注销', name: `清河县"${i}号"商行\\分店`, kind: i % 2 ? 'repeat' : 'gone', item: 'SC-001', code: `9143${i}`,
  }));
  return [
    {
      kind: 'draw', id: '2026-001', seq: 1, prev: null, format: 'ssj-draw-record/1', year: 2026, place: '局三楼\n会议室\t"A"',
      entities: [{ name: '甲', code: 'B', items: ['SC-001'], picks: [{ item: 'SC-001', position: 0, stratum: '' }], team: [] }, { code: 'A', team: [{ role: '组长', certNo: '1' }] }],
      exclusions, conflicts: [], warnings: ['😀 emoji', '\u2028 line separator', 'lone \ud800 surrogate'],
      task: { where: [], b: 'x', a: null, ratio: 0.05, big: 1e21, neg: -0, tiny: 5e-7 }, witnesses: ['纪检组甲'], seed: { bits: 128, text: 'abc' },
      pool: { items: [{ id: 'SC-001', strata: [{ label: '', ratio: null }] }] },
    },
    { kind: 'amendment', id: '2026-001-R1', of: { id: '2026-001', hash: 'ab' }, passedOver: exclusions.slice(0, 3), entities: [{ code: 'C' }], number: 1, numbers: [1, 2, 3], mixed: [{ a: 1 }, 2, 'x', null, [3]] },
    { kind: 'draw', exclusions: [], entities: [], flag: true, nothing: null, '键 "quoted"\\': 1, 'a\u2028b': 'c' }, // empty lists, keys that need escaping
  ];
}

describe('compactFromLong', () => {
  it('gives back, for sealed records, the exact text hashed and the record without the omitted fields', () => {
    for (const body of bodies()) {
      const { record, text } = sealRecord(body as Omit<LedgerRecord, 'hash'>);
      const c = compactFromLong(text, OMIT);
      expect(c).not.toBeNull();
      expect(c!.hash).toBe(record.hash);
      expect(sha256(c!.hashText)).toBe(record.hash);
      expect(c!.hashText).toBe(canonicalJson(without(record, ['hash'])));
      expect(recordHash(JSON.parse(c!.hashText))).toBe(record.hash);
      expect(JSON.parse(c!.parseText)).toEqual(JSON.parse(JSON.stringify(without(record, OMIT)))); // (-0 is written 0)
      // nothing omitted: the compact JSON of the whole record, as JSON.stringify writes it
      expect(compactFromLong(text, new Set())!.parseText).toBe(JSON.stringify(record));
      // the bytes version is the same thing
      const b = compactFromLongBytes(Buffer.from(text, 'utf8'), OMIT)!;
      expect(b.hashBytes.toString('utf8')).toBe(c!.hashText);
      expect(b.parseText).toBe(c!.parseText);
      expect(b.hash).toBe(c!.hash);
      expect(compactFromLongBytes(new Uint8Array(Buffer.from(text, 'utf8')), OMIT)!.parseText).toBe(c!.parseText);
    }
  });

  it('inverts longJson for any object, with or without a hash', () => {
    const v = { b: [{ x: 1 }, { y: [1, { z: '}' }] }], a: 'x', list: [1, 2], empty: {}, hash: 7 };
    const c = compactFromLong(longJson(v), new Set(['b']))!;
    expect(c.parseText).toBe(JSON.stringify(without(v, ['b'])));
    expect(c.hashText).toBe(JSON.stringify(without(v, ['hash'])));
    expect(c.hash).toBeNull(); // not a string
    expect(compactFromLong(longJson({}), new Set())).toEqual({ hashText: '{}', parseText: '{}', hash: null });
    expect(compactFromLong(longJson({ a: 1 }), new Set(['a']))).toEqual({ hashText: '{"a":1}', parseText: '{}', hash: null });
  });

  it('longJsonBytes: exactly the bytes of longJson', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ code: `9${i}`, name: `名称,{"}\\[${i}]😀`, items: ['A'], team: [{ role: '组长', certNo: String(i) }] }));
    const values = [{}, { a: 1 }, { b: [{ x: 1 }, { y: [1, { z: '}' }] }], a: 'x', list: [1, 2], empty: {}, none: undefined, e: [], n: null, hash: 7 },
      { ok: true, entities: many, nested: [[1, [2, 3]], [4]], warnings: ['注意,"引号"'] },
      // one element; a backslash at the end of a string; brackets, commas and escapes inside strings; a list of objects then not
      { one: [{ a: '尾\\' }], tricky: [{ s: '],[{"a":1},', t: '\\"', u: '\n\t\u0001' }, { s: '}' }, [], { x: [{ y: ',' }] }], last: [{}] },
      // 100 elements at a time: a list one over and one short of that, and one whose later elements are far longer
      { a: many.slice(0, 101), b: many.slice(0, 99), c: many.slice(0, 100), d: Array.from({ length: 301 }, (_, i) => ({ s: `,${'字'.repeat(i * 30)}` })) }];
    for (const v of values) expect(longJsonBytes(v).equals(Buffer.from(longJson(v), 'utf8'))).toBe(true);
  });

  it('returns null for any text off the layout', () => {
    const { text } = sealRecord(bodies()[0] as Omit<LedgerRecord, 'hash'>);
    const off: [string, string][] = [
      ['CRLF', text.replace(/\n/g, '\r\n')],
      ['BOM', `\uFEFF${text}`],
      ['no final line feed', text.slice(0, -1)],
      ['a blank line at the end', `${text}\n`],
      ['a blank line inside', text.replace('\n  "id"', '\n\n  "id"')],
      ['JSON.stringify(…, null, 2)', `${JSON.stringify(JSON.parse(text), null, 2)}\n`],
      ['compact JSON', `${JSON.stringify(JSON.parse(text))}\n`],
      ['three spaces before a key', text.replace('\n  "id"', '\n   "id"')],
      ['one space before a key', text.replace('\n  "id"', '\n "id"')],
      ['a tab before a key', text.replace('\n  "id"', '\n\t"id"')],
      ['no space after the colon', text.replace('"id": ', '"id":')],
      ['two spaces after the colon', text.replace('"id": ', '"id":  ')],
      ['a space before the colon', text.replace('"id": ', '"id" : ')],
      ['a trailing space', text.replace('"2026-001",\n', '"2026-001", \n')],
      ['a space before the comma', text.replace('"2026-001",\n', '"2026-001" ,\n')],
      ['a comma after the last field', text.replace(/\n\}\n$/, ',\n}\n')],
      ['no comma between two fields', text.replace('"2026-001",\n', '"2026-001"\n')],
      ['five spaces before an element', text.replace('\n    {"code":"A"', '\n     {"code":"A"')],
      ['three spaces before an element', text.replace('\n    {"code":"A"', '\n   {"code":"A"')],
      ['a comma after the last element', text.replace(/(\n {4}[^\n]*)\n {2}\]/, '$1,\n  ]')],
      ['no comma between two elements', text.replace(/\},\n {4}\{"code":"A"/, '}\n    {"code":"A"')],
      ['an empty element line', text.replace('\n    {"code":"A"', '\n    \n    {"code":"A"')],
      ['a bare comma element', text.replace('\n    {"code":"A"', '\n    ,\n    {"code":"A"')],
      ['a list closed with three spaces', text.replace('\n  ],', '\n   ],')],
      ['a list never closed', text.replace(/\n {2}\],\n {2}"format"/, ',\n  "format"')],
      ['a list opened with nothing in it', text.replace('"conflicts": []', '"conflicts": [\n  ]')],
      ['the key written with an escape', text.replace('"place"', '"pl\\u0061ce"')],
      ['the hash key written with an escape', text.replace('"hash"', '"h\\u0061sh"')],
      ['an unterminated key', text.replace('  "id": "2026-001",\n', '  "id\n')],
      ['a key twice', text.replace('  "id": "2026-001",\n', '  "id": "2026-001",\n  "id": "2026-002",\n')],
      ['the hash twice', text.replace(/( {2}"hash": [^\n]*\n)/, '$1$1')],
      ['a hash that is not JSON', text.replace(/"hash": "/, '"hash": x"')],
      ['an empty value', text.replace('"2026-001",\n', ',\n')],
      ['a lone surrogate', text.replace('"2026-001"', '"2026-001\ud800"')],
    ];
    for (const [what, t] of off) {
      expect(t, what).not.toBe(text);
      expect(compactFromLong(t, OMIT), what).toBeNull();
    }
    for (const t of ['', '{}', '{}\n', '{\n}\n', '{\n\n}', '{\n  \n}\n', '[\n]\n']) expect(compactFromLong(t, OMIT), JSON.stringify(t)).toBeNull();
  });

  it('copies values as they stand: a change inside the layout gives a text whose hash no longer matches', () => {
    const { record, text } = sealRecord(bodies()[0] as Omit<LedgerRecord, 'hash'>);
    const changed: [string, string][] = [
      ['a field', text.replace('"place": "', '"place": "X')],
      ['an omitted element', text.replace('"name":"清河县\\"3号\\"商行', '"name":"清河县\\"4号\\"商行')],
      ['an omitted element removed', text.replace(/\n {4}\{"code":"91431"[^\n]*/, '')],
      ['two fields swapped', text.replace(/( {2}"id": [^\n]*\n)( {2}"kind": [^\n]*\n)/, '$2$1')],
      ['a space inside an element', text.replace('{"code":"A"', '{"code": "A"')],
      ['two fields on one line', text.replace('"2026-001",\n  ', '"2026-001", ')], // values are not parsed: the second is part of the first's value
      ['the hash', text.replace(`"hash": "${record.hash}"`, `"hash": "${record.hash.replace(/^./, (c) => (c === '0' ? '1' : '0'))}"`)],
    ];
    for (const [what, t] of changed) {
      expect(t, what).not.toBe(text);
      const c = compactFromLong(t, OMIT);
      expect(c, what).not.toBeNull();
      expect(sha256(c!.hashText) === c!.hash, what).toBe(false);
    }
    // the same JSON split into lines otherwise (no whitespace added) compacts to the same text: still the sealed record
    const joined = compactFromLong(text.replace('"2026-001",\n  "kind": ', '"2026-001","kind":'), OMIT)!;
    expect(sha256(joined.hashText)).toBe(record.hash);
    expect(JSON.parse(joined.parseText)).toEqual(JSON.parse(compactFromLong(text, OMIT)!.parseText));
    // a record that never had a hash
    const c = compactFromLong(longJson(without(record, ['hash'])), OMIT)!;
    expect(c.hash).toBeNull();
    expect(sha256(c.hashText)).toBe(record.hash);
  });
});
