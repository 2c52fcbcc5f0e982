// The list builder in memory: header finding, row classification, merges, validation, duplicates.
import { describe, expect, it } from 'vitest';
import { parseRange, type RawCell } from '../../src/core/cells.js';
import { ListBuilder, type BuildOptions } from '../../src/core/list-builder.js';
import { CONFLICT_SCHEMA, ENTITY_SCHEMA, INSPECTOR_SCHEMA, ITEM_SCHEMA, type ListSchema } from '../../src/core/schema.js';
import { importSummary } from '../../src/core/summary.js';
import type { Conflict, Entity, InspectionItem, Inspector } from '../../src/core/types.js';
import { withCheckChar } from '../../src/core/credit-code.js';

const C1 = withCheckChar('9135088184F194239');
const C2 = withCheckChar('913508818678A3142');
const C3 = withCheckChar('9135088172179W9L2');

function build(schema: ListSchema, sheets: { name: string | null; rows: RawCell[][]; merges?: string[] }[], opts: { sheets?: string[]; known?: BuildOptions['known'] } = {}) {
  const b = new ListBuilder(schema, { file: '名录库.xlsx', asOf: '2026-11-22', ...opts });
  for (const s of sheets) {
    if (!b.wantsSheet(s.name)) continue;
    const sb = b.sheet(s.name, (s.merges ?? []).map((m) => parseRange(m)!));
    s.rows.forEach((cells, i) => sb.addRow({ row: i + 1, cells }));
    sb.end();
  }
  return b.finish();
}

const HEADER = ['序号', '市场主体名称', '统一社会信用代码', '联系电话', '监管责任股室', '行业类别', '经营状态'];

