// ssj import conflicts and ssj list conflicts (回避) through the real binary, on our own fixtures.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckChar } from '../../src/core/credit-code.js';
import { FIXTURES, Workdir } from '../helpers/workdir.js';

const sample = (f: string) => join(FIXTURES, 'sample', f);
const quirk = (f: string) => join(FIXTURES, 'quirks', f);
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const CONFLICT_KEYS = ['id', 'certNo', 'code', 'inspectorName', 'entityName', 'reason'];

describe('ssj import conflicts, with the demo roster and registry imported', () => {
  let w: Workdir;
  let roster: any[];
  let registry: any[];
  beforeAll(async () => {
    w = new Workdir();
    await w.init();
    for (const [kind, f] of [['inspectors', '执法检查人员名录.xlsx'], ['entities', '检查对象名录库.xlsx']] as const) {
      const r = await w.run(['import', kind, sample(f), '--json']);
      if (r.code !== 0) throw new Error(r.stderr);
    }
    roster = (await w.run(['list', 'inspectors', '--json'])).json;
    registry = (await w.run(['list', 'entities', '--json'])).json;
  });
  afterAll(() => w.remove());

  it('list conflicts before any import says how to import', async () => {
    const r = await w.run(['list', 'conflicts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('还没有导入回避关系清单。请运行：ssj import conflicts 文件.xlsx');
    expect((await w.run(['list', 'conflicts', '--json'])).json).toEqual([]);
  });

  it('imports the demo declarations: --json shape, snapshot, no warnings', async () => {
    const r = await w.run(['import', 'conflicts', sample('回避关系清单.xlsx'), '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      ok: true, kind: 'conflicts', imported: 8, active: 8, gone: 0, rejected: 0, rejects: null, unchanged: false,
      errors: [], warnings: [], skippedSheets: [],
      sheets: [{ name: '回避关系', status: 'read', headerRow: 2, rows: 8, imported: 8, rejected: 0 }],
      summary: { active: 8, gone: 0, groups: [], goneList: [], inspectors: 7, entities: 8 },
    });
    const file = w.path('snapshots', 'conflicts', `${r.json.snapshot}.csv`);
    expect(sha(file)).toBe(r.json.snapshot);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('id,certNo,code,inspectorName,entityName,reason');
    const log = readFileSync(w.path('imports', 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.at(-1)).toMatchObject({ kind: 'conflicts', snapshot: r.json.snapshot, counts: { imported: 8, active: 8, gone: 0, rejected: 0, warnings: 0 } });
  });

  it('list conflicts --json: exactly the Conflict fields, keys that the roster and registry hold', async () => {
    const list = (await w.run(['list', 'conflicts', '--json'])).json;
    expect(list).toHaveLength(8);
    const certs = new Map(roster.map((i) => [i.certNo, i.name]));
    const codes = new Map(registry.map((e) => [e.code, e.name]));
    for (const c of list) {
      expect(Object.keys(c)).toEqual(CONFLICT_KEYS);
      for (const k of CONFLICT_KEYS) expect(typeof c[k]).toBe('string');
      expect(c.id).toBe(`${c.certNo}|${c.code}`);
      expect(certs.get(c.certNo)).toBe(c.inspectorName);
      expect(codes.get(c.code)).toBe(c.entityName);
      expect(c.reason).not.toBe('');
    }
    // 执法证号 stored as numbers come back as digit strings; a lower-case code is upper-cased
    expect(list.filter((c: any) => c.certNo === '35088110001')).toHaveLength(2); // one person, two entities
    expect(list.every((c: any) => c.code === c.code.toUpperCase())).toBe(true);
    // in the snapshot's order: by id
    expect(list.map((c: any) => c.id)).toEqual(list.map((c: any) => c.id).sort());
  });

  it('shows the clerk the count and the declarations', async () => {
    const again = await w.run(['import', 'conflicts', sample('回避关系清单.xlsx')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('已导入回避关系清单「回避关系清单.xlsx」');
    expect(again.stdout).toContain('共 8 条（涉及执法人员 7 人、检查对象 8 个）');
    expect(again.stdout).toContain('与上次导入的内容完全相同');
    expect(again.stdout).toMatch(/执法证号\s+姓名\s+检查对象代码\s+检查对象名称\s+回避原因/);
    const table = await w.run(['list', 'conflicts']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^回避关系清单：回避关系清单\.xlsx，/);
    expect(table.stdout).toContain('配偶在该企业任职');
    expect(table.stdout).toContain('共 8 条');
  });

  it('a faulty file: every problem at once, located, nothing written', async () => {
    const before = w.listing();
    const r = await w.run(['import', 'conflicts', quirk('conflict-errors.xlsx'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false, kind: 'conflicts', imported: 0, snapshot: null });
    expect(r.json.errors.map((e: any) => [e.file, e.sheet, e.row, e.column, e.field])).toEqual([
      ['conflict-errors.xlsx', '回避关系', 3, 'D', '统一社会信用代码'],
      ['conflict-errors.xlsx', '回避关系', 4, 'F', '回避原因'],
      ['conflict-errors.xlsx', '回避关系', 5, 'D', '统一社会信用代码'],
      ['conflict-errors.xlsx', '回避关系', 6, 'B', '执法证号'],
      ['conflict-errors.xlsx', '回避关系', 7, 'D', '统一社会信用代码'],
      ['conflict-errors.xlsx', '回避关系', 8, 'B', '执法证号'],
    ]);
    const [badCode, noReason, dup, lost, noCode, noCert] = r.json.errors;
    expect(badCode.message).toMatch(/^校验位错误：按前 17 位计算应为「.」，实际为「.」$/);
    expect(noReason.message).toBe('回避原因不能为空');
    expect(dup.message).toBe('执法证号「35088110001」对此检查对象的回避关系与第 2 行重复');
    expect(dup.value).toMatch(/^[0-9A-Z]{18}$/); // the normalised code: it was written in lower case
    expect(lost.value).toBe('3.50881E+10');
    expect(lost.message).toMatch(/科学计数法/);
    expect(noCode.message).toBe('统一社会信用代码不能为空');
    expect(noCert.message).toBe('执法证号不能为空');
    expect(w.listing()).toEqual(before);

    const text = await w.run(['import', 'conflicts', quirk('conflict-errors.xlsx')]);
    expect(text.stderr).toContain('「conflict-errors.xlsx」有 6 处错误，没有导入任何内容（回避关系清单保持不变）');
    expect(text.stderr).toContain('conflict-errors.xlsx › 回避关系 › 第 4 行 F 列  回避原因不能为空');
    expect(text.stderr).toMatch(/conflict-errors\.xlsx › 回避关系 › 第 5 行 D 列  统一社会信用代码「[0-9A-Z]{18}」：执法证号「35088110001」对此检查对象的回避关系与第 2 行重复/);
  });

  it('warns, without refusing, about a 执法证号 or a code the current lists do not hold, and about names that differ', async () => {
    const [p0, p1] = roster;
    const [e0, e1] = registry;
    const unknownCode = withCheckChar('91350881MA2Y00001');
    const csv = [
      '执法证号,姓名,统一社会信用代码,检查对象名称,回避原因',
      `35088119999,某某,${e0.code},${e0.name},配偶在该企业任职`,
      `${p0.certNo},${p0.name},${unknownCode},示例县不存在有限公司,本人持有该企业股份`,
      `${p1.certNo},${p1.name}X,${e1.code},${e1.name}（分公司）,曾在该企业工作`,
      `${p1.certNo},${p1.name},${e0.code},${e0.name},近亲属在该企业任职`,
    ].join('\r\n') + '\r\n';
    writeFileSync(w.path('回避-提醒.csv'), '\ufeff' + csv);
    const r = await w.run(['import', 'conflicts', '回避-提醒.csv', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, imported: 4, errors: [] });
    expect(r.json.warnings.map((x: any) => [x.file, x.sheet, x.row, x.column, x.field, x.value])).toEqual([
      ['回避-提醒.csv', null, 2, 'A', '执法证号', '35088119999'],
      ['回避-提醒.csv', null, 3, 'C', '统一社会信用代码', unknownCode],
      ['回避-提醒.csv', null, 4, 'B', '姓名', `${p1.name}X`],
      ['回避-提醒.csv', null, 4, 'D', '检查对象名称', `${e1.name}（分公司）`],
    ]);
    expect(r.json.warnings[0].message).toBe('执法证号「35088119999」不在当前执法检查人员名录中：请核对是否写错（写错的证号不能让此人回避）');
    expect(r.json.warnings[1].message).toBe(`统一社会信用代码「${unknownCode}」不在当前检查对象名录库中：请核对是否写错（写错的代码起不到回避作用）`);
    expect(r.json.warnings[2].message).toBe(`执法检查人员名录中执法证号「${p1.certNo}」的姓名是「${p1.name}」，请核对`);
    expect(r.json.warnings[3].message).toBe(`检查对象名录库中「${e1.code}」的名称是「${e1.name}」，请核对`);
    // the declaration is kept as written: names are informational
    const list = (await w.run(['list', 'conflicts', '--json'])).json;
    expect(list.find((c: any) => c.certNo === '35088119999')).toMatchObject({ code: e0.code, inspectorName: '某某' });
    const text = await w.run(['import', 'conflicts', '回避-提醒.csv']);
    expect(text.stdout).toContain('4 条提醒');
    expect(text.stdout).toContain('回避-提醒.csv › 第 2 行 A 列  执法证号「35088119999」不在当前执法检查人员名录中');
    expect(text.stdout).toContain(`回避-提醒.csv › 第 4 行 B 列  姓名「${p1.name}X」：执法检查人员名录中执法证号「${p1.certNo}」的姓名是「${p1.name}」，请核对`);
  });

  it('a file without a 回避原因 column has no header it can use', async () => {
    writeFileSync(w.path('无原因.csv'), `执法证号,统一社会信用代码\n${roster[0].certNo},${registry[0].code}\n`);
    const r = await w.run(['import', 'conflicts', '无原因.csv', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.errors).toEqual([expect.objectContaining({ sheet: null, row: null, column: null })]);
    expect(r.json.errors[0].message).toContain('没有找到回避关系清单的表头');
    expect(r.json.errors[0].message).toContain('执法证号、统一社会信用代码或项目编号、回避原因');
  });

  it('--category does not apply to conflicts; --status neither', async () => {
    expect((await w.run(['list', 'conflicts', '--category', '建筑施工企业'])).code).toBe(2);
    expect((await w.run(['list', 'conflicts', '--status', 'gone'])).code).toBe(2);
  });
});

describe('ssj import conflicts in a fresh workspace', () => {
  it('numbers as numbers, synonyms and project codes; no roster or registry, so nothing to check against', async () => {
    const w = new Workdir();
    try {
      await w.init();
      const r = await w.run(['import', 'conflicts', quirk('conflict-variants.xlsx'), '--json']);
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ ok: true, imported: 5, errors: [], warnings: [] });
      const list = (await w.run(['list', 'conflicts', '--json'])).json;
      const byCert = new Map(list.map((c: any) => [c.certNo, c]));
      // 35088110501 stored as a number, 1234567890 with the format 00000000000, text with spaces, full-width digits
      expect([...byCert.keys()].sort()).toEqual(['01234567890', '35088110501', '35088110503', '35088110504', '35088110505']);
      expect(byCert.get('35088110503')).toMatchObject({ code: 'RF-2025-003', id: '35088110503|RF-2025-003' });
      // both codes given: the credit code names the entity
      expect((byCert.get('35088110504') as any).code).toMatch(/^91350881/);
      expect(byCert.get('01234567890')).toMatchObject({ inspectorName: '林永福', reason: '曾在该企业工作，离职未满三年' });
    } finally {
      w.remove();
    }
  });
});
