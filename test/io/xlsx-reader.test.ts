// The patched streaming reader on files large enough to split characters across chunks.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/io/xlsx-reader.js';
import { zipEntries } from '../../src/io/zip-directory.js';

const dir = mkdtempSync(join(tmpdir(), 'ssj-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHARS = '示例县闽西恒达建筑工程有限公司华建新城瑞丰顺达中联德信博远汇通天和九龙宏图鑫源昌隆嘉禾永盛金山明光众诚安泰海峡利民万家';
const names = Array.from({ length: 6000 }, (_, i) => {
  let s = '';
  for (let k = 0, n = i * 7919 + 13; k < 8 + (i % 5); k++, n = Math.floor(n / 3) + k * 31) s += CHARS[n % CHARS.length];
  return `${s}${i}号`;
});

async function readAll(file: string) {
  const out: { sheet: string; cells: unknown[][] }[] = [];
  const entries = (await zipEntries(file, statSync(file).size))!;
  for await (const sheet of readXlsx(file, entries)) {
    const cells: unknown[][] = [];
    for await (const r of sheet.rows()) cells.push(r.cells);
    out.push({ sheet: sheet.name, cells });
  }
  return out;
}

describe('streaming xlsx reader', () => {
  const sharedFile = join(dir, 'shared.xlsx');
  const inlineFile = join(dir, 'inline.xlsx');
  beforeAll(async () => {
    // shared strings, as Excel writes them
    const w1 = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: sharedFile, useSharedStrings: true });
    const s1 = w1.addWorksheet('名录');
    for (const n of names) s1.addRow([n]).commit();
    s1.commit();
    await w1.commit();
    // inline strings in the sheet XML itself
    const w2 = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: inlineFile, useSharedStrings: false });
    const s2 = w2.addWorksheet('名录');
    for (const n of names) s2.addRow([n]).commit();
    s2.commit();
    await w2.commit();
  });

  it('never splits a Chinese character at a chunk boundary (exceljs #2063)', async () => {
    for (const file of [sharedFile, inlineFile]) {
      const [sheet] = await readAll(file);
      expect(sheet!.sheet).toBe('名录');
      const got = sheet!.cells.map((c) => c[0]);
      expect(got.filter((s) => String(s).includes('\uFFFD'))).toEqual([]);
      expect(got).toEqual(names);
    }
  });
});
