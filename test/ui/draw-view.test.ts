// The drawn entities and their teams as the terminal shows them after a draw, a projected draw and a replacement.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { visitsTable } from '../../src/ui/draw-view.js';

const member = (name: string, certNo: string, role: '组长' | '组员' | '专家') => ({ name, certNo, role });
const visits = [
  { name: '示例县泰和天和置业有限公司', code: '91350881MA8LP6N77F', items: ['ZJ-002'], team: [member('苏文静', '35088110021', '组长'), member('谢芳', '35088110045', '组员')] },
  { name: '福建省正阳九龙房地产开发有限责任公司', code: '91350881983286029M', items: ['ZJ-002'], team: [member('郑小燕', '35088110057', '组长'), member('张凯', '35088110049', '组员')] },
  { name: '福建省正阳九龙房地产开发有限公司', code: '91350881MA377QK13H', items: ['ZJ-002', 'ZJ-005'], team: [member('杨丽华', '35088110060', '组长'), member('范静', '35088110028', '组员'), member('蔡静', '35080090002', '专家')] },
] as never[];

describe('visitsTable', () => {
  it('at 80 columns cuts no name, code or inspector: the team goes on a line of its own under each entity', () => {
    const text = visitsTable(visits, 80);
    for (const line of text.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(text).not.toContain('…');
    for (const v of visits as { name: string; code: string; team: { name: string; certNo: string }[] }[]) {
      expect(text).toContain(v.name);
      expect(text).toContain(v.code);
      for (const m of v.team) expect(text).toContain(`${m.name}（${m.certNo}`);
    }
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^ {3}1 {2}示例县泰和天和置业有限公司 +91350881MA8LP6N77F {2}ZJ-002$/);
    expect(lines[3]).toBe('      检查组：苏文静（35088110021）、谢芳（35088110045）');
    expect(text.replace(/\n +/g, '')).toContain('蔡静（35080090002，专家）'); // (wrapped under the entity)
    expect(text).toContain('ZJ-002、ZJ-005');
  });

  it('keeps one row per entity when the whole table fits', () => {
    const text = visitsTable(visits, 160);
    expect(text.split('\n')).toHaveLength(2 + visits.length);
    expect(text.split('\n')[0]).toMatch(/检查组（执法证号）$/);
    expect(text).not.toContain('…');
  });

  it('wraps a long team (experts, joint teams) under the entity, still within the width', () => {
    const big = [{ ...(visits[0] as object), team: Array.from({ length: 6 }, (_, i) => member(`执法人员${i + 1}`, `3508811000${i}`, i ? '组员' : '组长')) }] as never[];
    const text = visitsTable(big, 80);
    for (const line of text.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(text.split('\n').length).toBeGreaterThan(4);
    for (let i = 1; i <= 6; i++) expect(text.replace(/\n +/g, '')).toContain(`执法人员${i}（3508811000${i - 1}）`);
  });
});
