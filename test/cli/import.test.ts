// ssj import and ssj list through the real binary, on ../shared/fixtures and our own fixtures.
import { chmodSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, SHARED, Workdir } from '../helpers/workdir.js';

const shared = (f: string) => join(SHARED, f);
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('the shared sample files', () => {
  let w: Workdir;
  beforeAll(async () => {
    w = new Workdir();
    await w.init();
  });
  afterAll(() => w.remove());

  it('registry.xlsx: 300 entities on 6 sheets, the gone ones kept and counted', async () => {
    const r = await w.run(['import', 'entities', shared('registry.xlsx'), '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, kind: 'entities', imported: 300, errors: [] });
    expect(r.json.active + r.json.gone).toBe(300);
    expect(r.json.gone).toBe(16);
    expect(r.json.snapshot).toMatch(/^[0-9a-f]{64}$/);
    expect(r.json.sheets.map((s: any) => [s.name, s.rows])).toEqual([
      ['建筑施工企业', 135], ['房地产开发企业', 45], ['物业服务企业', 60], ['工程监理企业', 24], ['检测机构', 12], ['人防工程', 24],
    ]);
    // the snapshot file is named by the SHA-256 of its content
    const file = w.path('snapshots', 'entities', `${r.json.snapshot}.csv`);
    expect(sha(file)).toBe(r.json.snapshot);
  });

  it('list entities --json: the contract fields, codes and phones as strings', async () => {
    const r = await w.run(['list', 'entities', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toHaveLength(300);
    for (const e of r.json) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['code', 'name', 'status', 'category', 'section', 'region']));
      expect(typeof e.code).toBe('string');
      expect(typeof e.phone).toBe('string');
      expect(['active', 'gone']).toContain(e.status);
    }
    const lower = r.json.find((e: any) => e.code === '91350881R17136GA0K');
    expect(lower).toBeDefined(); // written in lower case in the file
    expect(r.json.some((e: any) => e.name.endsWith(' '))).toBe(false);
    expect(r.json.find((e: any) => e.code === '9135088184F194239F')).toMatchObject({
      name: '示例县闽西恒达建筑工程有限公司', phone: '18540244266', status: 'active', category: '建筑施工企业', section: '建筑业股', region: '北坪乡',
    });
    const gone = await w.run(['list', 'entities', '--status', 'gone', '--json']);
    expect(gone.json).toHaveLength(16);
    expect(new Set(gone.json.map((e: any) => e.statusText))).toEqual(new Set(['注销', '吊销', '迁出']));
  });

  it('roster.xlsx: certificate and phone numbers stored as numbers come back exact', async () => {
    const r = await w.run(['import', 'inspectors', shared('roster.xlsx'), '--json']);
    expect(r.json).toMatchObject({ ok: true, kind: 'inspectors', imported: 26 });
    const list = (await w.run(['list', 'inspectors', '--json'])).json;
    expect(list[0]).toMatchObject({ certNo: '35110000100', name: '周明', category: '住房和城乡建设', unit: '示例县住房和城乡建设局', phone: '18040028277' });
    for (const i of list) for (const k of ['certNo', 'name', 'category', 'unit', 'phone']) expect(typeof i[k]).toBe('string');
  });

  it('items.xlsx: ratios as fractions, 不适用 as null', async () => {
    const r = await w.run(['import', 'items', shared('items.xlsx'), '--json']);
    expect(r.json).toMatchObject({ ok: true, imported: 7, active: 6, gone: 1 });
    const list = (await w.run(['list', 'items', '--json'])).json;
    expect(list.map((i: any) => [i.id, i.ratio, i.rounds])).toEqual([
      ['ZJ-001', 0.05, 2], ['ZJ-002', 0.1, 2], ['ZJ-003', 0.05, 2], ['ZJ-004', 0.05, 2], ['ZJ-005', 0.2, 2], ['ZJ-006', 0.05, 1], ['ZJ-007', null, null],
    ]);
    expect(list[0]).toMatchObject({ name: '建筑施工企业资质动态核查', target: '建筑施工企业', section: '建筑业股' });
    // 燃气经营企业 is not drawn, so it raises no warning about the registry; the listed 1次/年 is kept and flagged
    // for its legal basis, and the 不适用 item for its missing reason (issue 15)
    expect(r.json.warnings.map((x: any) => [x.row, x.field, x.message.slice(0, 10)])).toEqual([
      [8, '抽查频次', '抽查频次每年 1 次'], [9, '不适用理由', '此事项不进行随机抽查'],
    ]);
  });

  it('registry-fdc-gbk.csv: GB18030 with title rows', async () => {
    const r = await w.run(['import', 'entities', shared('registry-fdc-gbk.csv'), '--json']);
    expect(r.json).toMatchObject({ ok: true, imported: 45 });
    const list = (await w.run(['list', 'entities', '--json'])).json;
    expect(list.find((e: any) => e.code === '91350881R183731A29')).toMatchObject({ name: '示例县利民德信房地产开发有限公司', section: '房管股', region: '东山镇' });
  });

  it('registry-dirty.xlsx fails with exactly its listed faults, and nothing is written', async () => {
    const before = w.listing();
    const r = await w.run(['import', 'entities', shared('registry-dirty.xlsx'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.json.snapshot).toBeNull();
    // registry-dirty.expected.txt: faults on sheet 建筑施工企业: C9 duplicate of C5; C12 check char; B15 empty name
    expect(r.json.errors.map((e: any) => [e.file, e.sheet, e.row, e.column, e.field])).toEqual([
      ['registry-dirty.xlsx', '建筑施工企业', 9, 'C', '统一社会信用代码'],
      ['registry-dirty.xlsx', '建筑施工企业', 12, 'C', '统一社会信用代码'],
      ['registry-dirty.xlsx', '建筑施工企业', 15, 'B', '市场主体名称'],
    ]);
    expect(r.json.errors[0].message).toBe('与第 5 行重复');
    expect(r.json.errors[1].message).toMatch(/校验位错误/);
    expect(r.json.errors[2].message).toBe('市场主体名称不能为空');
    expect(w.listing()).toEqual(before);
  });

  it('roster-dirty.xlsx fails with exactly its listed faults', async () => {
    const r = await w.run(['import', 'inspectors', shared('roster-dirty.xlsx'), '--json']);
    expect(r.code).toBe(1);
    // roster-dirty.expected.txt: G6 precision lost (1.30807E+10); G10 duplicate of G3
    expect(r.json.errors.map((e: any) => [e.sheet, e.row, e.column, e.field, e.value])).toEqual([
      ['执法人员', 6, 'G', '执法证号', '1.30807E+10'],
      ['执法人员', 10, 'G', '执法证号', '35110000100'],
    ]);
    expect(r.json.errors[1].message).toBe('与第 3 行重复');
  });

  it('shows the dirty file\'s faults to the clerk as 文件 › 工作表 › 第 N 行 X 列', async () => {
    const r = await w.run(['import', 'entities', shared('registry-dirty.xlsx')]);
    expect(r.stderr).toContain('registry-dirty.xlsx › 建筑施工企业 › 第 12 行 C 列  统一社会信用代码「913508814T952GX270」：校验位错误');
    expect(r.stderr).toContain('registry-dirty.xlsx › 建筑施工企业 › 第 9 行 C 列  统一社会信用代码「913508818678A3142A」：与第 5 行重复');
    expect(r.stderr).toContain('--skip-invalid');
  });

  it('broken files get a clear message, never a stack trace', async () => {
    for (const f of ['not-a-sheet.xlsx', 'empty.csv']) {
      const r = await w.run(['import', 'entities', shared(f)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/无法读取/);
      expect(r.stderr).not.toMatch(/\bat \S+ \(|node:internal|Error:/);
    }
    const xls = await w.run(['import', 'entities', join(FIXTURES, 'quirks', 'broken-old-format.xls'), '--json']);
    expect(xls.json.errors).toEqual([expect.objectContaining({ file: 'broken-old-format.xls', sheet: null, row: null, column: null, field: null, value: null })]);
    expect(xls.json.errors[0].message).toContain('另存为 .xlsx');
    const missing = await w.run(['import', 'entities', 'no-such-file.xlsx']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/找不到文件「.*no-such-file.xlsx」/);
  });
});

describe('snapshots and the import log', () => {
  it('re-importing the same content keeps the same snapshot; a new one never touches the old', async () => {
    const w = new Workdir();
    try {
      await w.init();
      const a = (await w.run(['import', 'entities', shared('registry.xlsx'), '--json'])).json;
      const oldFile = w.path('snapshots', 'entities', `${a.snapshot}.csv`);
      const oldBytes = readFileSync(oldFile);
      const again = (await w.run(['import', 'entities', shared('registry.xlsx'), '--json'])).json;
      expect(again.snapshot).toBe(a.snapshot);
      expect(again.unchanged).toBe(true);
      const b = (await w.run(['import', 'entities', shared('registry-fdc-gbk.csv'), '--json'])).json;
      expect(b.snapshot).not.toBe(a.snapshot);
      expect(readFileSync(oldFile)).toEqual(oldBytes);
      expect(readdirSync(w.path('snapshots', 'entities')).sort()).toEqual([`${a.snapshot}.csv`, `${b.snapshot}.csv`].sort());
      // the newest import is current
      expect((await w.run(['list', 'entities', '--json'])).json).toHaveLength(45);
      const log = readFileSync(w.path('imports', 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(log.map((e) => [e.seq, e.kind, e.snapshot, e.user, e.source.name, e.counts.imported])).toEqual([
        [1, 'entities', a.snapshot, 'tester', 'registry.xlsx', 300],
        [2, 'entities', a.snapshot, 'tester', 'registry.xlsx', 300],
        [3, 'entities', b.snapshot, 'tester', 'registry-fdc-gbk.csv', 45],
      ]);
      expect(log[0].source.sha256).toBe(sha(shared('registry.xlsx')));
      expect(log[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    } finally {
      w.remove();
    }
  });

  it('is the same snapshot whatever the row order and layout of the source', async () => {
    const w = new Workdir();
    try {
      await w.init();
      const xlsx = (await w.run(['import', 'entities', shared('registry.xlsx'), '--sheet', '房地产开发企业', '--json'])).json;
      const csv = (await w.run(['import', 'entities', shared('registry-fdc-gbk.csv'), '--json'])).json;
      expect(xlsx.imported).toBe(45);
      expect(csv.snapshot).toBe(xlsx.snapshot);
    } finally {
      w.remove();
    }
  });

  it('a tampered snapshot is detected when read', async () => {
    const w = new Workdir();
    try {
      await w.init();
      const a = (await w.run(['import', 'items', shared('items.xlsx'), '--json'])).json;
      const file = w.path('snapshots', 'items', `${a.snapshot}.csv`);
      const text = readFileSync(file, 'utf8').replace('0.05', '0.01');
      chmodSync(file, 0o644);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, text);
      const r = await w.run(['list', 'items']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/内容被改动过/);
    } finally {
      w.remove();
    }
  });
});

describe('--skip-invalid', () => {
  it('imports the valid rows and writes the rejected ones, with reasons, to a workbook', async () => {
    const w = new Workdir();
    try {
      await w.init();
      const r = await w.run(['import', 'entities', shared('registry-dirty.xlsx'), '--skip-invalid', '--json']);
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ ok: true, imported: 297, rejected: 3 });
      expect(r.json.errors).toHaveLength(3);
      const rejects = w.path(r.json.rejects);
      expect(existsSync(rejects)).toBe(true);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(rejects);
      const ws = wb.worksheets[0]!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]!.slice(0, 5)).toEqual(['错误原因', '工作表', '行号', '序号', '市场主体名称']);
      expect(rows.slice(1).map((x) => [x[1], x[2]])).toEqual([['建筑施工企业', 9], ['建筑施工企业', 12], ['建筑施工企业', 15]]);
      expect(String(rows[1]![0])).toBe('统一社会信用代码与第 5 行重复');
      const log = JSON.parse(readFileSync(w.path('imports', 'log.jsonl'), 'utf8').trim());
      expect(log).toMatchObject({ skipInvalid: true, rejects: r.json.rejects, counts: { imported: 297, rejected: 3 } });
    } finally {
      w.remove();
    }
  });
});

describe('review fixes through the binary', () => {
  it('--skip-invalid does not skip a problem with the file itself, such as a mistyped --sheet', async () => {
    const w = new Workdir();
    try {
      await w.init();
      const r = await w.run(['import', 'entities', shared('registry.xlsx'), '--sheet', '建筑施工', '--sheet', '人防工程', '--skip-invalid', '--json']);
      expect(r.code).toBe(1);
      expect(r.json.ok).toBe(false);
      expect(r.json.errors).toEqual([expect.objectContaining({ sheet: null, row: null, message: expect.stringMatching(/没有名为「建筑施工」的工作表/) })]);
      const list = await w.run(['list', 'items', '--status', 'gone']);
      expect(list.code).toBe(2);
    } finally {
      w.remove();
    }
  });
});