describe('entity registry sheets', () => {
  it('skips title, 填报单位, blank, numbered-empty and footer rows', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: '建筑施工企业',
      rows: [
        ['检查对象名录库（建筑施工企业）'],
        ['填报单位：建筑业股', null, null, null, null, null, '更新日期：2026年6月28日'],
        HEADER,
        [1, '示例县恒达建筑有限公司 ', C1, 18540244266, '建筑业股', '建筑施工企业', '存续'],
        [],
        [2, '示例县华建建筑有限公司', C2.toLowerCase(), '0597-7515018', '建筑业股', '建筑施工企业', '注销'],
        [3],
        ['合计：2家'],
        ['制表：综合股', null, null, '审核：'],
      ],
    }]);
    expect(r.errors).toEqual([]);
    const e = r.records as Entity[];
    expect(e.map((x) => x.name)).toEqual(['示例县恒达建筑有限公司', '示例县华建建筑有限公司']);
    expect(e[0]).toMatchObject({ code: C1, phone: '18540244266', status: 'active', category: '建筑施工企业', section: '建筑业股' });
    expect(e[1]).toMatchObject({ code: C2, status: 'gone', statusText: '注销' });
    expect(r.sheets[0]).toMatchObject({ name: '建筑施工企业', status: 'read', headerRow: 3, rows: 2, imported: 2, rejected: 0 });
  });

  it('skips the 以下空白 line a form writes under its last row, in any column', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: '建筑施工企业',
      rows: [
        HEADER,
        [1, '示例县恒达建筑有限公司', C1, 18540244266, '建筑业股', '建筑施工企业', '存续'],
        [null, '以下空白'],
        ['以下无内容'],
        [null, null, ' 以下无正文 '],
      ],
    }]);
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => (x as Entity).name)).toEqual(['示例县恒达建筑有限公司']);
    expect(r.sheets[0]).toMatchObject({ rows: 1, imported: 1 });
  });

  it('finds the header by synonyms in any column order', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: 'Sheet1',
      rows: [
        ['联系方式', '社会信用代码', '企业名称', '行业', '其他说明'],
        ['13900000000', C1, '甲公司', '物业服务企业', 'x'],
      ],
    }]);
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({ name: '甲公司', code: C1, phone: '13900000000', category: '物业服务企业' });
  });

  it('reports every problem at once, at the cell, with the canonical field name', () => {
    const r = build(ENTITY_SCHEMA, [
      {
        name: '建筑施工企业',
        rows: [HEADER, [1, '甲', C1, '', '建筑业股', '建筑施工企业', '存续'], [2, '乙', C1, '', '建筑业股', '建筑施工企业', '存续'], [3, '', C2, '', '', '建筑施工企业', '存续'], [4, '丁', '913508814T952GX270', '', '', '建筑施工企业', '待定']],
      },
      { name: '监理', rows: [HEADER, [1, '戊', C2, '', '', '工程监理企业', '存续']] },
    ]);
    const brief = r.errors.map((e) => `${e.sheet}!${e.column}${e.row} ${e.field}: ${e.message}`);
    expect(brief).toEqual([
      '建筑施工企业!C3 统一社会信用代码: 与第 2 行重复',
      '建筑施工企业!B4 市场主体名称: 市场主体名称不能为空',
      '建筑施工企业!C5 统一社会信用代码: 校验位错误：按前 17 位计算应为「7」，实际为「0」',
      expect.stringMatching(/^建筑施工企业!G5 经营状态: 无法识别的经营状态「待定」/),
      '监理!C2 统一社会信用代码: 与工作表「建筑施工企业」第 4 行重复',
    ]);
    expect(r.errors.every((e) => e.file === '名录库.xlsx')).toBe(true);
    expect(r.records.map((x) => x.name)).toEqual(['甲']);
    expect(r.rejects.map((x) => `${x.sheet}:${x.row}`)).toEqual(['建筑施工企业:3', '建筑施工企业:4', '建筑施工企业:5', '监理:2']);
  });

  it('gives every row of a vertically merged cell its value', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: 'Sheet1',
      rows: [HEADER, [1, '甲', C1, '', '建筑业股', '建筑施工企业', ''], [2, '乙', C2, '', null, null, ''], [3, '丙', C3, '', null, '工程监理企业', '']],
      merges: ['E2:E4', 'F2:F3'],
    }]);
    expect(r.errors).toEqual([]);
    expect((r.records as Entity[]).map((e) => [e.section, e.category])).toEqual([
      ['建筑业股', '建筑施工企业'], ['建筑业股', '建筑施工企业'], ['建筑业股', '工程监理企业'],
    ]);
  });

  it('reads two-level headers whose upper cells are merged down', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: 'Sheet1',
      rows: [['序号', '市场主体名称', '基本信息', null, '联系方式'], [null, null, '统一社会信用代码', '行业类别', '联系电话'], [1, '甲', C1, '物业服务企业', '13900000000']],
    }]);
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({ name: '甲', code: C1, phone: '13900000000' });
    expect(r.sheets[0]!.headerRow).toBe(2);
  });

  it('uses the sheet name as 行业类别 when there is no such column, and says so', () => {
    const r = build(ENTITY_SCHEMA, [{ name: '物业服务企业', rows: [['名称', '信用代码'], ['甲', C1]] }]);
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({ category: '物业服务企业' });
    expect(r.warnings[0]!.message).toMatch(/按工作表名称「物业服务企业」作为行业类别/);
  });

  it('reports sheets without a recognised header, and --sheet picks sheets', () => {
    const r = build(ENTITY_SCHEMA, [
      { name: '说明', rows: [['本表由建筑业股维护'], ['每年6月和12月更新']] },
      { name: '甲', rows: [HEADER, [1, '甲', C1, '', '', '建筑施工企业', '']] },
      { name: '乙', rows: [HEADER, [1, '乙', C2, '', '', '建筑施工企业', '']] },
    ], { sheets: ['乙'] });
    expect(r.sheets.map((s) => [s.name, s.status, s.reason ?? ''])).toEqual([
      ['说明', 'skipped', '未在 --sheet 中指定'], ['甲', 'skipped', '未在 --sheet 中指定'], ['乙', 'read', ''],
    ]);
    expect(r.records.map((x) => x.name)).toEqual(['乙']);
    const all = build(ENTITY_SCHEMA, [{ name: '说明', rows: [['本表由建筑业股维护']] }, { name: '甲', rows: [HEADER, [1, '甲', C1, '', '', '建筑施工企业', '']] }]);
    expect(all.sheets[0]).toMatchObject({ name: '说明', status: 'skipped', reason: '前 20 行中没有找到检查对象名录库的表头' });
  });

  it('accepts a project registry keyed by 项目编号', () => {
    const r = build(ENTITY_SCHEMA, [{ name: '人防工程', rows: [['项目编号', '项目名称', '行业类别'], ['rf-2026-001', '示例县人防工程一期', '人防工程']] }]);
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({ code: 'RF-2026-001', projectCode: 'RF-2026-001', creditCode: '' });
  });

  it('fails clearly when no sheet has a header', () => {
    const r = build(ENTITY_SCHEMA, [{ name: 'Sheet1', rows: [['a', 'b'], [1, 2]] }]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/没有找到检查对象名录库的表头.*市场主体名称、统一社会信用代码或项目编号/);
  });
});

