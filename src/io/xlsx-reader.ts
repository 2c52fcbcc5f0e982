// Streaming .xlsx reading: the sheets, in tab order, row by row; the parts of the workbook are read by random access from the zip's central
// directory and parsed with saxes, chunk by chunk, with a stateful UTF-8 decoder.
//
// This replaces exceljs's streaming WorkbookReader (4.4.0), which we first patched and then had to leave:
//  - its zip loop sometimes ends without delivering every part: seen here on 1 read in 10 of a small
//    four-sheet workbook, with exceljs alone too — the sheets are then read without their shared strings
//    or styles, silently (see docs/xlsx-reading.md);
//  - it decodes each chunk of XML on its own, so a Chinese character split across two chunks becomes two
//    U+FFFD (exceljs issues #2063, #2084, #2316) — silent corruption of names in any large file;
//  - it returns the phonetic reading (<rPh>) instead of the text of a shared string;
//  - it keeps only the last run of an inline rich-text string (as WPS writes them);
//  - it ignores <mergeCell>, so cells merged down over data rows read as empty;
//  - it parses cells before their number formats when styles.xml comes late in the zip;
//  - it builds a Row and Cell object per cell, most of the time spent on a million-row sheet.
// exceljs remains the library for writing workbooks (rejects, forms, exports).
import { posix } from 'node:path';
import type { SaxesTagPlain } from 'saxes';
import { columnLetter, parseRange, refColumn, type MergeRange, type RawCell, type RawRow } from '../core/cells.js';
import { LimitError, LIMITS } from './limits.js';
import { scanSharedStrings } from './shared-strings.js';
import { noteShown, rawRow, scanSheetBatches } from './sheet-scanner.js';
import { xmlChunks } from './xml-stream.js';
import { openEntry, type ZipEntry } from './zip-directory.js';
import { type Chunk, newParser, saxChunks, parseSharedStrings, type StyleInfo, makeStyleLookup, parseStyles, parseRels, parseWorkbook, scanMerges, cellValue, SharedStringError, shownText } from './xlsx-parts.js';

export interface XlsxSheet {
  name: string;
  hidden: boolean;
  date1904: boolean;
  /**
   * rows in order; consume fully before asking for the next sheet. Given an array, the sheet's merged ranges
   * (which follow its rows in the XML) are added to it once the rows are consumed, in the same read.
   */
  rows(merges?: MergeRange[]): AsyncGenerator<RawRow>;
  /** the same rows in batches (one per chunk of the sheet's XML), with the merged ranges added as rows() does */
  rowBatches(merges?: MergeRange[]): AsyncGenerator<RawRow[]>;
  /** how much of the sheet the reading of its rows has got through (0–1): bytes inflated over the declared size */
  progress(): number;
  /** the merged ranges, found by a pre-scan of the sheet's XML (they follow its rows) */
  merges(): Promise<MergeRange[]>;
  /** the 0-based columns hidden in Excel, known once the reading of the rows has started (they precede them) */
  hiddenColumns(): number[];
}

/** Parse one worksheet's XML into rows of raw values and its merged ranges. */
export async function* parseSheet(
  source: AsyncIterable<Chunk>,
  shared: string[],
  style: (s: number) => StyleInfo,
  date1904: boolean,
  merges: MergeRange[],
): AsyncGenerator<RawRow> {
  const parser = newParser();
  let error: Error | undefined;
  parser.on('error', (e) => (error ??= e));

  const ready: RawRow[] = [];
  let rowNo = 0;
  let cells: RawCell[] | null = null;
  let col = -1;
  let t = '';
  let s = 0;
  let hasValue = false;
  let hasFormula = false;
  let hidden = false;
  let formulas: number[] | undefined;
  let shown: Record<number, string> | undefined;
  let v = '';
  let inV = false;
  let inT = false;
  let inIs = false;
  let inPh = 0;

  parser.on('opentag', (n: SaxesTagPlain) => {
    switch (n.name) {
      case 'row': {
        const r = n.attributes['r'];
        rowNo = r ? Number(r) : rowNo + 1;
        cells = [];
        col = -1;
        hidden = n.attributes['hidden'] === '1' || n.attributes['hidden'] === 'true';
        formulas = undefined;
        shown = undefined;
        break;
      }
      case 'c': {
        const r = n.attributes['r'];
        col = r ? refColumn(r) : col + 1;
        t = n.attributes['t'] ?? '';
        const st = n.attributes['s'];
        s = st ? Number(st) : 0;
        v = '';
        hasValue = false;
        hasFormula = false;
        break;
      }
      case 'f': hasFormula = true; break;
      case 'v': inV = true; hasValue = true; break;
      case 'is': inIs = true; hasValue = true; break;
      case 't': if (inIs) inT = true; break;
      case 'rPh': inPh++; break;
      case 'mergeCell': {
        const m = n.attributes['ref'] ? parseRange(n.attributes['ref']) : null;
        if (m) merges.push(m);
        break;
      }
    }
  });
  parser.on('text', (x) => {
    if (inV || (inT && inPh === 0)) v += x;
  });
  parser.on('closetag', (n: SaxesTagPlain) => {
    switch (n.name) {
      case 'v': inV = false; break;
      case 't': inT = false; break;
      case 'is': inIs = false; break;
      case 'rPh': inPh--; break;
      case 'c': {
        if (!cells || col < 0) break;
        if (!hasValue) {
          if (hasFormula) (formulas ??= []).push(col); // a formula never calculated: its value is unknown
          break;
        }
        let value: RawCell;
        try {
          value = cellValue(t, s, v, shared, style, date1904);
        } catch (e) {
          throw e instanceof SharedStringError ? e.at(`${columnLetter(col)}${rowNo}`) : e;
        }
        while (cells.length < col) cells.push(null);
        cells[col] = value;
        // a number whose format adds text around its digits: what Excel shows, beside the number
        shown = noteShown(shown, col, typeof value === 'number' && s ? shownText(style(s), value) : undefined);
        break;
      }
      case 'row':
        if (cells) ready.push(rawRow(rowNo, cells, hidden, formulas, shown));
        cells = null;
        break;
    }
  });

  for await (const _ of saxChunks(source, parser, () => {})) {
    if (error) throw error;
    if (ready.length) {
      for (const r of ready) yield r;
      ready.length = 0;
    }
  }
  if (error) throw error;
  for (const r of ready) yield r;
}

