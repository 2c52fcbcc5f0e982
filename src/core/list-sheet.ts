// One sheet of a list file, read row by row into records (SheetBuilder).
// It finds the header, skips titles, footers and repeated headers, fills cells merged down, normalises and checks
// each data row and hands its record to the ListBuilder.
import { cellText, columnLetter, isEmptyCell, numberText, type MergeRange, type RawCell, type RawRow } from './cells.js';
import { DownMerges, fillsDown } from './down-merges.js';
import { endsNumberedTable, HEADER_SCAN_ROWS, matchHeader, startsFooter, type HeaderMatch } from './header.js';
import { headerAgain } from './header-again.js';
import { RatioPoints } from './ratio-points.js';
import type { ListBuilder, SheetReport } from './list-builder.js';
import { toRecord, type DataRow, type ShownCell } from './list-records.js';
import { classifyStatus, FORMULA_UNKNOWN, normaliseFast, normaliseValue } from './normalize.js';
import { cleanText, noSpaces } from './text.js';
import { keptExtraColumn } from './where.js';
import { privateNumbers } from './privacy.js';
import type { FieldType } from './schema.js';
import type { Entity, ListKind, ListRecord } from './types.js';

const fieldCount = (m: HeaderMatch) => m.columns.filter((c) => c >= 0).length;

/** The fields that identify a row of each list. */
const KEY_FIELDS: Record<ListKind, string[]> = { entities: ['creditCode', 'projectCode'], inspectors: ['certNo'], items: ['id'], conflicts: ['creditCode', 'projectCode'] };
/**
 * The field every data row fills and a footer or repeated header shows its own label in: the name, or, in
 * a conflicts list (whose names are optional), the 执法证号.
 */
const ANCHOR: Record<ListKind, string> = { entities: 'name', inspectors: 'name', items: 'name', conflicts: 'certNo' };

/** Switches for tests: the entity fast path off, to compare its outcome with the general path's. */
export const tuning = { fastEntities: true };

const ENTITY_FIELDS = ['name', 'creditCode', 'projectCode', 'legalRep', 'contact', 'phone', 'section', 'category', 'region', 'address', 'risk', 'statusText'] as const;
type EntityField = (typeof ENTITY_FIELDS)[number];

const GENERIC_SHEET = /^(sheet|工作表|表)\s*\d*$/i;

/**
 * Field types that take the text Excel shows for a number cell whose format adds text around its digits
 * (RawRow.shown: "闽"00000000000, "ZJ-"000, "0"0000000000): those read as text, identifiers above all, where the
 * bare number would be another value than the one the clerk sees (闽00012345678 read as 12345678). The others keep
 * the number: 抽查比例 and 抽查频次 are numbers (0"次" shows 2 as 2次, which is no 抽查频次 text), and a date's number
 * is its serial. 序号 (field 0) keeps its number too: it is only a number to read by.
 */
const SHOWN_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['text', 'code', 'creditCode', 'digits', 'phone', 'status', 'risk', 'kind']);

/** The warning for a cell imported as the text its format shows rather than the number it holds. */
const shownTextWarning = (n: RawCell, text: string) =>
  `单元格保存的是数字 ${cellText(n)}，显示为「${text}」（单元格格式加了文字）：按显示的内容导入`;

/**
 * The fields of each list whose text a draw record states (the entities' names and the 经营状态 quoted in an
 * exclusion's reason, the team members' names, the items' names): records are published and never change, so a
 * phone or ID number in them is refused here, where the file can still be corrected.
 */
const RECORDED_TEXT: Record<ListKind, readonly string[]> = { entities: ['name', 'statusText'], inspectors: ['name'], items: ['name'], conflicts: [] };

const STEMS = '甲乙丙丁戊己庚辛壬癸';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** A cell of a column-number row as a number in its sequence (1, （1）, ①; 甲 … 癸 as -10 … -1), or null. */
function columnNumber(v: RawCell): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 999 ? v : null;
  if (typeof v !== 'string') return null;
  const s = noSpaces(cleanText(v)).replace(/^[(（]|[)）]$/g, '');
  if (/^\d{1,3}$/.test(s)) return Number(s);
  if (s.length === 1 && CIRCLED.includes(s)) return CIRCLED.indexOf(s) + 1;
  if (s.length === 1 && STEMS.includes(s)) return STEMS.indexOf(s) - 10;
  return null;
}

