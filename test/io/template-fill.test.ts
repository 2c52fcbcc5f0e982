// The template engine on templates shaped like a bureau's own: built here with exceljs (as Excel or WPS would
// save them), filled, loaded back, and checked for what must survive: values, merges (also those below the
// repeat row, shifted), styles, row heights, print setup, print titles and area, header and footer, data
// validation, conditional formatting, hyperlinks, page breaks, images, formulas.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsjError } from '../../src/core/errors.js';
import { fillTemplate, type TemplateData, type TemplateSchema } from '../../src/io/template/fill.js';
import { linesNeeded } from '../../src/io/template/row-height.js';
import { shiftFormula, shiftSqref } from '../../src/io/xlsx-xml.js';
import { ZipArchive } from '../../src/io/zip-archive.js';

const dir = mkdtempSync(join(tmpdir(), 'ssj-tpl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A 1×1 red PNG: the bureau's logo.
const LOGO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
// A 2×2 PNG: the "QR code".
const QR = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR42mNgYGBgYAAAAAUAAeImBZsAAAAASUVORK5CYII=', 'base64');

const SCHEMA: TemplateSchema = {
  fields: new Set(['单位', '记录编号', '操作人员', '记录哈希', '抽查事项', '抽取数量']),
  repeats: {
    对象: new Set(['序号', '检查对象名称', '统一社会信用代码', '检查组成员']),
    成员: new Set(['序号', '检查对象名称', '姓名', '执法证号', '角色']),
  },
  images: new Set(['二维码']),
  requireRepeat: ['对象', '成员'],
};

const ENTITIES = [
  { 序号: 1, 检查对象名称: '示例县建隆建设工程有限公司', 统一社会信用代码: '913508816145607318', 检查组成员: '组长 张凯 35088110049\n组员 邓建平 35088110080' },
  { 序号: 2, 检查对象名称: '示例县众诚建设工程有限公司', 统一社会信用代码: '91350881MA32XK2Q45', 检查组成员: '组长 罗冬梅 35088110054\n组员 范静 35088110028' },
  { 序号: 3, 检查对象名称: '福建锦程建筑劳务有限公司', 统一社会信用代码: '000508817148163190', 检查组成员: '组长 徐志强 35088110048\n组员 叶雪梅 35088110037' },
];
const DATA: TemplateData = {
  fields: { 单位: '示例县住房和城乡建设局', 记录编号: '2026-001', 操作人员: '张三', 记录哈希: 'ab'.repeat(32), 抽查事项: 'ZJ-001 建筑施工\nZJ-002 房地产', 抽取数量: 3 },
  repeats: {
    对象: ENTITIES,
    成员: ENTITIES.flatMap((e) => e.检查组成员.split('\n').map((line) => {
      const [角色, 姓名, 执法证号] = line.split(' ');
      return { 检查对象名称: e.检查对象名称, 角色: 角色!, 姓名: 姓名!, 执法证号: 执法证号! };
    })).map((m, i) => ({ ...m, 序号: i + 1 })),
  },
  images: { 二维码: { png: QR, descr: 'ssj:2026-001:abab' } },
};

/**
 * The bureau's template:
 *   1  {{单位}}抽查工作记录表 (A1:E1 merged, bold 16)               QR in F1:F2
 *   2  编号：{{记录编号}}
 *   3  序号 | 检查对象名称 (B3:C3) | 统一社会信用代码 | 检查组成员   (printed on every page)
 *   4  {{#对象}}{{序号}} | {{检查对象名称}} (B4:C4) | {{统一社会信用代码}} | {{检查组成员}}{{/对象}}   (validation on D4, CF on A4)
 *   5  合计 | =COUNTA(B4:B4)
 *   6  操作人员：{{操作人员}} (A6:E6 merged, height 30), page break after it
 *   7  审核意见 (validation list 同意/不同意 on B7), hyperlink on C7
 *   8  logo image over A8:B9
 *  10  {{#成员}}{{序号}} | {{姓名}} | {{执法证号}} | {{角色}} | {{检查对象名称}}{{/成员}}
 *  11  end (A11:B11 merged)
 */
async function bureauTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('记录表', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.5, right: 0.5, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 } },
    headerFooter: { oddHeader: '&C{{单位}} 抽查工作记录表', oddFooter: '&L{{记录编号}}&C第 &P 页 共 &N 页' },
  });
  ws.columns = [{ width: 6 }, { width: 20 }, { width: 10 }, { width: 22 }, { width: 24 }, { width: 14 }];
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  ws.getCell('A1').value = '{{单位}}抽查工作记录表';
  ws.getCell('A1').font = { name: '宋体', size: 16, bold: true };
  ws.mergeCells('A1:E1');
  ws.getCell('F1').value = '{{二维码}}';
  ws.mergeCells('F1:F2');
  ws.getRow(1).height = 40;
  ws.getRow(2).height = 40;
  ws.getCell('A2').value = '编号：{{记录编号}}';
  ['序号', '检查对象名称', '', '统一社会信用代码', '检查组成员'].forEach((v, i) => {
    const c = ws.getCell(3, i + 1);
    c.value = v;
    c.font = { name: '宋体', bold: true };
    c.border = border;
  });
  ws.mergeCells('B3:C3');
  ws.getCell('A4').value = '{{#对象}}{{序号}}';
  ws.getCell('B4').value = '{{检查对象名称}}';
  ws.getCell('D4').value = '{{统一社会信用代码}}';
  ws.getCell('E4').value = '{{检查组成员}}{{/对象}}';
  for (let c = 1; c <= 5; c++) {
    ws.getCell(4, c).border = border;
    ws.getCell(4, c).font = { name: '仿宋', size: 11 };
  }
  ws.getCell('E4').alignment = { wrapText: true, vertical: 'middle' };
  ws.mergeCells('B4:C4');
  ws.getCell('D4').dataValidation = { type: 'textLength', operator: 'equal', formulae: [18], allowBlank: true };
  ws.addConditionalFormatting({ ref: 'A4', rules: [{ type: 'expression', priority: 1, formulae: ['$A4>2'], style: { font: { color: { argb: 'FFFF0000' } } } }] });
  ws.getCell('A5').value = '合计';
  ws.getCell('B5').value = { formula: 'COUNTA(B4:B4)', result: 1 };
  ws.getCell('A6').value = '操作人员：{{操作人员}}';
  ws.mergeCells('A6:E6');
  ws.getRow(6).height = 30;
  ws.getRow(6).addPageBreak();
  ws.getCell('A7').value = '审核意见';
  ws.getCell('B7').dataValidation = { type: 'list', allowBlank: true, formulae: ['"同意,不同意"'] };
  ws.getCell('C7').value = { text: '公示网站', hyperlink: 'https://example.gov.cn/gs' };
  const logo = wb.addImage({ buffer: LOGO as any, extension: 'png' });
  ws.addImage(logo, 'A8:B9');
  ws.getCell('A10').value = '{{#成员}}{{序号}}';
  ws.getCell('B10').value = '{{姓名}}';
  ws.getCell('C10').value = '{{执法证号}}';
  ws.getCell('D10').value = '{{角色}}';
  ws.getCell('E10').value = '{{检查对象名称}}{{/成员}}';
  ws.getCell('A11').value = '（完）';
  ws.mergeCells('A11:B11');
  ws.pageSetup.printArea = 'A1:F11';
  ws.pageSetup.printTitlesRow = '3:3';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as any);
  return wb;
}

