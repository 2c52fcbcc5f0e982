// One worksheet of an .xlsx written directly (xlsx-write.ts makes the workbook around it): its rows as bytes of XML,
// deflated in segments on the thread pool while the next rows are written.
//
// Cells are string cells (shared strings, or inline strings in a column of texts that are nearly all different:
// never formulas, whatever they start with) or numbers; a cell with a style and no value is written empty (the
// cells of a merge).
import { constants, deflateRaw } from 'node:zlib';
import { ascii, ByteSink, columnName, KEEP_SPACE, num, putAscii, putBytes, putPlainText, putUint, xmlText } from './xml-bytes.js';
import { crc32, crc32Combine } from './zip-archive.js';

export type XCell = string | number | null | undefined;

export interface PrintSetup {
  /** A4 landscape, fitted to one page wide, as many tall as needed */
  landscape: boolean;
  /** rows repeated at the top of every printed page, 1-based (first, last) */
  titleRows?: [number, number];
  /** the footer (header/footer codes: &P the page, &N the pages) */
  footer?: string;
  margins?: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
}

export interface SheetOptions {
  hidden?: boolean;
  /** column widths, in characters */
  widths: readonly number[];
  /** rows frozen at the top (the title and the header) */
  frozenRows?: number;
  print?: PrintSetup;
}

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const ROW_OPEN = ascii('<row r="');
const ROW_CLOSE = ascii('</row>');
const ROW_PLAIN = ascii('">');
const CELL_CLOSE = ascii('</v></c>');

/** Bytes a cell can take at most: <c r="XFD1048576" s="4294967295" t="s"><v>…</v></c>, a number's text up to 24 characters. */
const CELL_ROOM = 96;

/**
 * A sheet's rows are deflated in segments of about this many bytes as they are written, on the thread pool (the
 * other core) while the next rows are built. Each segment but the last is deflated on its own and ends with a sync
 * flush (byte-aligned, not final), so the segments joined in order are one deflate stream, as pigz makes them.
 */
const SEGMENT = 1 << 20;
const SEGMENT_ROOM = 1 << 16;
/**
 * zlib's output buffer: a segment's deflated bytes fit in one (a sheet's XML deflates about tenfold), so that the
 * thread pool deflates a segment in one go rather than waiting for this thread, busy writing rows, to take each piece.
 */
const OUT_CHUNK = 1 << 18;

/** A part's deflated bytes (a sheet's: its segments' in order), with the CRC-32 and size of what was deflated. */
export interface Deflated {
  raw: Buffer | readonly Buffer[];
  crc: number;
  size: number;
}

/** One segment of a part deflated (level 4: about as small as 6, twice as fast); `last`: the part's end. */
function deflateSegment(bytes: Buffer, last: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const finishFlush = last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
    deflateRaw(bytes, { level: 4, chunkSize: OUT_CHUNK, finishFlush }, (e, out) => (e ? reject(e) : resolve(out)));
  });
}

/** A whole part deflated. */
export async function deflatePart(bytes: Buffer): Promise<Deflated> {
  return { raw: await deflateSegment(bytes, true), crc: crc32(bytes), size: bytes.length };
}

/** Room kept for the sheet's <dimension> element, written when the last row is known: the longest reference is A1:XFD1048576. */
const DIMENSION_ROOM = '<dimension ref="A1:XFD1048576"/>'.length;

interface CellParts {
  style: number;
  head: Uint8Array;
  asString: Uint8Array;
  asNumber: Uint8Array;
  empty: Uint8Array;
  /** an inline string's start, without and with xml:space="preserve" */
  asInline: Uint8Array;
  asInlineKeep: Uint8Array;
}

const INLINE_CLOSE = ascii('</t></is></c>');

/** The workbook's shared strings, as a sheet uses them: a string's index (added when new), or one more use of one. */
export interface StringTable {
  index(s: string): number;
  count(): void;
  /** how many strings the table holds */
  size(): number;
}