describe('inspector roster', () => {
  it('a 执法证号 with no digit (无, /, 暂无) is an error naming the cell, not a certificate number', () => {
    const r = build(INSPECTOR_SCHEMA, [{ name: null, rows: [['姓名', '执法证号'], ['张三', '无'], ['李四', '／'], ['王五', '３５０８８１１０１０１'], ['赵六', '暂无']] }]);
    expect(r.errors.map((e) => [e.row, e.column, e.value])).toEqual([[2, 'B', '无'], [3, 'B', '/'], [5, 'B', '暂无']]);
    expect(r.errors[0]!.message).toBe('执法证号「无」中没有数字：没有执法证的人员不能参加检查，请填写证号，或删除这一行');
    expect((r.records as Inspector[]).map((i) => i.certNo)).toEqual(['35088110101']);
  });
  it('keeps certificate numbers exact, warns on expired certificates, marks experts', () => {
    const r = build(INSPECTOR_SCHEMA, [{
      name: '执法人员',
      rows: [['姓名', '执法证件号码', '证件有效期', '人员类型'], ['周明', 35110000100, 46568, ''], ['吴海燕', '35110000101', '2025-12-31', ''], ['王工', 'ZJ-01', '', '专家']],
    }]);
    expect(r.errors).toEqual([]);
    const list = r.records as Inspector[];
    expect(list.map((i) => [i.certNo, i.certExpiry, i.kind])).toEqual([
      ['35110000100', '2027-06-30', '执法人员'], ['35110000101', '2025-12-31', '执法人员'], ['ZJ-01', '', '专家'],
    ]);
    expect(r.warnings).toEqual([expect.objectContaining({ row: 3, column: 'C', field: '证件有效期', message: '执法证已于 2025-12-31 过期，抽取时不会选派此人' })]);
  });
  it("an expired certificate's warning quotes the cell as written, the date it means in the message", () => {
    const r = build(INSPECTOR_SCHEMA, [{ name: '执法人员', rows: [['姓名', '执法证号', '证件有效期'], ['吴海燕', '35110000101', '2025.6.1'], ['周明', '35110000100', '2021年1月1日至2025年12月31日']] }]);
    expect(r.warnings.map((w) => [w.row, w.column, w.value, w.message])).toEqual([
      [2, 'C', '2025.6.1', '执法证已于 2025-06-01 过期，抽取时不会选派此人'],
      [3, 'C', '2021年1月1日至2025年12月31日', '执法证已于 2025-12-31 过期，抽取时不会选派此人'],
    ]);
  });
});

