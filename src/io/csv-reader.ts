// CSV as clerks have it: UTF-8 with or without BOM, GB18030/GBK as Chinese Windows Excel saves it,
// UTF-16 tab-separated ("Unicode 文本"); comma, tab or semicolon separated.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import type { RawRow } from '../core/cells.js';
import { LIMITS, LimitError, MB } from './limits.js';

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface CsvFormat {
  encoding: TextEncoding;
  bom: number;
  delimiter: string;
  /** the sniffed start of the file is plain ASCII (no character tells UTF-8 from GB18030 yet) */
  asciiHead?: boolean;
}

const SNIFF_BYTES = 256 * 1024;

/** Guess the encoding and delimiter from the start of the file. */
export async function sniffCsv(file: string): Promise<CsvFormat> {
  const fh = await open(file, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  let encoding: TextEncoding;
  let bom = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) [encoding, bom] = ['utf-8', 3];
  else if (head[0] === 0xff && head[1] === 0xfe) [encoding, bom] = ['utf-16le', 2];
  else if (head[0] === 0xfe && head[1] === 0xff) [encoding, bom] = ['utf-16be', 2];
  else {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
      encoding = 'utf-8';
    } catch {
      encoding = 'gb18030';
    }
  }
  const text = new TextDecoder(encoding).decode(head.subarray(bom), { stream: true });
  const asciiHead = bom === 0 && head.every((b) => b < 0x80);
  return { encoding, bom, delimiter: guessDelimiter(text), asciiHead };
}

function guessDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).slice(0, 30);
  let best = ',';
  let bestScore = 0;
  for (const d of [',', '\t', ';']) {
    const score = lines.reduce((n, l) => n + l.split(d).length - 1, 0);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

export class EncodingError extends Error {
  /** the text line (1-based) where the bytes stop being UTF-8 */
  constructor(readonly line: number) {
    super('not utf-8');
  }
}

async function* decoded(file: string, fmt: CsvFormat): AsyncGenerator<string> {
  const decoder = new TextDecoder(fmt.encoding, { fatal: fmt.encoding === 'utf-8' });
  const stream = createReadStream(file, { start: fmt.bom, highWaterMark: 1 << 20 });
  let lines = 1;
  try {
    for await (const chunk of stream) {
      let s: string;
      try {
        s = decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        // where it stopped: the first replacement character of a lenient decoding of this chunk
        const loose = new TextDecoder('utf-8').decode(chunk as Buffer);
        const bad = loose.indexOf('\uFFFD');
        throw new EncodingError(lines + countLines(loose.slice(0, bad < 0 ? loose.length : bad)));
      }
      lines += countLines(s);
      if (s) yield s;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Rows of a CSV file; row numbers are record numbers, as Excel shows the file opened. */
export async function* readCsvRows(file: string, fmt: CsvFormat): AsyncGenerator<RawRow> {
  // pipeline (not pipe) so that a decoding error reaches the loop below.
  const parser = pipeline(
    Readable.from(decoded(file, fmt)),
    parse({
      delimiter: fmt.delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: false,
      max_record_size: LIMITS.csvRecordBytes,
    }),
    () => {},
  );
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (row > LIMITS.maxRow) throw new LimitError(`超过 ${LIMITS.maxRow} 行（Excel 一个工作表的上限）`);
      for (let i = 0; i < record.length; i++) {
        const v = record[i]!;
        if (v.length > LIMITS.cellChars) {
          throw new LimitError(`第 ${row} 行第 ${i + 1} 列的文字超过 ${LIMITS.cellChars} 个字符（Excel 一个单元格的上限）`);
        }
        // ="0123": how systems write a code into a CSV so that Excel keeps it as text (Excel shows 0123)
        if (v.length >= 3 && v.charCodeAt(0) === 61 && v.charCodeAt(1) === 34 && v.charCodeAt(v.length - 1) === 34) record[i] = v.slice(2, -1).replace(/""/g, '"');
      }
      if (record.length > LIMITS.maxColumn) throw new LimitError(`第 ${row} 行超过 ${LIMITS.maxColumn} 列（Excel 的上限）`);
      yield { row, cells: record };
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      throw new LimitError(`第 ${row + 1} 行（一条记录）超过 ${MB(LIMITS.csvRecordBytes)}，可能是引号没有配对`);
    }
    throw e;
  }
}