/**
 * The row of column numbers statistical forms put under their header (栏次: 1 2 3 …, 甲 乙 1 2 …, （1）（2）…, ①②③):
 * every cell in it numbers its column, in order, by one each (the stems first, then the digits), at least three of
 * them, and a 栏次 label may start it. No data row looks like that; it was read as one and refused cell by cell.
 */
export function isColumnNumbers(cells: RawCell[]): boolean {
  let prev: number | null = null;
  let n = 0;
  for (const v of cells) {
    if (isEmptyCell(v)) continue;
    if (n === 0 && prev === null && typeof v === 'string' && /^(栏次|栏号|列号|列次)$/.test(noSpaces(v))) continue;
    const k = columnNumber(v as RawCell);
    if (k === null) return false;
    // 甲 乙 丙 then 1 2 3: the stems count up to -1, and the digits start again at 1
    if (prev !== null && k !== prev + 1 && !(prev < 0 && k === 1)) return false;
    prev = k;
    n++;
  }
  return n >= 3;
}

export class SheetBuilder<R extends ListRecord> {
  private header: HeaderMatch | null = null;
  private prev: RawCell[] | undefined;
  private readonly nFields: number;
  private report: SheetReport | null = null;
  private categoryFromSheet: string | null | undefined;
  private idFromSeq = false;
  /** a fault of the header that makes every row of the sheet unusable (a duplicated column) */
  private unusable: string | null = null;
  private letters: (string | null)[] = [];
  /** entity registries: the unrecognised columns kept (see Entity extras) */
  private extras: { label: string; col: number }[] = [];
  private readonly ctx: { date1904?: boolean };
  /** items: ratios written as numbers, which a sheet of percentages makes ambiguous (core/ratio-points.ts) */
  private readonly ratios = new RatioPoints<R>();
  /** cells merged down over data rows, filled in as the rows come (known once the header is) */
  private downMerges: DownMerges | null = null;

  /**
   * @param merges the sheet's merged ranges, known before its rows (CSV has none; an .xlsx sheet is
   *   pre-scanned), so that every row is checked as it streams.
   */
  constructor(
    private readonly list: ListBuilder<R>,
    readonly name: string | null,
    private readonly merges: MergeRange[] = [],
    ctx: { date1904?: boolean } = {},
  ) {
    this.nFields = list.schema.fields.length;
    this.ctx = ctx;
    this.entityFields = list.schema.kind === 'entities' && tuning.fastEntities ? Object.fromEntries(ENTITY_FIELDS.map((k) => [k, list._field(k)])) as Record<EntityField, number> : null;
  }

  /** a row that reads as a header, kept until the next row shows whether that one is the fuller header */
  private candidate: HeaderMatch | null = null;