describe('inspection items', () => {
  it('reads ratios and rounds, keeps 不适用 items with null', () => {
    const r = build(ITEM_SCHEMA, [{
      name: '清单',
      rows: [['事项编号', '抽查事项名称', '检查对象', '抽查比例', '抽查频次'], ['ZJ-001', '资质核查', '建筑施工企业', '5%', '2次/年'], ['ZJ-007', '燃气', '燃气经营企业', '不适用', '—'], ['ZJ-008', '监理', '工程监理企业', '3%', '']],
    }]);
    expect(r.errors).toEqual([]);
    expect((r.records as InspectionItem[]).map((i) => [i.id, i.ratio, i.rounds])).toEqual([['ZJ-001', 0.05, 2], ['ZJ-007', null, null], ['ZJ-008', 0.03, null]]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^此事项不进行随机抽查，但没有写理由/), expect.stringMatching(/低于最低要求的 5%，按清单执行/), expect.stringMatching(/没有写抽查频次/),
    ]);
  });

  it('a phone or ID number in a name or 经营状态 (text draw records state, published and never changed) is refused, naming the cell', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: '建筑施工企业',
      rows: [
        HEADER,
        [1, '示例县恒达建筑有限公司（电话13859012345）', C1, null, '建筑业股', '建筑施工企业', '存续'],
        [2, '示例县华建建筑有限公司', C2, null, '建筑业股', '建筑施工企业', '注销（经办人身份证350102198703154417）'],
        [3, '示例县第１３８５９０１号商行', C3, 13859012345, '建筑业股', '建筑施工企业', '存续'], // (a phone in its own column is no fault)
      ],
    }]);
    expect(r.errors.map((e) => [e.row, e.column, e.field, e.message.split('：')[0]])).toEqual([
      [2, 'B', '市场主体名称', '像是手机号码（138****2345）'],
      [3, 'G', '经营状态', '像是身份证号码（350102********4417）'],
    ]);
    expect(r.records.map((e) => (e as Entity).code)).toEqual([C3]);
    const people = build(INSPECTOR_SCHEMA, [{ name: null, rows: [['姓名', '执法证号'], ['张三 13905971001', '35088110101'], ['李四', '35088110102']] }]);
    expect(people.errors.map((e) => [e.row, e.column, e.field])).toEqual([[2, 'A', '姓名']]);
  });

  it('停业/歇业/清算 are drawable unless suspendedDrawable is false', () => {
    const rows = [['统一社会信用代码', '市场主体名称', '行业类别', '经营状态'], [C1, '甲', '建筑施工企业', '停业'], [C2, '乙', '建筑施工企业', '注销']];
    const b = new ListBuilder(ENTITY_SCHEMA, { file: 'x.xlsx', asOf: '2026-11-22' });
    const sb = b.sheet('S');
    rows.forEach((cells, i) => sb.addRow({ row: i + 1, cells }));
    sb.end();
    expect((b.finish().records as Entity[]).map((e) => e.status)).toEqual(['active', 'gone']);
    const b2 = new ListBuilder(ENTITY_SCHEMA, { file: 'x.xlsx', asOf: '2026-11-22', suspendedDrawable: false });
    const sb2 = b2.sheet('S');
    rows.forEach((cells, i) => sb2.addRow({ row: i + 1, cells }));
    sb2.end();
    expect((b2.finish().records as Entity[]).map((e) => e.status)).toEqual(['gone', 'gone']);
  });

  it('reads the reason and 备注 columns; a listed ratio or frequency below the defaults is kept and flagged with its basis', () => {
    const r = build(ITEM_SCHEMA, [{
      name: '清单',
      rows: [
        ['序号', '事项编号', '抽查事项名称', '检查对象', '抽查比例', '抽查频次', '检查主体', '不纳入原因', '备注'],
        [1, 'ZJ-001', '资质核查', '建筑施工企业', '3%', '1次/年', '漳平市住房和城乡建设局', '', '《建筑业企业资质管理规定》第二十八条：每年抽查不少于 3%'],
        [2, 'ZJ-007', '燃气', '燃气经营企业', '不适用', '—', '', '由省厅统一组织，本级无检查权限', ''],
        [3, 'ZJ-009', '物业', '物业服务企业', '不适用', '', '', '', '已移交街道办事处实施'],
        [4, 'ZJ-010', '中介', '房地产中介', '不适用', '', '', '', ''],
      ],
    }]);
    expect(r.errors).toEqual([]);
    const items = r.records as InspectionItem[];
    expect(items.map((i) => [i.id, i.ratio, i.rounds, i.reason ?? null, i.remark ?? null])).toEqual([
      ['ZJ-001', 0.03, 1, null, '《建筑业企业资质管理规定》第二十八条：每年抽查不少于 3%'],
      ['ZJ-007', null, null, '由省厅统一组织，本级无检查权限', null],
      ['ZJ-009', null, null, '已移交街道办事处实施', '已移交街道办事处实施'],
      ['ZJ-010', null, null, null, null],
    ]);
    expect(r.warnings.map((w) => `${w.row} ${w.field} ${w.message}`)).toEqual([
      '2 抽查比例 抽查比例 3% 低于最低要求的 5%，按清单执行；请确认有法律依据（备注：《建筑业企业资质管理规定》第二十八条：每年抽查不少于 3%）',
      '2 抽查频次 抽查频次每年 1 次，少于一般要求的每年 2 次，按清单执行；请确认有法律依据（备注：《建筑业企业资质管理规定》第二十八条：每年抽查不少于 3%）',
      expect.stringMatching(/^5 不适用理由 此事项不进行随机抽查，但没有写理由/),
    ]);
  });
});