/**
 * A column whose texts are nearly all different (names, credit codes) gains nothing from the shared-string table
 * and costs it a lookup and an entry per cell: after this many lookups in a column (a text the same as the cell
 * above is none), a column that added a new string in 9 of 10 writes the rest of its texts as inline strings
 * (t="inlineStr", as XlsxWriter's constant_memory mode writes them; Excel, WPS, LibreOffice and exceljs read them).
 */
const INLINE_AFTER = 256;

export class SheetWriter {
  /** the part's rows since the last segment was cut (ASCII but for the texts of inline-string cells) */
  private sink: ByteSink;
  /** the part up to <sheetData> */
  private readonly head: ByteSink;
  /** the segments cut so far, in order, each being deflated on the thread pool meanwhile (their bytes are not kept) */
  private readonly segments: Promise<Buffer>[] = [];
  /** the CRC-32 and length of the segments' bytes, taken as each is cut */
  private segmentsCrc = 0;
  private segmentsSize = 0;
  /** segments still being deflated; their buffers, once deflated, to write the next ones into */
  private readonly deflating = new Set<Promise<unknown>>();
  private readonly spare: Buffer[] = [];
  /** new buffers taken for the rows after a cut (fewer than the segments when spare ones were written into again) */
  private fresh = 0;
  private readonly dimensionAt: number;
  private readonly merges: string[] = [];
  private rows = 0;
  private maxCol = 0;
  private readonly partsOf = new Map<number, CellParts>();
  private readonly colParts: (CellParts | undefined)[] = [];
  private readonly lastText: (string | undefined)[] = [];
  private readonly lastIndex: number[] = [];
  /** per column: shared-string lookups, the new strings they added, and whether its texts are now written inline */
  private readonly looked: number[] = [];
  private readonly added: number[] = [];
  private readonly inline: boolean[] = [];
  private inlineColumns = 0;

