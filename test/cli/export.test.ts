// ssj export through the real binary: published columns, nothing private in public files, formula-looking text
// made inert in .xlsx and .csv, CSV encodings, LibreOffice opening the files, and verify from a draw export alone.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';
import { COL, fillResultsSheet } from '../helpers/results-sheet.js';
import { defaultPlanFile } from '../../src/cli/plan.js';

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim() !== '';
const FORMULA = /^[=+\-@\t\r]/;
const made: Workdir[] = [];
let w: Workdir;
let ws: string;
/** every private value of the lists: entity contacts and phones, inspector phones, 回避 reasons */
let secrets: string[];
let formulaNames: string[];

const run = (args: string[], today = '2026-10-12') => w.run(args, { cwd: ws, env: { SSJ_TODAY: today } });

async function xlsxCells(path: string): Promise<{ texts: string[]; xml: string }> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const xml = (await Promise.all(Object.keys(zip.files).filter((n) => n.endsWith('.xml')).map((n) => zip.file(n)!.async('string')))).join('\n');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const texts: string[] = [];
  wb.eachSheet((sh) => sh.eachRow((row) => row.eachCell((c) => texts.push(String(c.value)))));
  return { texts, xml };
}

beforeAll(async () => {
  w = new Workdir('ssj-export');
  made.push(w);
  await w.samples('ws');
  ws = w.path('ws');
  // The registry again, with every 建筑施工企业 named like a formula (names come from outside: CSV injection).
  const entities = (await run(['list', 'entities', '--json'])).json as any[];
  const shapes = [(i: number) => `=HYPERLINK("http://evil.example/${i}","点击")`, (i: number) => `+${i}+1`, (i: number) => `-${i}+3`, (i: number) => `@SUM(${i})`];
  let k = 0;
  formulaNames = [];
  const rows = entities.map((e) => {
    const name = e.category === '建筑施工企业' ? shapes[k % 4]!(k++) : e.name;
    if (name !== e.name) formulaNames.push(name);
    return [name, e.creditCode, e.category, e.region, e.section, e.risk, e.statusText, e.contact, e.phone, e.address];
  });
  const q = (s: string) => `"${String(s ?? '').replace(/"/g, '""')}"`;
  const csv = ['市场主体名称,统一社会信用代码,行业类别,区域,监管责任股室,信用风险分类,经营状态,联络人,联系电话,地址', ...rows.map((r) => r.map(q).join(','))].join('\r\n');
  writeFileSync(w.path('entities.csv'), '\uFEFF' + csv);
  const imp = await run(['import', 'entities', w.path('entities.csv')]);
  expect(imp.code, imp.stderr).toBe(0);
  const inspectors = (await run(['list', 'inspectors', '--json'])).json as any[];
  const conflicts = (await run(['list', 'conflicts', '--json'])).json as any[];
  const inspectorNames = new Set(inspectors.map((p) => p.name)); // a contact who shares an inspector's name is no secret
  secrets = [
    ...entities.flatMap((e) => [inspectorNames.has(e.contact) ? '' : e.contact, e.phone]),
    ...inspectors.map((p) => p.phone),
    ...conflicts.map((c) => c.reason),
  ].filter((s) => typeof s === 'string' && s.length >= 3);
  expect(secrets.length).toBeGreaterThan(50);

  const d = await run(['draw', '--item', 'ZJ-001', '--count', '12', '--witness', '王五', '--entropy', '777123', '--operator', '张三', '--place', '会议室', '-y', '--json'], '2026-09-21');
  expect(d.code, d.stderr).toBe(0);
  // results, with a remark that looks like a formula
  expect((await run(['results', 'sheet', '2026-001'])).code).toBe(0);
  await fillResultsSheet(join(ws, 'results', '2026-001 检查结果填报表.xlsx'), w.path('filled.xlsx'), '2026-09-25', (sh, r) => {
    sh.getCell(r, COL.method).value = '书面检查';
    sh.getCell(r, COL.remark).value = r === 6 ? '=1+2' : '';
  });
  const imr = await run(['results', 'import', w.path('filled.xlsx')]);
  expect(imr.code, imr.stderr).toBe(0);
});
afterAll(() => made.forEach((x) => x.remove()));

