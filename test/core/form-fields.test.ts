// The mapping from a draw record (and its amendments) to the 抽查工作记录表's field values, in memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chineseTime, ENTITY_FIELDS, FORM_FIELDS, formData, IMAGE_FIELDS, MEMBER_FIELDS, qrText, type FormInputs } from '../../src/core/form-fields.js';
import type { AmendmentRecord, DrawRecord, RecordedVisit } from '../../src/core/record.js';
import type { Conflict, Entity, Inspector } from '../../src/core/types.js';

const H = (c: string) => c.repeat(64);

const visit = (code: string, name: string, team: [string, string, '组长' | '组员' | '专家'][], items = ['ZJ-001']): RecordedVisit => ({
  code, name, items, picks: items.map((item, i) => ({ item, position: i, stratum: '' })),
  team: team.map(([certNo, n, role]) => ({ certNo, name: n, role })),
});

const V1 = visit('913508816145607318', '示例县建隆建设工程有限公司', [['35088110049', '张凯', '组长'], ['35088110080', '邓建平', '组员'], ['E001', '钱专家', '专家']]);
const V2 = visit('XM-2026-007', '城关镇安置房项目', [['35088110010', '张彩贞', '组长'], ['35088110036', '戴惠珍', '组员'], ['E002', '孙专家', '专家']], ['ZJ-001', 'ZJ-006']);
const V3 = visit('91350881MA32XK2Q45', '示例县盛世海峡建筑劳务有限公司', [['35088110049', '张凯', '组长'], ['35088110036', '戴惠珍', '组员'], ['E001', '钱专家', '专家']]);

function draw(over: Partial<DrawRecord> = {}): DrawRecord {
  return {
    format: 'ssj-draw-record/1', kind: 'draw', id: '2026-004', seq: 4, time: '2026-11-22T15:09:30+08:00', date: '2026-11-22',
    org: '示例县住房和城乡建设局', year: 2026, operator: '张三', tool: { name: 'ssj', version: '0.1.0' }, algorithm: 'ssj-draw/1',
    witnesses: ['王纪检', '李监督'], place: '局三楼会议室',
    task: {
      name: '建筑施工企业检查、人防工程检查（合并检查） 2026年第2次抽查', type: '定向',
      items: [
        { id: 'ZJ-001', name: '建筑施工企业检查', target: '建筑施工企业', ratio: 0.05, ratioText: '5%' },
        { id: 'ZJ-006', name: '人防工程检查', target: '人防工程', ratio: 0.1, ratioText: '10%' },
      ],
      round: 2, ratio: null, count: null, where: [{ field: 'region', values: ['城关镇', '西城镇'] }], strata: null, riskRatios: null,
      teamSize: 2, experts: 1, teamRules: {}, excludeRepeat: true,
    },
    redraw: null,
    inputs: {
      entities: { snapshot: H('e'), size: 300 }, inspectors: { snapshot: H('i'), size: 30 },
      items: { snapshot: H('t'), size: 7 }, conflicts: { snapshot: H('c'), size: 8 },
    },
    pool: {
      hash: H('p'), size: 60,
      items: [
        { id: 'ZJ-001', ratio: 0.05, population: 41, available: 39, sample: 2, strata: [] },
        { id: 'ZJ-006', ratio: 0.1, population: 20, available: 20, sample: 2, strata: [] },
      ],
    },
    exclusions: [
      { item: 'ZJ-001', code: 'G1', name: '已注销公司', kind: 'gone', reason: '注销' },
      { item: 'ZJ-001', code: 'R1', name: '已抽公司', kind: 'repeat', reason: '本年度已抽中' },
      { item: 'ZJ-001', code: 'R2', name: '已抽公司二', kind: 'repeat', reason: '本年度已抽中' },
    ],
    conflicts: [{ certNo: '35088110012', code: '913508816145607318' }],
    seed: { components: [{ source: 'witness', name: '王纪检', value: '381702' }, { source: 'public', name: '2026-11-21 福彩3D', value: '527' }], text: '381702/527', bits: 28.9, neededBits: 15.2 },
    warnings: [],
    entities: [V1, V2],
    prev: H('0'), hash: 'ab12'.repeat(16),
    ...over,
  } as DrawRecord;
}