  addRow(r: RawRow): void {
    if (!this.header) {
      if (r.cells.every(isEmptyCell)) return;
      // Excel does not write empty rows: the limit is on the row number, not on rows seen.
      const m = r.row <= HEADER_SCAN_ROWS ? matchHeader(this.list.schema, r.row, r.cells, this.prev) : null;
      if (this.candidate) {
        // Two-level headers: names merged down both rows make the upper row read as a header too;
        // the lower row, naming more fields, is the real one.
        if (m && fieldCount(m) > fieldCount(this.candidate)) {
          this.candidate = null;
          this.header = m;
          this.start();
          return;
        }
        this.header = this.candidate;
        this.candidate = null;
        this.start();
        // and this row is the first data row: fall through
      } else {
        if (r.row > HEADER_SCAN_ROWS) return;
        this.prev = r.cells;
        if (m) this.candidate = m;
        return;
      }
    }
    const { columns } = this.header;
    const vals = this.vals; // one array for every row: nothing keeps a row's vals after it is processed
    let anyData = false;
    for (let i = 0; i < this.nFields; i++) {
      const c = columns[i]!;
      const v = c >= 0 ? (r.cells[c] ?? null) : null;
      vals[i] = v;
      if (!anyData && i !== 0 && !isEmptyCell(v)) anyData = true; // field 0 is 序号
    }
    // number cells shown with text around their digits: the shown text, in the fields that read text (SHOWN_TYPES)
    const shown = r.shown ? this.shownCells(r, vals) : undefined;
    this.downMerges?.apply(r.row, vals);
    let extra: Record<number, RawCell> | undefined;
    if (this.extras.length) {
      extra = {};
      for (const x of this.extras) extra[x.col] = r.cells[x.col] ?? null;
      if (shown) for (const c of shown) if (c.field < 0) extra[c.col] = c.text;
    }
    // formulas saved without their results, in columns read: a value unknown (not an empty cell)
    let unknown: number[] | undefined;
    if (r.formulas) {
      for (const c of r.formulas) {
        const fi = columns.indexOf(c);
        // (序号, field 0, is only a number to read by, unless it gives the items' 事项编号)
        if (fi === 0 && !this.idFromSeq) continue;
        if (fi >= 0 ? isEmptyCell(vals[fi]) : this.extras.some((x) => x.col === c)) {
          (unknown ??= []).push(c);
          if (fi !== 0) anyData = true;
        }
      }
    }
    if (!anyData) return; // blank, or numbered but empty (merged-in values alone do not make a row)
    if (this.isFooter(r.cells, vals) || isColumnNumbers(r.cells) || this.headerAgain(r, vals)) return;
    if (r.hidden) {
      // (read like any other: the clerk is told, since Excel does not show them)
      if (this.hiddenRows.length < 10) this.hiddenRows.push(r.row);
      this.hiddenCount++;
    }
    const d: DataRow = extra ? { row: r.row, vals, extra } : { row: r.row, vals };
    if (unknown) d.unknown = unknown;
    if (shown) d.shown = shown;
    this.process(d);
  }

  /**
   * The cells of row `r` read as the text their format shows (RawRow.shown): fields of SHOWN_TYPES, whose values in
   * `vals` become that text, and kept extra columns (field -1), which are text too (`--where` compares the text the
   * clerk sees in Excel, and the public list shows it); undefined when there are none.
   */
  private shownCells(r: RawRow, vals: RawCell[]): ShownCell[] | undefined {
    const columns = this.header!.columns;
    const fields = this.list.schema.fields;
    let out: ShownCell[] | undefined;
    for (const key in r.shown) {
      const col = Number(key);
      const text = r.shown[col]!;
      const fi = columns.indexOf(col);
      if (fi > 0 && SHOWN_TYPES.has(fields[fi]!.type)) {
        vals[fi] = text;
        (out ??= []).push({ col, field: fi, label: fields[fi]!.label, number: r.cells[col] ?? null, text });
      } else if (fi < 0) {
        const x = this.extras.find((e) => e.col === col);
        if (x) (out ??= []).push({ col, field: -1, label: x.label, number: r.cells[col] ?? null, text });
      }
    }
    return out;
  }

  /** Data rows hidden in Excel: the first few row numbers, and how many. */
  private readonly hiddenRows: number[] = [];
  private hiddenCount = 0;