/** The sheets of an .xlsx file, in tab order, streamed. Each sheet's rows must be consumed before the next. */
const sheetPart = (source: AsyncIterable<Buffer>) => xmlChunks(source, '工作表');

/**
 * Switches for tests: the reader of the sheets' rows. 'bytes': the scanner, as always (its byte path, and its text
 * path for rows of other forms); 'text': the scanner fed decoded text (its text path for every row); 'sax': the
 * saxes-based parseSheet (which does not look for hidden columns). The outcome of an import must be the same whichever
 * reads the rows.
 */
export const tuning: { rows: 'bytes' | 'text' | 'sax' } = { rows: 'bytes' };

/** Chunks of UTF-8 XML as text (a character split between two chunks decoded whole). */
async function* decoded(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const b of source) yield decoder.decode(b, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

export async function* readXlsx(file: string, entries: ZipEntry[]): AsyncGenerator<XlsxSheet> {
  const byName = new Map<string, ZipEntry>(entries.map((e) => [e.name, e]));
  const part = async (name: string, max: number = LIMITS.smallPartBytes) => {
    const e = byName.get(name);
    return e ? xmlChunks(await openEntry(file, e, max), `部件 ${name} `) : null;
  };
  const resolveTarget = (base: string, target: string) =>
    target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(base), target));

  const rootRels = await part('_rels/.rels');
  const main = rootRels ? (await parseRels(rootRels)).find((r) => r.type.endsWith('/officeDocument')) : undefined;
  const wbPath = main ? resolveTarget('', main.target) : 'xl/workbook.xml';
  const wbPart = await part(wbPath);
  if (!wbPart) throw new Error(`no workbook part ${wbPath}`);
  const wb = await parseWorkbook(wbPart);
  const relsPart = await part(posix.join(posix.dirname(wbPath), '_rels', `${posix.basename(wbPath)}.rels`));
  const rels = relsPart ? await parseRels(relsPart) : [];
  const relPath = (suffix: string, fallback: string) => {
    const r = rels.find((x) => x.type.endsWith(suffix));
    return r ? resolveTarget(wbPath, r.target) : fallback;
  };

  const ssName = relPath('/sharedStrings', posix.join(posix.dirname(wbPath), 'sharedStrings.xml'));
  const ssPart = await part(ssName, LIMITS.sharedBytes);
  // the scanner reads the usual plain XML; anything else is parsed again with saxes
  const shared = ssPart ? ((await scanSharedStrings(ssPart)) ?? (await parseSharedStrings((await part(ssName, LIMITS.sharedBytes))!))) : [];
  const stPart = await part(relPath('/styles', posix.join(posix.dirname(wbPath), 'styles.xml')));
  const style = makeStyleLookup(stPart ? await parseStyles(stPart) : { xfNumFmt: [], codes: new Map() });

  const used = new Set<string>(); // (each sheet has its own part: Excel and WPS never share one)
  for (const sh of wb.sheets) {
    const rel = rels.find((r) => r.id === sh.rid);
    if (!rel || !rel.type.endsWith('/worksheet')) continue; // chart sheets and the like hold no table
    const target = resolveTarget(wbPath, rel.target);
    const entry = byName.get(target);
    if (!entry) throw new Error(`工作表「${sh.name}」的内容（${rel.target}）不在文件中`);
    // a workbook naming one part for many sheets would have it read again for each (500 sheets: 500 times)
    if (used.has(target)) throw new LimitError(`工作表「${sh.name}」与另一张工作表是同一个部件（${target}），Excel 或 WPS 保存的文件不会这样`);
    used.add(target);
    let inflated = 0;
    let hiddenColumns: number[] = [];
    const rowBatches = async function* (merges?: MergeRange[]) {
      inflated = 0;
      hiddenColumns = [];
      const source = await openEntry(file, entry, LIMITS.worksheetBytes, (n) => (inflated = n));
      if (tuning.rows === 'sax') {
        for await (const r of parseSheet(sheetPart(source), shared, style, wb.date1904, merges ?? [])) yield [r];
        return;
      }
      const part = tuning.rows === 'text' ? decoded(sheetPart(source)) : sheetPart(source);
      yield* scanSheetBatches(part, shared, style, wb.date1904, merges ?? [], { rowsOnly: !merges, hiddenColumns });
    };
    yield {
      name: sh.name,
      hidden: sh.hidden,
      date1904: wb.date1904,
      rows: async function* (merges?: MergeRange[]) {
        for await (const batch of rowBatches(merges)) yield* batch;
      },
      rowBatches,
      progress: () => (entry.size > 0 ? Math.min(1, inflated / entry.size) : 0),
      merges: async () => scanMerges(sheetPart(await openEntry(file, entry, LIMITS.worksheetBytes))),
      hiddenColumns: () => hiddenColumns,
    };
  }
}
