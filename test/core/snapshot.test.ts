import { describe, expect, it } from 'vitest';
import { compareCodePoints, snapshotLines } from '../../src/core/snapshot.js';
import type { InspectionItem } from '../../src/core/types.js';

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
});
