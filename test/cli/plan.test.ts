// ssj plan through the real binary on the sample lists: the figures against numbers derived here from
// `ssj list … --json`, and the workbook read back with exceljs.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';

const HEADERS = ['序号', '检查主体', '抽查任务名称', '抽查类型', '抽查事项', '检查对象', '抽查比例', '抽查频次', '抽查数量', '计划开展时间', '责任股室'];
const TITLE = '示例县住房和城乡建设局2026年度“双随机、一公开”抽查工作计划';
const DEFAULT_FILE = ['exports', '2026年度抽查工作计划.xlsx'];

/** ceil(ratio × n) in whole percent-of-a-million steps, at least 1: computed here, not with the code under test */
const ceilRatio = (ratio: number, n: number) => Math.max(1, Math.ceil((Math.round(ratio * 1e6) * n) / 1e6));

let w: Workdir;
let entities: any[];
let items: any[];
const made: Workdir[] = [];
const at = (x: Workdir) => ({ cwd: x.path('ws') });

function copy(): Workdir {
  const c = new Workdir('ssj-plan');
  cpSync(w.dir, c.dir, { recursive: true });
  made.push(c);
  return c;
}

async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

beforeAll(async () => {
  w = new Workdir('ssj-plan');
  made.push(w);
  await w.samples('ws');
  entities = (await w.run(['list', 'entities', '--json'], at(w))).json;
  items = (await w.run(['list', 'items', '--json'], at(w))).json;
}, 120_000);

afterAll(() => {
  for (const x of made) x.remove();
});

