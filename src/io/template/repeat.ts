// A repeat row ({{#名}} … {{/名}}): copied once per data row, and everything below it (formulas, merges, drawings …) moved down.
import type { FieldRow } from '../../core/form-fields.js';
import { REL_TYPE, type Package } from '../xlsx-package.js';
import {
  attr, childSpans, colLetters, escapeXml, parseCell, parseRange, rangeText, setAttr, shiftFormula, shiftRow, shiftSpan, shiftSqref,
  unescapeXml, type Range, type RowShift,
} from '../xlsx-xml.js';
import { fillCell } from './placeholders.js';
import type { Cell, Row, Sheet } from './sheet.js';
import type { Styles } from './styles.js';
import type { TemplateSchema } from './types.js';

/** Repeat `row` once per data row; move everything below it. Returns the shift made. */
export function expand(pkg: Package, sheets: Sheet[], sheet: Sheet, row: Row, list: FieldRow[], fields: FieldRow, styles: Styles, schema: TemplateSchema): RowShift {
  const n = Math.max(1, list.length);
  const s: RowShift = { at: row.r, extra: n - 1 };
  const ctx = { sheet: sheet.name, unqualified: true };
  const idx = sheet.rows.indexOf(row);

  // rows below move; formulas everywhere follow
  for (const other of sheet.rows) {
    if (other === row) continue;
    if (other.r > s.at) other.r += s.extra;
    for (const c of other.cells) shiftCellFormula(c, s, ctx);
  }
  for (const o of sheets) if (o !== sheet) for (const r of o.rows) for (const c of r.cells) shiftCellFormula(c, s, { sheet: sheet.name, unqualified: false });

  // the copies
  const copies: Row[] = [];
  for (let i = 0; i < n; i++) {
    const values = list[i] ?? {};
    const cells = row.cells.map((c) => {
      const copy: Cell = { ...c };
      if (c.scan) fillCell(copy, (k) => (k in values ? values[k] : fields[k]), styles, schema);
      shiftCellFormula(copy, s, { ...ctx, copy: i });
      if (i > 0) unshare(copy);
      return copy;
    });
    copies.push({ ...row, r: s.at + i, cells, touched: true });
  }
  sheet.rows.splice(idx, 1, ...copies);
  if (s.extra === 0) return s;
  sheet.shifts.push(s);

  // merged cells: those on the repeat row are repeated, the rest move
  const merges: Range[] = [];
  for (const g of sheet.merges()) {
    if (g.r1 === s.at && g.r2 === s.at) for (let i = 0; i < n; i++) merges.push({ ...g, r1: s.at + i, r2: s.at + i });
    else {
      const [r1, r2] = shiftSpan(g.r1, g.r2, s);
      merges.push({ ...g, r1, r2 });
    }
  }
  sheet.setMerges(merges);

  // everything else in the sheet that names rows
  for (const seg of sheet.segs) {
    if (seg.local === null || seg.local === 'sheetData' || seg.local === 'mergeCells') continue;
    let x = seg.xml;
    x = x.replace(/(\ssqref\s*=\s*")([^"]*)(")/g, (_m, a: string, v: string, b: string) => a + shiftSqref(v, s) + b);
    x = x.replace(/(<((?:\w+:)?)sqref>)([^<]*)(<\/\2sqref>)/g, (_m, a: string, _p: string, v: string, b: string) => a + shiftSqref(v, s) + b);
    x = x.replace(/(<((?:\w+:)?)(formula|formula1|formula2|f)>)([^<]*)(<\/\2\3>)/g, (_m, a: string, _p: string, _n: string, v: string, b: string) => a + escapeXml(shiftFormula(unescapeXml(v), s, ctx)) + b);
    if (seg.local === 'hyperlinks' || seg.local === 'dimension' || seg.local === 'autoFilter' || seg.local === 'sortState') {
      x = x.replace(/(<(?:\w+:)?(?:hyperlink|dimension|autoFilter|sortState|sortCondition)\b[^>]*?\sref\s*=\s*")([^"]*)(")/g, (_m, a: string, v: string, b: string) => {
        const g = parseRange(v);
        if (!g) return a + v + b;
        const [r1, r2] = g.r1 === g.r2 && seg.local === 'hyperlinks' ? [shiftRow(g.r1, s), shiftRow(g.r2, s)] : shiftSpan(g.r1, g.r2, s);
        return a + rangeText({ ...g, r1, r2 }) + b;
      });
    }
    if (seg.local === 'rowBreaks') {
      x = x.replace(/(<(?:\w+:)?brk\b[^>]*?\sid\s*=\s*")(\d+)(")/g, (_m, a: string, v: string, b: string) => a + (Number(v) >= s.at ? Number(v) + s.extra : Number(v)) + b);
    }
    seg.xml = x;
  }

  // the drawing (pictures, shapes, charts anchored below move down), comments and their boxes
  const rels = pkg.rels(sheet.path);
  for (const rel of rels) {
    if (rel.external) continue;
    const xml = pkg.text(rel.target);
    if (xml === null) continue;
    let y = xml;
    if (rel.type === REL_TYPE.drawing) {
      y = xml.replace(/(<((?:\w+:)?)row>)(\d+)(<\/\2row>)/g, (_m, a: string, _p: string, v: string, b: string) => a + (Number(v) + 1 > s.at ? Number(v) + s.extra : Number(v)) + b);
    } else if (rel.type.endsWith('/comments')) {
      y = xml.replace(/(<(?:\w+:)?comment\b[^>]*?\sref\s*=\s*")([^"]*)(")/g, (_m, a: string, v: string, b: string) => {
        const c = parseCell(v);
        return c ? `${a}${colLetters(c.col)}${shiftRow(c.row, s)}${b}` : a + v + b;
      });
    } else if (rel.type.endsWith('/vmlDrawing')) {
      y = xml
        .replace(/(<x:Row>)(\d+)(<\/x:Row>)/g, (_m, a: string, v: string, b: string) => a + (Number(v) + 1 > s.at ? Number(v) + s.extra : Number(v)) + b)
        .replace(/(<x:Anchor>)([^<]*)(<\/x:Anchor>)/g, (_m, a: string, v: string, b: string) => {
          const k = v.split(',').map((t) => t.trim());
          for (const i of [2, 6]) if (k[i] !== undefined && /^\d+$/.test(k[i]!) && Number(k[i]) + 1 > s.at) k[i] = String(Number(k[i]) + s.extra);
          return a + k.join(', ') + b;
        });
    }
    if (y !== xml) pkg.zip.set(rel.target, y);
  }
  return s;
}

