// Input hygiene and errors of the operating system, through the real binary: control characters, duplicated
// header columns, Office lock files, folders where files are expected, unbalanced template braces, and EACCES /
// EPERM / EBUSY / ENOSPC — which a test running as root cannot cause for real, so they are SIMULATED: a preloaded
// hook (test/helpers/fs-fault.mjs) makes Node's fs fail on one path with that code, as the OS would.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osError, SsjError } from '../../src/core/errors.js';
import { FIXTURES, ROOT, Workdir } from '../helpers/workdir.js';

const FAULT_HOOK = join(ROOT, 'test', 'helpers', 'fs-fault.mjs');
const TEMPLATE = join(ROOT, 'templates', '抽查工作记录表.xlsx');
let w: Workdir;
let ws: string;
let drawId: string;

const run = (args: string[], env: Record<string, string> = {}) => w.run(args, { cwd: ws, env: { SSJ_TODAY: '2026-05-11', ...env } });
/** ssj with an fs call on a path containing `path` failing with `code` (simulated) */
const faulty = (code: string, path: string, args: string[]) =>
  w.run(args, { cwd: ws, env: { SSJ_TODAY: '2026-05-11', NODE_OPTIONS: `--import=${FAULT_HOOK}`, SSJ_TEST_FAULT_PATH: path, SSJ_TEST_FAULT_CODE: code } });

const HEADER = ['序号', '市场主体名称', '统一社会信用代码', '行业类别', '经营状态'];
const ROWS = [
  [1, '福建甲建设有限公司', '913508816145607318', '建筑施工', '存续'],
  [2, '福建乙建设有限公司', '91350881MA32XK2Q45', '建筑施工', '存续'],
];

async function xlsx(path: string, rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const sh = wb.addWorksheet('名录');
  for (const r of rows) sh.addRow(r);
  await wb.xlsx.writeFile(path);
}

beforeAll(async () => {
  w = new Workdir('ssj-hygiene');
  await w.samples('ws');
  ws = w.path('ws');
  const d = await run(['draw', '--item', 'ZJ-001', '--witness', '王纪检', '--witness', '李监督', '--entropy', '1234', '--entropy', '5678', '--operator', '张三', '--place', '会议室', '-y', '--json']);
  expect(d.code, d.stderr).toBe(0);
  drawId = d.json.id;
}, 120_000);
afterAll(() => w.remove());

describe('control characters in imported lists', () => {
  it('CSV: NUL, BEL and ESC are errors naming the cell, printed escaped, nothing imported', async () => {
    const file = w.path('control.csv');
    writeFileSync(file, `${HEADER.join(',')}\n1,福建甲\u001b[31m建设有限公司,913508816145607318,建筑施工,存续\n2,福建乙建设\u0007有限公司,91350881MA32XK2Q45,建筑\u0000施工,存续\n`);
    const r = await run(['import', 'entities', file]);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/第 2 行 B 列[^\n]*U\+001B ESC 转义/);
    expect(out).toMatch(/第 3 行 B 列[^\n]*U\+0007 BEL 响铃/);
    expect(out).toMatch(/第 3 行 D 列[^\n]*U\+0000 NUL 空字符/);
    expect(out).toContain('福建甲⟨U+001B⟩[31m建设有限公司');
    expect(out).not.toMatch(/[\u0000\u0007\u001b]/);
  });

  it('.xlsx: a control character saved by Excel as _x001B_ is an error too; tab and line breaks are not', async () => {
    const file = w.path('control.xlsx');
    // exceljs drops raw control characters; Excel writes them escaped, as here
    await xlsx(file, [HEADER, [1, '福建甲建设有限公司', '913508816145607318', '建筑施工', '存续_x001B_'], [2, '福建乙\t建设\n有限公司', '91350881MA32XK2Q45', '建筑施工', '存续']]);
    const r = await run(['import', 'entities', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.errors).toEqual([expect.objectContaining({ sheet: '名录', row: 2, column: 'E', field: '经营状态', value: '存续⟨U+001B⟩', message: expect.stringContaining('U+001B ESC') })]);
  });
});

