// Writes that never leave a half-written file: write a temporary file beside the target, flush, rename.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Data written and flushed to a temp file beside path, then put in place by `place` (the temp file is always removed). */
async function viaTemp(path: string, data: string | Uint8Array, place: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await place(tmp);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Write data to path atomically (temp file + fsync + rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  return viaTemp(path, data, (tmp) => rename(tmp, path));
}

/** Stream lines into a temp file in `dir`; returns the temp path (caller renames or removes). onChunk sees every byte written, in order. */
export async function writeLinesToTemp(dir: string, lines: Iterable<string>, onChunk?: (bytes: Buffer) => void): Promise<string> {
  await mkdir(dir, { recursive: true });
  const tmp = tempPathFor(join(dir, 'snapshot'));
  const out = createWriteStream(tmp);
  try {
    let buf = '';
    for (const line of lines) {
      buf += line;
      if (buf.length > 1 << 16) {
        const bytes = Buffer.from(buf, 'utf8'); // encoded once, for the hash and the file
        onChunk?.(bytes);
        if (!out.write(bytes)) await new Promise<void>((r) => out.once('drain', () => r()));
        buf = '';
      }
    }
    const last = Buffer.from(buf, 'utf8');
    onChunk?.(last);
    await new Promise<void>((resolve, reject) => out.end(last, () => resolve()).once('error', reject));
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    return tmp;
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Write a file that must never be overwritten: complete in a temp file, then linked into place (EEXIST if it exists). */
export function writeFileOnce(path: string, data: string | Uint8Array): Promise<void> {
  return viaTemp(path, data, (tmp) => link(tmp, path));
}
