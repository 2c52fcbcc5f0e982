// Building a clean list from the rows of one file (ListBuilder): its records, every problem, duplicate keys.
// It keeps the sheets read or skipped and the rejected rows. Pure: the io layer feeds it rows, sheet by sheet
// (each read by list-sheet.ts).
import { KeyIndex } from './key-index.js';
import type { MergeRange } from './cells.js';
import { SheetBuilder } from './list-sheet.js';
import { visibleControls } from './normalize.js';
import type { ListSchema } from './schema.js';
import type { ListKind, ListRecord, Problem } from './types.js';
import { foldAscii, noSpaces } from './text.js';

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
  /** errors, warnings and rejected rows found beyond the first MAX_KEPT of each: counted, not kept */
  dropped: { errors: number; warnings: number; rejects: number };
}

/**
 * Problems (of each kind) and rejected rows kept to be shown and written: more are counted, not kept, so that a file
 * of a million faulty rows is read within bounded memory (the terminal shows the first 200; --json and the rejects
 * workbook the first MAX_KEPT, with the count of the rest).
 */
export const MAX_KEPT = 10_000;

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

export class ListBuilder<R extends ListRecord = ListRecord> {
  private readonly records: R[] = [];
  private readonly errors: Problem[] = [];
  private readonly warnings: Problem[] = [];
  private readonly sheets: SheetReport[] = [];
  private readonly rejects: RejectedRow[] = [];
  private readonly dropped = { errors: 0, warnings: 0, rejects: 0 };
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
    // A tab named with a space at its end (invisible in Excel), full-width letters or other case: said, with how to write it.
    const loose = (s: string) => noSpaces(foldAscii(s)).toLowerCase();
    const near = available.filter((a) => loose(a) === loose(name));
    const hint = near.length === 1
      ? `；工作表「${near[0]}」${near[0] !== near[0]!.trim() ? '的名称开头或末尾有空格' : '的写法稍有不同（空格、全角半角或大小写）'}，如果就是它，请照原样写：--sheet "${near[0]}"`
      : '';
    this._problem('errors', {
      sheet: null, row: null, column: null, field: null, value: null,
      message: `没有名为「${name}」的工作表${available.length ? `（文件中的工作表：${available.join('、')}）` : '（CSV 文件没有工作表，不需要 --sheet）'}${hint}`,
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
    if (this[list].length >= MAX_KEPT) {
      this.dropped[list]++;
      return;
    }
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
  /** @internal A record kept for a row found faulty later in its sheet (items: a ratio the sheet's other rows make ambiguous). */
  _withdraw(record: R) {
    const i = this.records.lastIndexOf(record);
    if (i >= 0) this.records.splice(i, 1);
  }
  /** @internal */
  _reject(r: RejectedRow) {
    if (this.rejects.length >= MAX_KEPT) this.dropped.rejects++;
    else this.rejects.push(r);
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
      dropped: { ...this.dropped },
    };
  }
}