const amendment: AmendmentRecord = {
  format: 'ssj-draw-record/1', kind: 'amendment', id: '2026-004-R1', seq: 5, time: '2026-11-23T09:00:00+08:00', date: '2026-11-23',
  org: '示例县住房和城乡建设局', year: 2026, operator: '李四', tool: { name: 'ssj', version: '0.1.0' }, algorithm: 'ssj-draw/1',
  of: { id: '2026-004', hash: 'ab12'.repeat(16) }, number: 1,
  request: { type: 'entity', code: 'XM-2026-007', reason: '注销' },
  change: { removed: { code: 'XM-2026-007', name: '城关镇安置房项目', items: ['ZJ-001', 'ZJ-006'] }, added: [{ code: '91350881MA32XK2Q45', name: '示例县盛世海峡建筑劳务有限公司', item: 'ZJ-001', stratum: '', position: 2 }], teamChanges: [] },
  conflicts: [], passedOver: [], entities: [V1, V3], prev: 'ab12'.repeat(16), hash: 'cd34'.repeat(16),
};

const entity = (e: Partial<Entity> & { code: string }): Entity => ({
  creditCode: '', projectCode: '', name: '', legalRep: '', contact: '', phone: '', section: '', category: '', region: '', address: '', risk: '', status: 'active', statusText: '', ...e,
});
const registry = new Map<string, Entity>([
  ['913508816145607318', entity({ code: '913508816145607318', creditCode: '913508816145607318', region: '城关镇', address: '解放路 12 号', section: '建筑业股', category: '建筑施工企业', risk: 'B', contact: '陈某', phone: '0597-1234567' })],
  ['XM-2026-007', entity({ code: 'XM-2026-007', projectCode: 'XM-2026-007', region: '城关镇' })],
  ['91350881MA32XK2Q45', entity({ code: '91350881MA32XK2Q45', creditCode: '91350881MA32XK2Q45', region: '西城镇', address: '' })],
]);
const person = (certNo: string, name: string, kind = '执法人员'): Inspector => ({
  certNo, name, gender: '', unit: '', area: '', issuer: '', category: '住房城乡建设', phone: '', expertise: '', section: '建筑业股', certExpiry: '', kind, note: '',
});
const roster = [
  person('35088110049', '张凯'), person('35088110080', '邓建平'), person('35088110010', '张彩贞'), person('35088110036', '戴惠珍'), person('35088110012', '李明'),
  person('E001', '钱专家', '专家'), person('E002', '孙专家', '专家'),
];
const conflicts: Conflict[] = [{ id: '35088110012|913508816145607318', certNo: '35088110012', code: '913508816145607318', inspectorName: '李明', entityName: '示例县建隆建设工程有限公司', reason: '亲属关系' }];

const inputs = (over: Partial<FormInputs> = {}): FormInputs => {
  const d = over.draw ?? draw();
  return { draw: d, amendments: [], entities: d.entities, registry, roster, conflicts, today: '2026-11-24', ...over };
};

