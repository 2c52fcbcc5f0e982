// Writes that never leave a half-written file: write a temporary file beside the target, flush, rename.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { writeFailure } from '../core/errors.js';

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** What a file is written from: a text, bytes, or pieces of bytes written one after another. */
export type FileData = string | Uint8Array | readonly Uint8Array[];

/** data written at the file's current position (pieces one after another: FileHandle.writeFile writes from there). */
async function writeData(fh: FileHandle, data: FileData): Promise<void> {
  if (typeof data === 'string' || !Array.isArray(data)) await fh.writeFile(data as string | Uint8Array);
  else for (const piece of data as readonly Uint8Array[]) await fh.writeFile(piece);
}

/** Data written and flushed to a temp file beside path, then put in place by `place` (the temp file is always removed). */
async function viaTemp(path: string, data: FileData, place: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    const fh = await open(tmp, 'w');
    try {
      await writeData(fh, data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await place(tmp);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Write data to path atomically (temp file + fsync + rename, then the folder flushed so the rename lasts). */
export async function writeFileAtomic(path: string, data: FileData): Promise<void> {
  await viaTemp(path, data, (tmp) => rename(tmp, path));
  await fsyncDir(dirname(path));
}

/**
 * writeFileAtomic, and a failure said in Chinese naming the file: open in Excel or WPS (EBUSY/EPERM), no permission,
 * disk full … each its own code (core/errors.ts writeFailure). Every file a command writes for the user goes through it.
 */
export async function writeFileOrExplain(path: string, data: FileData): Promise<void> {
  try {
    await writeFileAtomic(path, data);
  } catch (e) {
    throw writeFailure(e, path);
  }
}

/** Flush a folder's entries (renames, links, removals in it) to disk. Where folders cannot be flushed, nothing. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    await fh.close();
  }
}

/** Write data to a new temp file beside `target` and flush it; returns the temp path (the caller renames or removes it). */
export async function writeTemp(target: string, data: string | Uint8Array): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return tmp;
}

/** The pid in a temp file name made by tempPathFor, or null when the name is not one. */
export function tempOwner(name: string): number | null {
  const m = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** Remove the temp files (tempPathFor's) in `dir` whose process is no longer running; returns their names. */
export async function removeDeadTemps(dir: string, isAlive: (pid: number) => boolean): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const gone: string[] = [];
  for (const n of names) {
    const pid = tempOwner(n);
    if (pid === null || pid === process.pid || isAlive(pid)) continue;
    await rm(join(dir, n), { force: true, recursive: true });
    gone.push(n);
  }
  return gone;
}

/** Stream lines into a temp file in `dir`; returns the temp path (caller renames or removes). onChunk sees every byte written, in order. */
export async function writeLinesToTemp(dir: string, lines: Iterable<string>, onChunk?: (bytes: Buffer) => void): Promise<string> {
  await mkdir(dir, { recursive: true });
  const tmp = tempPathFor(join(dir, 'snapshot'));
  const out = createWriteStream(tmp);
  try {
    // Lines are encoded straight into 1 MB buffers (once, for the hash and the file); a full one is handed to
    // the stream and a new one started, so a buffer is never changed while it is being written.
    const SIZE = 1 << 20;
    let buf = Buffer.allocUnsafe(SIZE);
    let used = 0;
    const flush = async (bytes: Buffer) => {
      onChunk?.(bytes);
      if (!out.write(bytes)) await new Promise<void>((r) => out.once('drain', () => r()));
    };
    for (const line of lines) {
      if (used + line.length * 3 > SIZE) {
        // (a UTF-16 unit is at most 3 bytes of UTF-8)
        if (used > 0) await flush(buf.subarray(0, used));
        buf = Buffer.allocUnsafe(SIZE);
        used = 0;
        if (line.length * 3 > SIZE) {
          await flush(Buffer.from(line, 'utf8'));
          continue;
        }
      }
      used += buf.write(line, used, 'utf8');
    }
    const last = buf.subarray(0, used);
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
