// A zip (an .xlsx) held in memory, to change a few parts and write it back: every part not changed keeps its
// compressed bytes as they were; changed and added parts are deflated anew. No zip64, no encryption.
import * as zlib from 'node:zlib';
import { centralEntries, findEocd } from './zip-directory.js';

interface Part {
  name: string;
  method: number;
  crc: number;
  size: number;
  /** the compressed bytes as stored */
  raw: Buffer;
  time: number;
  date: number;
  /** set when the part was replaced or added */
  fresh?: Buffer;
}

export class ZipError extends Error {}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(buf: Uint8Array, previous = 0): number {
  const native = (zlib as { crc32?: (b: Uint8Array, value?: number) => number }).crc32;
  if (native) return native(buf, previous) >>> 0;
  let c = ~previous;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** gf2 matrix (32 rows) times a vector (zlib's crc32_combine) */
function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i]!;
  return sum >>> 0;
}

function gf2Square(square: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]!);
}

/**
 * The CRC-32 of A followed by B, from A's CRC, B's CRC and B's length (zlib's crc32_combine): for a part whose
 * pieces are checksummed as they are written and released, while an earlier piece is finished last.
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0; // (B is empty)
  const even = new Uint32Array(32); // the operator for 2^n zero bits, n even
  const odd = new Uint32Array(32); // … n odd
  odd[0] = 0xedb88320; // the CRC-32 polynomial
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row >>> 0;
  gf2Square(even, odd); // two zero bits
  gf2Square(odd, even); // four zero bits
  let crc = crcA >>> 0;
  let len = lengthB;
  // apply len zero bytes to crcA (the first square gives the operator for one zero byte)
  for (;;) {
    gf2Square(even, odd);
    if (len % 2 === 1) crc = gf2Times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    gf2Square(odd, even);
    if (len % 2 === 1) crc = gf2Times(odd, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
  }
  return (crc ^ crcB) >>> 0;
}

export class ZipArchive {
  private readonly parts: Part[] = [];
  /** the most bytes a part may inflate to */
  private maxPartBytes = Number.MAX_SAFE_INTEGER;

  /** Read a zip from its central directory. Throws ZipError when it is not a zip this can read. */
  static read(buf: Buffer, opts: { maxPartBytes?: number } = {}): ZipArchive {
    const z = new ZipArchive();
    if (opts.maxPartBytes !== undefined) z.maxPartBytes = opts.maxPartBytes;
    const eocd = findEocd(buf.subarray(Math.max(0, buf.length - 65_557)));
    if (!eocd) throw new ZipError('not a zip file (no end of central directory)');
    const { count, cdSize, cdOffset } = eocd;
    if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new ZipError('zip64 is not supported');
    if (cdOffset + cdSize > buf.length) throw new ZipError('truncated zip file');
    const entries = centralEntries(buf.subarray(cdOffset, cdOffset + cdSize));
    if (entries.length < count) throw new ZipError('bad central directory');
    for (const { name, flags, method, crc, compressedSize: csize, size, offset, time, date } of entries.slice(0, count)) {
      if (flags & 1) throw new ZipError(`encrypted part ${name}`);
      if (method !== 0 && method !== 8) throw new ZipError(`unsupported compression method ${method} for ${name}`);
      if (offset + 30 > buf.length || buf.readUInt32LE(offset) !== 0x04034b50) throw new ZipError(`bad local header for ${name}`);
      const start = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
      if (start + csize > buf.length) throw new ZipError(`truncated part ${name}`);
      z.parts.push({ name, method, crc, size, raw: buf.subarray(start, start + csize), time, date });
    }
    return z;
  }

  names(): string[] {
    return this.parts.map((p) => p.name);
  }

  has(name: string): boolean {
    return this.parts.some((p) => p.name === name);
  }

  /** A part's bytes, or null when there is no such part. */
  bytes(name: string): Buffer | null {
    const p = this.parts.find((x) => x.name === name);
    if (!p) return null;
    if (p.fresh) return p.fresh;
    if (p.size > this.maxPartBytes) throw new ZipError(`part ${name} is larger than ${this.maxPartBytes} bytes`);
    let data: Buffer;
    try {
      // never more than the declared size: a part that inflates beyond it is damaged (or a bomb)
      data = p.method === 0 ? p.raw : zlib.inflateRawSync(p.raw, { maxOutputLength: Math.max(1, p.size) });
    } catch (e) {
      throw new ZipError(`part ${name} is damaged (${(e as Error).message})`);
    }
    if (data.length !== p.size || crc32(data) !== p.crc) throw new ZipError(`part ${name} is damaged (checksum)`);
    return data;
  }

  text(name: string): string | null {
    const b = this.bytes(name);
    return b === null ? null : b.toString('utf8');
  }

  /** Replace a part, or add it at the end. */
  set(name: string, data: Buffer | string): void {
    const fresh = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const p = this.parts.find((x) => x.name === name);
    if (p) p.fresh = fresh;
    else {
      const first = this.parts[0];
      this.parts.push({ name, method: 8, crc: 0, size: 0, raw: Buffer.alloc(0), time: first?.time ?? 0, date: first?.date ?? 0x21, fresh });
    }
  }

  /** Remove a part (nothing happens when there is none). */
  delete(name: string): void {
    const i = this.parts.findIndex((x) => x.name === name);
    if (i >= 0) this.parts.splice(i, 1);
  }

  toBuffer(): Buffer {
    return zipEntries(this.parts.map((p) => (p.fresh
      ? { name: p.name, method: 8, crc: crc32(p.fresh), size: p.fresh.length, raw: zlib.deflateRawSync(p.fresh, { level: 6 }), time: p.time, date: p.date }
      : p)));
  }
}

/** One part of a zip as written: its bytes as stored (`raw`, compressed by `method`), and what the headers state. */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  /** uncompressed size */
  size: number;
  /** the stored bytes, in one buffer or in pieces written one after another */
  raw: Buffer | readonly Buffer[];
  time: number;
  date: number;
}

/** A zip file of these entries, in order (no zip64: every part and the whole under 4 GiB). */
export function zipEntries(entries: readonly ZipEntry[]): Buffer {
  return Buffer.concat(zipChunks(entries));
}

/**
 * zipEntries' bytes as the pieces that make them, in order, to write one after another: a workbook's 2 MB is not
 * copied into one more new buffer on its way to the file (on a virtual machine new memory costs more than the copy).
 */
export function zipChunks(entries: readonly ZipEntry[]): Buffer[] {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of entries) {
    const { method, crc, size } = p;
    const pieces: readonly Buffer[] = Array.isArray(p.raw) ? p.raw : [p.raw as Buffer];
    const stored = pieces.reduce((n, b) => n + b.length, 0);
    const name = Buffer.from(p.name, 'utf8');
    const flags = /[^\x20-\x7e]/.test(p.name) ? 0x0800 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(p.time, 10);
    local.writeUInt16LE(p.date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, ...pieces);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(p.time, 12);
    cd.writeUInt16LE(p.date, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(stored, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + stored;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  chunks.push(cdBytes, end);
  return chunks;
}
