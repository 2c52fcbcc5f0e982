// ssj import and ssj list through the real binary, on the bureau-shaped files of fixtures/office/
// (built by fixtures/build.mjs; what each must give is in fixtures/office/expected.json).
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, OFFICE, Workdir } from '../helpers/workdir.js';

const office = (f: string) => join(OFFICE, f);
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const want = JSON.parse(readFileSync(office('expected.json'), 'utf8'));
const REG = want['registry.xlsx'];
const FDC = want['registry-fdc-gbk.csv'];
const ITEMS = want['items.xlsx'];
const ROSTER = want['roster.xlsx'];
const DIRTY = want['registry-dirty.xlsx'];
const ROSTER_DIRTY = want['roster-dirty.xlsx'];

describe('the office files', () => {
  let w: Workdir;
  beforeAll(async () => {
    w = new Workdir();
    await w.init();
  });
  afterAll(() => w.remove());

  it('registry.xlsx: every entity of every sheet, the gone ones kept and counted', async () => {
    const r = await w.run(['import', 'entities', office('registry.xlsx'), '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, kind: 'entities', imported: REG.imported, errors: [] });
    expect(r.json.active + r.json.gone).toBe(REG.imported);
    expect(r.json.gone).toBe(REG.gone);
    expect(r.json.gone).toBeGreaterThan(0);
    expect(r.json.snapshot).toMatch(/^[0-9a-f]{64}$/);
    expect(r.json.sheets.map((s: any) => [s.name, s.rows])).toEqual(REG.sheets.map((s: any) => [s.name, s.rows]));
    // the snapshot file is named by the SHA-256 of its content
    const file = w.path('snapshots', 'entities', `${r.json.snapshot}.csv`);
    expect(sha(file)).toBe(r.json.snapshot);
  });

  it('list entities --json: the contract fields, codes and phones as strings, the quirks undone', async () => {
    const r = await w.run(['list', 'entities', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toHaveLength(REG.imported);
    for (const e of r.json) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['code', 'name', 'status', 'category', 'section', 'region']));
      expect(typeof e.code).toBe('string');
      expect(typeof e.phone).toBe('string');
      expect(['active', 'gone']).toContain(e.status);
    }
    const find = (code: string) => r.json.find((e: any) => e.code === code);
    // written in lower case / with a trailing space in the file; a phone stored as a number; a 0597- landline
    for (const k of ['sample', 'lowerCaseCode', 'trailingSpace', 'landline']) expect(find(REG[k].code), k).toMatchObject(REG[k]);
    expect(r.json.some((e: any) => e.name.endsWith(' '))).toBe(false);
    // the sheet named 检测机构 holds 建设工程质量检测机构: the category comes from the column
    expect(new Set(r.json.map((e: any) => e.category))).toEqual(new Set(REG.categories));
    const gone = await w.run(['list', 'entities', '--status', 'gone', '--json']);
    expect(gone.json).toHaveLength(REG.gone);
    expect([...new Set(gone.json.map((e: any) => e.statusText))].sort()).toEqual(REG.goneSpellings);
  });

  it('roster.xlsx: certificate and phone numbers stored as numbers come back exact', async () => {
    const r = await w.run(['import', 'inspectors', office('roster.xlsx'), '--json']);
    expect(r.json).toMatchObject({ ok: true, kind: 'inspectors', imported: ROSTER.imported });
    const list = (await w.run(['list', 'inspectors', '--json'])).json;
    expect(list).toHaveLength(ROSTER.imported);
    expect(list[0]).toMatchObject(ROSTER.first);
    expect(list.find((i: any) => i.certNo === ROSTER.withNote.certNo)).toMatchObject(ROSTER.withNote);
    for (const i of list) for (const k of ['certNo', 'name', 'category', 'unit', 'phone']) expect(typeof i[k]).toBe('string');
  });

  it('items.xlsx: ratios as fractions, 不适用 as null', async () => {
    const r = await w.run(['import', 'items', office('items.xlsx'), '--json']);
    expect(r.json).toMatchObject({ ok: true, imported: ITEMS.imported, active: ITEMS.active, gone: ITEMS.gone });
    const list = (await w.run(['list', 'items', '--json'])).json;
    expect(list.map((i: any) => [i.id, i.ratio, i.rounds])).toEqual(ITEMS.items.map((i: any) => [i.id, i.ratio, i.rounds]));
    expect(list[0]).toMatchObject({ name: ITEMS.items[0].name, target: ITEMS.items[0].target, section: ITEMS.items[0].section });
    // the item that is not drawn is for a category the registry does not hold: no warning about the registry
    const notDrawn = ITEMS.items.filter((i: any) => i.ratio === null);
    expect(notDrawn.length).toBeGreaterThan(0);
    for (const i of notDrawn) expect(REG.categories).not.toContain(i.target);
    // the listed 1次/年 is kept and flagged for its legal basis, and a 不适用 item without a reason is flagged (issue 15);
    // items.xlsx has its header on row 2, so item i is on row 3 + i
    const expected = ITEMS.items.flatMap((i: any, n: number) => [
      ...(i.rounds !== null && i.rounds < 2 ? [[3 + n, '抽查频次']] : []),
      ...(i.ratio === null ? [[3 + n, '不适用理由']] : []),
    ]);
    expect(expected.length).toBeGreaterThan(0);
    expect(r.json.warnings.map((x: any) => [x.row, x.field])).toEqual(expected);
  });

  it('registry-fdc-gbk.csv: GB18030 with CRLF and title rows', async () => {
    const bytes = readFileSync(office('registry-fdc-gbk.csv'));
    expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const r = await w.run(['import', 'entities', office('registry-fdc-gbk.csv'), '--json']);
    expect(r.json).toMatchObject({ ok: true, imported: FDC.imported, active: FDC.active, gone: FDC.gone });
    const list = (await w.run(['list', 'entities', '--json'])).json;
    expect(list.find((e: any) => e.code === FDC.sample.code)).toMatchObject(FDC.sample);
  });

  it('registry-dirty.xlsx fails with exactly its listed faults, and nothing is written', async () => {
    const before = w.listing();
    const r = await w.run(['import', 'entities', office('registry-dirty.xlsx'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.json.snapshot).toBeNull();
    expect(r.json.errors.map((e: any) => [e.file, e.sheet, e.row, e.column, e.field])).toEqual(
      DIRTY.faults.map((f: any) => ['registry-dirty.xlsx', f.sheet, f.row, f.column, f.field]),
    );
    // and the one shape every command's failure has
    expect(r.json.error).toEqual({ code: 'INPUT_INVALID', message: `「registry-dirty.xlsx」中有 ${DIRTY.faults.length} 处问题，没有导入`, hint: '按所列问题改正后重新导入，或用 --skip-invalid 只导入没有问题的行' });
    DIRTY.faults.forEach((f: any, i: number) => {
      if (f.message) expect(r.json.errors[i].message).toBe(f.message);
      if (f.messageIncludes) expect(r.json.errors[i].message).toContain(f.messageIncludes);
    });
    expect(w.listing()).toEqual(before);
  });

  it('roster-dirty.xlsx fails with exactly its listed faults', async () => {
    const r = await w.run(['import', 'inspectors', office('roster-dirty.xlsx'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json.errors.map((e: any) => [e.sheet, e.row, e.column, e.field, e.value])).toEqual(
      ROSTER_DIRTY.faults.map((f: any) => [f.sheet, f.row, f.column, f.field, f.value]),
    );
    ROSTER_DIRTY.faults.forEach((f: any, i: number) => {
      if (f.message) expect(r.json.errors[i].message).toBe(f.message);
    });
  });

  it('shows the dirty file\'s faults to the clerk as 文件 › 工作表 › 第 N 行 X 列', async () => {
    const r = await w.run(['import', 'entities', office('registry-dirty.xlsx')]);
    for (const f of DIRTY.faults.filter((x: any) => x.value)) {
      expect(r.stderr).toContain(`registry-dirty.xlsx › ${f.sheet} › 第 ${f.row} 行 ${f.column} 列  ${f.field}「${f.value}」：${f.message ?? ''}`);
    }
    expect(r.stderr).toContain('--skip-invalid');
  });

  it('broken files get a clear message, never a stack trace', async () => {
    for (const f of Object.keys(want).filter((k) => want[k].broken)) {
      const r = await w.run(['import', 'entities', office(f)]);
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
      const a = (await w.run(['import', 'entities', office('registry.xlsx'), '--json'])).json;
      const oldFile = w.path('snapshots', 'entities', `${a.snapshot}.csv`);
      const oldBytes = readFileSync(oldFile);
      const again = (await w.run(['import', 'entities', office('registry.xlsx'), '--json'])).json;
      expect(again.snapshot).toBe(a.snapshot);
      expect(again.unchanged).toBe(true);
      const b = (await w.run(['import', 'entities', office('registry-fdc-gbk.csv'), '--json'])).json;
      expect(b.snapshot).not.toBe(a.snapshot);
      expect(readFileSync(oldFile)).toEqual(oldBytes);
      expect(readdirSync(w.path('snapshots', 'entities')).sort()).toEqual([`${a.snapshot}.csv`, `${b.snapshot}.csv`].sort());
      // the newest import is current
      expect((await w.run(['list', 'entities', '--json'])).json).toHaveLength(FDC.imported);
      const log = readFileSync(w.path('imports', 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(log.map((e) => [e.seq, e.kind, e.snapshot, e.user, e.source.name, e.counts.imported])).toEqual([
        [1, 'entities', a.snapshot, 'tester', 'registry.xlsx', REG.imported],
        [2, 'entities', a.snapshot, 'tester', 'registry.xlsx', REG.imported],
        [3, 'entities', b.snapshot, 'tester', 'registry-fdc-gbk.csv', FDC.imported],
      ]);
      expect(log[0].source.sha256).toBe(sha(office('registry.xlsx')));
      expect(log[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    } finally {
      w.remove();
    }
  });

  it('is the same snapshot whatever the row order and layout of the source', async () => {
    const w = new Workdir();
    try {
      await w.init();
      const xlsx = (await w.run(['import', 'entities', office('registry.xlsx'), '--sheet', FDC.sameAsSheet, '--json'])).json;
      const csv = (await w.run(['import', 'entities', office('registry-fdc-gbk.csv'), '--json'])).json;
      expect(xlsx.imported).toBe(FDC.imported);
      expect(csv.snapshot).toBe(xlsx.snapshot);
    } finally {
      w.remove();
    }
  });

  it('a tampered snapshot is detected when read', async () => {
    const w = new Workdir();
    try {
      await w.init();
      const a = (await w.run(['import', 'items', office('items.xlsx'), '--json'])).json;
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
      const r = await w.run(['import', 'entities', office('registry-dirty.xlsx'), '--skip-invalid', '--json']);
      expect(r.code).toBe(0);
      const n = DIRTY.faults.length;
      expect(r.json).toMatchObject({ ok: true, imported: DIRTY.rows - n, rejected: n });
      expect(r.json.errors).toHaveLength(n);
      const rejects = w.path(r.json.rejects);
      expect(existsSync(rejects)).toBe(true);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(rejects);
      const ws = wb.worksheets[0]!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]!.slice(0, 5)).toEqual(['错误原因', '工作表', '行号', '序号', '市场主体名称']);
      expect(rows.slice(1).map((x) => [x[1], x[2]])).toEqual(DIRTY.faults.map((f: any) => [f.sheet, f.row]));
      expect(String(rows[1]![0])).toBe(`${DIRTY.faults[0].field}${DIRTY.faults[0].message}`);
      const log = JSON.parse(readFileSync(w.path('imports', 'log.jsonl'), 'utf8').trim());
      expect(log).toMatchObject({ skipInvalid: true, rejects: r.json.rejects, counts: { imported: DIRTY.rows - n, rejected: n } });
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
      const r = await w.run(['import', 'entities', office('registry.xlsx'), '--sheet', '建筑施工', '--sheet', '人防工程', '--skip-invalid', '--json']);
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

describe('a file with more faulty rows than are kept', () => {
  it('--json lists the first 10,000 errors and counts them all; --skip-invalid writes the first 10,000 rejected rows and says how many more', async () => {
    const w = new Workdir();
    try {
      await w.init();
      const good = '91350881MA3M1HKH0U';
      const lines = ['市场主体名称,统一社会信用代码,行业类别,经营状态', `示例县好公司,${good},建筑施工企业,存续`];
      for (let i = 0; i < 10_030; i++) lines.push(`公司${i},BAD${i},建筑施工企业,存续`);
      writeFileSync(w.path('多错.csv'), lines.join('\r\n') + '\r\n');
      const r = await w.run(['import', 'entities', w.path('多错.csv'), '--json']);
      expect(r.code).toBe(1);
      expect(r.json.errors).toHaveLength(10_000);
      expect(r.json.errorsTotal).toBe(10_030);
      const text = await w.run(['import', 'entities', w.path('多错.csv')]);
      expect(text.stderr).toContain('「多错.csv」有 10030 处错误');
      expect(text.stderr).toContain('……还有 9830 处未显示（加 --json 可得到前 10000 处）');
      const skip = await w.run(['import', 'entities', w.path('多错.csv'), '--skip-invalid', '--json']);
      expect(skip.code, skip.stderr).toBe(0);
      expect(skip.json).toMatchObject({ imported: 1, rejected: 10_030, errorsTotal: 10_030 });
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(w.path(skip.json.rejects));
      const sh = wb.worksheets[0]!;
      expect(sh.rowCount).toBe(1 + 10_000 + 1);
      expect(String(sh.getRow(sh.rowCount).getCell(1).value)).toContain('另有 30 行有错误，未列出');
    } finally {
      w.remove();
    }
  }, 120_000);
});

describe('--sheet with a CSV file', () => {
  it('is a usage error on its own (exit 2), before the file is read', async () => {
    const w = new Workdir();
    try {
      await w.init();
      writeFileSync(w.path('名录.csv'), '市场主体名称,统一社会信用代码\r\n示例县甲公司,BAD\r\n');
      const r = await w.run(['import', 'entities', w.path('名录.csv'), '--sheet', '建筑', '--json']);
      expect(r.code).toBe(2);
      expect(r.json.error.message).toContain('「名录.csv」是 CSV 文件，没有工作表');
      expect(JSON.stringify(r.json)).not.toContain('BAD'); // the rows were not read
    } finally {
      w.remove();
    }
  });
});

describe('a path that is not a regular file', () => {
  it('a named pipe is refused at once as not a file, naming it (it read as an empty file)', async () => {
    const { execFileSync } = await import('node:child_process');
    const w = new Workdir();
    try {
      await w.init();
      try {
        execFileSync('mkfifo', [w.path('名录.csv')]);
      } catch {
        console.warn('skipped: no mkfifo on this system');
        return;
      }
      const r = await w.run(['import', 'entities', w.path('名录.csv'), '--json']);
      expect(r.code).toBe(1);
      expect(r.json.errors[0].message).toContain('这不是普通的文件（是设备或管道）');
      expect(r.json.errors[0].message).toContain('名录.csv');
    } finally {
      w.remove();
    }
  });
});
