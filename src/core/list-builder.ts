// Building a clean list from the rows of one file: header detection, row classification, merged cells,
// normalisation, validation and duplicate keys. Pure: the io layer feeds it rows, sheet by sheet.
import { cellText, columnLetter, isEmptyCell, type MergeRange, type RawCell, type RawRow } from './cells.js';
import { HEADER_SCAN_ROWS, matchHeader, type HeaderMatch } from './header.js';
import { KeyIndex } from './key-index.js';
import { classifyStatus, normaliseFast, normaliseValue, visibleControls } from './normalize.js';
import type { ListSchema } from './schema.js';
import { cleanText, noSpaces } from './text.js';
import type { Conflict, Entity, InspectionItem, Inspector, ListKind, ListRecord, Problem } from './types.js';

export interface SheetReport {
  /** sheet name; null for CSV */
  name: string | null;
  /** read, or skipped with the reason */
  status: 'read' | 'skipped';
  reason?: string;
  headerRow?: number;
  /** data rows found (not counting blank, title and footer rows) */
  rows: number;
  imported: number;
  rejected: number;
}

/** A row that could not be imported, with its values as written, for the rejects workbook. */
export interface RejectedRow {
  sheet: string | null;
  row: number;
  /** values per schema field (same index as schema.fields), as written */
  values: string[];
  reasons: string[];
}

export interface BuildOutcome<R extends ListRecord = ListRecord> {
  kind: ListKind;
  file: string;
  /** valid records, in file order */
  records: R[];
  errors: Problem[];
  warnings: Problem[];
  sheets: SheetReport[];
  rejects: RejectedRow[];
}

export interface BuildOptions {
  /** file name as shown in messages (the base name) */
  file: string;
  /** today's date (ISO), for certificate expiry */
  asOf: string;
  /** read only these sheets (names as in the workbook) */
  sheets?: string[];
  /** ssj.json minRatio: items drawn below it are flagged */
  minRatio?: number;
  /** ssj.json minRounds: items listing fewer rounds are flagged (and kept) */
  minRounds?: number;
  /** ssj.json suspendedDrawable: 停业/歇业/清算 entities stay drawable (default true) */
  suspendedDrawable?: boolean;
  /** import --dept: the department the list belongs to (inspectors' 部门, items' 检查主体 where empty) */
  dept?: string;
  /**
   * conflicts: the current roster (执法证号 → 姓名) and registry (code → 名称), when imported, so that a
   * declaration naming someone or something they do not hold is flagged (a warning, not an error).
   */
  known?: { inspectors?: ReadonlyMap<string, string>; entities?: ReadonlyMap<string, string> };
}

/** First words of rows under the table: totals, signatures, dates. */
const FOOTER = /^(合计|总计|小计|共计|制表|审核|审批|复核|填表|填报|日期|负责人|单位负责人|主要负责人|分管领导|统计|注[:：]|说明[:：]|备注[:：]|签字|盖章|经办人|联系人[:：])/;

const fieldCount = (m: HeaderMatch) => m.columns.filter((c) => c >= 0).length;

/** The fields that identify a row of each list. */
const KEY_FIELDS: Record<ListKind, string[]> = { entities: ['creditCode', 'projectCode'], inspectors: ['certNo'], items: ['id'], conflicts: ['creditCode', 'projectCode'] };
/**
 * The field every data row fills and a footer or repeated header shows its own label in: the name, or, in
 * a conflicts list (whose names are optional), the 执法证号.
 */
const ANCHOR: Record<ListKind, string> = { entities: 'name', inspectors: 'name', items: 'name', conflicts: 'certNo' };

const GENERIC_SHEET = /^(sheet|工作表|表)\s*\d*$/i;

interface DataRow {
  row: number;
  vals: RawCell[];
  /** the registry's extra columns' cells, by column index */
  extra?: Record<number, RawCell>;
}

/** Extra registry columns never kept: personal contact and identity data (privacy), and ones ssj names itself. */
const PRIVATE_COLUMN = /身份证|证件号|电话|手机|联系|邮箱|e-?mail|微信|qq|住址|个人/i;

