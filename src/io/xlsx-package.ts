// An .xlsx file as an OPC package: its parts by path, their relationships (_rels) and [Content_Types].xml.
import { attr, escapeAttr, rootSpan } from './xlsx-xml.js';
import type { ZipArchive } from './zip-archive.js';

export const NS = {
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
export const REL_TYPE = {
  drawing: `${NS.rel}/drawing`,
  image: `${NS.rel}/image`,
};

export interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const relsPathOf = (p: string) => `${dirOf(p) ? `${dirOf(p)}/` : ''}_rels/${p.slice(p.lastIndexOf('/') + 1)}.rels`;

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base ? base.split('/') : [];
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relativePath(fromDir: string, to: string): string {
  const a = fromDir ? fromDir.split('/') : [];
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export class Package {
  constructor(readonly zip: ZipArchive) {}

  text(path: string): string | null {
    return this.zip.text(path);
  }

  rels(part: string): Rel[] {
    const xml = this.zip.text(relsPathOf(part));
    if (!xml) return [];
    const out: Rel[] = [];
    for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const tag = m[0];
      const target = attr(tag, 'Target') ?? '';
      const external = attr(tag, 'TargetMode') === 'External';
      out.push({ id: attr(tag, 'Id') ?? '', type: attr(tag, 'Type') ?? '', target: external ? target : resolvePath(dirOf(part), target), external });
    }
    return out;
  }

  /** Add a relationship to a part; returns its id. */
  addRel(part: string, type: string, target: string): string {
    const path = relsPathOf(part);
    let xml = this.zip.text(path) ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRel}"></Relationships>`;
    const ids = new Set([...xml.matchAll(/\bId="([^"]*)"/g)].map((m) => m[1]));
    let n = 1;
    while (ids.has(`rIdSsj${n}`)) n++;
    const id = `rIdSsj${n}`;
    const rel = `<Relationship Id="${id}" Type="${type}" Target="${escapeAttr(relativePath(dirOf(part), target))}"/>`;
    const root = rootSpan(xml);
    xml = root.empty
      ? `${xml.slice(0, root.start)}${xml.slice(root.start, root.end).replace(/\s*\/>$/, '>')}${rel}</${root.name}>${xml.slice(root.end)}`
      : `${xml.slice(0, root.closeStart)}${rel}${xml.slice(root.closeStart)}`;
    this.zip.set(path, xml);
    return id;
  }

  removeRel(part: string, id: string) {
    const path = relsPathOf(part);
    const xml = this.zip.text(path);
    if (!xml) return;
    this.zip.set(path, xml.replace(new RegExp(`<(?:\\w+:)?Relationship\\b[^>]*\\bId="${id}"[^>]*/>`), ''));
  }

  unusedName(make: (n: number) => string): string {
    for (let n = 1; ; n++) if (!this.zip.has(make(n))) return make(n);
  }

  contentTypes(update: (xml: string) => string) {
    const xml = this.zip.text('[Content_Types].xml');
    if (xml === null) throw new Error('no [Content_Types].xml');
    this.zip.set('[Content_Types].xml', update(xml));
  }

  ensureDefault(ext: string, type: string) {
    this.contentTypes((xml) => {
      if (new RegExp(`<(?:\\w+:)?Default\\b[^>]*Extension="${ext}"`, 'i').test(xml)) return xml;
      const root = rootSpan(xml);
      return `${xml.slice(0, root.closeStart)}<Default Extension="${ext}" ContentType="${type}"/>${xml.slice(root.closeStart)}`;
    });
  }

  addOverride(part: string, type: string) {
    this.contentTypes((xml) => {
      const root = rootSpan(xml);
      return `${xml.slice(0, root.closeStart)}<Override PartName="/${part}" ContentType="${type}"/>${xml.slice(root.closeStart)}`;
    });
  }

  removeOverride(part: string) {
    this.contentTypes((xml) => xml.replace(new RegExp(`<(?:\\w+:)?Override\\b[^>]*PartName="/${part.replace(/[.]/g, '\\.')}"[^>]*/>`), ''));
  }
}
