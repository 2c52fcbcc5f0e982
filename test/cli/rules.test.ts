// Issue 15 through the real binary: a year with the rules as the documents write them. Lists are built here as
// real-shaped workbooks (a merged title row over the header): the sample registry with a 投诉举报次数 and a
// 重点监管对象 column, 停业/清算 rows and an ID-number column; the bureau's item list with a law-set 1次/年 item,
// a 不适用 item with its reason; another department's roster and item list imported with --dept.
// Then two separate tasks sharing entities, a directed draw on a registry column and a joint task with the
// other department: ssj visits, the forms, the results and the report agree, and ssj verify --all passes.
import ExcelJS from 'exceljs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';
import { fillResultsSheet } from '../helpers/results-sheet.js';

const made: Workdir[] = [];
let w: Workdir;
let ws: string;
const SC = '示例县市场监督管理局';
const W = ['--witness', '王纪检', '--witness', '李监督'];

async function book(file: string, title: string, header: string[], rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const sh = wb.addWorksheet('Sheet1');
  sh.addRow([title]);
  sh.mergeCells(1, 1, 1, header.length);
  sh.addRow(header);
  for (const r of rows) sh.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

const ssj = async (today: string, args: string[]) => {
  const r = await w.run(args, { cwd: ws, env: { SSJ_TODAY: today } });
  if (r.code !== 0) throw new Error(`ssj ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
};
const record = (id: string) => JSON.parse(readFileSync(join(ws, 'draws', `${id}.json`), 'utf8'));

let registry: any[];
let d1: any; // ZJ-001 --count 30
let d2: any; // ZJ-008 (20%, 1次/年)
let d3: any; // joint: ZJ-001 round 2 + SC-001
let d4: any; // directed ZJ-003 on 投诉举报次数

beforeAll(async () => {
  w = new Workdir('ssj-rules');
  made.push(w);
  await w.samples('ws');
  ws = w.path('ws');
  const sample = (await ssj('2026-05-08', ['list', 'entities', '--json'])).json as any[];
  const reg = sample.map((e, i) => [
    i + 1, e.name, e.creditCode, e.contact, e.phone, e.section, e.category, e.region, e.risk,
    i === 3 ? '停业' : i === 5 ? '正在组织清算' : e.statusText || '存续', i % 7 === 0 ? 3 : i % 5, i % 4 === 0 ? '是' : '否', '110101199001011234',
  ]);
  const F = (n: string) => w.path(n);
  await book(F('名录库.xlsx'), '示例县检查对象名录库（2026年5月修订）',
    ['序号', '市场主体名称', '统一社会信用代码', '联系人', '联系电话', '监管责任股室', '行业类别', '区域', '信用风险分类', '经营状态', '投诉举报次数', '重点监管对象', '法定代表人身份证号'], reg);
  await book(F('事项清单.xlsx'), '示例县住房和城乡建设局随机抽查事项清单',
    ['序号', '事项编号', '抽查事项名称', '检查对象', '抽查比例', '抽查频次', '检查主体', '不适用理由', '备注'], [
      [1, 'ZJ-001', '建筑施工企业资质及安全生产条件检查', '建筑施工企业', '5%', '2次/年', '示例县住房和城乡建设局', '', ''],
      [2, 'ZJ-008', '建筑施工企业质量行为检查', '建筑施工企业', '20%', '1次/年', '示例县住房和城乡建设局', '', '《建设工程质量管理条例》第四十七条：每年检查一次'],
      [3, 'ZJ-003', '物业服务企业服务行为检查', '物业服务企业', '5%', '2次/年', '示例县住房和城乡建设局', '', ''],
      [4, 'ZJ-007', '物业服务企业承接查验备案检查', '物业服务企业', '不适用', '—', '示例县住房和城乡建设局', '备案事项由窗口审查，不开展随机抽查', ''],
    ]);
  await book(F('市监名录.xlsx'), `${SC}执法人员名录`, ['序号', '姓名', '性别', '单位', '执法证号', '执法类别', '手机号码'],
    [1, 2, 3, 4, 5, 6].map((i) => [i, `市监${i}`, '男', SC, `3508812000${i}`, '市场监管', `1390000000${i}`]));
  await book(F('市监事项.xlsx'), `${SC}随机抽查事项清单`, ['序号', '事项编号', '抽查事项名称', '检查对象', '抽查比例', '抽查频次', '检查主体', '备注'],
    [[1, 'SC-001', '建筑施工企业广告发布行为检查', '建筑施工企业', '3%', '1次/年', SC, '《广告法》专项：每年一次，比例 3%']]);

  await ssj('2026-05-08', ['import', 'entities', F('名录库.xlsx')]);
  await ssj('2026-05-08', ['import', 'items', F('事项清单.xlsx')]);
  await ssj('2026-05-08', ['import', 'items', F('市监事项.xlsx'), '--dept', SC]);
  await ssj('2026-05-08', ['import', 'inspectors', F('市监名录.xlsx'), '--dept', SC]);
  registry = (await ssj('2026-05-08', ['list', 'entities', '--json'])).json;

  const draw = async (today: string, args: string[], e: string) =>
    (await ssj(today, ['draw', ...args, ...W, '--entropy', e, '--entropy', String((Number(e) * 7) % 999983), '-y', '--json'])).json;
  d1 = await draw('2026-05-11', ['--item', 'ZJ-001', '--count', '30'], '381702');
  d2 = await draw('2026-05-12', ['--item', 'ZJ-008'], '992011');
  d3 = await draw('2026-05-13', ['--item', 'ZJ-001', '--item', 'SC-001', '--count', '12'], '550617');
  d4 = await draw('2026-05-14', ['--item', 'ZJ-003', '--where', '投诉举报次数=3', '--strata', '重点监管对象'], '118265');
}, 300_000);
afterAll(() => made.forEach((x) => x.remove()));

describe('the item list as the bureau writes it', () => {
  it('list items --json carries reason and remark (strings or null)', async () => {
    const items = (await ssj('2026-05-15', ['list', 'items', '--json'])).json as any[];
    const by = (id: string) => items.find((i) => i.id === id);
    expect(by('ZJ-007')).toMatchObject({ ratio: null, reason: '备案事项由窗口审查，不开展随机抽查', remark: null });
    expect(by('ZJ-008')).toMatchObject({ rounds: 1, reason: null, remark: '《建设工程质量管理条例》第四十七条：每年检查一次' });
    expect(by('SC-001')).toMatchObject({ ratio: 0.03, rounds: 1, dept: SC });
    expect(by('ZJ-001')).toMatchObject({ reason: null, remark: null, dept: null });
  });

  it('the bureau’s own list re-imported keeps the other department’s items (import --dept sits beside it)', async () => {
    const r = (await ssj('2026-05-15', ['import', 'items', w.path('事项清单.xlsx'), '--json'])).json;
    expect(r).toMatchObject({ ok: true, imported: 4, kept: 1, dept: null, unchanged: true });
    const again = await w.run(['import', 'items', w.path('市监事项.xlsx'), '--json'], { cwd: ws });
    // without --dept its SC-001 would be the bureau's own: the same 事项编号 as the kept row is refused
    expect(again.code).toBe(1);
    expect(again.json.errors[0].message).toContain(`事项编号「SC-001」已在部门「${SC}」的抽查事项清单中`);
  });

  it('plan --json keeps rounds and ratio as listed and flags them for their legal basis', async () => {
    const plan = (await ssj('2026-05-15', ['plan', '--json'])).json as any[];
    const row = (id: string) => plan.find((r) => r.item === id);
    expect(row('ZJ-008')).toMatchObject({ rounds: 1, roundsText: '1次/年', ratio: 0.2, months: [7], remark: '《建设工程质量管理条例》第四十七条：每年检查一次' });
    expect(row('ZJ-008').belowDefaults).toEqual(['抽查频次每年 1 次，少于一般要求的每年 2 次']);
    expect(row('SC-001')).toMatchObject({ rounds: 1, ratio: 0.03 });
    expect(row('SC-001').belowDefaults).toHaveLength(2);
    expect(row('ZJ-007')).toMatchObject({ reason: '备案事项由窗口审查，不开展随机抽查', rounds: 0 });
    expect(row('ZJ-001')).toMatchObject({ rounds: 2, belowDefaults: [] });
  });

  it('the items export carries the reasons and the 备注 (说明 column)', async () => {
    const r = await ssj('2026-05-15', ['export', 'items', '--format', 'csv', '-o', w.path('items.csv'), '--json']);
    expect(r.json.ok).toBe(true);
    const text = readFileSync(w.path('items.csv'), 'utf8');
    expect(text).toContain('说明');
    expect(text).toContain('备案事项由窗口审查，不开展随机抽查');
    expect(text).toContain('《建设工程质量管理条例》第四十七条：每年检查一次');
  });
});

describe('the registry', () => {
  it('停业 and 清算 stay drawable with their statusText; extra columns are kept, an ID-number column is not', () => {
    const suspended = registry.filter((e) => ['停业', '正在组织清算'].includes(e.statusText));
    expect(suspended).toHaveLength(2);
    for (const e of suspended) expect(e.status).toBe('active');
    expect(registry.filter((e) => e.status === 'gone').every((e) => /注销|吊销|撤销|迁出/.test(e.statusText))).toBe(true);
    expect(Object.keys(registry[0].extra)).toEqual(['投诉举报次数', '重点监管对象']);
    expect(JSON.stringify(registry)).not.toContain('110101199001011234');
  });

  it('a registry without extra columns still gives the snapshot header it always had', () => {
    const snaps = readdirSync(join(ws, 'snapshots', 'entities')).map((f) => readFileSync(join(ws, 'snapshots', 'entities', f), 'utf8').split('\n', 1)[0]);
    const base = 'code,creditCode,projectCode,name,legalRep,contact,phone,section,category,region,address,risk,status,statusText';
    expect(snaps.sort()).toEqual([base, `${base},投诉举报次数,重点监管对象`].sort());
  });
});

describe('directed draws on any registry column', () => {
  it('--where and --strata take the registry column by name; the record keeps it', () => {
    const r = record(d4.id);
    expect(r.task.type).toBe('定向');
    expect(r.task.where).toEqual([{ field: '投诉举报次数', values: ['3'] }]);
    expect(r.task.strata).toBe('重点监管对象');
    const scope = registry.filter((e) => e.category === '物业服务企业' && e.status === 'active' && e.extra['投诉举报次数'] === '3');
    expect(r.pool.items[0].population).toBe(scope.length);
    expect(r.pool.items[0].strata.map((s: any) => s.label).sort()).toEqual([...new Set(scope.map((e) => `重点监管对象=${e.extra['重点监管对象']}`))].sort());
    for (const v of d4.entities) expect(scope.some((e) => e.code === v.code)).toBe(true);
  });

  it('an unknown column is a usage error naming the columns there are', async () => {
    const r = await w.run(['draw', '--item', 'ZJ-003', '--where', '投诉次数=3', ...W, '--entropy', '1', '--entropy', '2', '-y'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('投诉举报次数');
  });
});

describe('joint department draws', () => {
  it('a task with another department’s item is ssj-draw/2-joint; a visit of both items has a member of each', () => {
    const r = record(d3.id);
    expect(r.algorithm).toBe('ssj-draw/2-joint');
    expect(r.task.departments).toEqual(['示例县住房和城乡建设局', SC]);
    const sc = new Set([1, 2, 3, 4, 5, 6].map((i) => `3508812000${i}`));
    const both = r.entities.filter((v: any) => v.items.length === 2);
    expect(both.length).toBeGreaterThan(0);
    for (const v of r.entities) {
      const fromSc = v.team.filter((m: any) => sc.has(m.certNo)).length;
      const own = v.team.length - fromSc;
      if (v.items.length === 2) expect([fromSc >= 1, own >= 1]).toEqual([true, true]);
      else if (v.items[0] === 'SC-001') expect(own).toBe(0);
      else expect(fromSc).toBe(0);
    }
  });

  it('ordinary draws keep ssj-draw/1 and never take the other department’s people', () => {
    for (const d of [d1, d2, d4]) {
      expect(record(d.id).algorithm).toBe('ssj-draw/1');
      for (const v of d.entities) for (const m of v.team) expect(m.certNo.startsWith('3508812000')).toBe(false);
    }
  });
});

describe('merged visits, forms, results and report', () => {
  let visits: any[];
  beforeAll(async () => {
    visits = (await ssj('2026-05-15', ['visits', '--json', '-o', w.path('检查安排.xlsx')])).json;
  }, 60_000);

  it('the draw says which entities another open task drew (screen, record, --json)', () => {
    const shared = d2.entities.filter((v: any) => d1.entities.some((x: any) => x.code === v.code));
    expect(shared.length).toBeGreaterThan(0);
    expect(d2.merged.map((m: any) => m.code).sort()).toEqual(shared.map((v: any) => v.code).sort());
    expect(record(d2.id).merge.map((m: any) => m.code).sort()).toEqual(shared.map((v: any) => v.code).sort());
    for (const m of record(d2.id).merge) expect(m.with).toEqual([{ task: d1.id, items: ['ZJ-001'] }]);
  });

  it('ssj visits: one row per inspection, every task and item, one team', () => {
    const perTask = [d1, d2, d3, d4].reduce((a, d) => a + d.entities.length, 0);
    const merged = visits.filter((v) => v.tasks.length > 1);
    expect(visits.length).toBe(perTask - merged.reduce((a, v) => a + v.tasks.length - 1, 0));
    for (const v of visits) {
      expect(Object.keys(v).slice(0, 5)).toEqual(['code', 'name', 'tasks', 'items', 'team']);
      expect(new Set(visits.filter((x) => x.code === v.code && x.tasks.some((t: string) => v.tasks.includes(t))).map((x) => x.code)).size).toBe(1);
    }
    const m = merged.find((v) => v.tasks.includes(d1.id) && v.tasks.includes(d2.id))!;
    expect(m.items).toEqual(['ZJ-001', 'ZJ-008']);
    const note = record(d2.id).merge.find((x: any) => x.code === m.code);
    expect(m.team).toEqual(note.team);
    // the earlier team where it fits (no teamRules here): the team 2026-001 drew
    expect(note.teamFrom).toBe('earlier');
    expect(m.team).toEqual(d1.entities.find((v: any) => v.code === m.code).team);
    // a merge with the joint task's SC-001 needs the other department: joined
    const joint = record(d3.id).merge.find((x: any) => d3.entities.find((v: any) => v.code === x.code)?.items.includes('SC-001'));
    if (joint) expect(joint.team.some((t: any) => t.certNo.startsWith('3508812000'))).toBe(true);
  });

  it('the form of the earlier task notes the merge in 备注', async () => {
    await ssj('2026-05-15', ['form', d1.id]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(ws, 'forms', `${d1.id}.xlsx`));
    const texts: string[] = [];
    wb.eachSheet((sh) => sh.eachRow((row) => row.eachCell((c) => texts.push(String(c.value ?? '')))));
    const code = d2.merged[0].code;
    // the entity's row (检查事项) and the form's notes (抽取提示) say so
    expect(texts.some((t) => t.includes(`合并检查：${d2.id} 也抽中`) && t.includes('ZJ-001'))).toBe(true);
    expect(texts.some((t) => t.includes(code) && t.includes(`合并检查：${d2.id} 也抽中，一并检查，检查组`))).toBe(true);
  });

  it('results entered once count for every task of the visit; the report and status agree', async () => {
    // fill 2026-001's sheet: every row 未发现问题
    const sheet = (await ssj('2026-05-20', ['results', 'sheet', d1.id, '--json'])).json;
    await fillResultsSheet(sheet.output, w.path('r1.xlsx'), '2026-05-25');
    await ssj('2026-05-26', ['results', 'import', w.path('r1.xlsx')]);
    // 2026-002's sheet comes pre-filled for the merged entities
    const s2 = (await ssj('2026-05-26', ['results', 'sheet', d2.id, '--json'])).json;
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(s2.output);
    const sh2 = wb2.getWorksheet('检查结果')!;
    // (2026-002's entities may also be merged with the joint task 2026-003, which has no results)
    const merged2 = visits.filter((v) => v.tasks.length > 1 && v.tasks.includes(d2.id));
    const shared = new Set(merged2.map((v) => v.code));
    const withD1 = new Set(merged2.filter((v) => v.tasks.includes(d1.id)).map((v) => v.code));
    expect(withD1.size).toBeGreaterThan(0);
    for (let r = 6; sh2.getCell(r, 2).value; r++) {
      const code = String(sh2.getCell(r, 2).value);
      expect(String(sh2.getCell(r, 4).value).includes('合并检查')).toBe(shared.has(code));
      expect(sh2.getCell(r, 8).value ?? null).toBe(withD1.has(code) ? '未发现问题' : null);
    }
    const after = (await ssj('2026-05-27', ['visits', '--json'])).json as any[];
    for (const v of after) expect(v.done).toBe(v.tasks.includes(d1.id));
    const report = (await ssj('2026-05-27', ['report', '--json', '-o', w.path('report.xlsx')])).json;
    expect(report.totals.mergedAcrossTasks).toBe(after.filter((v) => v.tasks.length > 1).length);
    expect(report.totals.inspections).toBe(after.length);
    expect(report.mergedVisits.map((m: any) => m.code).sort()).toEqual(after.filter((v) => v.tasks.length > 1).map((v) => v.code).sort());
    // the 1次/年 item is judged against 1; the directed round against the whole population
    const it8 = report.items.find((i: any) => i.item === 'ZJ-008');
    expect(it8).toMatchObject({ roundsRequired: 1, roundsDone: 1, ok: true, belowDefaults: ['抽查频次每年 1 次，少于一般要求的每年 2 次'] });
    const it3 = report.items.find((i: any) => i.item === 'ZJ-003');
    const whole = registry.filter((e) => e.category === '物业服务企业' && e.status === 'active').length;
    expect(it3.wholePopulation).toBe(whole);
    expect(it3.rounds[0]).toMatchObject({ directed: true, scope: '投诉举报次数=3', required: Math.ceil(whole * 0.05) });
    expect(it3.ok).toBe(false);
    expect(it3.reasons.join()).toContain('定向抽查');
    const status = (await ssj('2026-05-27', ['status', '--json'])).json as any[];
    expect(status.find((s: any) => s.task === d1.id).stage).toBe('results');
    // 2026-002 has results only through the merged visits: still drawn (not every entity is covered)
    expect(status.find((s: any) => s.task === d2.id).stage).toBe(d2.entities.every((v: any) => withD1.has(v.code)) ? 'results' : 'drawn');
  });

  it('ssj verify --all passes', async () => {
    const r = await w.run(['verify', '--all', '--json'], { cwd: ws, env: { SSJ_TODAY: '2026-05-28' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.records).toHaveLength(4);
  });
});

describe('an announced draw on the registry’s own columns', () => {
  it('ssj draw announce takes --where and --strata on any registry column, as ssj draw does, and the draw matches it', async () => {
    const dir = w.copy('ws');
    const run = (today: string, args: string[]) => w.run(args, { cwd: dir, env: { SSJ_TODAY: today } });
    const a = await run('2026-06-01', ['draw', 'announce', '--item', 'ZJ-003', '--where', '投诉举报次数=3', '--strata', '重点监管对象', '--round', '2',
      '--source', '中国福利彩票 3D 2026-06-05 开奖号码', '--source-date', '2026-06-05', '--json']);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    const rec = JSON.parse(readFileSync(join(dir, 'draws', `${a.json.id}.json`), 'utf8'));
    expect(rec.task.where).toEqual([{ field: '投诉举报次数', values: ['3'] }]);
    expect(rec.task.strata).toBe('重点监管对象');
    const d = await run('2026-06-05', ['draw', '--announced', a.json.id, '--public', '385', '--json']);
    expect(d.code, d.stdout).toBe(0);
    const v = await run('2026-06-05', ['verify', '--json']);
    expect(v.code, v.stdout).toBe(0);
    // a column the registry does not have is still refused, naming it
    const bad = await run('2026-06-01', ['draw', 'announce', '--item', 'ZJ-003', '--strata', '网格员', '--source', 'x', '--source-date', '2026-06-05', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.json.error.message).toContain('网格员');
  });
});
