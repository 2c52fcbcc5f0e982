// Finding the header row of a sheet by its column names, in any order, with the synonyms real files use.
import { cellText, type RawCell } from './cells.js';
import type { FieldSpec, ListSchema } from './schema.js';
import { noSpaces, normaliseHeader } from './text.js';

/** First words of rows under a table: totals, signatures, dates (matched with the spaces taken out). */
export const FOOTER = /^(合计|总计|小计|共计|制表|审核|审批|复核|填表|填报|日期|负责人|单位负责人|主要负责人|分管领导|统计|注[:：]|说明[:：]|备注[:：]|签字|盖章|经办人|联系人[:：]|以下空白|以下无内容|以下无正文)/;

/** The dashes, stars and brackets a form writes around 以下空白: ——以下空白——, ***以下空白***, （以下空白）. */
const DECORATION = /^[-—–_*＊·.。…()（）【】[\]<>《》〈〉]+/;

/** Whether a row's first text starts as rows under a table do (FOOTER, with its spaces and leading decoration taken out). */
export const startsFooter = (text: string): boolean => FOOTER.test(noSpaces(text).replace(DECORATION, ''));

/**
 * The end of a table written into a row a form has already numbered (7 | 以下空白, 8 | 合计：6家): after the 序号, only
 * the words that close a table, never a signature word (统计, 审核 …) that a name in that column may start with.
 */
const NUMBERED_FOOTER = /^(以下空白|以下无内容|以下无正文|以下为空|以下为空白|(合计|总计|小计|共计)($|[:：\d一二两三四五六七八九十共]))/;

/** Whether the text after a row's 序号 closes the table (NUMBERED_FOOTER, spaces and leading decoration taken out). */
export const endsNumberedTable = (text: string): boolean => NUMBERED_FOOTER.test(noSpaces(text).replace(DECORATION, ''));

/** How many rows from the top of a sheet are searched for the header. */
export const HEADER_SCAN_ROWS = 20;

export interface HeaderMatch {
  /** 1-based row number of the header */
  row: number;
  /** for each field of the schema (same index), the 0-based column holding it, or -1 */
  columns: number[];
  /** the header text as written, per field index ('' when absent) */
  labels: string[];
  /** columns whose header was not recognised (text as written), for the summary */
  unknown: string[];
  /** a field named by more than one column: the field index and every such column (0-based) with its text */
  duplicates: { field: number; columns: { column: number; label: string }[] }[];
  /** the unrecognised columns with their 0-based index, in sheet order (an entity registry keeps them) */
  extra?: { label: string; col: number }[];
}

const synonymIndex = new WeakMap<ListSchema, Map<string, number>>();

function indexOf(schema: ListSchema): Map<string, number> {
  let idx = synonymIndex.get(schema);
  if (!idx) {
    idx = new Map();
    schema.fields.forEach((f: FieldSpec, i: number) => {
      for (const s of [f.label, ...f.synonyms]) {
        const k = normaliseHeader(s);
        if (!idx!.has(k)) idx!.set(k, i);
      }
    });
    synonymIndex.set(schema, idx);
  }
  return idx;
}

/**
 * Whether `cells` (with the row above, for two-level headers whose upper cells are merged down) is the
 * header of a `schema` list. A cell left empty in this row takes the text of the cell above it, which is
 * how a name merged across both header rows reads in a streamed file.
 */
export function matchHeader(schema: ListSchema, row: number, cells: RawCell[], above: RawCell[] | undefined): HeaderMatch | null {
  const idx = indexOf(schema);
  const columns = schema.fields.map(() => -1);
  const labels = schema.fields.map(() => '');
  const unknown: string[] = [];
  const dupes = new Map<number, { column: number; label: string }[]>();
  const extra: { label: string; col: number }[] = [];
  const width = Math.max(cells.length, above?.length ?? 0);
  for (let c = 0; c < width; c++) {
    let text = cellText(cells[c] ?? null).trim();
    let fi = text ? idx.get(normaliseHeader(text)) : undefined;
    if (fi === undefined && !text && above) {
      const up = cellText(above[c] ?? null).trim();
      const upField = up ? idx.get(normaliseHeader(up)) : undefined;
      if (upField !== undefined) {
        text = up;
        fi = upField;
      }
    }
    if (fi === undefined) {
      if (text) {
        unknown.push(text);
        extra.push({ label: text, col: c });
      }
      continue;
    }
    if (columns[fi] === -1) {
      columns[fi] = c;
      labels[fi] = text;
    } else {
      const more = dupes.get(fi);
      if (more) more.push({ column: c, label: text });
      else dupes.set(fi, [{ column: c, label: text }]);
    }
  }
  const keyOf = new Map(schema.fields.map((f, i) => [f.key, i]));
  const complete = schema.headerGroups.every((group) => group.some((k) => columns[keyOf.get(k)!] !== -1));
  if (!complete) return null;
  const duplicates = [...dupes].map(([field, more]) => ({ field, columns: [{ column: columns[field]!, label: labels[field]! }, ...more] }));
  return { row, columns, labels, unknown, duplicates, extra };
}