  private isFooter(cells: RawCell[], vals: RawCell[]): boolean {
    let first: RawCell | undefined;
    let at = -1;
    for (let c = 0; c < cells.length; c++) if (!isEmptyCell(cells[c])) { first = cells[c]; at = c; break; }
    if (first === undefined) return false;
    const seqCol = this.header!.columns[0]!;
    if (typeof first === 'string' && startsFooter(first)) {
      // 合计：73家, 制表：…, 以下空白 as the row's first text (in the 序号 column or any other)
    } else if (at === seqCol && seqCol >= 0) {
      // A form's rows numbered in advance: 以下空白 or 合计 goes into the next numbered row, after its 序号.
      let next: RawCell | undefined;
      for (let c = at + 1; c < cells.length; c++) if (!isEmptyCell(cells[c])) { next = cells[c]; break; }
      if (typeof next !== 'string' || !endsNumberedTable(next)) return false; // a 序号 otherwise starts a data row
    } else {
      return false;
    }
    // 制表人：| 林美玲 | … puts a person in the name column, but a list row always has its key;
    // 统计大厦物业有限公司 with its credit code is data, whatever its name starts with.
    const nameText = noSpaces(cellText(vals[this.list._field(ANCHOR[this.list.schema.kind])] ?? null));
    const keyless = KEY_FIELDS[this.list.schema.kind].every((k) => isEmptyCell(vals[this.list._field(k)]));
    return nameText === '' || keyless;
  }

  /** the key fields' indexes the header has columns for (made once) */
  private keyFields: number[] | undefined;

  /**
   * A header again below the header (core/header-again.ts): the same one repeated is skipped; another table's,
   * whose columns hold other fields, is an error at its row and leaves the rows under it unread.
   */
  private headerAgain(r: RawRow, vals: RawCell[]): boolean {
    const header = this.header!;
    const list = this.list;
    const keys = (this.keyFields ??= KEY_FIELDS[list.schema.kind].map((k) => list._field(k)).filter((i) => i >= 0 && header.columns[i]! >= 0));
    const found = headerAgain(list.schema, header, this.extras, r, vals, keys, list._field(ANCHOR[list.schema.kind]));
    if (found === false) return false;
    if (found !== true) {
      list._problem('errors', { sheet: this.name, row: r.row, column: found.columns, field: null, value: null, message: found.message });
      this.unusable = found.unusable;
    }
    return true;
  }

  /** The header is found: sheet-level checks, and the merge index when merges are known. */
  private start() {
    const list = this.list;
    const header = this.header!;
    this.report = { name: this.name, status: 'read', headerRow: header.row, rows: 0, imported: 0, rejected: 0 };
    list._report(this.report);
    this.letters = header.columns.map((c) => (c >= 0 ? columnLetter(c) : null));
    if (list.schema.kind === 'entities') {
      const seen = new Set<string>();
      this.extras = (header.extra ?? []).filter((x) => {
        const label = x.label.replace(/\s+/g, '');
        // extra registry columns never kept: personal contact and identity data (privacy), and ones ssj names itself
        if (!keptExtraColumn(label) || seen.has(label)) return false;
        seen.add(label);
        return true;
      }).map((x) => ({ label: x.label.replace(/\s+/g, ''), col: x.col }));
      list._extras(this.extras.map((x) => x.label));
    }
    this.categoryFromSheet = this.categoryFallback();
    for (const d of header.duplicates) {
      const field = list.schema.fields[d.field]!.label;
      const cols = d.columns.map((x) => `${columnLetter(x.column)} 列「${x.label}」`).join('和 ');
      this.unusable = `表头中有 ${d.columns.length} 列都是“${field}”`;
      list._problem('errors', {
        sheet: this.name, row: header.row, column: d.columns.map((x) => columnLetter(x.column)).join('、'), field, value: null,
        message: `表头中有 ${d.columns.length} 列都是“${field}”：${cols}，不知道该用哪一列；请删除多余的一列，或把它改成别的名称`,
      });
    }
    if (list.schema.kind === 'items') this.ratios.header(header.row, header.labels[list._field('ratio')] ?? '');
    this.idFromSeq = list.schema.kind === 'items' && header.columns[list._field('id')] === -1;
    if (this.idFromSeq) {
      list._problem('warnings', {
        sheet: this.name, row: header.row, column: null, field: '事项编号', value: null,
        message: '没有“事项编号”列，按“序号”作为事项编号',
      });
    }
    this.downMerges = new DownMerges(this.merges, header.row, header.columns);
  }

  /**
   * Whether these merges (found after the sheet was read without them) would have changed any row: none of them
   * fills a field's cells down over data rows. When one does, the sheet must be read again with them.
   */
  mergesMatter(merges: readonly MergeRange[]): boolean {
    return this.header !== null && merges.some((m) => fillsDown(m, this.header!.row, this.header!.columns));
  }

