// The template engine: fills an .xlsx template's {{字段}} placeholders at the XML level (fillTemplate).
// Only the parts that must change are rewritten (the worksheets with placeholders, and what refers to their rows:
// the drawing, comments, defined names, styles when a cell needs wrapping); every other part keeps its bytes. One
// row holding {{#名}} … {{/名}} is repeated once per data row; everything below it moves down: merged cells, data
// validations, conditional formats, hyperlinks, row breaks, images, comments, formulas, the print area and print
// titles.
import { SsjError } from '../../core/errors.js';
import { attr, attrsOf, childSpans, colLetters, escapeXml, parseCell, parseRange, rangeText, rootSpan, shiftFormula, unescapeXml, XmlError, type RowShift } from '../xlsx-xml.js';
import { EXCEL_BOUNDS, LIMITS, MB, refText } from '../limits.js';
import { Package } from '../xlsx-package.js';
import { ZipArchive, ZipError } from '../zip-archive.js';
import { BRACES, fillCell, parseRuns, scanText, strayBraces, TOKEN, type CellScan, type Run } from './placeholders.js';
import { addPicture } from './pictures.js';
import { expand } from './repeat.js';
import { fitRows } from './row-height.js';
import { Sheet, type Cell, type Row } from './sheet.js';
import { Styles } from './styles.js';
import type { TemplateData, TemplateSchema } from './types.js';

export type { TemplateData, TemplateImage, TemplateProblem, TemplateSchema } from './types.js';

const loc = (sheet: string, row: number, col: number) => `${sheet} › 第 ${row} 行 ${colLetters(col)} 列`;

interface Found {
  sheet: Sheet;
  row: Row;
  cell: Cell;
}

/**
 * Fill a template. Every problem (unknown placeholders, a repeat row not closed, …) is reported at once, as an
 * SsjError listing each with its cell, before anything is produced. Returns the filled workbook's bytes.
 */
export function fillTemplate(bytes: Buffer, schema: TemplateSchema, data: TemplateData, label: string): Buffer {
  try {
    return fill(bytes, schema, data, label);
  } catch (e) {
    if (e instanceof ZipError || e instanceof XmlError) throw notXlsx(label, e.message);
    throw e;
  }
}

