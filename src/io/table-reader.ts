// Any table file a clerk may bring: recognise it by its bytes (not only its name), read .xlsx and .csv,
// and say clearly what to do with everything else.
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { MergeRange, RawRow } from '../core/cells.js';
import { osError, readFailure, SsjError } from '../core/errors.js';
import { EncodingError, readCsvRows, sniffCsv, type CsvFormat } from './csv-reader.js';
import { LimitError } from './limits.js';
import { zipEntries, type ZipEntry } from './zip-directory.js';

export interface TableSheet {
  /** sheet name; null for CSV */
  name: string | null;
  hidden: boolean;
  date1904: boolean;
  rows(): AsyncIterable<RawRow>;
  /** the sheet's merged ranges, known before its rows are read (CSV: none); an .xlsx sheet's part is read for them */
  merges(): Promise<MergeRange[]>;
  /**
   * .xlsx: the rows in batches, and then the merged ranges (which follow them in the sheet's XML) added to `merges` in the same
   * read, so that the sheet's part is inflated once. Absent for CSV (no merges).
   */
  rowsThenMerges?(merges: MergeRange[]): AsyncIterable<RawRow[]>;
  /** .xlsx: how much of the sheet its rows' reading has got through (0–1), for a time-left estimate */
  progress?(): number;
  /** .xlsx: the 0-based columns hidden in Excel, known once the rows are being read (CSV: none) */
  hiddenColumns?(): number[];
}

export type TableFormat = { type: 'xlsx'; entries: ZipEntry[] } | { type: 'csv'; csv: CsvFormat };

const SAVE_AS = "请用 Excel 或 WPS 打开它，另存为 .xlsx（“文件”→“另存为”→“Excel 工作簿”），再导入另存的文件";

function unreadable(file: string, message: string, hint = SAVE_AS, cause?: unknown): SsjError {
  return new SsjError('FILE_UNREADABLE', `无法读取「${basename(file)}」：${message}`, { hint, cause });
}

const LIMIT_HINT = '这不像 Excel 或 WPS 正常保存的文件。请用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入；文件确实这么大时，请拆分成几个文件';

/** A read that went past one of the limits (src/io/limits.ts): file › sheet and which limit. */
export function limitError(file: string, sheet: string | null, e: LimitError): SsjError {
  return new SsjError('INPUT_LIMIT', `不能读取「${basename(file)}」${sheet !== null ? ` › 工作表「${sheet}」` : ''}：${e.message}`, { hint: LIMIT_HINT, cause: e });
}

/** Any error while reading: an SsjError as it is, a limit named, anything else as a damaged file. */
function readError(file: string, sheet: string | null, e: unknown): SsjError {
  if (e instanceof SsjError) return e;
  if (e instanceof LimitError) return limitError(file, sheet, e);
  const os = osError(e, file, 'read');
  if (os) return os;
  const why = (e as Error)?.message?.split('\n')[0] ?? String(e);
  return unreadable(file, `文件内容已损坏，无法解析（${sheet !== null ? `工作表「${sheet}」：` : ''}${why}）`, SAVE_AS, e);
}

/**
 * The original's name when `name` is an Office lock file: Excel's owner file `~$名录.xlsx` (for long names Excel
 * replaces the first two characters), WPS's `~$…`, LibreOffice's `.~lock.名录.xlsx#`; null otherwise.
 */
export function lockFileOriginal(name: string): string | null {
  if (name.startsWith('~$') && name.length > 2) return name.slice(2);
  const m = /^\.~lock\.(.+)#$/.exec(name);
  return m ? m[1]! : null;
}

export function lockFileError(file: string, original: string): SsjError {
  return new SsjError('FILE_UNREADABLE', `「${basename(file)}」不是表格：这是 Excel/WPS 打开文件时生成的临时文件，请选择原文件`, {
    hint: `原文件通常在同一个文件夹中，名字去掉开头的 ~$ 或 .~lock.（如「…${original}」）；临时文件在关闭 Excel/WPS 后会自动消失`,
  });
}