  /**
   * The sheet is done: a header with no rows under it is still reported; a sheet without one is skipped.
   * `hiddenColumns`: the sheet's columns hidden in Excel (0-based); those read are named in a warning.
   */
  end(hiddenColumns: readonly number[] = []): void {
    const list = this.list;
    if (!this.header && this.candidate) {
      this.header = this.candidate; // a header with no rows under it
      this.candidate = null;
      this.start();
    }
    if (!this.header) {
      list._report({
        name: this.name, status: 'skipped', rows: 0, imported: 0, rejected: 0,
        reason: `前 ${HEADER_SCAN_ROWS} 行中没有找到${list.schema.label}的表头`,
      });
      return;
    }
    this.ambiguousFractions();
    this.hiddenColumnsRead(hiddenColumns);
    if (this.hiddenCount > 0) {
      const rows = `第 ${this.hiddenRows.join('、')} 行${this.hiddenCount > this.hiddenRows.length ? `等 ${this.hiddenCount} 行` : ''}`;
      list._problem('warnings', {
        sheet: this.name, row: this.hiddenRows[0]!, column: null, field: null, value: null,
        message: `${rows}在 Excel 中是隐藏的，也照样读取了：不该导入的，请在原文件中取消隐藏后删除，再重新导入`,
      });
    }
  }

  /** items: rows kept with a ratio the sheet turned out to make ambiguous (a percentage found below them): withdrawn */
  private ambiguousFractions() {
    const list = this.list;
    const column = this.letters[list._field('ratio')] ?? null;
    for (const x of this.ratios.end()) {
      list._withdraw(x.record);
      this.report!.imported--;
      list._problem('errors', { sheet: this.name, row: x.row, column, field: '抽查比例', value: numberText(x.raw), message: x.message });
      this.rejectRow(x.row, x.values, [`抽查比例：${x.message}`]);
    }
  }

  /** Columns read (fields and kept extra columns) that Excel hides: read like any other, and the clerk told. */
  private hiddenColumnsRead(hidden: readonly number[]) {
    if (hidden.length === 0) return;
    const header = this.header!;
    const set = new Set(hidden);
    const read = [
      ...header.columns.flatMap((c, i) => (c >= 0 && set.has(c) ? [{ col: c, label: this.list.schema.fields[i]!.label }] : [])),
      ...this.extras.filter((x) => set.has(x.col)).map((x) => ({ col: x.col, label: x.label })),
    ].sort((a, b) => a.col - b.col);
    if (read.length === 0) return;
    const names = read.map((x) => `${columnLetter(x.col)} 列「${x.label}」`).join('、');
    this.list._problem('warnings', {
      sheet: this.name, row: header.row, column: read.map((x) => columnLetter(x.col)).join('、'), field: null, value: null,
      message: `${names}在 Excel 中是隐藏的，也照样读取了：不该读取的列，请在原文件中取消隐藏后删除（或改掉列名），再重新导入`,
    });
  }

  private reject(d: DataRow, reasons: string[]) {
    this.rejectRow(d.row, d.vals.map((v) => cellText(v ?? null)), reasons);
  }

  /** A row not imported: counted in the sheet's report and kept (its cells as text) for the rejects file. */
  private rejectRow(row: number, values: string[], reasons: string[]) {
    this.report!.rejected++;
    this.list._reject({ sheet: this.name, row, values, reasons });
  }