function fill(bytes: Buffer, schema: TemplateSchema, data: TemplateData, label: string): Buffer {
  if (bytes.length > LIMITS.templateBytes) {
    throw new SsjError('INPUT_LIMIT', `模板 ${label} 超过 ${MB(LIMITS.templateBytes)}（ssj 读取模板的上限）`, { hint: '记录表模板通常只有几十 KB：请检查是否选错了文件' });
  }
  const zip = ZipArchive.read(bytes, { maxPartBytes: LIMITS.templateBytes });
  const pkg = new Package(zip);
  const rootRels = pkg.rels('');
  const wbPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const wbXml = pkg.text(wbPath);
  if (wbXml === null) throw notXlsx(label, 'no workbook part');
  if (wbXml.includes('purl.oclc.org/ooxml')) throw notXlsx(label, 'Strict Open XML');
  const wbRels = pkg.rels(wbPath);

  // shared strings and styles
  const ssRel = wbRels.find((r) => r.type.endsWith('/sharedStrings'));
  const ssXml = ssRel ? pkg.text(ssRel.target) : null;
  const shared: Run[][] = [];
  if (ssXml) {
    const root = rootSpan(ssXml);
    for (const si of childSpans(ssXml, root.openEnd, root.closeStart)) if (si.local === 'si') shared.push(si.empty ? [] : parseRuns(ssXml, si.openEnd, si.closeStart));
  }
  const stRel = wbRels.find((r) => r.type.endsWith('/styles'));
  const styles = new Styles(stRel?.target ?? null, stRel ? pkg.text(stRel.target) : null);

  // worksheets
  const sheets: Sheet[] = [];
  let sheetIndex = 0;
  for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const tag = m[0];
    const rid = attrsOf(tag).find(([k]) => k.endsWith(':id') || k === 'id')?.[1];
    const rel = wbRels.find((r) => r.id === rid);
    const index = sheetIndex++;
    if (!rel || !rel.type.endsWith('/worksheet')) continue; // chart sheets, dialog sheets
    const xml = pkg.text(rel.target);
    if (xml === null) continue;
    sheets.push(new Sheet(attr(tag, 'name') ?? '', rel.target, index, xml));
  }
  if (sheets.length === 0) throw notXlsx(label, 'no worksheet');

  // 1. find every placeholder and check it
  const problems: string[] = [];
  const repeatRows: { sheet: Sheet; row: Row; name: string }[] = [];
  const images: (Found & { name: string })[] = [];
  const cellText = (c: Cell): Run[] | null => {
    const t = attr(c.open, 't');
    if (t === 's') {
      const v = /<(?:\w+:)?v>([^<]*)</.exec(c.inner);
      return v ? (shared[Number(v[1])] ?? null) : null;
    }
    if (t === 'inlineStr') {
      const is = childSpans(c.inner).find((x) => x.local === 'is');
      return is && !is.empty ? parseRuns(c.inner, is.openEnd, is.closeStart) : null;
    }
    return null;
  };
  const allRepeatFields = new Set(Object.values(schema.repeats).flatMap((s) => [...s]));
  for (const sheet of sheets) {
    // Excel's bounds: a row or cell beyond them cannot be moved or written back
    for (const row of sheet.rows) {
      if (!Number.isInteger(row.r) || row.r < 1 || row.r > LIMITS.maxRow) problems.push(`${sheet.name} › 行号 ${String(row.r).slice(0, 20)} 超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
      const wide = row.cells.find((c) => {
        const ref = attr(c.open, 'r');
        const at = ref === null ? null : parseCell(ref);
        return c.col > LIMITS.maxColumn || (ref !== null && (at === null || at.row > LIMITS.maxRow));
      });
      if (wide) problems.push(`${sheet.name} › 第 ${row.r} 行：单元格引用「${refText(attr(wide.open, 'r') ?? '')}」超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
    }
    for (const g of sheet.merges()) {
      if (g.r2 > LIMITS.maxRow || g.c2 > LIMITS.maxColumn) problems.push(`${sheet.name} › 合并单元格 ${refText(rangeText(g))} 超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
    }
    for (const row of sheet.rows) {
      const scans: { cell: Cell; scan: CellScan }[] = [];
      for (const cell of row.cells) {
        const runs = cellText(cell);
        if (!runs) continue;
        const text = runs.map((r) => r.text).join('');
        if (!BRACES.test(text)) continue;
        const tokens = scanText(text);
        const stray = strayBraces(text, tokens);
        if (stray) problems.push(`${loc(sheet.name, row.r, cell.col)}：大括号没有配对「${stray}」（占位符应写成 {{字段}}，前后各两个大括号）`);
        if (tokens.length === 0) continue;
        cell.scan = { runs, text, tokens };
        scans.push({ cell, scan: cell.scan });
      }
      if (scans.length === 0) continue;
      const opens = scans.flatMap(({ cell, scan }) => scan.tokens.filter((t) => t.kind === 'open').map((t) => ({ cell, t })));
      const closes = scans.flatMap(({ cell, scan }) => scan.tokens.filter((t) => t.kind === 'close').map((t) => ({ cell, t })));
      let repeat: string | null = null;
      for (const { cell, t } of opens) {
        if (!schema.repeats[t.name]) problems.push(`${loc(sheet.name, row.r, cell.col)}：不认识的重复行 {{#${t.name}}}（可用：${Object.keys(schema.repeats).map((k) => `{{#${k}}}`).join('、')}）`);
        else if (repeat !== null && repeat !== t.name) problems.push(`${loc(sheet.name, row.r, cell.col)}：同一行只能有一种重复（已有 {{#${repeat}}}）`);
        else if (repeat === t.name) problems.push(`${loc(sheet.name, row.r, cell.col)}：{{#${t.name}}} 在同一行出现了两次`);
        else repeat = t.name;
      }
      for (const { cell, t } of closes) {
        if (!opens.some((o) => o.t.name === t.name)) problems.push(`${loc(sheet.name, row.r, cell.col)}：{{/${t.name}}} 前面没有 {{#${t.name}}}（重复行的开始和结束必须在同一行）`);
      }
      for (const { cell, t } of opens) {
        if (schema.repeats[t.name] && !closes.some((c) => c.t.name === t.name)) problems.push(`${loc(sheet.name, row.r, cell.col)}：有 {{#${t.name}}}，但同一行没有 {{/${t.name}}}（重复行的开始和结束必须在同一行）`);
      }
      const allowed = repeat && schema.repeats[repeat] ? schema.repeats[repeat] : null;
      for (const { cell, scan } of scans) {
        for (const t of scan.tokens) {
          if (t.kind !== 'field') continue;
          const where = loc(sheet.name, row.r, cell.col);
          if (t.name === '') problems.push(`${where}：空的占位符 {{}}`);
          else if (schema.images.has(t.name)) {
            if (allowed) problems.push(`${where}：图片 {{${t.name}}} 不能放在重复行中`);
            else images.push({ sheet, row, cell, name: t.name });
          } else if (schema.fields.has(t.name) || allowed?.has(t.name)) continue;
          else if (allRepeatFields.has(t.name)) {
            const inRepeats = Object.entries(schema.repeats).filter(([, s]) => s.has(t.name)).map(([k]) => `{{#${k}}}`);
            problems.push(`${where}：{{${t.name}}} 只能用在 ${inRepeats.join(' 或 ')} 重复行中`);
          } else problems.push(`${where}：不认识的字段 {{${t.name}}}`);
        }
      }
      if (repeat && schema.repeats[repeat] && closes.some((c) => c.t.name === repeat)) {
        repeatRows.push({ sheet, row, name: repeat });
        row.touched = true;
      }
    }
    // merges that cross a repeat row, tables below one
    for (const rr of repeatRows.filter((x) => x.sheet === sheet)) {
      for (const g of sheet.merges()) {
        if (g.r1 <= rr.row.r && rr.row.r <= g.r2 && g.r1 !== g.r2) problems.push(`${loc(sheet.name, rr.row.r, g.c1)}：重复行中的合并单元格 ${rangeText(g)} 跨了 ${g.r2 - g.r1 + 1} 行；重复行中只能有同一行之内的合并`);
      }
      for (const rel of pkg.rels(sheet.path).filter((r) => r.type.endsWith('/table'))) {
        const ref = attr(pkg.text(rel.target) ?? '', 'ref');
        const g = ref ? parseRange(ref) : null;
        if (g && g.r2 >= rr.row.r) problems.push(`${sheet.name} › ${ref}：重复行（第 ${rr.row.r} 行）以下有 Excel “表格”（插入 › 表格），ssj 不能移动它；请在 Excel 中选中它，用“表设计 › 转换为区域”`);
      }
    }
    // header and footer
    const hf = sheet.seg('headerFooter');
    if (hf) {
      const hfText = unescapeXml(hf.xml.replace(/<[^>]*>/g, ' '));
      const stray = strayBraces(hfText, scanText(hfText));
      if (stray) problems.push(`${sheet.name} › 页眉页脚：大括号没有配对「${stray}」（占位符应写成 {{字段}}）`);
      for (const t of scanText(unescapeXml(hf.xml))) {
        if (t.kind !== 'field') problems.push(`${sheet.name} › 页眉页脚：页眉页脚中不能有重复行 {{${t.kind === 'open' ? '#' : '/'}${t.name}}}`);
        else if (schema.images.has(t.name)) problems.push(`${sheet.name} › 页眉页脚：页眉页脚中不能放图片 {{${t.name}}}`);
        else if (!schema.fields.has(t.name)) problems.push(`${sheet.name} › 页眉页脚：${allRepeatFields.has(t.name) ? `{{${t.name}}} 只能用在重复行中` : `不认识的字段 {{${t.name}}}`}`);
      }
    }
  }
  const opened = sheets.some((sh) => sh.rows.some((r) => r.cells.some((c) => c.scan?.tokens.some((t) => t.kind === 'open' && schema.requireRepeat.includes(t.name)))));
  if (schema.requireRepeat.length && !opened) {
    problems.push(`模板中没有列出检查对象的重复行：请在表格的一行中写上 ${schema.requireRepeat.map((n) => `{{#${n}}} … {{/${n}}}`).join(' 或 ')}（见 docs/templates.md）`);
  }
  if (problems.length) {
    throw new SsjError('INPUT_INVALID', `模板 ${label} 有 ${problems.length} 处问题，没有生成记录表：\n  ${problems.join('\n  ')}`, {
      hint: '可用的字段和写法见 docs/templates.md',
    });
  }

  // 2. fill the cells outside repeat rows
  const repeatSet = new Set(repeatRows.map((x) => x.row));
  for (const sheet of sheets) {
    for (const row of sheet.rows) {
      if (repeatSet.has(row)) continue;
      for (const cell of row.cells) if (cell.scan) fillCell(cell, (n) => data.fields[n], styles, schema);
      if (row.cells.some((c) => c.scan)) row.touched = true;
    }
  }

  // 3. repeat rows, the lowest first (rows above a repeat row never move)
  const defined: { sheet: Sheet; s: RowShift }[] = [];
  for (const sheet of sheets) {
    const mine = repeatRows.filter((x) => x.sheet === sheet).sort((a, b) => b.row.r - a.row.r);
    for (const rr of mine) {
      const list = data.repeats[rr.name] ?? [];
      const s = expand(pkg, sheets, sheet, rr.row, list, data.fields, styles, schema);
      defined.push({ sheet, s });
    }
    // header and footer
    const hf = sheet.seg('headerFooter');
    if (hf) {
      hf.xml = hf.xml.replace(/(<(?:\w+:)?(?:odd|even|first)(?:Header|Footer)\b[^>]*>)([^<]*)(<\/)/g, (_m, open: string, text: string, close: string) => {
        const raw = unescapeXml(text);
        const filled = raw.replace(TOKEN, (_t, _mark: string, name: string) => String(data.fields[name.trim()] ?? '').replace(/&/g, '&&'));
        return open + escapeXml(filled) + close;
      });
      sheet.changed = true;
    }
  }

  // 4. the print area, print titles and other defined names
  if (defined.length) {
    let wb = wbXml;
    wb = wb.replace(/(<(?:\w+:)?definedName\b[^>]*>)([^<]*)(<\/)/g, (_m, open: string, text: string, close: string) => {
      let f = unescapeXml(text);
      for (const { sheet, s } of defined) f = shiftFormula(f, s, { sheet: sheet.name, unqualified: false });
      return open + escapeXml(f) + close;
    });
    if (wb !== wbXml) zip.set(wbPath, wb);
    // calcChain lists formula cells by position: Excel rebuilds it when it is missing
    const cc = wbRels.find((r) => r.type.endsWith('/calcChain'));
    if (cc) {
      zip.delete(cc.target);
      pkg.removeRel(wbPath, cc.id);
      pkg.removeOverride(cc.target);
    }
  }

  // 5. row heights, pictures
  for (const sheet of sheets) {
    fitRows(sheet, styles);
    for (const im of images.filter((x) => x.sheet === sheet)) {
      const img = data.images[im.name];
      if (img) {
        addPicture(pkg, sheet, im.row.r, im.cell.col, img, styles.baseSize);
        sheet.changed = true;
      }
    }
  }

  for (const sheet of sheets) if (sheet.changed || sheet.rows.some((r) => r.touched)) zip.set(sheet.path, sheet.toXml());
  if (styles.changed && styles.path) zip.set(styles.path, styles.toXml());
  return zip.toBuffer();
}

function notXlsx(label: string, why: string): SsjError {
  return new SsjError('INPUT_INVALID', `模板 ${label} 不是有效的 .xlsx 文件（${why}）`, {
    hint: '请在 Excel 或 WPS 中打开模板，另存为“Excel 工作簿 (*.xlsx)”后再用',
  });
}
