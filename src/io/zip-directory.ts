// Random access to the parts of a zip file (an .xlsx), from its central directory at the end of the file.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  compressedSize: number;
  /** offset of the local file header */
  offset: number;
}

/** The entries of a zip, or null when the file has no valid central directory (truncated, not a zip). */
export async function zipEntries(file: string, size: number): Promise<ZipEntry[] | null> {
  const fh = await open(file, 'r');
  try {
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tail.length) return null;
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff) return null; // zip64: not written for workbooks of this size
    if (cdOffset + cdSize > size) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    while (p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50) {
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const n = cd.readUInt16LE(p + 28);
      const x = cd.readUInt16LE(p + 30);
      const c = cd.readUInt16LE(p + 32);
      const offset = cd.readUInt32LE(p + 42);
      entries.push({ name: cd.toString('utf8', p + 46, p + 46 + n), method, compressedSize, offset });
      p += 46 + n + x + c;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** The content of one entry, as a stream of chunks (inflated when deflated). */
export async function openEntry(file: string, entry: ZipEntry): Promise<AsyncIterable<Buffer>> {
  const fh = await open(file, 'r');
  let start: number;
  try {
    const head = Buffer.alloc(30);
    await fh.read(head, 0, 30, entry.offset);
    if (head.readUInt32LE(0) !== 0x04034b50) throw new Error(`bad local header for ${entry.name}`);
    start = entry.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (entry.compressedSize === 0) return (async function* () {})();
  const raw = createReadStream(file, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 16 });
  if (entry.method === 0) return raw;
  if (entry.method !== 8) throw new Error(`unsupported compression method ${entry.method} for ${entry.name}`);
  const inflate = createInflateRaw({ chunkSize: 1 << 16 });
  raw.on('error', (e) => inflate.destroy(e));
  return raw.pipe(inflate);
}
