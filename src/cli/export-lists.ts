// ssj export entities|inspectors [--format xlsx|csv] [-o FILE] [--snapshot HASH|DRAW] [--internal] [--encoding gb18030] [--json]
// The registry and the roster as published (一公开): the columns a draw reads, never phones, contacts, addresses or
// notes; the title and the file name name the snapshot, so that the list published beside a draw export is
// exactly the one the draw used (--snapshot) and anyone can re-run the draw from it.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { inertCsv, type DisclosureTable } from '../core/disclosure.js';
import { SsjError, usageError } from '../core/errors.js';
import { extrasUsedBy, PUBLIC_LIST_NAME, publicListTable, type PublicKind } from '../core/public-lists.js';
import { refusePrivateData } from '../core/privacy.js';
import type { AnnouncementRecord, DrawRecord } from '../core/record.js';
import type { Entity, Inspector } from '../core/types.js';
import { extraFieldsOf } from '../core/where.js';
import { readAll } from '../io/draws.js';
import { currentImport, loadSnapshot } from '../io/store.js';
import type { Encoding } from '../io/table-writer.js';
import { writeFileOrExplain } from '../io/workbook.js';
import { FOLDERS, openWorkspace, type Workspace } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import { formatOf, type ExportOptions } from './export.js';
import type { GlobalOptions } from './main.js';

export interface ListExportOptions extends ExportOptions {
  snapshot?: string;
}

export const isListKind = (k: string): k is PublicKind => k === 'entities' || k === 'inspectors';

export async function exportPublicList(kind: PublicKind, opts: ListExportOptions, g: GlobalOptions): Promise<number> {
  const { format, encoding } = formatOf(opts);
  if (opts.task) throw usageError('--task 只用于 draws 和 results；导出某次抽取所用的名录请用 --snapshot 抽取记录编号');
  const internal = Boolean(opts.internal);
  const ws = await openWorkspace(g.cwd);
  const snapshot = await resolveSnapshot(ws, kind, opts.snapshot);
  const records = (await loadSnapshot(ws.root, kind, snapshot)) as (Entity | Inspector)[];
  if (records.length === 0) throw new SsjError('NO_DATA', `名录快照 ${snapshot} 中没有记录`);
  // the registry's own columns that draws from this snapshot used in --where / --strata: a re-run needs them
  const extras = kind === 'entities' ? await extrasOfDraws(ws, snapshot, extraFieldsOf(records as Entity[])) : [];
  const table = publicListTable(kind, records, { org: ws.config.org, snapshot, internal, extras });
  // a phone or ID number typed into a public column (a name, a section, a status) is not published either
  if (!internal) refusePrivateData(table, PUBLIC_LIST_NAME[kind], `请在${PUBLIC_LIST_NAME[kind]}中改正后重新导入（ssj import ${kind}，成为新的快照）`);
  const name = `${PUBLIC_LIST_NAME[kind]}（快照 ${snapshot.slice(0, 12)}）${internal ? '（内部资料）' : ''}.${format}`;
  const path = opts.output ? resolve(g.cwd, opts.output) : join(ws.root, FOLDERS.exports, name);
  if (format === 'xlsx') {
    const { writeXlsx } = await import('../io/table-writer.js');
    await writeXlsx(path, table);
  } else await writeFileOrExplain(path, await listCsvBytes(table, encoding));
  if (opts.json) {
    json({ ok: true, kind, output: path, snapshot, rows: table.rows.length, format, encoding: format === 'csv' ? encoding : null, internal, columns: table.columns });
    return 0;
  }
  out(`${sym.ok} 已导出${PUBLIC_LIST_NAME[kind]}${internal ? c.warn('（内部资料，含联系方式等不公开的内容，不得公开）') : '（可直接公开，不含电话、联络人、地址）'}：${c.em(path)}`);
  out(`  ${table.rows.length} 行，名录快照 ${snapshot}`);
  if (!internal) out(c.dim('  与抽取结果一起公开，任何人都能复核抽取：ssj verify 抽取结果.xlsx --entities 检查对象名录库… --inspectors 执法检查人员名录…'));
  return 0;
}


/** The extra registry columns (of `available`) that the ledger's draws and announcements from this snapshot narrowed or stratified by. */
async function extrasOfDraws(ws: Workspace, snapshot: string, available: readonly string[]): Promise<string[]> {
  if (available.length === 0) return [];
  const { records } = await readAll(ws.root);
  const tasks = [...records.values()].filter((r): r is DrawRecord | AnnouncementRecord => r?.kind === 'draw' || r?.kind === 'announcement');
  return extrasUsedBy(tasks, snapshot, available);
}

/** The CSV of a list: the title line (it names the snapshot), the header, the rows; formula-looking text made inert. */
export async function listCsvBytes(table: DisclosureTable, encoding: Encoding): Promise<Uint8Array> {
  const text = stringify([[inertCsv(table.title)], table.columns.map(inertCsv), ...table.rows.map((r) => r.map(inertCsv))], { record_delimiter: '\r\n' });
  if (encoding === 'gb18030') {
    const { default: iconv } = await import('iconv-lite');
    return new Uint8Array(iconv.encode(text, 'gb18030'));
  }
  return new Uint8Array(Buffer.from('\uFEFF' + text, 'utf8'));
}

/**
 * --snapshot: a full snapshot hash, a prefix of one (at least 6 hex digits, unique), or a draw record (2026-001: the
 * list that draw used). Default: the list imported last.
 */
async function resolveSnapshot(ws: Workspace, kind: PublicKind, arg: string | undefined): Promise<string> {
  if (arg === undefined) {
    const cur = await currentImport(ws.root, kind);
    if (!cur) throw new SsjError('NO_DATA', `还没有导入${PUBLIC_LIST_NAME[kind]}`, { hint: `请先运行 ssj import ${kind} 文件` });
    return cur.snapshot;
  }
  const want = arg.trim().toLowerCase();
  if (/^[0-9a-f]{6,64}$/.test(want)) {
    const dir = join(ws.root, FOLDERS.snapshots, kind);
    const all = existsSync(dir) ? (await readdir(dir)).filter((f) => /^[0-9a-f]{64}\.csv$/.test(f)).map((f) => f.slice(0, 64)) : [];
    const hits = all.filter((h) => h.startsWith(want));
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) throw usageError(`--snapshot ${arg} 不止对应一个快照（${hits.map((h) => h.slice(0, 12)).join('、')}），请多写几位`);
  }
  const { entries, records } = await readAll(ws.root);
  const e = entries.find((x) => x.id.toLowerCase() === want.replace(/\.json$/, ''));
  const r = e ? records.get(e.id) : undefined;
  if (r) {
    const d = r.kind === 'draw' ? r : r.kind === 'amendment' ? records.get(r.of.id) : undefined;
    if (d && d.kind === 'draw') return kind === 'entities' ? d.inputs.entities.snapshot : d.inputs.inspectors.snapshot;
  }
  throw new SsjError('FILE_NOT_FOUND', `找不到${PUBLIC_LIST_NAME[kind]}的快照「${arg}」`, {
    hint: '请给出抽取记录中“名录库快照”的哈希（可只写前 8 位以上），或抽取记录编号（如 2026-001）',
  });
}