describe('ssj export', () => {
  it('writes each list with the published columns, as .xlsx by default', async () => {
    const expected: Record<string, string[]> = {
      draws: ['序号', '抽查任务编号', '抽查任务名称', '抽查类型', '抽查事项', '检查对象范围', '抽取日期', '市场主体名称', '统一社会信用代码', '检查人员（姓名、执法证号）', '随机种子', '记录哈希', '名录库快照', '事先公告'],
      results: ['序号', '抽查任务编号', '抽查任务名称', '抽查类型', '抽查事项', '市场主体名称', '统一社会信用代码', '检查机关', '检查完成日期', '检查结果', '后续处置', '备注'],
      plan: ['序号', '检查主体', '抽查任务名称', '抽查类型', '抽查事项', '检查对象', '抽查比例', '抽查频次', '抽查数量', '计划开展时间', '责任股室'],
    };
    for (const kind of ['items', 'plan', 'draws', 'results']) {
      const r = await run(['export', kind, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json).toMatchObject({ ok: true, kind, format: 'xlsx', internal: false });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(r.json.output);
      const sh = wb.worksheets[0]!;
      expect(String(sh.getCell(1, 1).value)).toContain('示例县住房和城乡建设局');
      const head = (sh.getRow(2).values as unknown[]).slice(1);
      if (expected[kind]) expect(head).toEqual(expected[kind]);
      expect(sh.rowCount - 2).toBe(r.json.rows);
      expect(sh.pageSetup.orientation).toBe('landscape');
      expect(sh.pageSetup.printTitlesRow).toBe('2:2');
    }
    // one file name per document, whichever command writes it
    expect(basename((await run(['export', 'plan', '--json'])).json.output)).toBe(defaultPlanFile(2026));
    const d = await run(['export', 'draws', '--json']);
    expect(d.code, d.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(d.json.output);
    const sh = wb.worksheets[0]!;
    expect(d.json.rows).toBe(12);
    const rec = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
    expect(sh.getCell(3, 2).value).toBe('2026-001');
    expect(sh.getCell(3, 9).value).toBe(rec.entities[0].code);
    expect(sh.getCell(3, 11).value).toBe('777123');
    expect(sh.getCell(3, 12).value).toBe(rec.hash);
    expect(sh.getCell(3, 13).value).toBe(rec.inputs.entities.snapshot);
    expect(String(sh.getCell(3, 10).value)).toContain(`${rec.entities[0].team[0].name}（${rec.entities[0].team[0].certNo}）`);
  });

  it('keeps every private value out of public files, in both formats; --internal has them and says so', async () => {
    for (const kind of ['draws', 'results']) {
      const x = await run(['export', kind, '--json']);
      const { texts, xml } = await xlsxCells(x.json.output);
      for (const s of secrets) expect(xml.includes(s), `${kind}.xlsx holds ${s}`).toBe(false);
      expect(texts.join('\n')).not.toContain('内部资料');
      const c = await run(['export', kind, '--format', 'csv', '--json']);
      const text = readFileSync(c.json.output, 'utf8');
      for (const s of secrets) expect(text.includes(s), `${kind}.csv holds ${s}`).toBe(false);
      for (const side of c.json.files.slice(1)) {
        const body = readFileSync(side, 'utf8');
        for (const s of secrets) expect(body.includes(s), `${side} holds ${s}`).toBe(false);
      }

      const i = await run(['export', kind, '--internal', '--json']);
      expect(i.json.output).toContain('内部资料');
      const inner = await xlsxCells(i.json.output);
      expect(inner.texts[0]).toContain('内部资料');
      expect(secrets.some((s) => inner.xml.includes(s))).toBe(true);
      const ic = await run(['export', kind, '--internal', '--format', 'csv', '--json']);
      const itext = readFileSync(ic.json.output, 'utf8');
      expect(itext.split('\n')[0]).toContain('内部资料');
      expect(secrets.some((s) => itext.includes(s))).toBe(true);
    }
  });

  it('never lets a cell run as a formula: plain string cells in .xlsx, a leading apostrophe in .csv', async () => {
    const x = await run(['export', 'draws', '--json']);
    const { texts, xml } = await xlsxCells(x.json.output);
    expect(xml).not.toMatch(/<f[ >]/);
    const drawn = texts.filter((t) => formulaNames.includes(t));
    expect(drawn.length).toBe(12); // every drawn name, exactly as registered
    const c = await run(['export', 'draws', '--format', 'csv', '--json']);
    const rows = parse(readFileSync(c.json.output, 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    for (const row of rows) for (const f of row) expect(FORMULA.test(f), f).toBe(false);
    const names = rows.slice(1).map((r) => r[7]!);
    expect(names.every((n) => n.startsWith("'") && formulaNames.includes(n.slice(1)))).toBe(true);

    const rc = await run(['export', 'results', '--format', 'csv', '--json']);
    const rrows = parse(readFileSync(rc.json.output, 'utf8').replace(/^\uFEFF/, '')) as string[][];
    expect(rrows[1]![11]).toBe("'=1+2");
    const rx = await run(['export', 'results', '--json']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(rx.json.output);
    expect(wb.worksheets[0]!.getCell(3, 12).value).toBe('=1+2');
    expect(wb.worksheets[0]!.getCell(3, 12).type).toBe(ExcelJS.ValueType.String);
  });

  it('writes CSV as UTF-8 with a BOM, or GB18030 on request', async () => {
    const u = await run(['export', 'items', '--format', 'csv', '--json']);
    const bytes = readFileSync(u.json.output);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const g = await run(['export', 'items', '--format', 'csv', '--encoding', 'gb18030', '-o', join(w.dir, 'items-gbk.csv'), '--json']);
    expect(g.code, g.stderr).toBe(0);
    const gb = readFileSync(join(w.dir, 'items-gbk.csv'));
    expect(gb.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(new TextDecoder('gb18030').decode(gb)).toBe(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(gb.includes(Buffer.from('序号', 'utf8'))).toBe(false);
    expect((await run(['export', 'items', '--encoding', 'big5', '--format', 'csv'])).code).toBe(2);
    expect((await run(['export', 'items', '--format', 'pdf'])).code).toBe(2);
    expect((await run(['export', 'people'])).code).toBe(2);
  });

  it('exports one task with --task, and refuses results not yet entered', async () => {
    const r = await run(['export', 'draws', '--task', '2026-001', '--json']);
    expect(r.json.tasks).toEqual(['2026-001']);
    expect(r.json.output).toContain('2026-001');
    expect((await run(['export', 'draws', '--task', '2026-099'])).code).toBe(1);
  });

  it('is enough, with the snapshots it names, for ssj verify outside the workspace', async () => {
    const x = await run(['export', 'draws', '--json']);
    const c = await run(['export', 'draws', '--format', 'csv', '--json']);
    const rec = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
    const out = w.path('public');
    mkdirSync(out);
    copyFileSync(x.json.output, join(out, '抽取结果.xlsx'));
    copyFileSync(c.json.output, join(out, '抽取结果.csv'));
    copyFileSync(c.json.files[1], join(out, '抽取结果.records.jsonl'));
    copyFileSync(join(ws, 'snapshots', 'entities', `${rec.inputs.entities.snapshot}.csv`), join(out, 'entities.csv'));
    copyFileSync(join(ws, 'snapshots', 'inspectors', `${rec.inputs.inspectors.snapshot}.csv`), join(out, 'inspectors.csv'));
    for (const f of ['抽取结果.xlsx', '抽取结果.csv']) {
      const v = await w.run(['verify', f, '--entities', 'entities.csv', '--inspectors', 'inspectors.csv', '--json'], { cwd: out });
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(v.json.records).toEqual([expect.objectContaining({ id: '2026-001', ok: true })]);
    }
    // a tampered export fails
    const lines = readFileSync(join(out, '抽取结果.records.jsonl'), 'utf8').replace('"777123"', '"777124"');
    writeFileSync(join(out, '抽取结果.records.jsonl'), lines);
    const bad = await w.run(['verify', '抽取结果.csv', '--entities', 'entities.csv', '--inspectors', 'inspectors.csv'], { cwd: out });
    expect(bad.code).toBe(1);
  });

  it.skipIf(!hasSoffice)('produces files LibreOffice opens and converts (headless)', async () => {
    const out = w.path('lo');
    mkdirSync(out);
    const x = await run(['export', 'results', '-o', join(out, 'r.xlsx'), '--json']);
    const c = await run(['export', 'draws', '--format', 'csv', '-o', join(out, 'd.csv'), '--json']);
    expect(x.code + c.code).toBe(0);
    execFileSync('soffice', ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', join(out, 'a'), join(out, 'r.xlsx')], { timeout: 120_000, stdio: 'ignore' });
    execFileSync('soffice', ['--headless', '--infilter=CSV:44,34,76', '--convert-to', 'xlsx', '--outdir', join(out, 'b'), join(out, 'd.csv')], { timeout: 120_000, stdio: 'ignore' });
    const back = readFileSync(join(out, 'a', 'r.csv'), 'utf8');
    expect(back).toContain('检查完成日期');
    expect(back).toContain('=1+2'); // shown as text, not computed to 3
    expect(existsSync(join(out, 'b', 'd.xlsx'))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'b', 'd.xlsx'));
    const names = (wb.worksheets[0]!.getColumn(8).values as unknown[]).map(String);
    expect(names.some((n) => formulaNames.includes(n.replace(/^'/, '')))).toBe(true);
    expect(readdirSync(out)).toContain('r.xlsx');
  }, 300_000); // LibreOffice starts slowly on a loaded machine
});
