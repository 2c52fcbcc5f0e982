// The CRC-32 of a part written in pieces: crc32Combine against the CRC-32 of the bytes joined.
import { describe, expect, it } from 'vitest';
import { crc32, crc32Combine } from '../../src/io/zip-archive.js';

/** Bytes from a small linear congruential generator (no Math.random: a failure can be re-run). */
function bytes(seed: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('crc32Combine', () => {
  it('gives the CRC-32 of A then B from the CRC-32s of A and B and the length of B', () => {
    const lengths = [0, 1, 2, 3, 7, 8, 255, 256, 1000, 4096, 65_537, (1 << 20) + 3];
    for (const [i, la] of lengths.entries()) {
      for (const [j, lb] of lengths.entries()) {
        const a = bytes(i * 31 + j, la);
        const b = bytes(j * 17 + i + 1, lb);
        expect(crc32Combine(crc32(a), crc32(b), lb), `${la} + ${lb}`).toBe(crc32(Buffer.concat([a, b])));
      }
    }
  });

  it('chains: the head finished last and the segments checksummed as they were cut', () => {
    const head = Buffer.from('<?xml version="1.0"?><worksheet><dimension ref="A1:L32092"/><sheetData>');
    const segments = [bytes(1, 300_000), bytes(2, 1 << 20), bytes(3, 12)];
    let crc = 0;
    let size = 0;
    for (const s of segments) {
      crc = crc32(s, crc);
      size += s.length;
    }
    const tail = Buffer.from('</sheetData></worksheet>');
    expect(crc32(tail, crc32Combine(crc32(head), crc, size))).toBe(crc32(Buffer.concat([head, ...segments, tail])));
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
  });
});

describe('zipChunks', () => {
  it('is zipEntries in pieces, and a part given in pieces is stored as the pieces joined', async () => {
    const { zipChunks, zipEntries, ZipArchive } = await import('../../src/io/zip-archive.js');
    const zlib = await import('node:zlib');
    const text = Buffer.from('<sheetData>'.repeat(5000) + '中文名称'.repeat(300));
    const a = text.subarray(0, 20_000);
    const b = text.subarray(20_000);
    // two raw-deflate segments, the first ended by a sync flush, make one stream (as SheetWriter writes a sheet)
    const pieces = [zlib.deflateRawSync(a, { finishFlush: zlib.constants.Z_SYNC_FLUSH }), zlib.deflateRawSync(b)];
    const entry = (raw: Buffer | Buffer[], name: string) => ({ name, method: 8, crc: crc32(text), size: text.length, raw, time: 0, date: 0x21 });
    const whole = zipEntries([entry(Buffer.concat(pieces), 'xl/a.xml'), entry(bytes(9, 10), '名称.bin')].map((e, i) => (i === 1 ? { ...e, method: 0, size: 10, crc: crc32(bytes(9, 10)) } : e)));
    const chunks = zipChunks([entry(pieces, 'xl/a.xml'), { ...entry(bytes(9, 10), '名称.bin'), method: 0, size: 10, crc: crc32(bytes(9, 10)) }]);
    expect(chunks.length).toBeGreaterThan(4);
    expect(Buffer.concat(chunks).equals(whole)).toBe(true);
    // and it opens: the part reads back as the text
    const zip = ZipArchive.read(whole);
    expect(zip.bytes('xl/a.xml')!.equals(text)).toBe(true);
    expect(zip.bytes('名称.bin')!.equals(bytes(9, 10))).toBe(true);
  });
});