describe('column-number rows (栏次)', () => {
  it('tells a row numbering the columns from data', async () => {
    const { isColumnNumbers } = await import('../../src/core/list-sheet.js');
    expect(isColumnNumbers([1, 2, 3, 4])).toBe(true);
    expect(isColumnNumbers(['甲', '乙', '丙'])).toBe(true);
    expect(isColumnNumbers(['栏次', '甲', '乙', 1, 2, 3])).toBe(true);
    expect(isColumnNumbers(['(1)', '（2）', null, ' 3 '])).toBe(true);
    expect(isColumnNumbers(['①', '②', '③'])).toBe(true);
    expect(isColumnNumbers([1, 2])).toBe(false); // too few to tell
    expect(isColumnNumbers([1, 3, 4])).toBe(false);
    expect(isColumnNumbers([1, '甲公司', C1])).toBe(false);
    expect(isColumnNumbers([3, 2, 1])).toBe(false);
    expect(isColumnNumbers(['1', '2', '3', '张三'])).toBe(false);
  });
});

describe('fixes found in review', () => {
  it('a name starting with a footer word is data when the row has its key', () => {
    const r = build(ENTITY_SCHEMA, [{ name: '物业服务企业', rows: [['市场主体名称', '统一社会信用代码', '行业类别'], ['统计大厦物业有限公司', C1, '物业服务企业'], ['合计：1家']] }]);
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => x.name)).toEqual(['统计大厦物业有限公司']);
  });

  it('a two-level header whose upper row also names the key fields takes the lower, fuller row', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: 'Sheet1',
      rows: [
        ['市场主体名称', '统一社会信用代码', '行业类别', '联系方式', null],
        [null, null, null, '联系人', '联系电话'],
        ['甲公司', C1, '物业服务企业', '张三', '13900000000'],
      ],
    }]);
    expect(r.errors).toEqual([]);
    expect(r.sheets[0]!.headerRow).toBe(2);
    expect(r.records[0]).toMatchObject({ name: '甲公司', contact: '张三', phone: '13900000000' });
  });

  it('a header row with a data row right under it still reads that row', () => {
    const r = build(ENTITY_SCHEMA, [{ name: 'Sheet1', rows: [['市场主体名称', '统一社会信用代码', '行业类别'], ['甲公司', C1, '物业服务企业']] }]);
    expect(r.records).toHaveLength(1);
    expect(r.sheets[0]!.headerRow).toBe(1);
  });
});

describe('more review fixes', () => {
  it('a project registry is keyed by 项目编号 even when it also gives the builder\'s credit code', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: '人防工程',
      rows: [['项目编号', '项目名称', '统一社会信用代码', '行业类别'], ['RF-001', '一期', C1, '人防工程'], ['RF-002', '二期', C1, '人防工程'], ['RF-001', '三期', C2, '人防工程']],
    }]);
    expect(r.records.map((e) => e.code)).toEqual(['RF-001', 'RF-002']);
    expect(r.errors).toEqual([expect.objectContaining({ row: 4, column: 'A', field: '项目编号', message: '与第 2 行重复' })]);
  });

  it('an empty 抽查比例 is 不适用 with a warning; the 5% floor follows minRatio', () => {
    const b = new ListBuilder(ITEM_SCHEMA, { file: '清单.xlsx', asOf: '2026-11-22', minRatio: 0.1 });
    const sb = b.sheet('清单');
    [['事项编号', '抽查事项名称', '检查对象', '抽查比例', '抽查频次'], ['A', '甲', '建筑施工企业', '', '2次/年'], ['B', '乙', '建筑施工企业', '5%', '2次/年']]
      .forEach((cells, i) => sb.addRow({ row: i + 1, cells }));
    sb.end();
    const r = b.finish();
    expect((r.records as InspectionItem[]).map((i) => i.ratio)).toEqual([null, 0.05]);
    expect(r.warnings.map((w) => `${w.row} ${w.message}`)).toEqual([
      expect.stringMatching(/^2 抽查比例为空，此事项按“不适用”/),
      '3 抽查比例 5% 低于最低要求的 10%，按清单执行；请确认有法律依据（可在“备注”列写明）',
    ]);
  });
});

