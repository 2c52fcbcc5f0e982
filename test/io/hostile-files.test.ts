// Hostile files through the real binary: generated at test time by fixtures/hostile.mjs into a temp folder (the
// bombs are never committed), each refused with a clear message naming the file, the sheet and the limit, with
// the child's peak memory bounded (measured by the child itself through a preloaded hook: maxRSS on exit). No
// timing asserts; each run is expected to take seconds.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { buildHostile, creditCode, ENTITY_HEADER } from '../../fixtures/hostile.mjs';
import { BIN, ROOT } from '../helpers/workdir.js';

const MAXRSS_HOOK = join(ROOT, 'test', 'helpers', 'maxrss.mjs');
/** Peak memory allowed for refusing or reading any of these files (a plain import of a small list takes ~70 MB). */
const MEMORY_CAP_MB = 400;

let dir: string;
let files: Record<string, string>;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
  maxRssMb: number;
}

function ssj(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', MAXRSS_HOOK, BIN, ...args],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1', SSJ_TODAY: '2026-11-22', SSJ_USER: 'tester' }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const m = /SSJ_TEST_MAXRSS (\d+)/.exec(stderr);
        let json: any;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: stderr.replace(/\n?SSJ_TEST_MAXRSS \d+\n/, ''), json, maxRssMb: m ? Number(m[1]) / 1024 : NaN });
      },
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ssj-hostile-'));
  files = buildHostile(join(dir, 'files'));
  const init = await ssj(['init', 'ws', '--org', '测试局', '--year', '2026']);
  expect(init.code, init.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const importEntities = (file: string) => ssj(['-C', 'ws', 'import', 'entities', file, '--json']);

describe('hostile .xlsx files are refused clearly, in bounded memory', () => {
  it.each([
    ['ref-beyond-xfd.xlsx', /工作表「名录」：单元格引用「ZZZZZZZ1」超出了 Excel 的范围/],
    ['row-beyond-max.xlsx', /工作表「名录」：行号「99999999999」超出了 Excel 的范围/],
    ['merge-beyond-max.xlsx', /工作表「名录」：单元格引用「D99999999」超出了 Excel 的范围/],
    ['whitespace-bomb.xlsx', /工作表「名录」：工作表中有超过 8 MB 的一段内容没有任何 XML 标记/],
    ['merge-bomb.xlsx', /工作表「名录」：合并单元格超过 1048576 处/],
    ['row-too-long.xlsx', /工作表「名录」：第 2 行（或其前后）的 XML 超过 32 MB/],
    ['string-too-long.xlsx', /共享字符串第 1 条超过 32767 个字符/],
    // (a text longer than any cell's is refused as soon as it is: copying it chunk by chunk up to the 8 MB run limit took hundreds of MB)
    ['text-node-bomb.xlsx', /共享字符串第 1 条超过 32767 个字符（Excel 一个单元格的上限）/],
    ['shared-part.xlsx', /工作表「表2」与另一张工作表是同一个部件（xl\/worksheets\/sheet1\.xml）/],
  ])('%s', async (name, message) => {
    const r = await importEntities(files[name]!);
    expect(r.code, r.stderr).toBe(1);
    expect(r.json.ok).toBe(false);
    const text = JSON.stringify(r.json);
    expect(text).toContain(`「${name}」`);
    expect(text).toMatch(message);
    expect(text).not.toMatch(/内部错误|at .*\.js:\d+/);
    expect(r.maxRssMb).toBeLessThan(MEMORY_CAP_MB);
    // nothing was imported
    const list = await ssj(['-C', 'ws', 'list', 'entities', '--json']);
    expect(list.code === 0 ? list.json.length : 0).toBe(0);
  });

  it('says it in the terminal too, with the code INPUT_LIMIT in --json and no stack', async () => {
    const r = await ssj(['-C', 'ws', 'import', 'entities', files['ref-beyond-xfd.xlsx']!]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('不能读取「ref-beyond-xfd.xlsx」 › 工作表「名录」：单元格引用「ZZZZZZZ1」超出了 Excel 的范围（Excel 的范围是 A–XFD 列（16384 列）、第 1–1048576 行）');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const j = await importEntities(files['ref-beyond-xfd.xlsx']!);
    // --json: the code in `error` (as every command's failure has it), the problem in `errors` (as an import's are)
    expect(j.json.ok).toBe(false);
    expect(j.json.error.code).toBe('INPUT_LIMIT');
    expect(j.json.error.message).toContain('单元格引用「ZZZZZZZ1」超出了 Excel 的范围');
    expect(j.json.errors.map((e: any) => [e.file, e.row])).toEqual([['ref-beyond-xfd.xlsx', null]]);
    expect(j.json.errors[0].message).toContain(j.json.error.message);
  });

  it('results import refuses the same file the same way', async () => {
    const r = await ssj(['-C', 'ws', 'results', 'import', files['ref-beyond-xfd.xlsx']!, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('INPUT_LIMIT');
    expect(r.json.error.message).toMatch(/「ref-beyond-xfd\.xlsx」 › 工作表「名录」：单元格引用「ZZZZZZZ1」/);
    expect(r.maxRssMb).toBeLessThan(MEMORY_CAP_MB);
  });

  it('whitespace between rows in runs under the limit is read through, in linear time: the rows import', async () => {
    const r = await importEntities(files['whitespace-spread.xlsx']!);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const list = await ssj(['-C', 'ws', 'list', 'entities', '--json']);
    expect(list.json.map((e: any) => e.name)).toEqual([1, 2, 3, 4, 5].map((i) => `示例建材有限公司${i}`));
    expect(r.maxRssMb).toBeLessThan(MEMORY_CAP_MB);
  });

  it('reads a workbook whose elements carry a namespace prefix (x:), as LibreOffice does', async () => {
    const r = await ssj(['-C', 'ws', 'import', 'entities', files['x-prefix.xlsx']!, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const list = await ssj(['-C', 'ws', 'list', 'entities', '--json']);
    expect(list.json.map((e: any) => [e.name, e.creditCode, e.category])).toEqual(
      [1, 2, 3].map((i) => [`示例建材有限公司${i}`, creditCode(100000 + i), '建筑施工']),
    );
  });
});

describe('hostile CSV files', () => {
  it('a record of several megabytes (an unclosed quote) is refused', async () => {
    const r = await importEntities(files['field-too-long.csv']!);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('INPUT_LIMIT');
    expect(r.json.error.message).toMatch(/「field-too-long\.csv」：第 2 行（一条记录）超过 4 MB/);
    expect(r.maxRssMb).toBeLessThan(MEMORY_CAP_MB);
  });

  it('a field longer than an Excel cell is refused, naming row and column', async () => {
    const file = join(dir, 'long-cell.csv');
    writeFileSync(file, `${ENTITY_HEADER.join(',')}\n1,${'长'.repeat(40_000)},${creditCode(100001)},建筑施工,存续\n`);
    const r = await importEntities(file);
    expect(r.code).toBe(1);
    expect(r.json.error.message).toContain('第 2 行第 2 列的文字超过 32767 个字符');
  });

  it('a CSV mixing UTF-8 and GB18030 is reported as such, with the line where it changes', async () => {
    const r = await importEntities(files['mixed-encoding.csv']!);
    expect(r.code).toBe(1);
    expect(r.json.errors.map((e: any) => e.message)).toEqual([expect.stringContaining('文件混用了两种编码：开头是 UTF-8，从第 4002 行（按文本行数）起不是 UTF-8')]);
    // before: "没有找到检查对象名录库的表头 / 跳过工作表「null」" (the UTF-8 header re-read as GB18030)
    const t = await ssj(['-C', 'ws', 'import', 'entities', files['mixed-encoding.csv']!]);
    expect(t.stderr).toContain('文件混用了两种编码');
    expect(t.stderr).not.toContain('null');
    expect(t.stderr).not.toContain('没有找到');
  });
});