/** Decide how to read a file, or throw a clear Chinese message. */
export async function detectFormat(file: string): Promise<TableFormat> {
  let size: number;
  const lock = lockFileOriginal(basename(file));
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw unreadable(file, '这是一个文件夹，不是表格文件', '请给出 .xlsx 或 .csv 文件的路径');
    // a device or a pipe (/dev/zero, a FIFO) has no size and may never end: not a file to read
    if (!st.isFile()) throw new SsjError('FILE_UNREADABLE', `无法读取「${file}」：这不是普通的文件（是设备或管道）`, { hint: '请给出 .xlsx 或 .csv 文件的路径' });
    size = st.size;
  } catch (e) {
    if (e instanceof SsjError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw readFailure(e, file);
    throw new SsjError('FILE_NOT_FOUND', `找不到文件「${file}」`, { hint: '请检查路径和文件名（可以把文件拖进终端窗口自动填入路径）' });
  }
  if (lock !== null) throw lockFileError(file, lock);
  if (size === 0) throw unreadable(file, '文件是空的（0 字节）', '请确认导出或复制文件时没有出错，然后重新导入');
  const ext = extname(file).toLowerCase();
  const head = Buffer.alloc(8);
  try {
    const fh = await open(file, 'r');
    try {
      await fh.read(head, 0, 8, 0);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw readFailure(e, file);
  }

  if (head.readUInt32BE(0) === 0xd0cf11e0) {
    if (ext === '.xls') throw unreadable(file, '这是旧版 Excel 97-2003 工作簿（.xls），ssj 只读取 .xlsx');
    if (ext === '.et' || ext === '.ett') throw unreadable(file, '这是 WPS 表格专用格式（.et），ssj 只读取 .xlsx');
    if (ext === '.xlsx' || ext === '.xlsm') {
      throw unreadable(file, '文件设置了打开密码（已加密），或其实是改了扩展名的 .xls', '请在 Excel 或 WPS 中取消打开密码，或另存为 .xlsx 后再导入');
    }
    throw unreadable(file, '这是旧版 Office 格式的文件，不是 .xlsx');
  }

  if (head[0] === 0x50 && head[1] === 0x4b) {
    const entries = await zipEntries(file, size);
    const names = entries?.map((e) => e.name);
    if (!entries || !names) throw unreadable(file, '文件不完整或已损坏（压缩包结构无效）', '请重新从原处复制或下载该文件；如果 Excel 能打开它，请另存为 .xlsx 后再导入');
    if (names.includes('xl/workbook.xml')) return { type: 'xlsx', entries };
    if (names.includes('xl/workbook.bin')) throw unreadable(file, '这是 Excel 二进制工作簿（.xlsb）');
    if (names.some((n) => n.startsWith('Index/') || n.endsWith('.iwa'))) {
      throw unreadable(file, '这是苹果 Numbers 文件', '请在 Numbers 中选择“文件”→“导出为”→“Excel”，导出 .xlsx 后再导入');
    }
    if (names.includes('content.xml') && names.includes('mimetype')) throw unreadable(file, '这是 OpenDocument 表格（.ods）');
    if (names.some((n) => n.startsWith('word/'))) throw unreadable(file, '这是 Word 文档，不是表格', '请把表格复制到 Excel 或 WPS 表格中，保存为 .xlsx 后再导入');
    // A workbook zipped to be sent by email (or a folder of them): unzip it first, Excel cannot open this either.
    const tables = names.filter((n) => /\.(xlsx|xlsm|xls|et|csv)$/i.test(n) && !n.startsWith('__MACOSX/') && !n.endsWith('/'));
    if (tables.length > 0) {
      // (names a Windows zip tool wrote in GBK come out garbled: then only their number is said)
      const shown = tables.every((n) => !n.includes('\uFFFD')) ? tables.slice(0, 3).map((n) => `「${n.split('/').pop()}」`).join('、') : '';
      throw unreadable(
        file,
        `这是一个压缩包，不是 Excel 工作簿；里面有${shown ? `表格文件${shown}${tables.length > 3 ? `等 ${tables.length} 个` : ''}` : ` ${tables.length} 个表格文件`}`,
        '请先解压（在文件上点右键，选“全部解压缩”或“解压到当前文件夹”），再导入解压出的表格文件',
      );
    }
    throw unreadable(file, '这是一个压缩包，但不是 Excel 工作簿');
  }

  if (['.xlsx', '.xlsm', '.xls', '.et', '.ods', '.numbers', '.xlsb'].includes(ext)) {
    const looksText = head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x20);
    if (ext === '.numbers') throw unreadable(file, 'Numbers 文件无法读取', '请在 Numbers 中导出为 Excel (.xlsx) 后再导入');
    throw unreadable(
      file,
      looksText ? `扩展名是 ${ext}，但内容是纯文本，不是 Excel 工作簿` : `扩展名是 ${ext}，但内容不是有效的 Excel 工作簿（文件可能已损坏）`,
      looksText ? '如果它是 CSV 文件，请把扩展名改为 .csv；否则请用 Excel 或 WPS 另存为 .xlsx' : SAVE_AS,
    );
  }

  // Anything else is read as delimited text.
  const csv = await sniffCsv(file);
  return { type: 'csv', csv };
}

