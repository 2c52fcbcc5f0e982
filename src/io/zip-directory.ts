// Random access to the parts of a zip file (an .xlsx), from its central directory at the end of the file.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { LimitError, MB } from './limits.js';

export interface ZipEntry {
  name: string;
  /** general purpose flags (bit 0: encrypted) */
  flags: number;
  /** 0 stored, 8 deflated */
  method: number;
  /** DOS time and date */
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** offset of the local file header */
  offset: number;
}

/** The end-of-central-directory record in `tail` (the last ≤ 65,557 bytes of a zip), or null when there is none. */
export function findEocd(tail: Buffer): { count: number; cdSize: number; cdOffset: number } | null {
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) return null;
  return { count: tail.readUInt16LE(eocd + 10), cdSize: tail.readUInt32LE(eocd + 12), cdOffset: tail.readUInt32LE(eocd + 16) };
}

/** The entries of a central directory, as long as their signatures run. */
export function centralEntries(cd: Buffer): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50) {
    const n = cd.readUInt16LE(p + 28);
    entries.push({
      name: cd.toString('utf8', p + 46, p + 46 + n),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      time: cd.readUInt16LE(p + 12),
      date: cd.readUInt16LE(p + 14),
      crc: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
    });
    p += 46 + n + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return entries;
}

/** The entries of a zip, or null when the file has no valid central directory (truncated, not a zip). */
export async function zipEntries(file: string, size: number): Promise<ZipEntry[] | null> {
  const fh = await open(file, 'r');
  try {
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    const eocd = findEocd(tail);
    if (!eocd) return null;
    const { cdSize, cdOffset } = eocd;
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff) return null; // zip64: not written for workbooks of this size
    if (cdOffset + cdSize > size) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    return centralEntries(cd);
  } finally {
    await fh.close();
  }
}

/**
 * The content of one entry, as a stream of chunks (inflated when deflated). `onBytes` is told the bytes delivered
 * so far, after each chunk (progress: against the size the central directory declares).
 */
export async function openEntry(file: string, entry: ZipEntry, maxBytes?: number, onBytes?: (total: number) => void): Promise<AsyncIterable<Buffer>> {
  if (maxBytes !== undefined && entry.size > maxBytes) throw tooBig(entry, maxBytes);
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
  if (entry.method === 0) return bounded(raw, entry, maxBytes, onBytes);
  if (entry.method !== 8) throw new Error(`unsupported compression method ${entry.method} for ${entry.name}`);
  const inflate = createInflateRaw({ chunkSize: 1 << 16 });
  raw.on('error', (e) => inflate.destroy(e));
  inflate.on('close', () => raw.destroy()); // a reader that stops early (after </sheetData>) frees the file too
  return bounded(raw.pipe(inflate), entry, maxBytes, onBytes);
}

const tooBig = (entry: ZipEntry, max: number) =>
  new LimitError(`部件 ${entry.name} 解压后超过 ${MB(max)}（ssj 读取的上限）`);

/**
 * The chunks of an entry, stopped as soon as they pass what its central directory declares (a damaged or
 * forged zip) or `maxBytes`: a small file that inflates without end is refused after reading at most that much.
 */
async function* bounded(source: AsyncIterable<Buffer>, entry: ZipEntry, maxBytes: number | undefined, onBytes?: (total: number) => void): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (maxBytes !== undefined && total > maxBytes) throw tooBig(entry, maxBytes);
    if (total > entry.size) throw new Error(`部件 ${entry.name} 解压后超过了压缩包目录中登记的大小（${entry.size} 字节）`);
    onBytes?.(total);
    yield chunk;
  }
}
