// One buffer reused for reading many files one after another (ssj status reads about a thousand): no new
// allocation per file, so no fresh memory to fault in and no external memory for the garbage collector to chase.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export class ReadBuffer {
  buf: Buffer;

  constructor(size = 1 << 18) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for `n` bytes, the first `keep` bytes kept. */
  ensure(n: number, keep = 0): void {
    if (n <= this.buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
    this.buf.copy(b, 0, 0, keep);
    this.buf = b;
  }

  /** Up to `length` bytes of an open file from `position` into the buffer at `at` (growing it); the count read. */
  readAt(fd: number, at: number, length: number, position: number): number {
    this.ensure(at + length, at);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, this.buf, at + got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return got;
  }

  /**
   * Windows from the end of a file of `size` bytes read into the buffer at `at`, growing (16 KiB, then four times as
   * much, up to `limit` bytes) until `found` makes something of one: that, or undefined when the largest makes nothing.
   */
  fromEnd<T>(fd: number, size: number, at: number, limit: number, found: (window: Buffer) => T | undefined): T | undefined {
    for (let window = Math.min(limit, 1 << 14); ; window = Math.min(limit, window * 4)) {
      const got = this.readAt(fd, at, window, size - window);
      const r = found(this.buf.subarray(at, at + got));
      if (r !== undefined) return r;
      if (window >= limit) return undefined;
    }
  }

  /** A whole file's bytes: a view of the buffer, valid until its next use. Throws when the file cannot be read. */
  readFile(path: string): Buffer {
    const fd = openSync(path, 'r');
    try {
      const got = this.readAt(fd, 0, fstatSync(fd).size, 0); // (may replace this.buf)
      return this.buf.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }
}