const fill = (buf: Buffer, data: TemplateData = DATA) => fillTemplate(buf, SCHEMA, data, 'bureau.xlsx');
const problemsOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SsjError);
    return (e as SsjError).message;
  }
  throw new Error('no error');
};

describe('fillTemplate on a bureau template', () => {
  let template: Buffer;
  let out: Buffer;
  let ws: ExcelJS.Worksheet;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    template = await bureauTemplate();
    out = fill(template);
    writeFileSync(join(dir, 'filled.xlsx'), out);
    wb = await load(out);
    ws = wb.getWorksheet('记录表')!;
  });

  it('fills the fields, one row per entity and one per team member', () => {
    expect(ws.getCell('A1').value).toBe('示例县住房和城乡建设局抽查工作记录表');
    expect(ws.getCell('A2').value).toBe('编号：2026-001');
    ENTITIES.forEach((e, i) => {
      expect(ws.getCell(4 + i, 1).value).toBe(i + 1);
      expect(ws.getCell(4 + i, 2).value).toBe(e.检查对象名称);
      expect(ws.getCell(4 + i, 4).value).toBe(e.统一社会信用代码);
      expect(ws.getCell(4 + i, 5).value).toBe(e.检查组成员);
    });
    // codes stay text, leading zeros and all
    expect(typeof ws.getCell('D6').value).toBe('string');
    expect(ws.getCell('D6').value).toBe('000508817148163190');
    expect(ws.getCell('A8').value).toBe('操作人员：张三');
    // 6 member rows from row 12 (10 + 2)
    const members = DATA.repeats['成员']!;
    members.forEach((m, i) => {
      expect(ws.getCell(12 + i, 1).value).toBe(i + 1);
      expect(ws.getCell(12 + i, 2).value).toBe(m['姓名']);
      expect(ws.getCell(12 + i, 3).value).toBe(m['执法证号']);
      expect(ws.getCell(12 + i, 4).value).toBe(m['角色']);
    });
    expect(ws.getCell(18, 1).value).toBe('（完）');
    // no placeholder left anywhere
    ws.eachRow((row) => row.eachCell((c) => expect(String(c.value)).not.toMatch(/\{\{|\}\}/)));
  });

  it('repeats the merges of the repeat row and moves the merges below it', () => {
    const merges = [...(ws.model.merges as string[])].sort();
    expect(merges).toEqual(['A1:E1', 'A18:B18', 'A8:E8', 'B3:C3', 'B4:C4', 'B5:C5', 'B6:C6', 'F1:F2'].sort());
  });

  it('keeps fonts and borders, also in the copies', () => {
    expect(ws.getCell('A1').font).toMatchObject({ name: '宋体', size: 16, bold: true });
    for (let r = 4; r <= 6; r++) {
      expect(ws.getCell(r, 2).font).toMatchObject({ name: '仿宋', size: 11 });
      expect(ws.getCell(r, 4).border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } });
      expect(ws.getCell(r, 5).alignment).toMatchObject({ wrapText: true });
    }
    expect(ws.getCell('B3').font).toMatchObject({ bold: true });
  });

  it('keeps row heights and column widths, and raises rows whose wrapped text needs more room', () => {
    expect(ws.getRow(1).height).toBe(40);
    expect(ws.getRow(8).height).toBe(30); // was row 6
    expect(ws.getColumn(5).width).toBe(24);
    // two lines of team members: taller than one line
    for (let r = 4; r <= 6; r++) expect(ws.getRow(r).height).toBeGreaterThanOrEqual(2 * 11 * 1.3);
  });

  it('keeps print setup, header and footer, and moves the print area (print titles stay on row 3)', () => {
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.margins).toMatchObject({ left: 0.5, right: 0.5, top: 0.7, bottom: 0.7 });
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    expect(ws.pageSetup.printArea).toBe('A1:F18');
    expect(ws.headerFooter).toMatchObject({ oddHeader: '&C示例县住房和城乡建设局 抽查工作记录表', oddFooter: '&L2026-001&C第 &P 页 共 &N 页' });
  });

  it('moves data validations, conditional formats, hyperlinks, page breaks and formulas', async () => {
    for (let r = 4; r <= 6; r++) expect(ws.getCell(r, 4).dataValidation).toMatchObject({ type: 'textLength', operator: 'equal', formulae: [18] });
    expect(ws.getCell('B9').dataValidation).toMatchObject({ type: 'list', formulae: ['"同意,不同意"'] });
    expect(ws.getCell('B7').dataValidation).toBeFalsy();
    expect((ws as any).conditionalFormattings.map((c: any) => c.ref)).toEqual(['A4:A6']);
    expect(ws.getCell('C9').value).toMatchObject({ text: '公示网站', hyperlink: 'https://example.gov.cn/gs' });
    expect(ws.getCell('B7').value).toMatchObject({ formula: 'COUNTA(B4:B6)' });
    const sheetXml = ZipArchive.read(out).text('xl/worksheets/sheet1.xml')!;
    expect(sheetXml).toMatch(/<brk id="8"[^>]*\/>/);
    expect(sheetXml).toContain('<dimension ref="A1:F18"/>');
  });

  it('moves the logo below the repeat rows and puts the QR code in its cell', () => {
    const images = ws.getImages();
    expect(images).toHaveLength(2);
    const logo = images.find((im) => Math.round(im.range.tl.nativeRow) === 9)!;
    expect(logo, String(images.map((i) => i.range.tl.nativeRow))).toBeDefined(); // row 8 (0-based 7) + 2
    expect(wb.getImage(Number(logo.imageId)).buffer).toEqual(LOGO);
    const qr = images.find((im) => im !== logo)!;
    expect(qr.range.tl.nativeCol).toBe(5); // column F
    expect(qr.range.tl.nativeRow).toBe(0);
    expect(Buffer.from(wb.getImage(Number(qr.imageId)).buffer as any)).toEqual(QR);
    expect(ws.getCell('F1').value).toBeNull();
  });

  it('leaves every part it does not need to change byte for byte', async () => {
    const a = ZipArchive.read(template);
    const b = ZipArchive.read(out);
    for (const name of a.names()) {
      if (['xl/worksheets/sheet1.xml', 'xl/workbook.xml', 'xl/drawings/drawing1.xml', 'xl/drawings/_rels/drawing1.xml.rels', '[Content_Types].xml', 'xl/styles.xml'].includes(name)) continue;
      expect(b.bytes(name)!.equals(a.bytes(name)!), name).toBe(true);
    }
    // every XML part is well-formed, namespaces included
    for (const name of b.names().filter((n) => /\.(xml|rels|vml)$/.test(n))) wellFormed(b.text(name)!, name);
    // jszip reads it as a valid zip too
    const z = await JSZip.loadAsync(out);
    expect(Object.keys(z.files)).toContain('xl/media/ssjqr1.png');
  });

  it.skipIf(!hasSoffice())('opens in LibreOffice: a round trip to xlsx keeps the values and merges', async () => {
    const src = join(dir, 'lo.xlsx');
    writeFileSync(src, out);
    const outDir = join(dir, 'lo-out');
    const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, src], { timeout: 120_000 });
    expect(r.status).toBe(0);
    const back = await load(readFileSync(join(outDir, 'lo.xlsx')));
    const s = back.worksheets[0]!;
    expect(s.getCell('B5').value).toBe(ENTITIES[1]!.检查对象名称);
    expect(String(s.getCell('D6').value)).toBe('000508817148163190');
    expect(s.model.merges).toContain('A8:E8');
    expect(s.pageSetup.printTitlesRow).toBe('3:3');
  }, 180_000);
});

