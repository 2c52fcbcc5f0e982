// Pictures: put a PNG (the QR code) in a cell, centred, adding the drawing part and its relationships when missing.
import { NS, REL_TYPE, type Package } from '../xlsx-package.js';
import { attr, attrsOf, escapeAttr, rootSpan, setAttr } from '../xlsx-xml.js';
import { colPx, PT_PX } from './row-height.js';
import type { Sheet } from './sheet.js';
import type { TemplateImage } from './types.js';

const EMU_PX = 9525;

/** Put a picture in the cell (or its merged area), as large as fits, centred, square. */
export function addPicture(pkg: Package, sheet: Sheet, r: number, c: number, img: TemplateImage, base: number) {
  const width = sheet.columnWidth();
  const dflt = sheet.defaultRowHeight();
  const heights = new Map(sheet.rows.map((x) => [x.r, Number(attr(x.open, 'ht') ?? dflt)]));
  const g = sheet.merges().find((m) => m.c1 <= c && c <= m.c2 && m.r1 <= r && r <= m.r2) ?? { c1: c, r1: r, c2: c, r2: r };
  const colW = (k: number) => colPx(width(k), base);
  const rowH = (k: number) => (heights.get(k) ?? dflt) * PT_PX;
  let w = 0;
  for (let k = g.c1; k <= g.c2; k++) w += colW(k);
  let h = 0;
  for (let k = g.r1; k <= g.r2; k++) h += rowH(k);
  let size = Math.floor(Math.min(w, h) - 8);
  if (size < 48) size = 96;
  // from: the cell and offset where the centred square starts
  let x = Math.max(0, (w - size) / 2);
  let col = g.c1;
  while (col < g.c2 && x >= colW(col)) x -= colW(col++);
  let y = Math.max(0, (h - size) / 2);
  let rr = g.r1;
  while (rr < g.r2 && y >= rowH(rr)) y -= rowH(rr++);

  const media = pkg.unusedName((n) => `xl/media/ssjqr${n}.png`);
  pkg.zip.set(media, img.png);
  pkg.ensureDefault('png', 'image/png');

  let drawingPath: string;
  const dseg = sheet.seg('drawing');
  if (dseg) {
    const rid = attrsOf(dseg.xml).find(([k]) => k.endsWith(':id'))?.[1];
    drawingPath = pkg.rels(sheet.path).find((x) => x.id === rid)?.target ?? '';
  } else drawingPath = '';
  if (!drawingPath || pkg.text(drawingPath) === null) {
    drawingPath = pkg.unusedName((n) => `xl/drawings/drawing${n}.xml`);
    pkg.zip.set(drawingPath, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.rel}"></xdr:wsDr>`);
    pkg.addOverride(drawingPath, 'application/vnd.openxmlformats-officedocument.drawing+xml');
    const rid = pkg.addRel(sheet.path, REL_TYPE.drawing, drawingPath);
    insertDrawing(sheet, rid);
  }
  const imgRid = pkg.addRel(drawingPath, REL_TYPE.image, media);
  let xml = pkg.text(drawingPath)!;
  const root = rootSpan(xml);
  const rootTag = xml.slice(root.start, root.openEnd);
  // the prefixes bound in the root, or declared on the root when missing
  const declared = (uri: string) => attrsOf(rootTag).find(([k, v]) => k.startsWith('xmlns:') && v === uri)?.[0].slice(6);
  let newRoot = rootTag;
  const want = { xdr: NS.xdr, a: NS.a, r: NS.rel } as const;
  const pre: Record<keyof typeof want, string> = { xdr: 'xdr', a: 'a', r: 'r' };
  let local = '';
  for (const k of Object.keys(want) as (keyof typeof want)[]) {
    const have = declared(want[k]);
    if (have) pre[k] = have;
    else if (attr(rootTag, `xmlns:${k}`) === null) newRoot = setAttr(newRoot, `xmlns:${k}`, want[k]);
    else {
      pre[k] = `ssj${k}`;
      local += ` xmlns:ssj${k}="${want[k]}"`;
    }
  }
  const ids = [...xml.matchAll(/<(?:\w+:)?cNvPr\b[^>]*?\sid="(\d+)"/g)].map((m) => Number(m[1]));
  const id = Math.max(1, ...ids) + 1;
  const { xdr, a } = pre;
  const cx = size * EMU_PX;
  const anchor =
    `<${xdr}:oneCellAnchor${local}><${xdr}:from><${xdr}:col>${col - 1}</${xdr}:col><${xdr}:colOff>${Math.round(x * EMU_PX)}</${xdr}:colOff>` +
    `<${xdr}:row>${rr - 1}</${xdr}:row><${xdr}:rowOff>${Math.round(y * EMU_PX)}</${xdr}:rowOff></${xdr}:from><${xdr}:ext cx="${cx}" cy="${cx}"/>` +
    `<${xdr}:pic><${xdr}:nvPicPr><${xdr}:cNvPr id="${id}" name="ssj 二维码 ${id}" descr="${escapeAttr(img.descr)}"/><${xdr}:cNvPicPr><${a}:picLocks noChangeAspect="1"/></${xdr}:cNvPicPr></${xdr}:nvPicPr>` +
    `<${xdr}:blipFill><${a}:blip ${pre.r}:embed="${imgRid}"/><${a}:stretch><${a}:fillRect/></${a}:stretch></${xdr}:blipFill>` +
    `<${xdr}:spPr><${a}:xfrm><${a}:off x="0" y="0"/><${a}:ext cx="${cx}" cy="${cx}"/></${a}:xfrm><${a}:prstGeom prst="rect"><${a}:avLst/></${a}:prstGeom></${xdr}:spPr></${xdr}:pic>` +
    `<${xdr}:clientData/></${xdr}:oneCellAnchor>`;
  const r2 = rootSpan(xml);
  xml = r2.empty
    ? xml.slice(0, r2.start) + newRoot.replace(/\s*\/>$/, '>') + anchor + `</${r2.name}>` + xml.slice(r2.end)
    : xml.slice(0, r2.start) + newRoot + xml.slice(r2.openEnd, r2.closeStart) + anchor + xml.slice(r2.closeStart);
  pkg.zip.set(drawingPath, xml);
}

/** Elements a worksheet's <drawing> must come before (ECMA-376 order). */
const AFTER_DRAWING = new Set(['legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst']);

function insertDrawing(sheet: Sheet, rid: string) {
  const rootTag = /<[^?!][^>]*>/.exec(sheet.head.slice(sheet.head.search(/<[\w:]+worksheet\b|<worksheet\b/)))?.[0] ?? '';
  let r = attrsOf(rootTag).find(([k, v]) => k.startsWith('xmlns:') && v === NS.rel)?.[0].slice(6);
  if (!r) {
    r = attr(rootTag, 'xmlns:r') === null ? 'r' : 'ssjr';
    sheet.head = sheet.head.replace(rootTag, setAttr(rootTag, `xmlns:${r}`, NS.rel));
  }
  const el = { local: 'drawing', xml: `<${sheet.p}drawing ${r}:id="${rid}"/>` };
  const at = sheet.segs.findIndex((s) => s.local !== null && AFTER_DRAWING.has(s.local));
  if (at < 0) sheet.segs.push(el);
  else sheet.segs.splice(at, 0, el);
}
