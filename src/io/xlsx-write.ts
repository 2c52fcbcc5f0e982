// Writing an .xlsx directly: the package parts (content types, relationships, workbook with its defined names,
// styles, shared strings, one XML part per sheet) as text, zipped with node:zlib. For the tables ssj publishes,
// where a workbook library spent most of an export's time building and compressing its object model (a results
// export has 30,000 rows). The parts follow what exceljs wrote for the same tables (docs/printing.md). A sheet's
// rows: sheet-writer.ts. Sheet names are the caller's (at most 31 characters, none of : \ / ? * [ ]).
import { deflatePart, MAIN_NS, REL_NS, SheetWriter, XML_HEAD, type Deflated, type SheetOptions, type StringTable } from './sheet-writer.js';
import { ByteSink, KEEP_SPACE, num, xmlText } from './xml-bytes.js';
import { zipChunks } from './zip-archive.js';

export { SheetWriter, type PrintSetup, type SheetOptions, type XCell } from './sheet-writer.js';
export { columnName, xmlText } from './xml-bytes.js';

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

const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

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