describe.skipIf(!hasSoffice())('a template saved by LibreOffice Calc', () => {
  it('fills the same: values, merges, print area and titles (LibreOffice writes unquoted sheet names, rich shared strings)', async () => {
    const src = join(dir, 'calc-src.xlsx');
    writeFileSync(src, await bureauTemplate());
    const outDir = join(dir, 'calc');
    const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile-2')}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, src], { timeout: 120_000 });
    expect(r.status).toBe(0);
    const out = fill(readFileSync(join(outDir, 'calc-src.xlsx')));
    const ws = (await load(out)).worksheets[0]!;
    const text = (ref: string) => {
      const v = ws.getCell(ref).value as any;
      return v && typeof v === 'object' && 'richText' in v ? v.richText.map((x: any) => x.text).join('') : v;
    };
    expect(text('A1')).toBe('示例县住房和城乡建设局抽查工作记录表');
    expect(text('B6')).toBe(ENTITIES[2]!.检查对象名称);
    expect(text('D6')).toBe('000508817148163190');
    expect(text('A8')).toBe('操作人员：张三');
    expect(ws.model.merges).toEqual(expect.arrayContaining(['B4:C4', 'B5:C5', 'B6:C6', 'A8:E8', 'A18:B18']));
    expect(ws.pageSetup.printArea).toBe('A1:F18');
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    expect(ws.getImages().length).toBe(2);
  }, 180_000);
});

