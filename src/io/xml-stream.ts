// Byte-level care for the XML parts of an .xlsx, before any parser sees them:
//  - a namespace prefix on the root element (<x:worksheet xmlns:x="…">, as some OpenXML-SDK-based exporters
//    write) is taken off every element name, so that the readers, which compare plain names, read the part as
//    Excel and LibreOffice do;
//  - a run of more than LIMITS.textRun bytes without any markup (a whitespace bomb, or one text node of
//    hundreds of megabytes) is refused before a parser buffers it.
import { LIMITS, LimitError, MB } from './limits.js';

const LT = 0x3c;

/** The prefix of the root element's name ('x' for <x:worksheet>), '' when none; null when not yet known. */
export function rootPrefix(head: Buffer): string | null {
  let p = 0;
  for (;;) {
    const lt = head.indexOf(LT, p);
    if (lt < 0 || lt + 1 >= head.length) return null;
    const next = head[lt + 1]!;
    if (next === 0x3f /* ? */ || next === 0x21 /* ! */) {
      const end = next === 0x21 && head.subarray(lt, lt + 4).toString('latin1') === '<!--' ? head.indexOf('-->', lt) : head.indexOf('>', lt);
      if (end < 0) return null;
      p = end + 1;
      continue;
    }
    let q = lt + 1;
    while (q < head.length && !' \t\r\n/>'.includes(String.fromCharCode(head[q]!))) q++;
    if (q >= head.length) return null;
    const name = head.subarray(lt + 1, q).toString('latin1');
    const colon = name.indexOf(':');
    return colon > 0 ? name.slice(0, colon) : '';
  }
}

/** The chunks of a part, checked for runs without markup and with the root element's prefix removed. */
export async function* xmlChunks(source: AsyncIterable<Buffer | string>, what: string): AsyncGenerator<Buffer> {
  let run = 0;
  let prefix: string | null = null;
  let head: Buffer = Buffer.alloc(0);
  let open: Buffer | null = null; // "<x:"
  let close: Buffer | null = null; // "</x:"
  let carry: Buffer = Buffer.alloc(0);

  const strip = (buf: Buffer, final: boolean): Buffer => {
    if (!open || !close) return buf;
    let data = carry.length ? Buffer.concat([carry, buf]) : buf;
    carry = Buffer.alloc(0);
    if (!final) {
      // keep a possibly split "</x:" for the next chunk
      const lt = data.lastIndexOf(LT);
      if (lt >= 0 && data.length - lt < close.length) {
        carry = Buffer.from(data.subarray(lt));
        data = data.subarray(0, lt);
      }
    }
    const parts: Buffer[] = [];
    let p = 0;
    for (let i = data.indexOf(LT, p); i >= 0; i = data.indexOf(LT, i + 1)) {
      const isClose = data[i + 1] === 0x2f;
      const pat = isClose ? close : open;
      if (data.compare(pat, 0, pat.length, i, i + pat.length) === 0) {
        parts.push(data.subarray(p, i + (isClose ? 2 : 1)));
        p = i + pat.length;
      }
    }
    if (p === 0) return data;
    parts.push(data.subarray(p));
    return Buffer.concat(parts);
  };

  for await (const c of source) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    const lt = chunk.lastIndexOf(LT);
    run = lt < 0 ? run + chunk.length : chunk.length - lt - 1;
    if (run > LIMITS.textRun) throw new LimitError(`${what}中有超过 ${MB(LIMITS.textRun)} 的一段内容没有任何 XML 标记（不是正常保存的文件）`);
    if (prefix === null) {
      head = Buffer.concat([head, chunk]);
      prefix = rootPrefix(head);
      if (prefix === null && head.length < 1 << 16) continue;
      prefix ??= '';
      if (prefix) {
        open = Buffer.from(`<${prefix}:`, 'latin1');
        close = Buffer.from(`</${prefix}:`, 'latin1');
      }
      const out = strip(head, false);
      head = Buffer.alloc(0);
      if (out.length) yield out;
      continue;
    }
    const out = strip(chunk, false);
    if (out.length) yield out;
  }
  if (prefix === null && head.length) {
    yield head;
    return;
  }
  if (open) {
    const out = strip(Buffer.alloc(0), true);
    if (out.length) yield out;
  }
}
