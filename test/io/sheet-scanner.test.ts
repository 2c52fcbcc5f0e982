// The fast worksheet scanner gives exactly what the saxes-based parser gives, on every .xlsx fixture.
import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MergeRange, RawRow } from '../../src/core/cells.js';
import { scanSheet } from '../../src/io/sheet-scanner.js';
import { parseSheet } from '../../src/io/xlsx-reader.js';
import type { StyleInfo } from '../../src/io/xlsx-parts.js';
import { openEntry, zipEntries } from '../../src/io/zip-directory.js';
import { FIXTURES } from '../helpers/workdir.js';

const files = ['quirks', 'sample'].flatMap((d) =>
  readdirSync(join(FIXTURES, d)).filter((f) => f.endsWith('.xlsx') && !f.startsWith('broken')).map((f) => join(FIXTURES, d, f)),
);

// A style lookup that exercises the date and zero-padding paths for style ids 1 and 2.
const style = (s: number): StyleInfo => (s === 1 ? { date: true, zeroPad: 0 } : s === 2 ? { date: false, zeroPad: 11 } : { date: false, zeroPad: 0 });
const shared = Array.from({ length: 5000 }, (_, i) => `共享${i}`);

async function collect(parse: typeof scanSheet, file: string, name: string) {
  const entries = (await zipEntries(file, (await stat(file)).size))!;
  const entry = entries.find((e) => e.name === name)!;
  const rows: RawRow[] = [];
  const merges: MergeRange[] = [];
  for await (const r of parse(await openEntry(file, entry), shared, style, false, merges)) rows.push(r);
  return { rows, merges };
}

describe('sheet scanner', () => {
  it.each(files.map((f) => [f.slice(FIXTURES.length + 1), f]))('%s: same rows and merges as the SAX parser', async (_n, file) => {
    const entries = (await zipEntries(file, (await stat(file)).size))!;
    const sheets = entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name));
    expect(sheets.length).toBeGreaterThan(0);
    for (const sh of sheets) {
      const fast = await collect(scanSheet, file, sh.name);
      const ref = await collect(parseSheet, file, sh.name);
      expect(fast.rows).toEqual(ref.rows);
      expect(fast.merges).toEqual(ref.merges);
    }
  });
});
