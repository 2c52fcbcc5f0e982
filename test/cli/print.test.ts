// Every kind of workbook ssj writes, printed to PDF by LibreOffice (A4): page counts, and no text that
// overlaps, runs off the page, is shrunk below ~8 pt, leaves a page mostly empty or a header orphaned
// (see test/helpers/pdf.ts and docs/printing.md). Skipped, with a note, where soffice or pdftotext is missing.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, pdfText, printFaults } from '../helpers/pdf.js';
import { Workdir } from '../helpers/workdir.js';

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const ready = has('soffice') && has('pdftotext');
if (!ready) console.warn('print.test: LibreOffice (soffice) or poppler (pdftotext) is not installed: the print tests are skipped (apt-get install libreoffice-calc fonts-noto-cjk poppler-utils)');

const DAY = { SSJ_TODAY: '2026-09-21' };
const FORMS: [string, string, number][] = [['ZJ-005', '2026-001', 3], ['ZJ-002', '2026-002', 14], ['ZJ-003', '2026-003', 31], ['ZJ-001', '2026-004', 60]];
// where the sample form's table first runs onto a second and a third page (found by rendering 1–45 entities):
// the rows on each side of a page break, each drawn in a copy of a fresh workspace
const EDGES = [6, 7, 25, 26];

describe.skipIf(!ready)('printed through LibreOffice (A4)', () => {
  const w = new Workdir('ssj-print');
  const pdfDir = w.path('pdf');
  const files: Record<string, string> = {};
  afterAll(() => w.remove());

  beforeAll(async () => {
    await w.samples('ws');
    const at = { cwd: w.path('ws'), env: DAY };
    for (const [item, id, n] of FORMS) {
      const d = await w.run(['draw', '--item', item, '--count', String(n), '--witness', '王五', '--entropy', '20260921', '--operator', '张三', '--place', '局三楼会议室', '-y', '--json'], at);
      expect(d.code, d.stderr).toBe(0);
      expect(d.json.id).toBe(id);
      expect(d.json.entities).toHaveLength(n);
      const f = await w.run(['form', id, '--json'], at);
      expect(f.code, f.stderr).toBe(0);
      files[`form-${n}`] = f.json.output;
    }
    await w.samples('edge');
    for (const n of EDGES) {
      w.copy('edge', `edge-${n}`);
      const at2 = { cwd: w.path(`edge-${n}`), env: DAY };
      const d = await w.run(['draw', '--item', 'ZJ-001', '--count', String(n), '--witness', '王五', '--entropy', String(20260921 + n), '--operator', '张三', '--place', '局三楼会议室', '-y', '--json'], at2);
      expect(d.code, d.stderr).toBe(0);
      const f = await w.run(['form', d.json.id, '-o', w.path(`edge-${n}`, 'forms', `边界-${n}.xlsx`), '--json'], at2);
      expect(f.code, f.stderr).toBe(0);
      files[`edge-${n}`] = f.json.output;
    }
    // the results entry sheet of the 14-entity task, filled in and imported, for the results export
    const s = await w.run(['results', 'sheet', '2026-002', '--json'], at);
    expect(s.code, s.stderr).toBe(0);
    files['results-sheet'] = s.json.output;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(s.json.output);
    const sh = wb.getWorksheet('检查结果')!;
    for (let r = 6; sh.getCell(r, 2).value; r++) {
      sh.getCell(r, 6).value = new Date(Date.UTC(2026, 8, 22));
      sh.getCell(r, 7).value = '实地检查';
      sh.getCell(r, 8).value = r % 3 ? '未发现问题' : '发现问题已责令改正';
      sh.getCell(r, 9).value = r % 3 ? '' : '未按规定公示收费标准，物业服务合同备案材料不全，已当场责令限期改正';
      sh.getCell(r, 10).value = r % 3 ? '无需后续处置' : '责令改正';
    }
    await wb.xlsx.writeFile(w.path('filled.xlsx'));
    const imp = await w.run(['results', 'import', w.path('filled.xlsx')], { cwd: w.path('ws'), env: { SSJ_TODAY: '2026-09-28' } });
    expect(imp.code, imp.stderr).toBe(0);
    const later = { cwd: w.path('ws'), env: { SSJ_TODAY: '2026-09-28' } };
    for (const kind of ['items', 'plan', 'draws', 'results']) {
      const e = await w.run(['export', kind, '--json'], later);
      expect(e.code, e.stderr).toBe(0);
      files[`export-${kind}`] = e.json.output;
    }
    const internal = await w.run(['export', 'draws', '--internal', '--json'], later);
    files['export-draws-internal'] = internal.json.output;
    const plan = await w.run(['plan', '-o', w.path('ws', 'exports', '计划.xlsx')], later);
    expect(plan.code, plan.stderr).toBe(0);
    files['plan'] = w.path('ws', 'exports', '计划.xlsx');
    const report = await w.run(['report', '-o', w.path('ws', 'exports', '报告.xlsx')], later);
    expect(report.code, report.stderr).toBe(0);
    files['report'] = w.path('ws', 'exports', '报告.xlsx');

    mkdirSync(pdfDir);
    // one LibreOffice run for every file, with its own profile (no clash with another soffice)
    execFileSync('soffice', [`-env:UserInstallation=file://${w.path('lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, ...Object.values(files)], { stdio: 'ignore', timeout: 540_000 });
  }, 600_000);

  const pdf = (key: string) => join(pdfDir, basename(files[key]!).replace(/\.xlsx$/, '.pdf'));
  const clean = (key: string, headerWord?: string, sparse = true) => {
    expect(existsSync(pdf(key)), `${key}: ${readdirSync(pdfDir).join(', ')}`).toBe(true);
    const pages = pdfPages(pdf(key));
    expect(printFaults(pages, { ...(headerWord ? { headerWord } : {}), sparse }), key).toEqual({ overlaps: [], offPage: [], small: [], sparse: [], orphan: [] });
    return pages;
  };

  it('the 抽查工作记录表 of 3, 14, 31 and 60 entities: as many pages as the rows need, nothing overlapping or orphaned', () => {
    const pages = FORMS.map(([, , n]) => clean(`form-${n}`, '序号').length);
    expect(pages[0]).toBe(1);
    expect(pages[1]).toBeLessThanOrEqual(2);
    expect(pages[2]).toBeLessThanOrEqual(3);
    expect(pages[3]).toBeLessThanOrEqual(5);
    for (let i = 1; i < pages.length; i++) expect(pages[i]).toBeGreaterThanOrEqual(pages[i - 1]!);
    // every drawn entity is on the printed form
    const text = pdfText(pdf('form-60')).replace(/\s+/g, '');
    expect((text.match(/91350881[0-9A-Z]{10}/g) ?? []).length).toBeGreaterThanOrEqual(60);
  });

  it('forms whose table just fits a page, or just does not: no header alone at a page foot, no page mostly empty', () => {
    const pages = EDGES.map((n) => clean(`edge-${n}`, '序号').length);
    for (let i = 1; i < pages.length; i++) expect(pages[i]).toBeGreaterThanOrEqual(pages[i - 1]!);
    for (const n of EDGES) {
      const text = pdfText(pdf(`edge-${n}`)).replace(/\s+/g, '');
      expect((text.match(/91350881[0-9A-Z]{10}/g) ?? []).length, `edge-${n}`).toBeGreaterThanOrEqual(n);
    }
  });

  it('the results entry sheet', () => {
    const pages = clean('results-sheet', '序号');
    expect(pages.length).toBeLessThanOrEqual(2);
    // the labels above the table printed whole (抽查任务编号 was cut off by the task id beside it)
    const text = pdfText(pdf('results-sheet')).replace(/\s+/g, '');
    expect(text).toContain('抽查任务编号');
    expect(text).toContain('抽查类型');
    // each row's 序号 stands clear of the credit code beside it (right-aligned, 1 and 91350881… printed as 191350881…)
    for (const p of pages) {
      for (const n of p.words.filter((w) => /^\d{1,2}$/.test(w.text) && w.x0 < 80)) {
        const code = p.words.find((w) => /^91350881/.test(w.text) && Math.abs(w.y0 - n.y0) < 2);
        if (code) expect(code.x0 - n.x1, `序号 ${n.text}`).toBeGreaterThan(4);
      }
    }
  });

  it('every export: readable, every row printed, the records sheet of the draws export not printed', () => {
    for (const key of ['export-items', 'export-plan', 'export-draws', 'export-results', 'export-draws-internal']) {
      const pages = clean(key, '序号');
      // at least five rows a page on average (108 rows in the draws exports)
      const rows = pages.reduce((n, p) => n + p.words.filter((w) => /^\d+$/.test(w.text) && w.x0 < 80).length, 0);
      expect(pages.length, key).toBeLessThanOrEqual(Math.ceil(rows / 5) + 1);
    }
    const draws = pdfText(pdf('export-draws'));
    expect(draws).not.toContain('"seed"');
    expect(draws).not.toContain('抽取记录（复核用）');
    // 3 + 14 + 31 + 60 drawn entities, each on its own row
    expect((draws.replace(/\s+/g, '').match(/91350881[0-9A-Z]{10}/g) ?? []).length).toBeGreaterThanOrEqual(108);
  });

  it('the plan and the report', () => {
    // several sheets: each ends where its table ends (no check for a short page)
    expect(clean('plan', '序号', false).length).toBeLessThanOrEqual(2);
    const report = clean('report', undefined, false);
    // 10 sheets (three of them from the paper trail: 计划对照, 证据材料, 逐级上报), most a page each
    expect(report.length).toBeLessThanOrEqual(11);
    // no sheet printed as a bare header: an empty table says so
    const text = pdfText(pdf('report'));
    expect(text).toContain('本年度没有');
  });
});