/** The sheets of a table file. Each sheet's rows must be consumed before asking for the next. */
export async function* readTable(file: string): AsyncGenerator<TableSheet> {
  const format = await detectFormat(file);
  if (format.type === 'csv') {
    yield* csvSheets(file, format.csv);
    return;
  }
  const { readXlsx } = await import('./xlsx-reader.js');
  try {
    for await (const sheet of readXlsx(file, format.entries)) {
      yield {
        name: sheet.name,
        hidden: sheet.hidden,
        date1904: sheet.date1904,
        merges: async () => {
          try {
            return await sheet.merges();
          } catch (e) {
            throw readError(file, sheet.name, e);
          }
        },
        rows: () => guard(file, sheet.name, sheet.rows()),
        rowsThenMerges: (merges: MergeRange[]) => guard(file, sheet.name, sheet.rowBatches(merges)),
        progress: () => sheet.progress(),
        hiddenColumns: () => sheet.hiddenColumns(),
      };
    }
  } catch (e) {
    throw readError(file, null, e);
  }
}

async function* guard<T>(file: string, sheet: string | null, rows: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (e) {
    throw readError(file, sheet, e);
  }
}

async function* csvSheets(file: string, fmt: CsvFormat): AsyncGenerator<TableSheet> {
  let used = fmt;
  let retried = false;
  const sheet: TableSheet = {
    name: null,
    hidden: false,
    date1904: false,
    merges: async () => [],
    rows: async function* () {
      let seen = 0;
      for (;;) {
        try {
          // A retry as GB18030 after an ASCII start reads the same first records again: they are skipped.
          let n = 0;
          const skip = seen;
          for await (const r of readCsvRows(file, used)) {
            if (++n <= skip) continue;
            seen = n;
            yield r;
          }
          return;
        } catch (e) {
          if (e instanceof EncodingError && !retried && used.encoding === 'utf-8') {
            if (!fmt.asciiHead) {
              // real UTF-8 characters at the start, and bytes further down that are not UTF-8: two encodings
              throw unreadable(
                file,
                `文件混用了两种编码：开头是 UTF-8，从第 ${e.line} 行（按文本行数）起不是 UTF-8（像是 GBK/GB18030，常见于两个人先后用不同软件编辑、或把两个文件拼在一起）`,
                '请用 Excel 或 WPS 分别打开两部分核对文字，再另存为 .xlsx（或“CSV UTF-8”）后导入',
              );
            }
            // ASCII at the start, GBK further down: read again as GB18030.
            retried = true;
            used = { ...used, encoding: 'gb18030' };
            continue;
          }
          if (e instanceof SsjError) throw e;
          if (e instanceof LimitError) throw limitError(file, null, e);
          const os = osError(e, file, 'read');
          if (os) throw os;
          throw unreadable(file, `CSV 格式有误（${(e as Error).message.split('\n')[0]}）`, '请用 Excel 或 WPS 打开检查，另存为 .xlsx 后再导入', e);
        }
      }
    },
  };
  yield sheet;
}
