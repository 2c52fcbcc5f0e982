import { describe, expect, it } from 'vitest';
import { compareCodePoints, recordFromSnapshot, snapshotLines } from '../../src/core/snapshot.js';
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