  constructor(readonly name: string, readonly opts: SheetOptions, private readonly strings: StringTable, sizeHint = 0) {
    const { widths, frozenRows, print } = opts;
    // the head is deflated last (its dimension is written when the last row is known); the rows go to segments
    const head = (this.head = new ByteSink());
    head.put(`${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`, 'utf8');
    if (print) head.put('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
    this.dimensionAt = head.length;
    head.put(' '.repeat(DIMENSION_ROOM));
    if (frozenRows) {
      head.put(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="${frozenRows}" topLeftCell="A${frozenRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>`);
    } else head.put('<sheetViews><sheetView workbookViewId="0"/></sheetViews>');
    head.put('<sheetFormatPr defaultRowHeight="15"/>');
    if (widths.length) head.put(`<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${num(w)}" customWidth="1"/>`).join('')}</cols>`);
    head.put('<sheetData>');
    this.sink = new ByteSink(Math.min(sizeHint, SEGMENT + SEGMENT_ROOM));
  }

  /** The end of a row's start tag with its height, by height (a table's rows have a few heights: one text each). */
  private readonly heights = new Map<number, Uint8Array>();
  private heightAttribute(height: number): Uint8Array {
    let a = this.heights.get(height);
    if (!a) this.heights.set(height, (a = ascii(`" ht="${num(height)}" customHeight="1">`)));
    return a;
  }

  /** The number of rows written so far (the next row is rows + 1). */
  get rowCount(): number {
    return this.rows;
  }

  /**
   * Append a row. `style`: one style for every cell, or one per cell (undefined: none); a null or undefined cell
   * is written only when it has a style. `height` in points (customHeight), or none (the default height).
   */
  row(cells: readonly XCell[], style?: number | readonly (number | undefined)[], height?: number): number {
    const r = ++this.rows;
    // written as bytes straight into the part (a results export writes 400,000 cells), a cell at a time by
    // small functions (they are compiled early: a sheet is written once)
    let room = 64 + cells.length * CELL_ROOM;
    if (this.inlineColumns > 0) {
      // an inline text takes at most 6 bytes a UTF-16 unit (&quot; for one, 3 bytes of UTF-8 for a Chinese character)
      for (let i = 0; i < cells.length; i++) {
        const v = cells[i];
        if (typeof v === 'string' && this.inline[i] === true) room += 6 * v.length + 32;
      }
    }
    const b = this.sink.reserve(room);
    const digitsAt = putBytes(b, this.sink.position, ROW_OPEN);
    const digitsEnd = putUint(b, digitsAt, r);
    let at = height === undefined ? putBytes(b, digitsEnd, ROW_PLAIN) : putBytes(b, digitsEnd, this.heightAttribute(height));
    for (let i = 0; i < cells.length; i++) {
      const s = typeof style === 'number' ? style : style?.[i] ?? 0;
      const next = this.cell(b, at, i, cells[i], s, digitsAt, digitsEnd);
      if (next !== at && i + 1 > this.maxCol) this.maxCol = i + 1;
      at = next;
    }
    this.sink.advance(putBytes(b, at, ROW_CLOSE));
    if (this.sink.length >= SEGMENT) this.cut();
    return r;
  }

  /**
   * Deflate the rows written since the last cut as the next segment, and go on in a new buffer: a spare one when a
   * segment cut before is deflated already (a caller that yields to the event loop now and then, see settle(),
   * writes a long sheet in two or three buffers: on a virtual machine each new megabyte costs a few milliseconds).
   */
  private cut(): void {
    const bytes = this.sink.bytes();
    const whole = this.sink.buffer;
    this.segmentsCrc = crc32(bytes, this.segmentsCrc);
    this.segmentsSize += bytes.length;
    const raw = deflateSegment(bytes, false);
    const done = raw.then(() => {
      this.deflating.delete(done);
      this.spare.push(whole);
    });
    done.catch(() => undefined); // (the error is raw's, awaited in part(): a sheet given up before then leaves no unhandled rejection)
    this.deflating.add(done);
    this.segments.push(raw);
    const reuse = this.spare.pop();
    if (!reuse) this.fresh++;
    this.sink = new ByteSink(SEGMENT + SEGMENT_ROOM, reuse);
  }

  /** Segments cut so far. */
  get segmentsCut(): number {
    return this.segments.length;
  }

  /** Segments cut so far, and how many new buffers were taken for the rows after them. */
  get buffers(): { cuts: number; fresh: number } {
    return { cuts: this.segments.length, fresh: this.fresh };
  }

  /** Segments cut and still being deflated. */
  get backlog(): number {
    return this.deflating.size;
  }

  /** Wait until one of the segments being deflated is done (its buffer then written into again). */
  async settle(): Promise<void> {
    if (this.deflating.size) await Promise.race(this.deflating);
  }

  /** One cell of column i in style s written at `at` (nothing for no value and no style); the row number's digits are b[d0, d1). */
  private cell(b: Buffer, at: number, i: number, v: XCell, s: number, d0: number, d1: number): number {
    let idx = -1;
    if (typeof v === 'string') {
      if (this.inline[i] === true && v !== '') return this.inlineCell(b, at, i, v, s, d0, d1);
      idx = this.stringIndex(i, v);
    } else if (!(typeof v === 'number' && Number.isFinite(v)) && s === 0) return at;
    const parts = this.partsFor(i, s);
    at = putBytes(b, at, parts.head);
    for (let k = d0; k < d1; k++) b[at++] = b[k]!;
    if (idx >= 0) return putBytes(b, putUint(b, putBytes(b, at, parts.asString), idx), CELL_CLOSE);
    if (typeof v === 'number' && Number.isFinite(v)) {
      at = putBytes(b, at, parts.asNumber);
      at = Number.isSafeInteger(v) && v >= 0 ? putUint(b, at, v) : putAscii(b, at, String(v));
      return putBytes(b, at, CELL_CLOSE);
    }
    return putBytes(b, at, parts.empty);
  }

  /** A string's shared-string index: a column often repeats the cell above (a task's name, its items, the result), one lookup for the run. */
  private stringIndex(i: number, v: string): number {
    if (this.lastText[i] === v) {
      this.strings.count();
      return this.lastIndex[i]!;
    }
    const looked = (this.looked[i] ?? 0) + 1;
    let idx: number;
    if (looked <= INLINE_AFTER) {
      const before = this.strings.size();
      idx = this.strings.index(v);
      this.looked[i] = looked;
      const added = (this.added[i] ?? 0) + (this.strings.size() > before ? 1 : 0);
      this.added[i] = added;
      if (looked === INLINE_AFTER && added * 10 >= looked * 9) {
        this.inline[i] = true;
        this.inlineColumns++;
      }
    } else idx = this.strings.index(v);
    this.lastText[i] = v;
    this.lastIndex[i] = idx;
    return idx;
  }

  /** A text written in its cell (an inline string), escaped as a shared string's is. */
  private inlineCell(b: Buffer, at: number, i: number, v: string, s: number, d0: number, d1: number): number {
    const parts = this.partsFor(i, s);
    at = putBytes(b, at, parts.head);
    for (let k = d0; k < d1; k++) b[at++] = b[k]!;
    const plain = putPlainText(b, at + parts.asInline.length, v);
    if (plain >= 0) {
      putBytes(b, at, parts.asInline);
      at = plain;
    } else {
      at = putBytes(b, at, KEEP_SPACE.test(v) ? parts.asInlineKeep : parts.asInline);
      at += b.write(xmlText(v), at, 'utf8');
    }
    return putBytes(b, at, INLINE_CLOSE);
  }

  /** The fixed text of a cell of column i (0-based) in style s: before the row number, then after it for a string, a number or no value. */
  private partsFor(i: number, s: number): CellParts {
    const p = this.colParts[i];
    if (p !== undefined && p.style === s) return p;
    const key = s * 16_384 + i;
    let q = this.partsOf.get(key);
    if (!q) {
      const sa = s === 0 ? '' : ` s="${s}"`;
      q = {
        style: s, head: ascii(`<c r="${columnName(i + 1)}`),
        asString: ascii(`"${sa} t="s"><v>`), asNumber: ascii(`"${sa}><v>`), empty: ascii(`"${sa}/>`),
        asInline: ascii(`"${sa} t="inlineStr"><is><t>`), asInlineKeep: ascii(`"${sa} t="inlineStr"><is><t xml:space="preserve">`),
      };
      this.partsOf.set(key, q);
    }
    this.colParts[i] = q;
    return q;
  }

  /** Merge a rectangle of cells (1-based, inclusive); write its cells (empty but styled) with row(). */
  merge(top: number, left: number, bottom: number, right: number): void {
    this.merges.push(`${columnName(left)}${top}:${columnName(right)}${bottom}`);
  }

  /** The sheet's part, deflated (the sheet is finished: no more rows). */
  async part(): Promise<Deflated> {
    const { widths, print } = this.opts;
    const lastCol = Math.max(this.maxCol, widths.length, 1);
    // the dimension in the room kept for it (spaces before the end of a tag are allowed)
    const ref = `<dimension ref="A1:${columnName(lastCol)}${Math.max(1, this.rows)}"`;
    this.head.overwrite(`${ref}${' '.repeat(DIMENSION_ROOM - ref.length - 2)}/>`, this.dimensionAt);
    const tail: string[] = ['</sheetData>'];
    if (this.merges.length) tail.push(`<mergeCells count="${this.merges.length}">${this.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`);
    const m = print?.margins ?? { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };
    tail.push(`<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`);
    if (print) {
      tail.push(`<pageSetup paperSize="9" orientation="${print.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`);
      if (print.footer) tail.push(`<headerFooter><oddFooter>${xmlText(print.footer)}</oddFooter></headerFooter>`);
    } else tail.push('<pageSetup orientation="portrait" fitToWidth="1" fitToHeight="1"/>');
    tail.push('</worksheet>');
    this.sink.put(tail.join(''), 'utf8');
    const last = this.sink.bytes();
    const head = this.head.bytes();
    const raws = await Promise.all([deflateSegment(head, false), ...this.segments, deflateSegment(last, true)]);
    // the head's bytes come first in the part, but were finished last
    const crc = crc32(last, crc32Combine(crc32(head), this.segmentsCrc, this.segmentsSize));
    const size = head.length + this.segmentsSize + last.length;
    return { raw: raws, crc, size };
  }
}