export class ListBuilder<R extends ListRecord = ListRecord> {
  private readonly records: R[] = [];
  private readonly errors: Problem[] = [];
  private readonly warnings: Problem[] = [];
  private readonly sheets: SheetReport[] = [];
  private readonly rejects: RejectedRow[] = [];
  /** each key claimed, to the index of its first row in firstSheet / firstRow (no object per row: a registry has a million) */
  private readonly seen = new KeyIndex();
  private readonly firstSheet: (string | null)[] = [];
  private readonly firstRow: number[] = [];
  private readonly fieldIndex: Map<string, number>;

  constructor(
    readonly schema: ListSchema,
    readonly opts: BuildOptions,
  ) {
    this.fieldIndex = new Map(schema.fields.map((f, i) => [f.key, i]));
  }

  /** Whether a sheet is to be read at all (--sheet, hidden sheets). Report the skip otherwise. */
  wantsSheet(name: string | null, hidden = false): boolean {
    if (name === null) return true;
    if (this.opts.sheets && this.opts.sheets.length > 0) {
      if (this.opts.sheets.includes(name)) return true;
      this.sheets.push({ name, status: 'skipped', reason: '未在 --sheet 中指定', rows: 0, imported: 0, rejected: 0 });
      return false;
    }
    if (hidden) {
      this.sheets.push({ name, status: 'skipped', reason: '隐藏的工作表（需要时用 --sheet 指定）', rows: 0, imported: 0, rejected: 0 });
      return false;
    }
    return true;
  }

  /** A sheet named with --sheet that the workbook does not have. */
  missingSheet(name: string, available: string[]): void {
    this._problem('errors', {
      sheet: null, row: null, column: null, field: null, value: null,
      message: `没有名为「${name}」的工作表${available.length ? `（文件中的工作表：${available.join('、')}）` : '（CSV 文件没有工作表，不需要 --sheet）'}`,
    });
  }

  /** Start reading a sheet; feed it rows in order, then call end(). */
  sheet(name: string | null, merges: MergeRange[] = [], ctx: { date1904?: boolean } = {}): SheetBuilder<R> {
    return new SheetBuilder(this, name, merges, ctx);
  }

  /** @internal */
  _report(r: SheetReport) {
    this.sheets.push(r);
  }
  /** @internal */
  _problem(list: 'errors' | 'warnings', p: Omit<Problem, 'file'>) {
    this[list].push({ file: this.opts.file, ...p, message: visibleControls(p.message), value: p.value === null ? null : visibleControls(p.value) });
  }
  /** @internal */
  _field(key: string): number {
    return this.fieldIndex.get(key) ?? -1;
  }
  /** @internal Claim a key for a row; the message when an earlier row already has it. */
  _claim(key: string, sheet: string | null, row: number): string | null {
    const i = this.seen.claim(key);
    if (i >= 0) {
      const firstSheet = this.firstSheet[i]!;
      const firstRow = this.firstRow[i]!;
      const where = firstSheet === sheet ? `第 ${firstRow} 行` : `工作表「${firstSheet ?? ''}」第 ${firstRow} 行`;
      return `与${where}重复`;
    }
    this.firstSheet.push(sheet);
    this.firstRow.push(row);
    return null;
  }
  /** @internal */
  _push(record: R) {
    this.records.push(record);
  }
  /** @internal */
  _reject(r: RejectedRow) {
    this.rejects.push(r);
  }

  /** @internal entity registries: the other columns of a sheet (kept in every record, see finish) */
  _extras(labels: readonly string[]) {
    for (const l of labels) if (!this.extraLabels.includes(l)) this.extraLabels.push(l);
  }
  private readonly extraLabels: string[] = [];

