// Writing an .xlsx directly: the package parts (content types, relationships, workbook with its defined names,
// styles, shared strings, one XML part per sheet) as text, zipped with node:zlib. For the tables ssj publishes,
// where a workbook library spent most of an export's time building and compressing its object model (a results
// export has 30,000 rows). The parts follow what exceljs wrote for the same tables (docs/printing.md).
//
// Cells are string cells (shared strings, or inline strings in a column of texts that are nearly all different:
// never formulas, whatever they start with) or numbers; a cell with a style and no value is written empty (the
// cells of a merge). Sheet names are the caller's (at most 31
// characters, none of : \ / ? * [ ]).
import { constants, deflateRaw } from 'node:zlib';
import { crc32, crc32Combine, zipChunks } from './zip-archive.js';

export type XCell = string | number | null | undefined;

export interface CellStyle {
  font: { name: string; size: number; bold?: boolean };
  /** a solid fill's colour, ARGB (e.g. FFD9D9D9) */
  fill?: string;
  /** thin black borders on all four sides */
  border?: boolean;
  horizontal?: 'center' | 'left' | 'right';
  vertical?: 'center' | 'top' | 'bottom';
  wrap?: boolean;
}

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

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

// what XML 1.0 cannot hold is dropped (as exceljs did); markup characters are escaped
const NEEDS_ESCAPE = /["&'<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const ESCAPE_ALL = /["&'<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const ESCAPES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/** Text for XML content or an attribute value. */
export function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPE_ALL, (c) => ESCAPES[c] ?? '');
}

/** a shared string whose spaces or line breaks would be dropped without xml:space="preserve" */
const KEEP_SPACE = /^\s|\n|\s$/;

/** "A", "B", … "Z", "AA", … for a 1-based column number. */
export function columnName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

const num = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** Bytes written one piece after another into a buffer that grows as needed (no string of a whole part). */
class ByteSink {
  private buf: Buffer;
  private at = 0;

  /** `reuse`: a buffer to write into (one whose bytes are no longer needed), when it is at least that large */
  constructor(sizeHint = 0, reuse?: Buffer) {
    const size = Math.max(16_384, sizeHint);
    this.buf = reuse && reuse.length >= size ? reuse : Buffer.allocUnsafe(size);
  }

  /** The whole buffer written into (to reuse once its bytes are no longer needed). */
  get buffer(): Buffer {
    return this.buf;
  }

  get length(): number {
    return this.at;
  }

  /** Append text: 'latin1' only for ASCII text (one byte a character, no encoding to do). */
  put(text: string, encoding: 'latin1' | 'utf8' = 'latin1'): void {
    this.reserve(encoding === 'latin1' ? text.length : Buffer.byteLength(text, 'utf8'));
    this.at += this.buf.write(text, this.at, encoding);
  }

