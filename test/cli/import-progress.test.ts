// The progress line of a large .xlsx import on a terminal (through a pseudo-terminal made by script(1)):
// rows read, rate, time so far and the time left, estimated from how much of the sheet's XML has been read.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { withCheckChar } from '../../src/core/credit-code.js';
import { ZipArchive } from '../../src/io/zip-archive.js';
import { PROGRESS_MIN_BYTES } from '../../src/ui/progress.js';
import { BIN, Workdir } from '../helpers/workdir.js';
import { hasScript } from '../helpers/pty.js';


describe.skipIf(!hasScript)('xlsx import progress (script(1) pseudo-terminal)', () => {
  it('shows rows read, the estimated rows and the time left for a large .xlsx, and nothing when stderr is not a terminal', async () => {
    const v = new Workdir('ssj-xlsx-progress');
    try {
      await v.init();
      const file = v.path('big.xlsx');
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('名录');
      ws.addRow(['序号', '市场主体名称', '统一社会信用代码', '联系电话', '行业类别', '监管责任股室', '所在乡镇', '经营状态']);
      const rows = 30_000;
      for (let i = 0; i < rows; i++) {
        ws.addRow([i + 1, `示例县第${i + 1}号建筑工程有限公司`, withCheckChar(`91350881${String(10000000 + i)}0`.slice(0, 17)), 13900000000 + i, '建筑施工企业', '建筑业股', '城关镇', '存续']);
      }
      await wb.xlsx.writeFile(file);
      // an incompressible part nothing refers to, so that the file is as large as one that gets a progress line
      const zip = ZipArchive.read(readFileSync(file));
      zip.set('docProps/padding.bin', randomBytes(PROGRESS_MIN_BYTES));
      writeFileSync(file, zip.toBuffer());
      expect(statSync(file).size).toBeGreaterThan(PROGRESS_MIN_BYTES);

      const plain = await v.run(['import', 'entities', file, '--json']);
      expect(plain.json).toMatchObject({ ok: true, imported: rows });
      expect(plain.stderr).not.toContain('正在读取');
      const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} import entities ${JSON.stringify(file)} >/dev/null`;
      const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: v.dir, encoding: 'utf8', env: { ...process.env, SSJ_TODAY: '2026-11-22' }, timeout: 120_000 });
      expect(tty.status, tty.stdout).toBe(0);
      const lines = tty.stdout.split(/\r\x1b\[K/).filter((l) => l.startsWith('正在读取'));
      expect(lines.length, tty.stdout).toBeGreaterThan(0);
      const m = /^正在读取「big\.xlsx」：工作表「名录」，已读 ([\d,]+) \/ 约 ([\d,]+) 行，每秒 [\d,]+ 行，已用 \d+ 秒，预计还需 \d+ 秒/.exec(lines[0]!);
      expect(m, lines[0]).not.toBeNull();
      // the estimate comes from the share of the sheet read: near the real number of rows
      const estimate = Number(m![2]!.replace(/,/g, ''));
      expect(estimate).toBeGreaterThan(rows * 0.7);
      expect(estimate).toBeLessThan(rows * 1.3);
    } finally {
      v.remove();
    }
  }, 300_000);
});