describe('formData: the fields', () => {
  const { fields } = formData(inputs());

  it('names the draw: unit, task, items, type, time, place, method', () => {
    expect(fields).toMatchObject({
      单位: '示例县住房和城乡建设局', 年度: 2026, 记录编号: '2026-004', 抽取次数: 2,
      抽查任务名称: '建筑施工企业检查、人防工程检查（合并检查） 2026年第2次抽查',
      抽查任务名称及编号: '建筑施工企业检查、人防工程检查（合并检查） 2026年第2次抽查（编号 2026-004）',
      抽查事项: 'ZJ-001 建筑施工企业检查\nZJ-006 人防工程检查', 检查对象类别: '建筑施工企业、人防工程',
      抽查类型: '定向', 定向条件: '区域：城关镇、西城镇', 抽取时间: '2026年11月22日 15:09', 抽取日期: '2026年11月22日',
      抽取地点: '局三楼会议室', 抽取方式: '计算机随机抽取，种子公开可验证（算法 ssj-draw/1）', 填表日期: '2026年11月24日',
      操作人员: '张三', 监督人员: '王纪检、李监督', 见证人: '王纪检、李监督', 工具版本: 'ssj 0.1.0',
    });
  });

  it('counts: scope per item with what was left out, ratios, numbers drawn, people', () => {
    expect(fields['检查对象范围及总数']).toBe(
      '建筑施工企业（ZJ-001）：在业 41 家，其中本年度已抽中 2 家不再抽取，可抽取 39 家；另有注销/吊销/迁出 1 家不在抽取范围\n' +
      '人防工程（ZJ-006）：在业 20 家，可抽取 20 家');
    expect(fields['抽取比例']).toBe('ZJ-001：5%，抽取 2 家\nZJ-006：10%，抽取 2 家');
    expect(fields).toMatchObject({ 检查对象总数: 60, 抽取数量: 2, 执法检查人员总数: 5, 选派人数: 6, 每组人数: '2 人，另加专家 1 人' });
    expect(formData(inputs({ draw: draw({ task: { ...draw().task, count: 3, items: [draw().task.items[0]!] }, pool: { ...draw().pool, items: [draw().pool.items[0]!] } }) })).fields['抽取比例']).toBe('指定数量 3 家');
    expect(formData(inputs({ draw: draw({ task: { ...draw().task, where: [], type: '不定向' } }) })).fields['定向条件']).toBe('无');
  });

  it('the seed, the snapshots and the hashes, whole and in groups of four', () => {
    expect(fields).toMatchObject({
      随机种子: '381702/527', 种子组成: '见证人 王纪检：381702\n公开随机数 2026-11-21 福彩3D：527', 种子强度: '熵估计约 28 比特；覆盖全部可能结果需 16 比特',
      名录库快照: H('e'), 执法人员名录快照: H('i'), 事项清单快照: H('t'), 检查对象池哈希: H('p'),
      记录哈希: 'ab12'.repeat(16), 记录哈希前缀: 'ab12 ab12 ab12 ab12', 复核命令: 'ssj verify 2026-004',
    });
    expect(fields['记录哈希分组']).toBe(Array(16).fill('ab12').join(' '));
    expect(String(fields['复核说明'])).toContain('ssj verify 2026-004.json --entities');
  });

  it('回避 with its reason; no re-draw, no amendment', () => {
    expect(fields['回避情况']).toBe('李明（35088110012）与 示例县建隆建设工程有限公司：亲属关系，未选派');
    expect(fields).toMatchObject({ 再次抽取: '无', 补抽情况: '无', 再次抽取及补抽: '无', 抽取提示: '无' });
    expect(formData(inputs({ draw: draw({ conflicts: [] }) })).fields['回避情况']).toBe('无');
  });

  it('回避 summarised by inspector: one line for one person kept off many drawn entities', () => {
    const codes = Array.from({ length: 31 }, (_, i) => `91350881614560${String(7300 + i)}`);
    const many = draw({ conflicts: codes.map((code) => ({ certNo: '35088110012', code })) });
    const text = String(formData(inputs({ draw: many })).fields['回避情况']);
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toMatch(/^李明（35088110012）与 .+ 等 31 个检查对象：.+，未选派$/);
    const two = draw({ conflicts: [...codes.slice(0, 2).map((code) => ({ certNo: '35088110012', code })), { certNo: '35088110099', code: codes[0]! }] });
    expect(String(formData(inputs({ draw: two })).fields['回避情况']).split('\n')).toHaveLength(2);
  });

  it('a re-draw says which draw it replaces and why', () => {
    const f = formData(inputs({ draw: draw({ redraw: { of: ['2026-002'], reason: '抽取时名录导入错误' } }) })).fields;
    expect(f['再次抽取']).toBe('本次为再次抽取，取代 2026-002；原因：抽取时名录导入错误');
    expect(f['再次抽取及补抽']).toBe(f['再次抽取']);
    const later = draw({ id: '2026-006', date: '2026-11-25', redraw: { of: ['2026-004'], reason: '见证人未到场' } });
    expect(formData(inputs({ replacedBy: [later] })).fields['再次抽取']).toBe('本次抽取已被 2026-006（2026年11月25日）再次抽取取代，不再实施检查；原因：见证人未到场');
  });

  it('every field of the catalogue has a value, and no value is outside the catalogue', () => {
    expect(Object.keys(fields).sort()).toEqual(FORM_FIELDS.map((f) => f.name).sort());
  });
});