describe('fillTemplate checks the template first', () => {
  let template: Buffer;
  beforeAll(async () => {
    template = await bureauTemplate();
  });

  async function withCells(cells: Record<string, string>, base?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表一');
    base?.(ws);
    for (const [ref, v] of Object.entries(cells)) ws.getCell(ref).value = v;
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('lists every unknown placeholder with its cell, all at once', async () => {
    const t = await withCells({ A1: '{{单位}}{{单 位}}', B2: '{{检查对像名称}}', A3: '{{#对象}}{{序号}}', B3: '{{联系人}}{{/对象}}', C5: '{{序号}}' });
    const msg = problemsOf(() => fill(t));
    expect(msg).toContain('表一 › 第 1 行 A 列：不认识的字段 {{单 位}}');
    expect(msg).toContain('表一 › 第 2 行 B 列：不认识的字段 {{检查对像名称}}');
    expect(msg).toContain('表一 › 第 3 行 B 列：不认识的字段 {{联系人}}');
    expect(msg).toContain('表一 › 第 5 行 C 列：{{序号}} 只能用在 {{#对象}} 或 {{#成员}} 重复行中');
    expect(msg).toMatch(/有 4 处问题/);
  });

  it('wants a repeat row, closed on the same row', async () => {
    expect(problemsOf(() => fill(Buffer.from([])))).toMatch(/不是有效的 \.xlsx 文件/);
    // a zip that is not a workbook (a .docx, an .ods), and a workbook with a damaged part
    const z = new JSZip();
    z.file('word/document.xml', '<w:document/>');
    const docx = Buffer.from(await z.generateAsync({ type: 'nodebuffer' }));
    expect(problemsOf(() => fill(docx))).toMatch(/不是有效的 \.xlsx 文件/);
    const good = await withCells({ A1: '{{#对象}}{{序号}}{{/对象}}' });
    const bad = Buffer.from(good);
    const at = bad.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 30; // inside the sheet's compressed bytes
    bad[at] = bad[at]! ^ 0xff;
    expect(problemsOf(() => fill(bad))).toMatch(/不是有效的 \.xlsx 文件/);
    const none = await withCells({ A1: '{{单位}}' });
    expect(problemsOf(() => fill(none))).toContain('模板中没有列出检查对象的重复行');
    const open = await withCells({ A3: '{{#对象}}{{序号}}', B4: '{{/对象}}' });
    const msg = problemsOf(() => fill(open));
    expect(msg).toContain('表一 › 第 3 行 A 列：有 {{#对象}}，但同一行没有 {{/对象}}');
    expect(msg).toContain('表一 › 第 4 行 B 列：{{/对象}} 前面没有 {{#对象}}');
    const unknown = await withCells({ A3: '{{#附件}}x{{/附件}}' });
    expect(problemsOf(() => fill(unknown))).toContain('不认识的重复行 {{#附件}}');
  });

  it('refuses a merge over several rows in the repeat row, and pictures in it', async () => {
    const t = await withCells({ A3: '{{#对象}}{{序号}}', C3: '{{二维码}}{{/对象}}' }, (ws) => ws.mergeCells('B3:B4'));
    const msg = problemsOf(() => fill(t));
    expect(msg).toContain('重复行中的合并单元格 B3:B4 跨了 2 行');
    expect(msg).toContain('图片 {{二维码}} 不能放在重复行中');
  });

  it('checks the header and footer too', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表一', { headerFooter: { oddHeader: '&C{{单位名称}}', oddFooter: '&C{{序号}}' } });
    ws.getCell('A1').value = '{{#对象}}{{序号}}{{/对象}}';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const msg = problemsOf(() => fill(buf));
    expect(msg).toContain('表一 › 页眉页脚：不认识的字段 {{单位名称}}');
    expect(msg).toContain('表一 › 页眉页脚：{{序号}} 只能用在重复行中');
  });

  it('gives an empty repeat one blank row, and a number cell for a number', async () => {
    const t = await withCells({ A1: '{{抽取数量}}', B1: '共 {{抽取数量}} 家', A3: '{{#对象}}{{序号}}', B3: '{{检查对象名称}}{{/对象}}', A4: '下一行' });
    const wb = await load(fill(t, { ...DATA, repeats: { 对象: [] } }));
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe(3);
    expect(ws.getCell('B1').value).toBe('共 3 家');
    expect(ws.getCell('A3').value).toBeNull();
    expect(ws.getCell('A4').value).toBe('下一行');
  });

  it('keeps rich text runs around a placeholder, and reads inline strings (as WPS writes them)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表一');
    ws.getCell('A1').value = { richText: [{ text: '单位：', font: { bold: true } }, { text: '{{单', font: { italic: true } }, { text: '位}}（盖章）' }] };
    ws.getCell('A3').value = '{{#对象}}{{序号}}';
    ws.getCell('B3').value = '{{检查对象名称}}{{/对象}}';
    ws.getCell('A5').value = 'INLINE';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    // turn A5 into an inline string holding a placeholder
    const z = ZipArchive.read(buf);
    const xml = z.text('xl/worksheets/sheet1.xml')!;
    z.set('xl/worksheets/sheet1.xml', xml.replace(/<c r="A5"([^>]*?) t="s"><v>\d+<\/v><\/c>/, '<c r="A5"$1 t="inlineStr"><is><r><t>操作：</t></r><r><rPr><b/></rPr><t>{{操作人员}}</t></r></is></c>'));
    const back = await load(fill(z.toBuffer()));
    const s = back.worksheets[0]!;
    const rich = s.getCell('A1').value as ExcelJS.CellRichTextValue;
    expect(rich.richText.map((r) => r.text).join('')).toBe('单位：示例县住房和城乡建设局（盖章）');
    expect(rich.richText[0]!.font).toMatchObject({ bold: true });
    expect(rich.richText[1]).toMatchObject({ text: '示例县住房和城乡建设局', font: { italic: true } });
    const inline = s.getCell('A7').value as ExcelJS.CellRichTextValue; // A5, below 3 entity rows
    expect(inline.richText.map((r) => r.text).join('')).toBe('操作：张三');
    expect(inline.richText[1]!.font).toMatchObject({ bold: true });
  });

  it('wraps a multi-line value in a cell that did not wrap, and sizes its row', async () => {
    const t = await withCells({ A1: '{{抽查事项}}', A3: '{{#对象}}{{序号}}{{/对象}}' });
    const wb = await load(fill(t));
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('ZJ-001 建筑施工\nZJ-002 房地产');
    expect(ws.getCell('A1').alignment).toMatchObject({ wrapText: true });
    expect(ws.getRow(1).height).toBeGreaterThan(15 * 1.5);
  });

  it('drops calcChain and keeps formulas right when rows move', async () => {
    const t = await withCells({ A1: '{{#对象}}{{序号}}{{/对象}}', A3: 'x' }, (ws) => {
      ws.getCell('B2').value = { formula: 'SUM(A1:A1)+A3', result: 1 };
      ws.getCell('C1').value = { formula: 'A1*2', result: 2 };
    });
    const z = ZipArchive.read(t);
    // as Excel saves it: the part, its relationship and its content type
    z.set('xl/calcChain.xml', '<?xml version="1.0"?><calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B2" i="1"/></calcChain>');
    z.set('xl/_rels/workbook.xml.rels', z.text('xl/_rels/workbook.xml.rels')!.replace('</Relationships>', '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>'));
    z.set('[Content_Types].xml', z.text('[Content_Types].xml')!.replace('</Types>', '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>'));
    const back = await load(fill(z.toBuffer()));
    const ws = back.worksheets[0]!;
    expect(ws.getCell('B4').value).toMatchObject({ formula: 'SUM(A1:A3)+A5' });
    expect(ws.getCell('C1').value).toMatchObject({ formula: 'A1*2' });
    expect(ws.getCell('C2').value).toMatchObject({ formula: 'A2*2' });
    expect(ws.getCell('C3').value).toMatchObject({ formula: 'A3*2' });
    const filled = ZipArchive.read(fill(z.toBuffer()));
    expect(filled.has('xl/calcChain.xml')).toBe(false);
    expect(filled.text('xl/_rels/workbook.xml.rels')).not.toContain('calcChain');
    expect(filled.text('[Content_Types].xml')).not.toContain('calcChain');
  });
});

