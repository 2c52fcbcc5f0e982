// One code per cause: osError for the operating system's errors by operation, writeFailure for any failed write.
import { describe, expect, it } from 'vitest';
import { osError, readFailure, SsjError, writeFailure } from '../../src/core/errors.js';

const errno = (code: string, path = '/data/清单.xlsx', syscall = 'open') => Object.assign(new Error(`${code}: x`), { code, path, syscall });

describe('osError by operation', () => {
  it('ENOENT reading is FILE_NOT_FOUND; writing it is FOLDER_NOT_FOUND (a write creates its file)', () => {
    expect(osError(errno('ENOENT'), undefined, 'read')!.code).toBe('FILE_NOT_FOUND');
    const w = osError(errno('ENOENT'), undefined, 'write')!;
    expect(w.code).toBe('FOLDER_NOT_FOUND');
    expect(w.message).toBe('不能写入「/data/清单.xlsx」：所在的文件夹不存在（可能刚被移动或删除）');
    expect(w.hint).toBeTruthy();
  });

  it('too many open files is TOO_MANY_FILES, not FILE_BUSY (a file open in Excel)', () => {
    for (const code of ['EMFILE', 'ENFILE']) expect(osError(errno(code), undefined, 'read')!.code).toBe('TOO_MANY_FILES');
    expect(osError(errno('EBUSY'), undefined, 'read')!.code).toBe('FILE_BUSY');
  });
});

describe('writeFailure', () => {
  it('an error of no known kind: FILE_UNWRITABLE naming the file, with a hint about Excel / WPS and -o', () => {
    const e = writeFailure(errno('EIO', '/data/.清单.xlsx.1234.ab12cd34.tmp'), '/data/清单.xlsx');
    expect(e.code).toBe('FILE_UNWRITABLE');
    expect(e.message).toBe('不能写入「/data/清单.xlsx」（EIO: x）');
    expect(e.hint).toMatch(/Excel 或 WPS/);
    expect(e.hint).toMatch(/-o/);
    expect(e.exitCode).toBe(1);
  });

  it('a known error keeps its own code, naming the target (not the temp file)', () => {
    const e = writeFailure(errno('EACCES', '/data/.清单.xlsx.1234.ab12cd34.tmp'), '/data/清单.xlsx');
    expect(e.code).toBe('ACCESS_DENIED');
    expect(e.message).toBe('没有权限写入「/data/清单.xlsx」');
  });

  it('passes an SsjError on as it is; a thrown non-Error is FILE_UNWRITABLE too', () => {
    const mine = new SsjError('PRIVATE_DATA', 'x');
    expect(writeFailure(mine, '/data/清单.xlsx')).toBe(mine);
    expect(writeFailure('boom', '/data/清单.xlsx').code).toBe('FILE_UNWRITABLE');
  });
});

describe('readFailure', () => {
  it('an error of no known kind: FILE_UNREADABLE naming the file; a known one keeps its code', () => {
    const e = readFailure(errno('EIO'), '/data/模板.xlsx');
    expect(e.code).toBe('FILE_UNREADABLE');
    expect(e.message).toBe('无法读取「/data/模板.xlsx」（EIO: x）');
    expect(e.hint).toBeTruthy();
    expect(readFailure(errno('EACCES'), '/data/模板.xlsx').code).toBe('ACCESS_DENIED');
    expect(readFailure(errno('ENOENT'), '/data/模板.xlsx').code).toBe('FILE_NOT_FOUND');
  });
});