describe('conflicts (回避)', () => {
  const HEAD = ['序号', '执法证号', '姓名', '统一社会信用代码', '检查对象名称', '回避原因'];

  it('keys a declaration by 执法证号|代码, restores numbers, skips titles and footers', () => {
    const r = build(CONFLICT_SCHEMA, [{
      name: '回避关系',
      rows: [
        ['回避关系清单'],
        HEAD,
        [1, 35088110001, '周明', C1.toLowerCase(), '甲公司', ' 配偶在该企业任职 '],
        [2, '3508811 0001', '周明', C2, '乙公司', '持有股份'],
        [3, '３５０８８１１０００２', '', C1, '', '曾在该企业工作'],
        [],
        ['合计：3条'],
        ['制表：', '综合股', null, null, null, '审核：'],
      ],
    }]);
    expect(r.errors).toEqual([]);
    expect(r.records as Conflict[]).toEqual([
      { id: `35088110001|${C1}`, certNo: '35088110001', code: C1, inspectorName: '周明', entityName: '甲公司', reason: '配偶在该企业任职' },
      { id: `35088110001|${C2}`, certNo: '35088110001', code: C2, inspectorName: '周明', entityName: '乙公司', reason: '持有股份' },
      { id: `35088110002|${C1}`, certNo: '35088110002', code: C1, inspectorName: '', entityName: '', reason: '曾在该企业工作' },
    ]);
    expect(r.sheets[0]).toMatchObject({ headerRow: 2, rows: 3, imported: 3 });
  });

  it('names projects by 项目编号; the credit code wins when a row gives both', () => {
    const r = build(CONFLICT_SCHEMA, [{
      name: 'Sheet1',
      rows: [
        ['证号', '社会信用代码', '项目编号', '回避事由'],
        ['35088110001', '', 'rf-2026-001', '参与审批'],
        ['35088110001', C1, 'RF-2026-002', '亲属任职'],
        ['35088110002', '', '', '亲属任职'],
      ],
    }]);
    expect((r.records as Conflict[]).map((c) => c.id)).toEqual(['35088110001|RF-2026-001', `35088110001|${C1}`]);
    expect(r.errors).toEqual([expect.objectContaining({ row: 4, column: 'B', field: '统一社会信用代码', message: '统一社会信用代码和项目编号不能都为空' })]);
    const projectsOnly = build(CONFLICT_SCHEMA, [{ name: 'Sheet1', rows: [['执法证号', '项目编号', '原因'], ['1', '', '亲属']] }]);
    expect(projectsOnly.errors).toEqual([expect.objectContaining({ row: 2, column: 'B', field: '项目编号', message: '项目编号不能为空' })]);
  });

  it('reports every fault at its cell: duplicate pair, bad credit code, missing reason, missing 执法证号', () => {
    const r = build(CONFLICT_SCHEMA, [
      {
        name: '回避',
        rows: [
          HEAD,
          [1, 35088110001, '周明', C1, '甲', '配偶任职'],
          [2, '35088110001', '周明', C1.toLowerCase(), '甲', '重复登记'],
          [3, 35088110002, '吴海燕', '913508814T952GX270', '丙', '持股'],
          [4, 35088110003, '王工', C3, '丁', ''],
          [5, null, '李四', C3, '丁', '亲属'],
        ],
      },
      { name: '补充', rows: [HEAD, [1, 35088110001, '周明', C1, '甲', '又登记一次']] },
    ]);
    expect(r.errors.map((e) => `${e.sheet}!${e.column}${e.row} ${e.field}「${e.value}」: ${e.message}`)).toEqual([
      `回避!D3 统一社会信用代码「${C1}」: 执法证号「35088110001」对此检查对象的回避关系与第 2 行重复`,
      '回避!D4 统一社会信用代码「913508814T952GX270」: 校验位错误：按前 17 位计算应为「7」，实际为「0」',
      '回避!F5 回避原因「」: 回避原因不能为空',
      '回避!B6 执法证号「」: 执法证号不能为空',
      `补充!D2 统一社会信用代码「${C1}」: 执法证号「35088110001」对此检查对象的回避关系与工作表「回避」第 2 行重复`,
    ]);
    expect(r.rejects.find((x) => x.row === 3)!.reasons).toEqual(['执法证号「35088110001」对此检查对象的回避关系与第 2 行重复']);
    expect(r.records).toHaveLength(1);
  });

  it('warns about keys the current roster or registry lacks, and names that differ from them', () => {
    const known = { inspectors: new Map([['35088110001', '周明']]), entities: new Map([[C1, '甲公司']]) };
    const r = build(CONFLICT_SCHEMA, [{
      name: '回避',
      rows: [HEAD, [1, 35088110001, '周明', C1, '甲公司', '配偶任职'], [2, 35088119999, '', C1, '', '持股'], [3, 35088110001, '周敏', C2, '乙公司', '亲属'], [4, 35088110001, '周明', C1, '', '重复']],
    }], { known });
    expect(r.warnings.map((w) => `${w.column}${w.row} ${w.field}: ${w.message}`)).toEqual([
      'B3 执法证号: 执法证号「35088119999」不在当前执法检查人员名录中：请核对是否写错（写错的证号不能让此人回避）',
      'C4 姓名: 执法检查人员名录中执法证号「35088110001」的姓名是「周明」，请核对',
      `D4 统一社会信用代码: 统一社会信用代码「${C2}」不在当前检查对象名录库中：请核对是否写错（写错的代码起不到回避作用）`,
    ]);
    // the duplicate on row 5 is an error, and no warning besides
    expect(r.errors.map((e) => e.row)).toEqual([5]);
    // without the lists there is nothing to check against
    expect(build(CONFLICT_SCHEMA, [{ name: '回避', rows: [HEAD, [1, 35088119999, '', C2, '', '持股']] }]).warnings).toEqual([]);
  });

  it('needs 执法证号, a code column and 回避原因 in the header', () => {
    const r = build(CONFLICT_SCHEMA, [{ name: 'Sheet1', rows: [['执法证号', '统一社会信用代码', '备注'], ['1', C1, 'x']] }]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/没有找到回避关系清单的表头.*执法证号、统一社会信用代码或项目编号、回避原因 等列/);
  });

  it('summary: every declaration applies; how many people and entities they name', () => {
    const r = build(CONFLICT_SCHEMA, [{ name: '回避', rows: [HEAD, [1, 1, '', C1, '', 'a'], [2, 1, '', C2, '', 'b'], [3, 2, '', C1, '', 'c']] }]);
    expect(importSummary('conflicts', r.records)).toEqual({ active: 3, gone: 0, groups: [], goneList: [], inspectors: 2, entities: 2 });
  });
});