  /** Normalise and check one data row, and keep its record when it has no fault. */
  private process(d: DataRow) {
    const list = this.list;
    const { schema } = list;
    const report = this.report!;
    report.rows++;
    if (this.categoryFromSheet === null) {
      this.reject(d, ['缺少“行业类别”列']);
      return;
    }
    if (this.unusable) {
      this.reject(d, [this.unusable]);
      return;
    }
    for (const c of d.shown ?? []) {
      list._problem('warnings', { sheet: this.name, row: d.row, column: columnLetter(c.col), field: c.label, value: c.text, message: shownTextWarning(c.number, c.text) });
    }
    if (this.entityFields && !d.unknown && this.fastEntity(d)) return;
    const reasons: string[] = [];
    let fraction: number | undefined;
    const rec: Record<string, string | number | null> = {};
    const letters = this.letters;
    const at = (i: number) => letters[i] ?? null;
    const columns = this.header!.columns;
    for (const c of d.unknown ?? []) {
      const fi = columns.indexOf(c);
      const label = fi >= 0 ? schema.fields[fi]!.label : this.extras.find((x) => x.col === c)!.label;
      reasons.push(`${label}：${FORMULA_UNKNOWN}`);
      list._problem('errors', { sheet: this.name, row: d.row, column: columnLetter(c), field: label, value: '', message: FORMULA_UNKNOWN });
    }
    for (let i = 0; i < schema.fields.length; i++) {
      const f = schema.fields[i]!;
      if (d.unknown && d.unknown.includes(columns[i]!)) continue; // reported above
      const raw = d.vals[i] ?? null;
      if (f.type === 'ratio' && typeof raw === 'number') {
        const seen = this.ratios.number(d.row, raw);
        if (typeof seen === 'string') {
          reasons.push(`${f.label}：${seen}`);
          list._problem('errors', { sheet: this.name, row: d.row, column: at(i), field: f.label, value: cellText(raw), message: seen });
          continue;
        }
        if (seen) fraction = raw;
      }
      const fast = normaliseFast(f.type, raw);
      if (fast !== undefined) {
        rec[f.key] = fast;
        if (f.required && fast === '' && !(f.key === 'category' && this.categoryFromSheet)) {
          const msg = `${f.label}不能为空`;
          reasons.push(msg);
          list._problem('errors', { sheet: this.name, row: d.row, column: at(i), field: f.label, value: '', message: msg });
        }
        continue;
      }
      const n = normaliseValue(f.type, raw, this.ctx);
      if (!n.ok) {
        reasons.push(`${f.label}：${n.error}`);
        list._problem('errors', { sheet: this.name, row: d.row, column: at(i), field: f.label, value: cellText(raw), message: n.error });
        continue;
      }
      if (n.warning) {
        list._problem('warnings', { sheet: this.name, row: d.row, column: at(i), field: f.label, value: cellText(raw), message: n.warning });
      }
      rec[f.key] = n.value;
      if (f.required && (n.value === '' || n.value === null) && !(f.key === 'category' && this.categoryFromSheet)) {
        const msg = `${f.label}不能为空`;
        reasons.push(msg);
        list._problem('errors', { sheet: this.name, row: d.row, column: at(i), field: f.label, value: '', message: msg });
      }
    }
    for (const key of RECORDED_TEXT[schema.kind]) {
      const text = rec[key];
      if (typeof text !== 'string') continue;
      const i = list._field(key);
      const label = schema.fields[i]!.label;
      for (const h of privateNumbers(text)) {
        const msg = `像是${h.kind}（${h.masked}）：${label}会写进抽取记录并公开，记录保存后不能再改；请在原文件中去掉号码后再导入`;
        reasons.push(`${label}：${msg}`);
        list._problem('errors', { sheet: this.name, row: d.row, column: at(i), field: label, value: text, message: msg });
      }
    }
    const built = toRecord({ list, sheet: this.name, columns: this.header!.columns, extras: this.extras }, rec, this.categoryFromSheet, this.idFromSeq, d, at, reasons);
    // A row with other faults still claims its key, so that every duplicate is reported at once.
    if (built && built.key) {
      const dup = list._claim(built.key, this.name, d.row);
      if (dup) {
        const message = built.duplicate ? built.duplicate(dup) : dup;
        reasons.push(built.duplicate ? message : `${built.keyLabel}${dup}`);
        list._problem('errors', { sheet: this.name, row: d.row, column: built.keyColumn, field: built.keyLabel, value: built.keyValue ?? built.key, message });
      }
    }
    if (reasons.length === 0 && built) {
      built.accepted?.();
      list._push(built.record);
      report.imported++;
      if (fraction !== undefined) this.ratios.kept(d.row, fraction, built.record, d.vals.map((v) => cellText(v ?? null)));
    } else {
      this.reject(d, reasons);
    }
  }