  finish(): BuildOutcome<R> {
    // every record gets every sheet's other columns ('' where its sheet has none), so that a snapshot's columns are
    // named by any record (extraColumns) and all records have the same shape
    if (this.extraLabels.length) {
      for (const r of this.records) {
        const rec = r as unknown as Record<string, string>;
        for (const l of this.extraLabels) if (rec[l] === undefined) rec[l] = '';
      }
    }
    const read = this.sheets.filter((s) => s.status === 'read');
    if (read.length === 0 && this.errors.length === 0) {
      const why = this.sheets.map((s) => `「${s.name ?? this.opts.file}」${s.reason ?? ''}`).join('；');
      this._problem('errors', {
        sheet: null, row: null, column: null, field: null, value: null,
        message: `没有找到${this.schema.label}的表头${why ? `（${why}）` : ''}：表头应包含 ${this.schema.headerGroups
          .map((g) => g.map((k) => this.schema.fields[this._field(k)]!.label).join('或'))
          .join('、')} 等列`,
      });
    } else if (read.length > 0 && this.records.length === 0 && this.errors.length === 0) {
      this._problem('errors', { sheet: null, row: null, column: null, field: null, value: null, message: '表头下面没有任何数据行' });
    }
    return {
      kind: this.schema.kind,
      file: this.opts.file,
      records: this.records,
      errors: this.errors,
      warnings: this.warnings,
      sheets: this.sheets,
      rejects: this.rejects,
    };
  }
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
  /** merges down over data rows in field columns, by top row; `nextMerge` is the first not yet reached */
  private downMerges: MergeRange[] = [];
  private nextMerge = 0;
  /** per column, the merge covering the rows being read and its top cell's value */
  private readonly activeMerges = new Map<number, { merge: MergeRange; value: RawCell }>();
  /** the top rows of the merges, with the columns whose values they give */
  private readonly topRows = new Map<number, number[]>();
  private readonly mergeTops = new Map<string, RawCell>();

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
    const vals: RawCell[] = new Array(this.nFields);
    let anyData = false;
    for (let i = 0; i < this.nFields; i++) {
      const c = columns[i]!;
      const v = c >= 0 ? (r.cells[c] ?? null) : null;
      vals[i] = v;
      if (i !== 0 && !isEmptyCell(v)) anyData = true; // field 0 is 序号
    }
    this.applyKnownMerges(r.row, vals);
    let extra: Record<number, RawCell> | undefined;
    if (this.extras.length) {
      extra = {};
      for (const x of this.extras) extra[x.col] = r.cells[x.col] ?? null;
    }
    if (!anyData) return; // blank, or numbered but empty (merged-in values alone do not make a row)
    if (this.isFooter(r.cells, vals) || this.isRepeatedHeader(vals)) return;
    this.process(extra ? { row: r.row, vals, extra } : { row: r.row, vals });
  }

  private isFooter(cells: RawCell[], vals: RawCell[]): boolean {
    let first: RawCell | undefined;
    for (const v of cells) if (!isEmptyCell(v)) { first = v; break; }
    if (first === undefined || typeof first !== 'string') return false; // a 序号 number starts a data row
    if (!FOOTER.test(noSpaces(first))) return false;
    // 制表人：| 林美玲 | … puts a person in the name column, but a list row always has its key;
    // 统计大厦物业有限公司 with its credit code is data, whatever its name starts with.
    const nameText = noSpaces(cellText(vals[this.list._field(ANCHOR[this.list.schema.kind])] ?? null));
    const keyless = KEY_FIELDS[this.list.schema.kind].every((k) => isEmptyCell(vals[this.list._field(k)]));
    return nameText === '' || keyless;
  }

  private isRepeatedHeader(vals: RawCell[]): boolean {
    const labels = this.header!.labels;
    const ni = this.list._field(ANCHOR[this.list.schema.kind]);
    // cheap test first: a repeated header has the name column's own label in it
    if (typeof vals[ni] !== 'string' || (vals[ni] as string).trim() !== labels[ni]) return false;
    let same = 0;
    for (let i = 0; i < vals.length; i++) {
      if (labels[i] && cellText(vals[i] ?? null).trim() === labels[i]) same++;
    }
    return same >= 2;
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
        if (label === '' || PRIVATE_COLUMN.test(label) || /^[A-Za-z_]/.test(label) || seen.has(label)) return false;
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
    this.idFromSeq = list.schema.kind === 'items' && header.columns[list._field('id')] === -1;
    if (this.idFromSeq) {
      list._problem('warnings', {
        sheet: this.name, row: header.row, column: null, field: '事项编号', value: null,
        message: '没有“事项编号”列，按“序号”作为事项编号',
      });
    }
    // Merges are applied as the rows stream (never expanded row by row): time linear in rows × fields.
    this.downMerges = this.merges.filter((m) => this.fillsDown(m)).sort((a, b) => a.top - b.top);
    for (const m of this.downMerges) {
      const cols = this.topRows.get(m.top);
      if (cols) cols.push(m.left);
      else this.topRows.set(m.top, [m.left]);
    }
  }

  /** A merge that gives its value to the data rows below its top (down over rows under the header, in a field's column). */
  private fillsDown(m: MergeRange): boolean {
    const header = this.header!;
    return m.bottom > m.top && m.top > header.row && header.columns.includes(m.left);
  }

  /**
   * Whether these merges (found after the sheet was read without them) would have changed any row: none of them
   * fills a field's cells down over data rows. When one does, the sheet must be read again with them.
   */
  mergesMatter(merges: readonly MergeRange[]): boolean {
    return this.header !== null && merges.some((m) => this.fillsDown(m));
  }

  /**
   * Cells merged down over several data rows (a 监管责任股室 or 行业类别 written once for a group) hold
   * their value in the top row only; every row of the merge gets it.
   */
  private applyKnownMerges(row: number, vals: RawCell[]) {
    if (this.downMerges.length === 0) return;
    const columns = this.header!.columns;
    const tops = this.topRows.get(row);
    if (tops) {
      for (const col of tops) {
        const fi = columns.indexOf(col);
        this.mergeTops.set(`${row}:${col}`, fi >= 0 ? (vals[fi] ?? null) : null);
      }
    }
    // merges whose top is above this row start covering it (a later one in the same column replaces an earlier)
    while (this.nextMerge < this.downMerges.length && this.downMerges[this.nextMerge]!.top < row) {
      const m = this.downMerges[this.nextMerge++]!;
      const key = `${m.top}:${m.left}`;
      const value = this.mergeTops.get(key) ?? null;
      this.mergeTops.delete(key);
      if (m.bottom >= row) this.activeMerges.set(m.left, { merge: m, value });
    }
    for (const [col, { merge, value }] of this.activeMerges) {
      if (merge.bottom < row) {
        this.activeMerges.delete(col);
        continue;
      }
      const fi = columns.indexOf(col);
      if (fi >= 0 && isEmptyCell(vals[fi])) vals[fi] = value;
    }
  }

  /** The sheet is done: a header with no rows under it is still reported; a sheet without one is skipped. */
  end(): void {
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
  }

  private reject(d: DataRow, reasons: string[]) {
    this.report!.rejected++;
    this.list._reject({ sheet: this.name, row: d.row, values: d.vals.map((v) => cellText(v ?? null)), reasons });
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
    const reasons: string[] = [];
    const rec: Record<string, string | number | null> = {};
    const letters = this.letters;
    const at = (i: number) => letters[i] ?? null;
    for (let i = 0; i < schema.fields.length; i++) {
      const f = schema.fields[i]!;
      const raw = d.vals[i] ?? null;
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
    const built = this.toRecord(rec, this.categoryFromSheet, this.idFromSeq, d, at, reasons);
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
    } else {
      this.reject(d, reasons);
    }
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

  private toRecord(
    rec: Record<string, string | number | null>,
    category: string | undefined,
    idFromSeq: boolean,
    d: DataRow,
    at: (i: number) => string | null,
    reasons: string[],
  ): {
    record: R; key: string; keyLabel: string; keyColumn: string | null;
    /** the value shown with a duplicate (default: the key) */
    keyValue?: string;
    /** the duplicate message from _claim's "与第 N 行重复" (default: that message, the reason prefixed by keyLabel) */
    duplicate?: (dup: string) => string;
    /** checks run once the row is known to be imported (its warnings) */
    accepted?: () => void;
  } | null {
    const list = this.list;
    const row = d.row;
    const written = (key: string) => cellText(d.vals[list._field(key)] ?? null).trim();
    const s = (k: string) => (typeof rec[k] === 'string' ? (rec[k] as string) : rec[k] == null ? '' : String(rec[k]));
    switch (list.schema.kind) {
      case 'entities': {
        const creditCode = s('creditCode');
        const projectCode = s('projectCode');
        // Where the registry lists projects, the project code is the key: one firm builds several projects.
        const ci = list._field('creditCode');
        const pi = list._field('projectCode');
        const byProject = this.header!.columns[pi] !== -1;
        const code = byProject ? projectCode : creditCode;
        const keyLabel = byProject ? '项目编号' : '统一社会信用代码';
        const keyColumn = byProject ? at(pi) : at(ci);
        if (!code) {
          const hasError = reasons.some((r) => r.startsWith(keyLabel));
          if (!hasError) {
            const msg = `${keyLabel}不能为空`;
            reasons.push(msg);
            list._problem('errors', { sheet: this.name, row, column: keyColumn, field: keyLabel, value: '', message: msg });
          }
          return null;
        }
        const statusText = s('statusText');
        const e: Entity = {
          code, creditCode, projectCode,
          name: s('name'), legalRep: s('legalRep'), contact: s('contact'), phone: s('phone'),
          section: s('section'), category: s('category') || category || '', region: s('region'), address: s('address'),
          risk: s('risk'), status: classifyStatus(statusText, list.opts.suspendedDrawable ?? true) ?? 'active',
          statusText,
        };
        // The registry's other columns (投诉举报次数, 重点监管 …), kept under their own names for --where and
        // --strata; columns that look like personal contact or identity data are not kept.
        for (const x of this.extras) {
          const v = d.extra?.[x.col];
          (e as unknown as Record<string, string>)[x.label] = v === undefined || v === null ? '' : cleanText(cellText(v));
        }
        return { record: e as R, key: code, keyLabel, keyColumn };
      }
      case 'inspectors': {
        const i: Inspector = {
          certNo: s('certNo'), name: s('name'), gender: s('gender'), unit: s('unit'), area: s('area'), issuer: s('issuer'),
          category: s('category'), phone: s('phone'), expertise: s('expertise'), section: s('section'),
          certExpiry: s('certExpiry'), kind: s('kind') || '执法人员', note: s('note'),
        };
        const dept = s('dept') || list.opts.dept || '';
        if (dept) i.dept = dept;
        if (i.certExpiry && i.certExpiry < list.opts.asOf) {
          list._problem('warnings', {
            sheet: this.name, row, column: at(list._field('certExpiry')), field: '证件有效期', value: i.certExpiry,
            message: `执法证已于 ${i.certExpiry} 过期，抽取时不会选派此人`,
          });
        }
        const ci = list._field('certNo');
        return { record: i as R, key: i.certNo, keyLabel: '执法证号', keyColumn: at(ci) };
      }
      case 'items': {
        let id = s('id');
        if (idFromSeq) id = noSpaces(s('_seq'));
        const idCol = idFromSeq ? at(0) : at(list._field('id'));
        if (!id) {
          const msg = '事项编号不能为空';
          reasons.push(msg);
          list._problem('errors', { sheet: this.name, row, column: idCol, field: '事项编号', value: '', message: msg });
          return null;
        }
        const ratio = rec['ratio'] === undefined ? null : (rec['ratio'] as number | null);
        const rounds = rec['rounds'] === undefined ? null : (rec['rounds'] as number | null);
        const it: InspectionItem = {
          id, name: s('name'), basis: s('basis'), target: s('target'), content: s('content'), method: s('method'),
          ratio, ratioText: written('ratio'),
          rounds, roundsText: written('rounds'),
          subject: s('subject'), section: s('section'),
        };
        const remark = s('remark');
        // 说明/备注 is often where a 不适用 item's reason is written when there is no reason column.
        const reason = s('reason') || (ratio === null && remark ? remark : '');
        if (list.opts.dept) it.dept = list.opts.dept;
        if (reason) it.reason = reason;
        if (remark) it.remark = remark;
        if (ratio === null && !reason && it.ratioText !== '') {
          list._problem('warnings', {
            sheet: this.name, row, column: at(list._field('reason')), field: '不适用理由', value: '',
            message: '此事项不进行随机抽查，但没有写理由：请在“不适用理由”（或“说明”）列写明充分的理由',
          });
        }
        const minRatio = list.opts.minRatio ?? 0.05;
        if (ratio !== null && ratio < minRatio) {
          list._problem('warnings', {
            sheet: this.name, row, column: at(list._field('ratio')), field: '抽查比例', value: it.ratioText,
            message: `抽查比例 ${+(ratio * 100).toFixed(4)}% 低于最低要求的 ${+(minRatio * 100).toFixed(4)}%，按清单执行；请确认有法律依据${s('remark') ? `（备注：${s('remark')}）` : '（可在“备注”列写明）'}`,
          });
        }
        if (ratio === null && it.ratioText === '') {
          list._problem('warnings', {
            sheet: this.name, row, column: at(list._field('ratio')), field: '抽查比例', value: '',
            message: this.header!.columns[list._field('ratio')] === -1
              ? '清单没有“抽查比例”列，此事项按“不适用”（不抽查）处理'
              : '抽查比例为空，此事项按“不适用”（不抽查）处理；需要抽查的请写明比例，如 5%',
          });
        }
        if (ratio !== null && rounds === null && it.roundsText === '' && !reasons.some((r) => r.startsWith('抽查频次'))) {
          list._problem('warnings', {
            sheet: this.name, row, column: at(list._field('rounds')), field: '抽查频次', value: it.roundsText,
            message: `没有写抽查频次，年度计划按每年至少 ${list.opts.minRounds ?? 2} 次安排`,
          });
        }
        const minRounds = list.opts.minRounds ?? 2;
        if (ratio !== null && rounds !== null && rounds < minRounds) {
          list._problem('warnings', {
            sheet: this.name, row, column: at(list._field('rounds')), field: '抽查频次', value: it.roundsText,
            message: `抽查频次每年 ${rounds} 次，少于一般要求的每年 ${minRounds} 次，按清单执行；请确认有法律依据${s('remark') ? `（备注：${s('remark')}）` : '（可在“备注”列写明）'}`,
          });
        }
        return { record: it as R, key: id, keyLabel: '事项编号', keyColumn: idCol };
      }
      case 'conflicts': {
        const certNo = s('certNo');
        const creditCode = s('creditCode');
        const projectCode = s('projectCode');
        // The entity is named by its credit code, or by its project code where the registry lists projects.
        const code = creditCode || projectCode;
        const ci = list._field('creditCode');
        const pi = list._field('projectCode');
        const hasCredit = this.header!.columns[ci] !== -1;
        const hasProject = this.header!.columns[pi] !== -1;
        if (!code) {
          const faulty = reasons.some((r) => r.startsWith('统一社会信用代码') || r.startsWith('项目编号'));
          if (!faulty) {
            const field = hasCredit ? '统一社会信用代码' : '项目编号';
            const msg = hasCredit && hasProject ? '统一社会信用代码和项目编号不能都为空' : `${field}不能为空`;
            reasons.push(msg);
            list._problem('errors', { sheet: this.name, row, column: at(hasCredit ? ci : pi), field, value: '', message: msg });
          }
          return null;
        }
        if (!certNo) return null; // 执法证号不能为空 (or its own fault) is already reported
        const keyLabel = creditCode ? '统一社会信用代码' : '项目编号';
        const keyColumn = at(creditCode ? ci : pi);
        const c: Conflict = {
          id: `${certNo}|${code}`, certNo, code,
          inspectorName: s('inspectorName'), entityName: s('entityName'), reason: s('reason'),
        };
        return {
          record: c as R, key: c.id, keyLabel, keyColumn, keyValue: code,
          duplicate: (dup) => `执法证号「${certNo}」对此检查对象的回避关系${dup}`,
          accepted: () => this.checkKnown(c, row, at(list._field('certNo')), keyLabel, keyColumn, at),
        };
      }
    }
  }

  /** A declaration naming someone not in the roster, or something not in the registry, is likely mistyped: a mistyped key recuses no one. */
  private checkKnown(c: Conflict, row: number, certColumn: string | null, codeLabel: string, codeColumn: string | null, at: (i: number) => string | null) {
    const list = this.list;
    const { inspectors, entities } = list.opts.known ?? {};
    const warn = (column: string | null, field: string, value: string, message: string) =>
      list._problem('warnings', { sheet: this.name, row, column, field, value, message });
    if (inspectors) {
      const name = inspectors.get(c.certNo);
      if (name === undefined) {
        warn(certColumn, '执法证号', c.certNo, `执法证号「${c.certNo}」不在当前执法检查人员名录中：请核对是否写错（写错的证号不能让此人回避）`);
      } else if (c.inspectorName && name && noSpaces(c.inspectorName) !== noSpaces(name)) {
        warn(at(list._field('inspectorName')), '姓名', c.inspectorName, `执法检查人员名录中执法证号「${c.certNo}」的姓名是「${name}」，请核对`);
      }
    }
    if (entities) {
      const name = entities.get(c.code);
      if (name === undefined) {
        warn(codeColumn, codeLabel, c.code, `${codeLabel}「${c.code}」不在当前检查对象名录库中：请核对是否写错（写错的代码起不到回避作用）`);
      } else if (c.entityName && name && noSpaces(c.entityName) !== noSpaces(name)) {
        warn(at(list._field('entityName')), '检查对象名称', c.entityName, `检查对象名录库中「${c.code}」的名称是「${name}」，请核对`);
      }
    }
  }
}
