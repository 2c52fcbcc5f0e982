// A workbook's styles part, as far as the template engine needs it: font sizes, wrapping, and adding a wrapping style.
import { attr, childSpans, prefixOf, rootSpan, setAttr } from '../xlsx-xml.js';

export class Styles {
  private xml: string;
  private readonly fontSizes: number[] = [];
  private readonly xfs: { fontId: number; wrap: boolean; xml: string }[] = [];
  private readonly wrapped = new Map<number, number>();
  private readonly added: string[] = [];
  changed = false;

  constructor(readonly path: string | null, xml: string | null) {
    this.xml = xml ?? '';
    if (!xml) return;
    const root = rootSpan(xml);
    for (const sec of childSpans(xml, root.openEnd, root.closeStart)) {
      if (sec.local === 'fonts') {
        for (const f of childSpans(xml, sec.openEnd, sec.closeStart)) {
          const sz = childSpans(xml, f.openEnd, f.closeStart).find((x) => x.local === 'sz');
          this.fontSizes.push(Number(sz ? attr(xml.slice(sz.start, sz.openEnd), 'val') : 11) || 11);
        }
      } else if (sec.local === 'cellXfs') {
        for (const x of childSpans(xml, sec.openEnd, sec.closeStart)) {
          const tag = xml.slice(x.start, x.openEnd);
          const al = childSpans(xml, x.openEnd, x.closeStart).find((c) => c.local === 'alignment');
          const wrap = al ? ['1', 'true'].includes(attr(xml.slice(al.start, al.openEnd), 'wrapText') ?? '') : false;
          this.xfs.push({ fontId: Number(attr(tag, 'fontId') ?? 0), wrap, xml: xml.slice(x.start, x.end) });
        }
      }
    }
  }

  /** The default font's size (the workbook's column widths are counted in its digits). */
  get baseSize(): number {
    return this.fontSizes[0] ?? 11;
  }

  fontSize(xf: number): number {
    return this.fontSizes[this.xfs[xf]?.fontId ?? 0] ?? this.baseSize;
  }

  wraps(xf: number): boolean {
    return this.xfs[xf]?.wrap ?? false;
  }

  /** A style like `xf` that wraps text (added once per style). */
  wrapping(xf: number): number {
    if (this.wraps(xf) || !this.xml || !this.xfs[xf]) return xf;
    const known = this.wrapped.get(xf);
    if (known !== undefined) return known;
    const src = this.xfs[xf]!.xml;
    const open = /^<[^>]*?\/?>/.exec(src)![0];
    const p = prefixOf(/^<([\w:.-]+)/.exec(src)![1]!);
    let xfXml: string;
    if (open.endsWith('/>')) xfXml = `${setAttr(open.replace(/\s*\/>$/, '>'), 'applyAlignment', '1')}<${p}alignment wrapText="1"/></${p}xf>`;
    else {
      const al = /<(?:\w+:)?alignment\b[^>]*?\/?>/.exec(src);
      const tag = setAttr(open, 'applyAlignment', '1');
      xfXml = al ? tag + src.slice(open.length).replace(al[0], setAttr(al[0], 'wrapText', '1')) : `${tag}<${p}alignment wrapText="1"/>${src.slice(open.length)}`;
    }
    const idx = this.xfs.length;
    this.xfs.push({ fontId: this.xfs[xf]!.fontId, wrap: true, xml: xfXml });
    this.added.push(xfXml);
    this.wrapped.set(xf, idx);
    this.changed = true;
    return idx;
  }

  toXml(): string {
    const root = rootSpan(this.xml);
    const sec = childSpans(this.xml, root.openEnd, root.closeStart).find((s) => s.local === 'cellXfs')!;
    const open = setAttr(this.xml.slice(sec.start, sec.openEnd), 'count', String(this.xfs.length));
    return this.xml.slice(0, sec.start) + open + this.xml.slice(sec.openEnd, sec.closeStart) + this.added.join('') + this.xml.slice(sec.closeStart);
  }
}
