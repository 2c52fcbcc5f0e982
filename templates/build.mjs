// Builds the default 抽查工作记录表 template (templates/抽查工作记录表.xlsx) that `ssj form` fills.
// Run from the repository root:  npm run templates   (or node templates/build.mjs)
// Deterministic: fixed document dates and zip timestamps, so a rebuild gives byte-identical files.
// The placeholders ({{字段}}) are documented in docs/templates.md. Edit this script, not the .xlsx, and
// commit both.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, '抽查工作记录表.xlsx');
const DOC_DATE = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
const ZIP_DATE = new Date(Date.UTC(2026, 0, 1, 8, 0, 0));

const SONG = '宋体';
const FANG = '仿宋';
const thin = { style: 'thin', color: { argb: 'FF000000' } };
const box = { top: thin, left: thin, bottom: thin, right: thin };
const grey = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };

const label = { font: { name: SONG, size: 10.5, bold: true }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }, border: box, fill: grey };
const value = { font: { name: FANG, size: 10.5 }, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true }, border: box };
const head = { font: { name: SONG, size: 10.5, bold: true }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }, border: box, fill: grey };
const cellC = { ...value, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
const plain = { font: { name: FANG, size: 10.5 }, alignment: { horizontal: 'left', vertical: 'middle' } };

const wb = new ExcelJS.Workbook();
wb.creator = 'ssj';
wb.lastModifiedBy = 'ssj';
wb.created = DOC_DATE;
wb.modified = DOC_DATE;
const ws = wb.addWorksheet('抽查工作记录表', {
  properties: { defaultRowHeight: 20 },
  views: [{ showGridLines: false }],
  pageSetup: {
    paperSize: 9, // A4
    orientation: 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.35, footer: 0.35 },
  },
  headerFooter: {
    oddHeader: '&L&9{{单位}}&R&9抽查工作记录表  {{记录编号}}',
    oddFooter: '&L&9记录哈希 {{记录哈希前缀}} …&C&9第 &P 页，共 &N 页&R&9填表日期 {{填表日期}}',
  },
});

// A 序号 | B 检查对象名称 | C 统一社会信用代码 | D 区域/地址 | E 检查事项 | F 检查组成员
ws.columns = [5, 19.5, 21.5, 11, 16, 26].map((width) => ({ width }));

const put = (ref, v, style) => {
  const c = ws.getCell(ref);
  c.value = v;
  if (style) c.style = structuredClone(style);
  return c;
};
/** style every cell of a range (borders of merged cells are drawn from each cell) */
const area = (range, v, style) => {
  const [a, b] = range.split(':');
  const A = ws.getCell(a);
  const B = ws.getCell(b ?? a);
  for (let r = A.row; r <= B.row; r++) for (let c = A.col; c <= B.col; c++) ws.getCell(r, c).style = structuredClone(style);
  if (b) ws.mergeCells(range);
  A.value = v;
};
const height = (r, h) => (ws.getRow(r).height = h);

// 1-3: title and the QR code (top right)
area('A1:E1', '{{单位}}“双随机、一公开”抽查工作记录表', { font: { name: SONG, size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } });
area('F1:F3', '{{二维码}}', { alignment: { horizontal: 'center', vertical: 'middle' }, font: { name: FANG, size: 8, color: { argb: 'FF808080' } } });
area('A2:E2', '记录编号：{{记录编号}}        填表日期：{{填表日期}}', plain);
area('A3:E3', '本表由 ssj 根据抽取记录生成；右侧二维码含记录编号和记录哈希，可与抽取台账核对。', { font: { name: FANG, size: 9, color: { argb: 'FF595959' } }, alignment: { horizontal: 'left', vertical: 'middle' } });
height(1, 44);
height(2, 22);
height(3, 22);