describe('formData: the rows', () => {
  it('one row per entity: codes as text, a project by its code, region and address, items, team', () => {
    const rows = formData(inputs()).对象;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      序号: 1, 检查对象名称: '示例县建隆建设工程有限公司', 统一社会信用代码: '913508816145607318', 区域地址: '城关镇 解放路 12 号', 区域: '城关镇', 地址: '解放路 12 号',
      监管责任股室: '建筑业股', 行业类别: '建筑施工企业', 信用风险分类: 'B', 联络人: '陈某', 联系电话: '0597-1234567',
      检查事项: 'ZJ-001 建筑施工企业检查', 检查事项编号: 'ZJ-001', 检查组成员: '组长 张凯 35088110049\n组员 邓建平 35088110080\n专家 钱专家 E001', 检查组组长: '张凯', 备注: '',
    });
    expect(rows[1]).toMatchObject({ 序号: 2, 统一社会信用代码: 'XM-2026-007', 项目编号: 'XM-2026-007', 区域地址: '城关镇', 检查事项: 'ZJ-001 建筑施工企业检查\nZJ-006 人防工程检查', 检查事项编号: 'ZJ-001、ZJ-006' });
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(ENTITY_FIELDS.map((f) => f.name).sort());
  });

  it('one row per team member, numbered on, with its entity', () => {
    const rows = formData(inputs()).成员;
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r['序号'])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[3]).toMatchObject({ 对象序号: 2, 姓名: '张彩贞', 执法证号: '35088110010', 角色: '组长', 检查对象名称: '城关镇安置房项目', 所属股室: '建筑业股', 执法类别: '住房城乡建设' });
    const names = [...ENTITY_FIELDS, ...MEMBER_FIELDS].map((f) => f.name).sort();
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(names);
  });

  it('after an amendment: the entities as they stand, the replacement noted, the amendment listed with its hash', () => {
    const d = draw();
    const data = formData(inputs({ draw: d, amendments: [amendment], entities: amendment.entities }));
    expect(data.对象.map((r) => r['检查对象名称'])).toEqual(['示例县建隆建设工程有限公司', '示例县盛世海峡建筑劳务有限公司']);
    expect(data.对象[1]!['备注']).toBe('补抽（2026-004-R1）：替换 城关镇安置房项目（注销）');
    expect(data.fields['抽取数量']).toBe(2);
    expect(data.fields['补抽情况']).toBe(`2026-004-R1（2026年11月23日，操作人员 李四）：检查对象 城关镇安置房项目（XM-2026-007）因“注销”不再检查，补抽 示例县盛世海峡建筑劳务有限公司（91350881MA32XK2Q45）；补抽记录哈希 ${'cd34'.repeat(16)}`);
    expect(data.qr).toBe(`ssj:2026-004:${'ab12'.repeat(16)}\nssj:2026-004-R1:${'cd34'.repeat(16)}`);
  });

  it('an inspector replaced: who left which team and who came in', () => {
    const a: AmendmentRecord = {
      ...amendment, request: { type: 'inspector', certNo: '35088110080', code: null, reason: '回避' },
      change: { removed: null, added: [], teamChanges: [{ code: '913508816145607318', out: { certNo: '35088110080', name: '邓建平', role: '组员' }, in: { certNo: '35088110036', name: '戴惠珍', role: '组员' } }] },
    };
    const data = formData(inputs({ amendments: [a] }));
    expect(data.fields['补抽情况']).toContain('示例县建隆建设工程有限公司 检查组的 邓建平（35088110080）因“回避”退出，由 戴惠珍（35088110036）接替');
    expect(data.对象[0]!['备注']).toBe('2026-004-R1：邓建平 因“回避”退出，由 戴惠珍 接替');
  });
});

describe('helpers', () => {
  it('times as recorded, QR text one line per record', () => {
    expect(chineseTime('2026-01-05T08:03:00+08:00')).toBe('2026年1月5日 08:03');
    expect(qrText(draw(), [])).toBe(`ssj:2026-004:${'ab12'.repeat(16)}`);
  });
});

describe('docs/templates.md', () => {
  it('documents every field a template may use', () => {
    const doc = readFileSync(new URL('../../docs/templates.md', import.meta.url), 'utf8');
    for (const f of [...FORM_FIELDS, ...ENTITY_FIELDS, ...MEMBER_FIELDS, ...IMAGE_FIELDS]) expect(doc, f.name).toContain(`| \`{{${f.name}}}\` |`);
  });
});