function shiftCellFormula(c: Cell, s: RowShift, ctx: { sheet: string; unqualified: boolean; copy?: number }) {
  if (!c.inner.includes('f')) return;
  const f = childSpans(c.inner).find((x) => x.local === 'f');
  if (!f) return;
  let open = c.inner.slice(f.start, f.openEnd);
  const ref = attr(open, 'ref');
  if (ref) {
    const g = parseRange(ref);
    if (g) {
      const [r1, r2] = ctx.copy !== undefined && g.r1 === s.at && g.r2 === s.at ? [s.at + ctx.copy, s.at + ctx.copy] : shiftSpan(g.r1, g.r2, s);
      open = setAttr(open, 'ref', rangeText({ ...g, r1, r2 }));
    }
  }
  const text = f.empty ? '' : escapeXml(shiftFormula(unescapeXml(c.inner.slice(f.openEnd, f.closeStart)), s, ctx));
  const el = f.empty ? open : `${open}${text}</${f.name}>`;
  c.inner = c.inner.slice(0, f.start) + el + c.inner.slice(f.end);
}

/** In copies after the first, a shared formula becomes a plain one (its master) or is dropped (a dependent). */
function unshare(c: Cell) {
  const f = childSpans(c.inner).find((x) => x.local === 'f');
  if (!f) return;
  const open = c.inner.slice(f.start, f.openEnd);
  if (attr(open, 't') !== 'shared') return;
  if (f.empty || f.closeStart === f.openEnd) c.inner = c.inner.slice(0, f.start) + c.inner.slice(f.end);
  else {
    const plain = setAttr(setAttr(setAttr(open, 't', null), 'ref', null), 'si', null);
    c.inner = c.inner.slice(0, f.start) + plain + c.inner.slice(f.openEnd);
  }
}
