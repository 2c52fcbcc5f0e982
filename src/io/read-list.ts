// Read one file into a list: table reader → ListBuilder, sheet by sheet, streamed.
import { basename } from 'node:path';
import type { MergeRange } from '../core/cells.js';
import { ListBuilder, type BuildOptions, type BuildOutcome } from '../core/list-builder.js';
import { SCHEMAS } from '../core/schema.js';
import type { ListKind } from '../core/types.js';
import { readTable } from './table-reader.js';

export interface ReadListOptions {
  asOf: string;
  sheets?: string[];
  minRatio?: number;
  minRounds?: number;
  suspendedDrawable?: boolean;
  /** import --dept: another department's list */
  dept?: string;
  /** conflicts: the current roster and registry to check the declarations against */
  known?: BuildOptions['known'];
  /** called after each row read (progress on a terminal) */
  onRow?: (sheet: string | null, row: number) => void;
  /** called as each sheet's rows start to be read, with how far through the sheet the reading is (.xlsx; 0–1) */
  onSheet?: (sheet: string | null, progress: (() => number) | undefined) => void;
}

export async function readList(file: string, kind: ListKind, opts: ReadListOptions): Promise<BuildOutcome> {
  // An .xlsx sheet's merged ranges follow its rows in the XML. The rows are read and checked as they stream,
  // without merges, and the merges collected at the end of the same read: for almost every file none of them
  // fills cells down over data rows (title rows are merged across, not down), and the outcome is the one the
  // merges would have given. When one does, the whole file is read again with every such sheet's merges
  // known before its rows (a second read, instead of a pre-scan of every sheet on every import).
  const known = new Map<number, MergeRange[]>();
  for (;;) {
    const outcome = await readOnce(file, kind, opts, known);
    if (outcome) return outcome;
  }
}

/** One read of the file; null when a sheet's merges turned out to matter (now in `known`): read again. */
async function readOnce(file: string, kind: ListKind, opts: ReadListOptions, known: Map<number, MergeRange[]>): Promise<BuildOutcome | null> {
  const builder = new ListBuilder(SCHEMAS[kind], {
    file: basename(file), asOf: opts.asOf,
    ...(opts.sheets ? { sheets: opts.sheets } : {}),
    ...(opts.minRatio !== undefined ? { minRatio: opts.minRatio } : {}),
    ...(opts.minRounds !== undefined ? { minRounds: opts.minRounds } : {}),
    ...(opts.suspendedDrawable !== undefined ? { suspendedDrawable: opts.suspendedDrawable } : {}),
    ...(opts.dept ? { dept: opts.dept } : {}),
    ...(opts.known ? { known: opts.known } : {}),
  });
  const names: string[] = [];
  let ordinal = -1;
  let again = false;
  const onRow = opts.onRow;
  for await (const sheet of readTable(file)) {
    ordinal++;
    if (sheet.name !== null) names.push(sheet.name);
    if (!builder.wantsSheet(sheet.name, sheet.hidden)) continue;
    const before = known.get(ordinal);
    const found: MergeRange[] | null = before || !sheet.rowsThenMerges ? null : [];
    const sb = builder.sheet(sheet.name, before ?? (found ? [] : await sheet.merges()), { date1904: sheet.date1904 });
    opts.onSheet?.(sheet.name, sheet.progress ? () => sheet.progress!() : undefined);
    if (found) {
      for await (const batch of sheet.rowsThenMerges!(found)) {
        for (const r of batch) {
          sb.addRow(r);
          onRow?.(sheet.name, r.row);
        }
      }
    } else if (onRow) {
      for await (const r of sheet.rows()) {
        sb.addRow(r);
        onRow(sheet.name, r.row);
      }
    } else {
      for await (const r of sheet.rows()) sb.addRow(r);
    }
    sb.end(sheet.hiddenColumns?.() ?? []);
    if (found && sb.mergesMatter(found)) {
      known.set(ordinal, found);
      again = true;
    }
  }
  if (again) return null;
  for (const wanted of opts.sheets ?? []) {
    if (!names.includes(wanted)) builder.missingSheet(wanted, names);
  }
  return builder.finish();
}