describe('ssj plan --json', () => {
  it('gives per item the pool, ratio, sample per round, rounds and months, as derived from the lists', async () => {
    const x = copy();
    const r = await x.run(['plan', '--json'], at(x));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.map((p: any) => p.item)).toEqual(items.map((i) => i.id));
    let drawn = 0;
    for (const it of items) {
      const p = r.json.find((q: any) => q.item === it.id);
      const pool = entities.filter((e) => e.category === it.target && e.status === 'active').length;
      const gone = entities.filter((e) => e.category === it.target && e.status === 'gone').length;
      expect(p.pool, it.id).toBe(pool);
      expect(p.gone, it.id).toBe(gone);
      expect(p.name).toBe(it.name);
      expect(p.ratio).toBe(it.ratio);
      if (it.ratio === null) {
        expect(p).toMatchObject({ perRound: 0, rounds: 0, months: [] });
        expect(p.reason).toContain('不适用');
        continue;
      }
      drawn++;
      expect(pool).toBeGreaterThan(0);
      expect(p.reason).toBeNull();
      expect(p.perRound, it.id).toBe(ceilRatio(it.ratio, pool));
      expect(p.rounds).toBe(Math.max(it.rounds ?? 2, 2));
      expect(p.months).toHaveLength(p.rounds);
      expect([...p.months].sort((a: number, b: number) => a - b)).toEqual(p.months);
      expect(Math.max(...p.months)).toBeLessThan(12);
    }
    expect(drawn).toBeGreaterThan(3);
    // 5% of 112 建筑施工企业 → 6 (5.6 rounded up)
    expect(r.json.find((p: any) => p.item === 'ZJ-001')).toMatchObject({ pool: 112, perRound: 6, rounds: 2, months: [5, 9] });
  });

  it('writes no workbook unless -o is given', async () => {
    const x = copy();
    expect((await x.run(['plan', '--json'], at(x))).code).toBe(0);
    expect(readdirSync(x.path('ws', 'exports'))).toEqual([]);
    const r = await x.run(['plan', '--json', '-o', '计划.xlsx'], at(x));
    expect(r.code, r.stderr).toBe(0);
    expect(Array.isArray(r.json)).toBe(true);
    expect(existsSync(x.path('ws', '计划.xlsx'))).toBe(true);
  });

  it('says which lists to import first', async () => {
    const x = new Workdir('ssj-plan');
    made.push(x);
    await x.init();
    const r = await x.run(['plan', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('NO_DATA');
    expect(r.json.error.message).toContain('随机抽查事项清单和检查对象名录库');
    expect(r.json.error.hint).toContain('ssj import items');
    const t = await x.run(['plan']);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('ssj import entities');
  });

  it('refuses an output that is not .xlsx (exit 2)', async () => {
    const x = copy();
    const r = await x.run(['plan', '-o', 'plan.csv'], at(x));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.xlsx');
  });
});

describe('ssj plan (workbook)', () => {
  it('prints the plan and writes exports/<year>年度抽查工作计划.xlsx laid out as a published plan', async () => {
    const x = copy();
    const r = await x.run(['plan'], at(x));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(TITLE);
    expect(r.stdout).toContain('计划开展时间');
    expect(r.stdout).toContain('不抽查的事项');
    expect(r.stdout).toContain('ZJ-007');
    const file = x.path('ws', ...DEFAULT_FILE);
    expect(r.stdout).toContain(file);
    const wb = await readBook(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['年度抽查工作计划', '不抽查事项']);
    const ws = wb.getWorksheet('年度抽查工作计划')!;
    expect(ws.getCell('A1').value).toBe(TITLE);
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getCell('K1').master.address).toBe('A1');
    expect(ws.getCell('A1').font.bold).toBe(true);
    const head = ws.getRow(3);
    expect(HEADERS.map((_, i) => head.getCell(i + 1).value)).toEqual(HEADERS);
    for (let i = 1; i <= HEADERS.length; i++) {
      const cell = head.getCell(i);
      expect(cell.font.bold).toBe(true);
      expect(cell.font.name).toBe('仿宋');
      expect(cell.border.top?.style).toBe('thin');
      expect(cell.border.bottom?.style).toBe('thin');
    }
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '3:3' });
    expect(ws.getColumn(3).width).toBeGreaterThan(15);
    // a row per item drawn, in the item list's order, numbered 1…
    const drawn = items.filter((i) => i.ratio !== null);
    drawn.forEach((it, k) => {
      const row = ws.getRow(4 + k);
      const v = (h: string) => row.getCell(HEADERS.indexOf(h) + 1).value;
      expect(v('序号')).toBe(k + 1);
      expect(v('抽查事项')).toBe(it.name);
      expect(v('检查对象')).toBe(it.target);
      expect(v('检查主体')).toBe(it.subject);
      expect(v('责任股室')).toBe(it.section);
      expect(v('抽查类型')).toBe('不定向');
      expect(v('抽查任务名称')).toBe(`2026年${it.name}“双随机”抽查`);
      expect(v('抽查比例')).toBe(`${it.ratio * 100}%`);
      const pool = entities.filter((e) => e.category === it.target && e.status === 'active').length;
      expect(v('抽查数量')).toBe(`在业${pool}个，每次抽取${ceilRatio(it.ratio, pool)}个，全年${ceilRatio(it.ratio, pool) * 2}个`);
      expect(row.getCell(2).alignment.wrapText).toBe(true);
    });
    const after = ws.getRow(4 + drawn.length).getCell(1).value;
    expect(after === null || after === undefined).toBe(true); // then a blank row, then the note
    const nd = wb.getWorksheet('不抽查事项')!;
    expect(nd.getRow(3).getCell(7).value).toBe('不抽查原因');
    expect(nd.getRow(4).getCell(2).value).toBe('ZJ-007');
    expect(String(nd.getRow(4).getCell(7).value)).toContain('不适用');
    expect(nd.pageSetup).toMatchObject({ orientation: 'landscape', printTitlesRow: '3:3' });
    // nothing else was written, and no temporary file is left
    expect(readdirSync(x.path('ws', 'exports'))).toEqual([DEFAULT_FILE[1]]);
  });

  it('writes text a spreadsheet would run as a formula as plain text', async () => {
    const x = copy();
    const csv = x.path('items.csv');
    writeFileSync(csv, [
      '事项编号,抽查事项名称,检查对象,抽查比例,抽查频次,检查主体,责任股室',
      'X-1,"=HYPERLINK(""http://example.com"",""点击"")",建筑施工企业,5%,4次/年,@示例局,-股',
      'X-2,燃气检查,城镇燃气经营企业,5%,2次/年,+示例局,房管股',
      '',
    ].join('\r\n'));
    expect((await x.run(['import', 'items', csv], at(x))).code).toBe(0);
    const r = await x.run(['plan', '-o', '计划.xlsx', '--json'], at(x));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.map((p: any) => [p.item, p.perRound, p.rounds, p.months])).toEqual([
      ['X-1', 6, 4, [4, 6, 8, 10]],
      ['X-2', 0, 0, []],
    ]);
    expect(r.json[1].reason).toContain('城镇燃气经营企业');
    const path = x.path('ws', '计划.xlsx');
    const wb = await readBook(path);
    const row = wb.getWorksheet('年度抽查工作计划')!.getRow(4);
    expect(row.getCell(5).value).toBe('=HYPERLINK("http://example.com","点击")');
    expect(row.getCell(5).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(2).value).toBe('@示例局');
    expect(row.getCell(11).value).toBe('-股');
    const zip = await JSZip.loadAsync(readFileSync(path));
    for (const name of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/sheet'))) {
      expect(await zip.file(name)!.async('string'), name).not.toContain('<f>');
    }
  });
});
