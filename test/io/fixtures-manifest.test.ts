// Every file in fixtures/ (built by fixtures/build.mjs) imports as its manifest entry says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SsjError } from '../../src/core/errors.js';
import { SCHEMAS } from '../../src/core/schema.js';
import { importSummary } from '../../src/core/summary.js';
import { KEY_OF } from '../../src/core/snapshot.js';
import type { ListKind, Problem } from '../../src/core/types.js';
import { readList } from '../../src/io/read-list.js';
import { FIXTURES } from '../helpers/workdir.js';

interface Entry {
  file: string;
  kind: ListKind;
  quirk: string;
  args?: string[];
  expect: {
    ok: boolean;
    imported?: number;
    active?: number;
    gone?: number;
    errors: { sheet: string | null; row: number | null; column: string | null; field: string | null }[];
    records?: Record<string, unknown>[];
    skippedSheets?: string[];
    messageIncludes?: string;
  };
}

const manifest = JSON.parse(readFileSync(join(FIXTURES, 'quirks', 'manifest.json'), 'utf8')) as Entry[];

function sheetsArg(args: string[] = []): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === '--sheet') out.push(args[++i]!);
  return out.length ? out : undefined;
}

describe.each(manifest.map((e) => [`${e.file} ${e.args?.join(' ') ?? ''}— ${e.quirk}`, e] as const))('%s', (_name, entry) => {
  it('imports as the manifest says', async () => {
    const path = join(FIXTURES, entry.file);
    let errors: Problem[];
    let records: Record<string, unknown>[] = [];
    let skipped: string[] = [];
    try {
      const sheets = sheetsArg(entry.args);
      const outcome = await readList(path, entry.kind, { asOf: '2026-11-22', ...(sheets ? { sheets } : {}) });
      errors = outcome.errors;
      records = outcome.records as unknown as Record<string, unknown>[];
      skipped = outcome.sheets.filter((s) => s.status === 'skipped').map((s) => s.name ?? '');
      if (entry.expect.ok) {
        const sum = importSummary(entry.kind, outcome.records, '2026-11-22');
        if (entry.expect.imported !== undefined) expect(records.length).toBe(entry.expect.imported);
        if (entry.expect.active !== undefined) expect(sum.active).toBe(entry.expect.active);
        if (entry.expect.gone !== undefined) expect(sum.gone).toBe(entry.expect.gone);
      }
    } catch (e) {
      if (!(e instanceof SsjError)) throw e;
      if (process.env.DEBUG_MANIFEST) process.stderr.write(`${entry.file}: ${e.message} ${(e.cause as Error)?.stack}\n`);
      errors = [{ file: entry.file, sheet: null, row: null, column: null, field: null, value: null, message: `${e.message}。${e.hint ?? ''}` }];
    }
    const brief = (p: { sheet: string | null; row: number | null; column: string | null; field: string | null }) =>
      `${p.sheet ?? '-'}!${p.column ?? '-'}${p.row ?? '-'} ${p.field ?? '-'}`;
    expect(errors.map(brief).sort()).toEqual(entry.expect.errors.map(brief).sort());
    expect(errors.length === 0).toBe(entry.expect.ok);
    if (entry.expect.messageIncludes) expect(errors.map((e) => e.message).join('\n')).toContain(entry.expect.messageIncludes);
    if (entry.expect.skippedSheets) expect(skipped.sort()).toEqual([...entry.expect.skippedSheets].sort());
    const key = KEY_OF[entry.kind];
    for (const want of entry.expect.records ?? []) {
      const got = records.find((r) => r[key] === want[key]);
      expect(got, `record ${String(want[key])} of ${SCHEMAS[entry.kind].label}`).toBeDefined();
      expect(got).toMatchObject(want);
    }
  });
});