  /** Write ASCII text over bytes already put (a placeholder of the same length). */
  overwrite(text: string, at: number): void {
    this.buf.write(text, at, 'latin1');
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  /** Room for `n` more bytes: the buffer and the position to write at (then `advance` to the new position). */
  reserve(n: number): Buffer {
    if (this.at + n > this.buf.length) {
      const more = Buffer.allocUnsafe(Math.max(Math.ceil(this.buf.length * 1.5), this.at + n));
      this.buf.copy(more, 0, 0, this.at);
      this.buf = more;
    }
    return this.buf;
  }

  get position(): number {
    return this.at;
  }

  advance(to: number): void {
    this.at = to;
  }
}

/** ASCII text written byte by byte (the short pieces of a row: faster than a string's write for a few bytes). */
function putAscii(b: Buffer, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
  return at;
}

/**
 * A text that needs neither escaping nor xml:space="preserve" written as UTF-8 at `at` (a name or a credit code: no
 * call into the buffer's encoder for a few bytes): the new position, or -1 for any other text (nothing written
 * that counts), which xmlText and Buffer.write then take: what NEEDS_ESCAPE or KEEP_SPACE finds (the tests the
 * shared strings are written by), or a surrogate pair.
 */
function putPlainText(b: Buffer, at: number, s: string): number {
  const n = s.length;
  if (n === 0) return at;
  if (NEEDS_ESCAPE.test(s) || KEEP_SPACE.test(s)) return -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      b[at++] = c;
    } else if (c < 0x800) {
      b[at++] = 0xc0 | (c >> 6);
      b[at++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) return -1;
    else {
      b[at++] = 0xe0 | (c >> 12);
      b[at++] = 0x80 | ((c >> 6) & 0x3f);
      b[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}

/** Fixed bytes copied one by one (a few at a time: faster than a copy call). */
function putBytes(b: Buffer, at: number, x: Uint8Array): number {
  for (let i = 0; i < x.length; i++) b[at++] = x[i]!;
  return at;
}

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const ROW_OPEN = ascii('<row r="');
const ROW_CLOSE = ascii('</row>');
const ROW_PLAIN = ascii('">');
const CELL_CLOSE = ascii('</v></c>');

/** A non-negative integer's decimal digits. */
function putUint(b: Buffer, at: number, n: number): number {
  if (n < 10) {
    b[at] = 48 + n;
    return at + 1;
  }
  let digits = 1;
  for (let k = n; k >= 10; k = Math.floor(k / 10)) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    b[i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + digits;
}

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
async function deflatePart(bytes: Buffer): Promise<Deflated> {
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

function fontXml(f: CellStyle['font']): string {
  return `<font>${f.bold ? '<b/>' : ''}<sz val="${num(f.size)}"/><name val="${xmlText(f.name)}"/></font>`;
}

const THIN = '<color rgb="FF000000"/>';
const BORDER_XML = `<border><left style="thin">${THIN}</left><right style="thin">${THIN}</right><top style="thin">${THIN}</top><bottom style="thin">${THIN}</bottom><diagonal/></border>`;

/** A workbook being written: styles, shared strings and sheets, then toBuffer(). */
export class WorkbookWriter {
  private readonly sheets: SheetWriter[] = [];
  private readonly strings = new Map<string, number>();
  private readonly stringList: string[] = [];
  private stringRefs = 0;
  private stringBytes = 0;
  private readonly fonts: string[] = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  private readonly fills: string[] = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private readonly borders: string[] = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly xfIndex = new Map<string, number>();

  constructor(readonly creator = 'ssj') {}

  /** The index of a cell style (the same style twice gives the same index). */
  style(s: CellStyle): number {
    const idx = (list: string[], xml: string) => {
      const i = list.indexOf(xml);
      return i >= 0 ? i : list.push(xml) - 1;
    };
    const fontId = idx(this.fonts, fontXml(s.font));
    const fillId = s.fill ? idx(this.fills, `<fill><patternFill patternType="solid"><fgColor rgb="${xmlText(s.fill)}"/></patternFill></fill>`) : 0;
    const borderId = s.border ? idx(this.borders, BORDER_XML) : 0;
    const align = [s.horizontal && `horizontal="${s.horizontal}"`, s.vertical && `vertical="${s.vertical}"`, s.wrap && 'wrapText="1"'].filter(Boolean).join(' ');
    const xf = `<xf numFmtId="0" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0" applyFont="1"${fillId ? ' applyFill="1"' : ''}${borderId ? ' applyBorder="1"' : ''}${align ? ` applyAlignment="1"><alignment ${align}/></xf>` : '/>'}`;
    let i = this.xfIndex.get(xf);
    if (i === undefined) {
      i = this.xfs.push(xf) - 1;
      this.xfIndex.set(xf, i);
    }
    return i;
  }

  private readonly stringTable: StringTable = {
    index: (s: string): number => {
      this.stringRefs++;
      let i = this.strings.get(s);
      if (i === undefined) {
        i = this.stringList.push(s) - 1;
        this.strings.set(s, i);
        this.stringBytes += s.length; // (a Chinese character takes 3 bytes: the sink grows then)
      }
      return i;
    },
    count: () => {
      this.stringRefs++;
    },
    size: () => this.stringList.length,
  };

  /** A new sheet; `sizeHint`: about how many bytes its XML will take (its buffer grows as needed). */
  addSheet(name: string, opts: SheetOptions, sizeHint = 0): SheetWriter {
    const sh = new SheetWriter(name, opts, this.stringTable, sizeHint);
    this.sheets.push(sh);
    return sh;
  }

  /** The package parts, by path, deflated (in the order they are zipped). */
  async parts(): Promise<[string, Deflated][]> {
    const n = this.sheets.length;
    const sheetPart = (i: number) => `xl/worksheets/sheet${i + 1}.xml`;
    const contentTypes = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`
      + `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>`
      + this.sheets.map((_, i) => `<Override PartName="/${sheetPart(i)}" ContentType="${CT}.worksheet+xml"/>`).join('')
      + `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>`
      + `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`
      + `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;
    const rootRels = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
      + `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>`
      + `<Relationship Id="rId2" Type="${PKG_REL_NS}/metadata/core-properties" Target="docProps/core.xml"/>`
      + `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>`;
    const wbRels = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
      + `<Relationship Id="rId1" Type="${REL_NS}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`
      + this.sheets.map((_, i) => `<Relationship Id="rId${i + 3}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
      + '</Relationships>';
    const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;
    const titles = this.sheets.flatMap((sh, i) => {
      const t = sh.opts.print?.titleRows;
      return t ? [`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`${quoted(sh.name)}!$${t[0]}:$${t[1]}`)}</definedName>`] : [];
    });
    const workbook = `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/>`
      + `<bookViews><workbookView activeTab="0"/></bookViews><sheets>`
      + this.sheets.map((sh, i) => `<sheet name="${xmlText(sh.name)}" sheetId="${i + 1}"${sh.opts.hidden ? ' state="hidden"' : ''} r:id="rId${i + 3}"/>`).join('')
      + `</sheets>${titles.length ? `<definedNames>${titles.join('')}</definedNames>` : ''}<calcPr calcId="171027"/></workbook>`;
    const styles = `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">`
      + `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>`
      + `<fills count="${this.fills.length}">${this.fills.join('')}</fills>`
      + `<borders count="${this.borders.length}">${this.borders.join('')}</borders>`
      + `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`
      + `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>`
      + `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/></styleSheet>`;
    const sheetParts = this.sheets.map((sh) => sh.part()); // (their last segments deflated while the strings are written)
    const sst = new ByteSink(this.stringBytes + 16 * this.stringList.length + 256);
    sst.put(`${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.stringRefs}" uniqueCount="${this.stringList.length}">`);
    for (const s of this.stringList) sst.put(KEEP_SPACE.test(s) ? `<si><t xml:space="preserve">${xmlText(s)}</t></si>` : `<si><t>${xmlText(s)}</t></si>`, 'utf8');
    sst.put('</sst>');
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const core = `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
      + `<dc:creator>${xmlText(this.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${now}</dcterms:modified></cp:coreProperties>`;
    const app = `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`
      + `<Application>ssj</Application><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>`
      + `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${this.sheets.map((sh) => `<vt:lpstr>${xmlText(sh.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts></Properties>`;
    const text: [string, string | Buffer][] = [
      ['[Content_Types].xml', contentTypes], ['_rels/.rels', rootRels], ['docProps/core.xml', core], ['docProps/app.xml', app],
      ['xl/workbook.xml', workbook], ['xl/_rels/workbook.xml.rels', wbRels], ['xl/styles.xml', styles],
    ];
    const [small, sheets, strings] = await Promise.all([
      Promise.all(text.map(([, x]) => deflatePart(typeof x === 'string' ? Buffer.from(x, 'utf8') : x))),
      Promise.all(sheetParts),
      deflatePart(sst.bytes()),
    ]);
    return [
      ...text.map(([name], i): [string, Deflated] => [name, small[i]!]),
      ...sheets.map((x, i): [string, Deflated] => [sheetPart(i), x]), ['xl/sharedStrings.xml', strings],
    ];
  }

  /** The .xlsx file's bytes. */
  async toBuffer(): Promise<Buffer> {
    return Buffer.concat(await this.toChunks());
  }

  /** The .xlsx file's bytes as pieces to write one after another (zipChunks). */
  async toChunks(): Promise<Buffer[]> {
    return zipParts(await this.parts());
  }
}

/** A zip of these parts, deflated (no zip64: every part and the whole under 4 GiB), as pieces to write in order. */
export function zipParts(parts: readonly [string, Deflated][], when = new Date()): Buffer[] {
  const time = (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1);
  const date = ((Math.max(1980, when.getFullYear()) - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate();
  return zipChunks(parts.map(([name, { raw, crc, size }]) => ({ name, method: 8, crc, size, raw, time, date })));
}
