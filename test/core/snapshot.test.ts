import { describe, expect, it } from 'vitest';
import { asciiKeyOrder, canonicalOrder, compareCodePoints, recordFromSnapshot, snapshotLines } from '../../src/core/snapshot.js';
import type { Conflict, InspectionItem } from '../../src/core/types.js';

const item = (id: string, name: string, ratio: number | null): InspectionItem => ({
  id, name, basis: '', target: '建筑施工企业', content: '', method: '', ratio, ratioText: ratio === null ? '不适用' : `${ratio * 100}%`,
  rounds: ratio === null ? null : 2, roundsText: '', subject: '', section: '',
});

describe('canonical snapshot', () => {
  it('is the same whatever the input order', () => {
    const a = [...snapshotLines('items', [item('B', '乙', 0.05), item('A', '甲, "引号"', null)])].join('');
    const b = [...snapshotLines('items', [item('A', '甲, "引号"', null), item('B', '乙', 0.05)])].join('');
    expect(a).toBe(b);
    expect(a).toBe(
      'id,name,basis,target,content,method,ratio,ratioText,rounds,roundsText,subject,section\n' +
        'A,"甲, ""引号""",,建筑施工企业,,,,不适用,,,,\n' +
        'B,乙,,建筑施工企业,,,0.05,5%,2,,,\n',
    );
  });
  it('orders by code point', () => {
    expect(['b', 'B', '𠀀', 'ｚ'].sort(compareCodePoints)).toEqual(['B', 'b', 'ｚ', '𠀀']);
  });
  it('writes conflicts by id, and reads them back as they were', () => {
    const c = (certNo: string, code: string, reason: string): Conflict => ({ id: `${certNo}|${code}`, certNo, code, inspectorName: '周明', entityName: '甲公司', reason });
    const records = [c('35088110002', 'RF-001', '参与审批'), c('35088110001', '91350100M000100Y43', '配偶任职, 持股')];
    const text = [...snapshotLines('conflicts', records)].join('');
    expect(text).toBe(
      'id,certNo,code,inspectorName,entityName,reason\n' +
        '35088110001|91350100M000100Y43,35088110001,91350100M000100Y43,周明,甲公司,"配偶任职, 持股"\n' +
        '35088110002|RF-001,35088110002,RF-001,周明,甲公司,参与审批\n',
    );
    const row = { id: '35088110002|RF-001', certNo: '35088110002', code: 'RF-001', inspectorName: '周明', entityName: '甲公司', reason: '参与审批' };
    expect(recordFromSnapshot('conflicts', row)).toEqual(records[0]);
  });
});

describe('asciiKeyOrder (the fast sort of unique ASCII keys)', () => {
  // a seeded generator: the same keys on every run
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bySort = (keys: string[]) => keys.map((_k, i) => i).sort((a, b) => compareCodePoints(keys[a]!, keys[b]!));

  it('orders like the code-point comparison, for keys of any length, sharing long prefixes or none', () => {
    const next = rng(7);
    const alphabets = ['0123456789ABCDEFGHJKLMNPQRTUWXY', '01', ' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~'];
    for (const [n, prefix, alphabet, maxLen] of [
      [5000, '91350', alphabets[0]!, 13], [3000, '', alphabets[1]!, 14], [4000, 'XM-2026-', alphabets[2]!, 6],
      [70_000, '9135', alphabets[0]!, 14], [1, '', alphabets[0]!, 3], [2, 'A', alphabets[0]!, 1],
    ] as const) {
      const set = new Set<string>();
      while (set.size < n) {
        let k = prefix;
        const len = Math.floor(next() * (maxLen + 1));
        for (let i = 0; i < len; i++) k += alphabet[Math.floor(next() * alphabet.length)];
        set.add(k);
      }
      const keys = [...set];
      expect([...asciiKeyOrder(keys)!], `${n} keys after ${prefix}`).toEqual(bySort(keys));
    }
    expect([...asciiKeyOrder([])!]).toEqual([]);
    // keys that differ only past the packed characters, and a key that is a prefix of others
    const long = ['AAAAAAAAAAAAB', 'AAAAAAAAAAAAA', 'AAAAAAAAAAAA', 'AAAAAAAAAAAAAA', 'AAAAAAAAAAA~', 'AAAAAAAAAAA!'];
    expect([...asciiKeyOrder(long)!]).toEqual(bySort(long));
  });

  it('declines equal keys and keys that are not printable ASCII, which canonicalOrder sorts as before', () => {
    expect(asciiKeyOrder(['B', 'A', 'B'])).toBeNull();
    expect(asciiKeyOrder(['A1', '中文', 'B'])).toBeNull();
    expect(asciiKeyOrder(['A\u0000', 'A'])).toBeNull();
    expect(asciiKeyOrder(['A\u007f', 'A'])).toBeNull();
    const rec = (code: string, name: string) => ({ code, name }) as never;
    const out = canonicalOrder('entities', [rec('B', '1'), rec('中', '2'), rec('A', '3'), rec('𠀀', '4'), rec('ｚ', '5')]);
    expect(out.map((r: { name: string }) => r.name)).toEqual(['3', '1', '2', '5', '4']);
  });
});