describe('bounded memory whatever the file holds', () => {
  it('keeps the first MAX_KEPT errors and rejected rows and counts the rest', async () => {
    const { MAX_KEPT } = await import('../../src/core/list-builder.js');
    const n = MAX_KEPT + 25;
    // one good row, then n rows with a code that is not a credit code
    const rows: RawCell[][] = [HEADER, [1, '示例县恒达建筑有限公司', C1, '', '建筑业股', '建筑施工企业', '存续']];
    for (let i = 0; i < n; i++) rows.push([i + 2, `公司${i}`, `BAD${i}`, '', '建筑业股', '建筑施工企业', '存续']);
    const b = new ListBuilder(ENTITY_SCHEMA, { file: '名录库.xlsx', asOf: '2026-11-22' });
    const sb = b.sheet('建筑施工企业');
    rows.forEach((cells, i) => sb.addRow({ row: i + 1, cells }));
    sb.end();
    const r = b.finish();
    expect(r.records).toHaveLength(1);
    expect(r.errors).toHaveLength(MAX_KEPT);
    expect(r.rejects).toHaveLength(MAX_KEPT);
    expect(r.dropped).toEqual({ errors: 25, warnings: 0, rejects: 25 });
    // the ones kept are the first, in file order
    expect(r.errors[0]!.row).toBe(3);
    expect(r.rejects.at(-1)!.row).toBe(MAX_KEPT + 2);
  });
});

describe('items whose ratio is not a ratio', () => {
  it('are errors, without the 不适用 warning about a missing reason', () => {
    const r = build(ITEM_SCHEMA, [{
      name: '事项',
      rows: [['事项编号', '抽查事项名称', '检查对象', '抽查比例', '抽查频次'], ['ZJ-001', '资质核查', '建筑施工企业', '150%', '2次/年'], ['ZJ-002', '安全', '建筑施工企业', '百分之五', '2次/年'], ['ZJ-007', '燃气', '燃气经营企业', '不适用', '—']],
    }]);
    expect(r.errors.map((e) => e.row)).toEqual([2, 3]);
    expect(r.warnings.filter((w) => w.message.includes('没有写理由')).map((w) => w.row)).toEqual([4]);
  });
});