  /** entity registries: each field's index in the schema (the fast path below), null for other lists */
  private readonly entityFields: Readonly<Record<EntityField, number>> | null;
  /** the fast path's normalised values, by field (reused: one row at a time) */
  private readonly fastValues: string[] = [];
  /** the current row's cells of the schema's fields */
  private readonly vals: RawCell[] = [];

  /**
   * An entity row every cell of which normaliseFast accepts, with its required fields and key filled and the key
   * not seen before: its record, made and kept here without the general path's per-row objects (a registry has a
   * million rows, nearly all of them like this). The record is the one toRecord makes, property for property.
   * False, having done nothing, for any other row: the general path then reads it (and reports its faults).
   */
  private fastEntity(d: DataRow): boolean {
    const f = this.entityFields!;
    const fields = this.list.schema.fields;
    const vals = d.vals;
    const v = this.fastValues;
    for (let i = 0; i < fields.length; i++) {
      const x = normaliseFast(fields[i]!.type, vals[i] ?? null);
      if (x === undefined) return false;
      v[i] = x;
    }
    const name = v[f.name]!;
    if (!name) return false; // required
    if (privateNumbers(name).length || privateNumbers(v[f.statusText]!).length) return false; // (RECORDED_TEXT: the general path names them)
    const category = v[f.category]!;
    if (category === '' && !this.categoryFromSheet) return false; // required
    const creditCode = v[f.creditCode]!;
    const projectCode = v[f.projectCode]!;
    const code = this.header!.columns[f.projectCode] !== -1 ? projectCode : creditCode;
    if (!code) return false;
    const list = this.list;
    if (list._claim(code, this.name, d.row) !== null) return false; // a duplicate: the general path claims again and reports it
    const statusText = v[f.statusText]!;
    const e: Entity = {
      code, creditCode, projectCode,
      name, legalRep: v[f.legalRep]!, contact: v[f.contact]!, phone: v[f.phone]!,
      section: v[f.section]!, category: category || this.categoryFromSheet || '', region: v[f.region]!, address: v[f.address]!,
      risk: v[f.risk]!, status: this.statusOf(statusText),
      statusText,
    };
    for (const x of this.extras) {
      const c = d.extra?.[x.col];
      (e as unknown as Record<string, string>)[x.label] = c === undefined || c === null ? '' : cleanText(cellText(c));
    }
    list._push(e as unknown as R);
    this.report!.imported++;
    return true;
  }

  /** classifyStatus of each distinct 经营状态 (a few values, a million rows), as toRecord gives it */
  private readonly statuses = new Map<string, Entity['status']>();
  private statusOf(text: string): Entity['status'] {
    let st = this.statuses.get(text);
    if (st === undefined) {
      st = classifyStatus(text, this.list.opts.suspendedDrawable ?? true) ?? 'active';
      if (this.statuses.size < 4096) this.statuses.set(text, st);
    }
    return st;
  }

  /** Entities without a 行业类别 column take the sheet name; undefined: not needed; null: sheet unusable. */
  private categoryFallback(): string | null | undefined {
    const list = this.list;
    if (list.schema.kind !== 'entities') return undefined;
    if (this.header!.columns[list._field('category')] !== -1) return undefined;
    if (this.name && !GENERIC_SHEET.test(this.name.trim())) {
      list._problem('warnings', {
        sheet: this.name, row: this.header!.row, column: null, field: '行业类别', value: null,
        message: `没有“行业类别”列，按工作表名称「${this.name}」作为行业类别`,
      });
      return this.name.trim();
    }
    list._problem('errors', {
      sheet: this.name, row: this.header!.row, column: null, field: '行业类别', value: null,
      message: '缺少“行业类别”列：请加上这一列，或把每个行业放在以行业命名的工作表里',
    });
    return null;
  }
}