describe('duplicated header columns', () => {
  it('two 统一社会信用代码 columns: an error naming both, no row imported', async () => {
    const file = w.path('dup.xlsx');
    await xlsx(file, [[...HEADER, '统一社会信用代码'], ...ROWS.map((r) => [...r, '91350100M000100Y43'])]);
    const r = await run(['import', 'entities', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.errors).toEqual([
      expect.objectContaining({
        row: 1, column: 'C、F', field: '统一社会信用代码',
        message: '表头中有 2 列都是“统一社会信用代码”：C 列「统一社会信用代码」和 F 列「统一社会信用代码」，不知道该用哪一列；请删除多余的一列，或把它改成别的名称',
      }),
    ]);
    const skip = await run(['import', 'entities', file, '--skip-invalid', '--json']);
    expect(skip.code).toBe(1);
  });
});

describe('files that are not the table', () => {
  it.each([['~$检查对象名录库.xlsx'], ['.~lock.检查对象名录库.xlsx#']])('%s: an Office lock file, named as such', async (name) => {
    const file = w.path(name);
    // Excel's owner file: 165 bytes, the user name padded with spaces
    writeFileSync(file, Buffer.concat([Buffer.from([5]), Buffer.from('tester'.padEnd(53, ' ')), Buffer.alloc(111, 0x20)]));
    const r = await run(['import', 'entities', file]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('这是 Excel/WPS 打开文件时生成的临时文件，请选择原文件');
    expect(r.stdout + r.stderr).toContain('检查对象名录库.xlsx');
    expect(r.stdout + r.stderr).not.toContain('.csv');
  });

  it('form --template given a folder: IS_DIRECTORY, no stack', async () => {
    mkdirSync(w.path('模板.xlsx'), { recursive: true });
    const r = await run(['form', drawId, '--template', w.path('模板.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`「${w.path('模板.xlsx')}」是一个文件夹，不是文件`);
    expect(r.stderr).not.toMatch(/内部错误|\n\s+at /);
    const j = await run(['form', drawId, '--template', w.path('模板.xlsx'), '--json']);
    expect(j.json.error.code).toBe('IS_DIRECTORY');
  });

  it('a path through a file (ENOTDIR, real): its own code and message', async () => {
    writeFileSync(w.path('plain.txt'), 'x');
    const r = await run(['export', 'items', '-o', w.path('plain.txt', '清单.xlsx'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('NOT_A_DIRECTORY');
    expect(r.json.error.message).toContain('清单.xlsx');
  });
});

describe('template braces', () => {
  it('unbalanced {{ or }} are listed with the other template faults', async () => {
    const zip = await JSZip.loadAsync(readFileSync(TEMPLATE));
    let ss = await zip.file('xl/sharedStrings.xml')!.async('string');
    ss = ss.replace('{{记录编号}}', '{{记录编号}').replace('{{抽查事项}}', '抽查事项}}').replace('{{抽查类型}}', '{{不存在的字段}}');
    zip.file('xl/sharedStrings.xml', ss);
    const file = w.path('坏模板.xlsx');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const r = await run(['form', drawId, '--template', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/模板 坏模板\.xlsx 有 3 处问题/);
    expect(r.stderr).toMatch(/第 \d+ 行 [A-Z]+ 列：大括号没有配对「[^」]*\{\{记录编号\}[^」]*」/);
    expect(r.stderr).toMatch(/大括号没有配对「[^」]*抽查事项\}\}[^」]*」/);
    expect(r.stderr).toContain('不认识的字段 {{不存在的字段}}');
  });
});

describe('template bounds', () => {
  it('a cell reference beyond XFD in a template is listed, not a crash', async () => {
    const zip = await JSZip.loadAsync(readFileSync(TEMPLATE));
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const last = [...sheet.matchAll(/<c r="([A-Z]+\d+)"/g)].at(-1)![1]!;
    zip.file('xl/worksheets/sheet1.xml', sheet.replace(`<c r="${last}"`, '<c r="ZZZZZZZ1"'));
    const file = w.path('越界模板.xlsx');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const r = await run(['form', drawId, '--template', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/单元格引用「ZZZZZZZ1」超出了 Excel 的范围/);
    expect(r.stderr).not.toMatch(/内部错误|\n\s+at /);
  });
});

describe('errors of the operating system (simulated through a preloaded fs hook)', () => {
  it.each([
    ['EACCES', 'ACCESS_DENIED', '没有权限读取'],
    ['EPERM', 'NOT_PERMITTED', '操作系统不允许读取'],
    ['EBUSY', 'FILE_BUSY', '正被其他程序使用，不能读取'],
    ['EISDIR', 'IS_DIRECTORY', '是一个文件夹，不是文件'],
  ])('reading an input file: %s → %s', async (errno, code, text) => {
    const file = w.path('in.csv');
    copyFileSync(join(FIXTURES, 'quirks', 'csv-utf8-bom.csv'), file);
    const r = await faulty(errno, 'in.csv', ['import', 'entities', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe(code);
    expect(r.json.error.message).toContain(text);
    expect(r.json.error.message).toContain('in.csv');
    expect(r.json.error.hint).toBeTruthy();
    const t = await faulty(errno, 'in.csv', ['import', 'entities', file]);
    expect(t.stderr).not.toMatch(/内部错误|\n\s+at /);
  });

  it.each([
    ['EACCES', 'ACCESS_DENIED', '没有权限写入'],
    ['EPERM', 'NOT_PERMITTED', '操作系统不允许写入'],
    ['EBUSY', 'FILE_BUSY', '正被其他程序使用，不能写入'],
    ['ENOSPC', 'DISK_FULL', '磁盘空间不足，不能写入'],
  ])('writing an export: %s → %s, naming the file (not its temp file)', async (errno, code, text) => {
    const out = w.path('清单.xlsx');
    const r = await faulty(errno, '清单.xlsx', ['export', 'items', '-o', out, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe(code);
    expect(r.json.error.message).toEqual(code === 'FILE_BUSY' ? `「${out}」正被其他程序使用，不能写入` : `${text}「${out}」`);
    expect(r.json.error.message).toContain(text);
  });

  it('the stack of an unexpected error is shown only with SSJ_DEBUG=1', async () => {
    const out = w.path('清单.xlsx');
    const plain = await faulty('EACCES', '清单.xlsx', ['export', 'items', '-o', out]);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await w.run(['export', 'items', '-o', out], {
      cwd: ws, env: { SSJ_DEBUG: '1', NODE_OPTIONS: `--import=${FAULT_HOOK}`, SSJ_TEST_FAULT_PATH: '清单.xlsx', SSJ_TEST_FAULT_CODE: 'EACCES' },
    });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('osError', () => {
  const errno = (code: string, path = '/data/名录.xlsx') => Object.assign(new Error(`${code}: x`), { code, path, syscall: 'open' });

  it.each([
    ['EACCES', 'ACCESS_DENIED'], ['EPERM', 'NOT_PERMITTED'], ['EISDIR', 'IS_DIRECTORY'], ['ENOSPC', 'DISK_FULL'], ['EDQUOT', 'DISK_FULL'],
    ['EBUSY', 'FILE_BUSY'], ['EROFS', 'READ_ONLY_FS'], ['ENOTDIR', 'NOT_A_DIRECTORY'], ['ENOENT', 'FILE_NOT_FOUND'],
  ])('%s → %s, with the file and a hint', (code, mapped) => {
    const e = osError(errno(code), undefined, 'read');
    expect(e).toBeInstanceOf(SsjError);
    expect(e!.code).toBe(mapped);
    expect(e!.message).toContain('/data/名录.xlsx');
    expect(e!.hint).toBeTruthy();
    expect(e!.exitCode).toBe(1);
  });

  it('names the target instead of the temp file written beside it, and leaves other errors alone', () => {
    expect(osError(errno('EACCES', '/data/.名录.xlsx.1234.ab12cd34.tmp'), undefined, 'write')!.message).toBe('没有权限写入「/data/名录.xlsx」');
    expect(osError(new Error('boom'))).toBeNull();
    expect(osError(errno('EWHATEVER'))).toBeNull();
  });
});