describe('references when rows are inserted below row 4 (2 copies added)', () => {
  const s = { at: 4, extra: 2 };
  it('formulas', () => {
    expect(shiftFormula('SUM(B4:B4)+B5-B3', s, { sheet: 'S', unqualified: true })).toBe('SUM(B4:B6)+B7-B3');
    expect(shiftFormula("'S'!$A$1:$F$10", s, { sheet: 'S', unqualified: false })).toBe("'S'!$A$1:$F$12");
    expect(shiftFormula("'记录 表'!$5:$5,Other!A9", s, { sheet: '记录 表', unqualified: false })).toBe("'记录 表'!$7:$7,Other!A9");
    expect(shiftFormula('IF(A4>0,"B9",LOG10(C9))', s, { sheet: 'S', unqualified: true })).toBe('IF(A4>0,"B9",LOG10(C11))');
    expect(shiftFormula('A4*2+A9', s, { sheet: 'S', unqualified: true, copy: 1 })).toBe('A5*2+A11');
  });
  it('sqref', () => {
    expect(shiftSqref('A4 B2:B3 C5:D9 E1:E4', s)).toBe('A4:A6 B2:B3 C7:D11 E1:E6');
  });
  it('line estimate', () => {
    expect(linesNeeded('一二三四五', 200, 10.5)).toBe(1);
    expect(linesNeeded('一二三四五\n六', 200, 10.5)).toBe(2);
    expect(linesNeeded('一'.repeat(40), 100, 10.5)).toBeGreaterThan(4);
  });
});

function wellFormed(xml: string, name: string) {
  const p = new SaxesParser({ xmlns: true });
  p.on('error', (e) => {
    throw new Error(`${name}: ${e.message}`);
  });
  p.write(xml).close();
}

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}
