// Files written for the user (exports, forms) go through one write-or-explain helper (writeFileOrExplain): a
// failure names the file, with its own code. Errors root cannot cause (EIO, ENOENT on a write) are SIMULATED by the
// preloaded fs hook (test/helpers/fs-fault.mjs) on the output's path.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, Workdir } from '../helpers/workdir.js';

const FAULT_HOOK = join(ROOT, 'test', 'helpers', 'fs-fault.mjs');
let w: Workdir;
let ws: string;
let drawId: string;

const faulty = (code: string, path: string, args: string[]) =>
  w.run(args, { cwd: ws, env: { NODE_OPTIONS: `--import=${FAULT_HOOK}`, SSJ_TEST_FAULT_PATH: path, SSJ_TEST_FAULT_CODE: code } });

beforeAll(async () => {
  w = new Workdir('ssj-write');
  await w.samples('ws');
  ws = w.path('ws');
  const d = await w.run(['draw', '--item', 'ZJ-001', '--witness', '王纪检', '--entropy', '12345678', '-y', '--json'], { cwd: ws });
  expect(d.code, d.stderr).toBe(0);
  drawId = d.json.id;
}, 120_000);
afterAll(() => w.remove());

describe('a write that fails for a reason with no code of its own (EIO): FILE_UNWRITABLE, naming the file', () => {
  it.each([
    ['export items', () => ['export', 'items', '-o', w.path('出错', '清单.xlsx')], '清单.xlsx'],
    ['export items --format csv', () => ['export', 'items', '--format', 'csv', '-o', w.path('出错', '清单.csv')], '清单.csv'],
    ['form', () => ['form', drawId, '-o', w.path('出错', '签字表.xlsx')], '签字表.xlsx'],
  ])('%s', async (_name, args, file) => {
    const out = w.path('出错', file);
    const r = await faulty('EIO', file, [...args(), '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('FILE_UNWRITABLE');
    expect(r.json.error.message).toMatch(new RegExp(`^不能写入「${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}」`));
    expect(r.json.error.hint).toMatch(/Excel 或 WPS/);
    expect(existsSync(out)).toBe(false);
    const t = await faulty('EIO', file, args());
    expect(t.code).toBe(1);
    expect(t.stderr).toContain(`不能写入「${out}」`);
    expect(t.stderr).not.toMatch(/内部错误|\n\s+at /);
  });
});

describe('a write whose folder is missing (ENOENT on the write)', () => {
  it('form -o: FOLDER_NOT_FOUND naming the file, not "找不到" the file being written', async () => {
    const out = w.path('没有的文件夹', '签字表.xlsx');
    const r = await faulty('ENOENT', '签字表.xlsx', ['form', drawId, '-o', out, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('FOLDER_NOT_FOUND');
    expect(r.json.error.message).toBe(`不能写入「${out}」：所在的文件夹不存在（可能刚被移动或删除）`);
  });

  it('a folder that does not exist yet is created: the write succeeds', async () => {
    const out = w.path('新文件夹', '下一层', '清单.xlsx');
    const r = await w.run(['export', 'items', '-o', out, '--json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});

describe('writeFileAtomic', () => {
  it('writes pieces one after another (an .xlsx from zipChunks): the file is their bytes joined, no temp file left', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { writeFileAtomic } = await import('../../src/io/atomic.js');
    const pieces = [Buffer.from('PK'), Buffer.alloc(100_000, 7), Buffer.from('中文'), Buffer.alloc(0), Buffer.alloc(70_000, 9)];
    const path = w.path('pieces', 'out.xlsx');
    await writeFileAtomic(path, pieces);
    expect(readFileSync(path).equals(Buffer.concat(pieces))).toBe(true);
    // written again, shorter: the new pieces only (the file is replaced, not written over)
    await writeFileAtomic(path, [Buffer.from('ab'), Buffer.from('c')]);
    expect(readFileSync(path, 'utf8')).toBe('abc');
    expect(readdirSync(w.path('pieces'))).toEqual(['out.xlsx']);
  });
});