// 4-19: the draw
const rows = [
  ['单位', '{{单位}}', '抽查类型', '{{抽查类型}}'],
  ['抽查任务名称及编号', '{{抽查任务名称及编号}}'],
  ['抽查事项', '{{抽查事项}}'],
  ['抽取时间', '{{抽取时间}}', '抽取地点', '{{抽取地点}}'],
  ['抽取方式', '{{抽取方式}}', '定向条件', '{{定向条件}}'],
  ['检查对象范围及总数', '{{检查对象范围及总数}}'],
  ['抽取比例', '{{抽取比例}}', '抽取数量', '{{抽取数量}} 家'],
  ['执法检查人员总数', '{{执法检查人员总数}} 人（本次选派 {{选派人数}} 人）', '每组人数', '{{每组人数}}'],
  ['随机种子', '{{随机种子}}', '种子强度', '{{种子强度}}'],
  ['种子组成', '{{种子组成}}'],
  ['名录库快照哈希', '{{名录库快照}}'],
  ['记录哈希', '{{记录哈希}}'],
  ['记录哈希（分组）', '{{记录哈希分组}}'],
  ['回避情况', '{{回避情况}}'],
  ['再次抽取 / 补抽', '{{再次抽取及补抽}}'],
  ['抽取提示', '{{抽取提示}}'],
];
let r = 4;
for (const [l1, v1, l2, v2] of rows) {
  area(`A${r}:B${r}`, l1, label);
  if (l2) {
    put(`C${r}`, v1, value);
    put(`D${r}`, l2, label);
    area(`E${r}:F${r}`, v2, value);
  } else area(`C${r}:F${r}`, v1, value);
  height(r, 20);
  r++;
}

// 20-22: the result table; row 21 is printed on every page, row 23 repeats once per drawn entity
area(`A${r}:F${r}`, '抽取结果（检查对象及检查组）', { ...head, font: { name: SONG, size: 11, bold: true } });
height(r, 22);
r++;
const HEADER_ROW = r;
['序号', '检查对象名称', '统一社会信用代码', '区域 / 地址', '检查事项', '检查组成员（执法证号）'].forEach((h, i) => put(ws.getCell(r, i + 1).address, h, head));
height(r, 26);
r++;
put(`A${r}`, '{{#对象}}{{序号}}', cellC);
put(`B${r}`, '{{检查对象名称}}', value);
put(`C${r}`, '{{统一社会信用代码}}', { ...value, numFmt: '@' });
put(`D${r}`, '{{区域地址}}', value);
put(`E${r}`, '{{检查事项}}', value);
put(`F${r}`, '{{检查组成员}}{{/对象}}', value);
height(r, 22);
r++;

// 23: how to verify
area(`A${r}:B${r}`, '复核方法', label);
area(`C${r}:F${r}`, '{{复核说明}}', value);
height(r, 22);
r++;

// 24-26: signatures
for (const [who, name] of [['操作人员', '{{操作人员}}'], ['监督人员（纪检监察）', '{{监督人员}}'], ['见证人', '']]) {
  area(`A${r}:B${r}`, who, label);
  put(`C${r}`, name, value);
  put(`D${r}`, '签字', label);
  put(`E${r}`, '', value);
  put(`F${r}`, '日期：    年   月   日', { ...value, alignment: { horizontal: 'left', vertical: 'middle' } });
  height(r, 30);
  r++;
}

// 27: note
area(`A${r}:F${r}`, '说明：抽取结果以抽取记录 {{记录编号}}（记录哈希见上）为准；填表时抽取台账的链头为 {{台账链头}}（ssj verify --against 可据此核对台账此后未被删改）；任何人可按“复核方法”重新抽取核对。本表打印后由操作人员、监督人员和见证人签字，与抽取过程的照片或录像一并存档。',
  { font: { name: FANG, size: 9 }, alignment: { horizontal: 'left', vertical: 'top', wrapText: true } });
height(r, 24);
const LAST = r;

ws.pageSetup.printArea = `A1:F${LAST}`;
ws.pageSetup.printTitlesRow = `${HEADER_ROW}:${HEADER_ROW}`;

/** Re-pack with fixed timestamps, in a stable entry order. */
async function write() {
  const buf = await wb.xlsx.writeBuffer();
  const src = await JSZip.loadAsync(buf);
  // exceljs writes an unset printer resolution as 4294967295: leave it out
  const sheet = 'xl/worksheets/sheet1.xml';
  src.file(sheet, (await src.file(sheet).async('string')).replace(/ (horizontal|vertical)Dpi="4294967295"/g, ''));
  const zip = new JSZip();
  const names = Object.keys(src.files).filter((n) => !src.files[n].dir);
  const first = ['[Content_Types].xml', '_rels/.rels'];
  names.sort((a, b) => (first.indexOf(b) - first.indexOf(a)) || (a < b ? -1 : a > b ? 1 : 0));
  for (const n of names) zip.file(n, await src.files[n].async('nodebuffer'), { date: ZIP_DATE, createFolders: false });
  fs.writeFileSync(OUT, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } }));
  console.log(`${path.relative(process.cwd(), OUT)}: rows 1-${LAST}, header row ${HEADER_ROW} repeated on every page`);
}
await write();
