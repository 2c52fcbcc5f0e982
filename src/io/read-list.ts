// Read one file into a list: table reader → ListBuilder, sheet by sheet, streamed.
import { basename } from 'node:path';
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
}

export async function readList(file: string, kind: ListKind, opts: ReadListOptions): Promise<BuildOutcome> {
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
  for await (const sheet of readTable(file)) {
    if (sheet.name !== null) names.push(sheet.name);
    if (!builder.wantsSheet(sheet.name, sheet.hidden)) continue;
    // The merged ranges sit at the end of the sheet's XML: a quick pre-scan finds them first, so that rows
    // are checked as they stream instead of held to the end of the sheet. (Running it alongside the row
    // parse was tried: on two cores the two inflations compete, and held rows cost more memory.)
    const sb = builder.sheet(sheet.name, await sheet.merges(), { date1904: sheet.date1904 });
    const onRow = opts.onRow;
    if (onRow) {
      for await (const r of sheet.rows()) {
        sb.addRow(r);
        onRow(sheet.name, r.row);
      }
    } else {
      for await (const r of sheet.rows()) sb.addRow(r);
    }
    sb.end();
  }
  for (const wanted of opts.sheets ?? []) {
    if (!names.includes(wanted)) builder.missingSheet(wanted, names);
  }
  return builder.finish();
}