describe('a second table stacked under the first in one sheet', () => {
  const first = ['序号', '市场主体名称', '统一社会信用代码', '行业类别', '法定代表人', '联系人', '联系电话'];
  it('whose columns hold other fields is an error at its header, and no row under it is read by the first header', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: '名录',
      rows: [
        ['一、建筑施工企业'],
        first,
        [1, '甲公司', C1, '建筑施工', '张法人', '李联系', '13800000021'],
        [],
        ['二、物业服务企业'],
        ['序号', '市场主体名称', '统一社会信用代码', '行业类别', '联系人', '联系电话', '法定代表人'],
        [1, '丙公司', C2, '物业', '孙联系', '13800000023', '周法人'],
      ],
    }]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ sheet: '名录', row: 6, column: 'E、F、G' });
    expect(r.errors[0]!.message).toContain('E 列：第 2 行是“法定代表人”，这里是“联系人”');
    expect(r.errors[0]!.message).toContain('请把这张表移到单独的工作表中');
    // 丙公司's 联系人 is never stored as its 法定代表人
    expect((r.records as Entity[]).map((e) => e.name)).toEqual(['甲公司']);
    expect(r.rejects.map((x) => x.row)).toEqual([7]);
    expect(r.rejects[0]!.reasons[0]).toContain('在第 6 行另一张表的表头之下');
  });

  it('the same header repeated (printed pages), or with fewer columns named, is skipped (a shorter one, with the same fields in the same columns, too)', () => {
    const r = build(ENTITY_SCHEMA, [{
      name: '名录',
      rows: [
        first,
        [1, '甲公司', C1, '建筑施工', '张法人', '李联系', '13800000021'],
        first,
        [2, '乙公司', C2, '建筑施工', '王法人', '赵联系', '13800000022'],
        [null, '企业名称', '信用代码', null, '法人代表'],
        [3, '丙公司', C3, '建筑施工', '周法人', '吴联系', '13800000023'],
      ],
    }]);
    expect(r.errors).toEqual([]);
    expect((r.records as Entity[]).map((e) => [e.name, e.legalRep, e.contact])).toEqual([['甲公司', '张法人', '李联系'], ['乙公司', '王法人', '赵联系'], ['丙公司', '周法人', '吴联系']]);
  });
});

describe('items whose ratios are numbers written as percentages (5 for 5%)', () => {
  const head = (ratio: string) => ['事项编号', '抽查事项名称', '检查对象', ratio, '抽查频次'];
  it('a number up to 1 under 抽查比例（%） is not read as 100% or 50%: it is an error at its cell', () => {
    const r = build(ITEM_SCHEMA, [{
      name: '清单',
      rows: [head('抽查比例（%）'), ['A1', '施工', '建筑施工企业', 5, 2], ['A2', '物业', '物业服务企业', 1, 2], ['A3', '开发', '房地产开发企业', 0.5, 2]],
    }]);
    expect(r.errors.map((e) => [e.row, e.column, e.value])).toEqual([[3, 'D', '1'], [4, 'D', '0.5']]);
    expect(r.errors[0]!.message).toBe('这一列的数字是百分数（第 1 行的表头写有 %），这一格的 1 是 1% 还是 100%，无法判断；请在原文件中写成文字“1%”或“100%”');
    expect((r.records as InspectionItem[]).map((i) => [i.id, i.ratio])).toEqual([['A1', 0.05]]);
  });

  it('a number above 1 in the column makes the numbers up to 1 ambiguous, in the rows above it too', () => {
    const r = build(ITEM_SCHEMA, [{
      name: '清单',
      rows: [head('抽查比例'), ['A1', '施工', '建筑施工企业', 1, 2], ['A2', '物业', '物业服务企业', 5, 2], ['A3', '开发', '房地产开发企业', 0.5, 2]],
    }]);
    expect(r.errors.map((e) => [e.row, e.value]).sort()).toEqual([[2, '1'], [4, '0.5']]);
    expect(r.errors.find((e) => e.row === 2)!.message).toContain('第 3 行的 5 表示 5%');
    expect((r.records as InspectionItem[]).map((i) => i.id)).toEqual(['A2']);
    expect(r.rejects.map((x) => x.row).sort()).toEqual([2, 4]);
    expect(r.sheets[0]).toMatchObject({ rows: 3, imported: 1, rejected: 2 });
  });

  it('fractions alone (0.05, 1 for 100%), or written as text, are read as before', () => {
    const r = build(ITEM_SCHEMA, [{
      name: '清单',
      rows: [head('抽查比例'), ['A1', '施工', '建筑施工企业', 0.05, 2], ['A2', '物业', '物业服务企业', 1, 2], ['A3', '开发', '房地产开发企业', '10%', 2]],
    }]);
    expect(r.errors).toEqual([]);
    expect((r.records as InspectionItem[]).map((i) => [i.id, i.ratio])).toEqual([['A1', 0.05], ['A2', 1], ['A3', 0.1]]);
  });
});
