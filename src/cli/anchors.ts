// What ssj verify checks beyond the chain itself (docs/ledger.md):
// - references: results, publications, forms and exports in the workspace must refer to records the ledger has,
//   with the hashes it has (deleting or replacing a draw that anything refers to fails verify);
// - anchors: ssj verify --against FILE|FOLDER|HASH… checks the workspace against what was published or signed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { cellText } from '../core/cells.js';
import { resultsTable } from '../core/disclosure.js';
import { drawRowProblems, tableRowProblems, type ShownRow } from '../core/export-rows.js';
import { resultsToPublish } from '../core/results-export.js';
import { tasksOf } from '../core/tasks.js';
import { SsjError, usageError } from '../core/errors.js';
import { withoutBom } from '../core/text.js';
import { chainHashes, isDrawKind, kindName, type LedgerEntry } from '../core/ledger.js';
import { isRedacted, publicRecord } from '../core/public-record.js';
import { recordHash, type LedgerRecord } from '../core/record.js';
import type { ResultsVersion } from '../core/results.js';
import { ANCHOR_SHEET, anchorFileOf, anchorFromJson, anchorFromRows, type Anchor } from '../io/anchor.js';
import { readPublicationLines, resultVersionFiles } from '../io/ledger-others.js';
import { FOLDERS } from '../io/workspace.js';

/** The ledger as verify sees it: lines by id, with their chain hashes, and every hash a workspace file may state. */
export interface LedgerView {
  entries: readonly LedgerEntry[];
  byId: Map<string, { entry: LedgerEntry; chain: string; line: number }>;
  byChain: Map<string, { entry: LedgerEntry; line: number }>;
  byHash: Map<string, LedgerEntry>;
  /** other hashes a form or report may state (snapshots, pools, imported files): neither records nor heads */
  known: Set<string>;
  /** the workspace's records by id (null: unreadable), to compare a published record's content with */
  records: ReadonlyMap<string, LedgerRecord | null>;
  /** the workspace (its results versions rebuild a published results table), or null */
  root: string | null;
}

export function ledgerView(entries: readonly LedgerEntry[], records: ReadonlyMap<string, LedgerRecord | null>, root: string | null): LedgerView {
  const chains = chainHashes(entries);
  const byId = new Map<string, { entry: LedgerEntry; chain: string; line: number }>();
  const byChain = new Map<string, { entry: LedgerEntry; line: number }>();
  const byHash = new Map<string, LedgerEntry>();
  entries.forEach((e, i) => {
    byId.set(e.id, { entry: e, chain: chains[i]!, line: i + 1 });
    byChain.set(chains[i]!, { entry: e, line: i + 1 });
    byHash.set(e.hash, e);
  });
  const known = new Set<string>();
  for (const r of records.values()) {
    if (!r) continue;
    if (r.kind === 'draw' || r.kind === 'announcement') {
      // (an announcement's notice states its pool hash and snapshots as the draw's record later does)
      for (const x of Object.values(r.inputs)) if (x.snapshot) known.add(x.snapshot);
      known.add(r.pool.hash);
    }
  }
  if (root) {
    for (const kind of ['entities', 'inspectors', 'items', 'conflicts']) {
      const dir = join(root, FOLDERS.snapshots, kind);
      if (existsSync(dir)) for (const n of readdirSync(dir)) if (n.endsWith('.csv')) known.add(n.slice(0, -4));
    }
    const log = join(root, FOLDERS.imports, 'log.jsonl');
    if (existsSync(log)) for (const m of readFileSync(log, 'utf8').matchAll(/[0-9a-f]{64}/g)) known.add(m[0]);
    // evidence files' hashes (the evidence index states them; their records are ledger records: docs/paper-trail.md)
    const ev = join(root, 'evidence');
    if (existsSync(ev)) for (const n of readdirSync(ev)) if (n.endsWith('.json')) for (const m of readFileSync(join(ev, n), 'utf8').matchAll(/[0-9a-f]{64}/g)) known.add(m[0]);
  }
  return { entries, byId, byChain, byHash, known, records, root };
}

export interface SourceCheck {
  source: string;
  ok: boolean;
  problems: string[];
  notes: string[];
}

// ─── references inside the workspace ──────────────────────────────────────────────────────────────

/** Results, publications, forms and exports of the workspace that refer to records the ledger does not have. */
export async function checkReferences(root: string, view: LedgerView): Promise<{ problems: string[]; notes: string[] }> {
  const problems: string[] = [];
  const notes: string[] = [];
  const draws = new Map<string, LedgerEntry>();
  for (const e of view.entries) if (isDrawKind(e.kind)) draws.set(e.kind === 'amendment' ? e.id.replace(/-R\d+$/, '') : e.id, e);
  const taskHashes = (task: string) => view.entries.filter((e) => isDrawKind(e.kind) && (e.id === task || e.id.startsWith(`${task}-R`))).map((e) => e.hash);

  for (const v of await resultVersionFiles(root)) {
    let parsed: ResultsVersion;
    try {
      parsed = JSON.parse(v.bytes.toString('utf8')) as ResultsVersion;
    } catch {
      problems.push(`检查结果 ${v.file} 不是有效的 JSON`);
      continue;
    }
    if (!draws.has(v.task)) problems.push(`检查结果 ${v.file} 属于抽查任务 ${v.task}，但台账中没有这次抽取（抽取记录被删除）`);
    else if (!taskHashes(v.task).includes(parsed.recordHash)) {
      problems.push(`检查结果 ${v.file} 所依据的抽取记录（哈希 ${parsed.recordHash}）不在台账中：抽查任务 ${v.task} 的记录被删除、改写或替换`);
    }
  }
  let pubs: Awaited<ReturnType<typeof readPublicationLines>> = [];
  try {
    pubs = await readPublicationLines(root);
  } catch (e) {
    if (!(e instanceof SsjError)) throw e;
    problems.push(e.message);
  }
  for (const p of pubs) if (!draws.has(p.task)) problems.push(`公示登记中有抽查任务 ${p.task}（${p.date} 公示），但台账中没有这次抽取（抽取记录被删除）`);

  const forms = join(root, FOLDERS.forms);
  for (const n of existsSync(forms) ? readdirSync(forms).filter((x) => x.toLowerCase().endsWith('.xlsx') && !x.startsWith('.') && !x.startsWith('~$')) : []) {
    const id = /^(\d{4}-\d+)/.exec(n)?.[1];
    if (id && !draws.has(id)) problems.push(`抽查工作记录表 ${FOLDERS.forms}/${n} 是抽取记录 ${id} 的，但台账中没有这次抽取（抽取记录被删除）`);
    const c = await checkSource(join(forms, n), view, `${FOLDERS.forms}/${n}`);
    problems.push(...c.problems);
  }
  const exportsDir = join(root, FOLDERS.exports);
  for (const n of existsSync(exportsDir) ? readdirSync(exportsDir).filter((x) => /\.(xlsx|csv)$/i.test(x) && !x.startsWith('.') && !x.startsWith('~$')) : []) {
    const c = await checkSource(join(exportsDir, n), view, `${FOLDERS.exports}/${n}`);
    problems.push(...c.problems);
  }
  return { problems, notes };
}

// ─── --against ────────────────────────────────────────────────────────────────────────────────────

/** The --against arguments: files or folders, and hashes (64 hex digits, or 16 groups of 4, across arguments or not, or ssj:ID:HASH from a form's QR code). */
export function parseAgainst(args: readonly string[], cwd: string): { paths: string[]; hashes: { hash: string; id: string | null; given: string }[] } {
  const paths: string[] = [];
  const hashes: { hash: string; id: string | null; given: string }[] = [];
  let groups: string[] = [];
  // an argument naming an existing file or folder is a path as a whole (file names have spaces, e.g.
  // 检查对象名录库（快照 8a716b7f92cc）.xlsx); anything else may be hashes split by spaces or commas
  const parts = args.flatMap((a) => (!/^[0-9a-f]{4}$/i.test(a.trim()) && /[\s,，]/.test(a) && existsSync(resolve(cwd, a)) ? [a] : a.split(/[\s,，]+/)));
  for (const raw of parts.filter(Boolean)) {
    if (/^[0-9a-f]{4}$/i.test(raw) && !existsSync(resolve(cwd, raw))) {
      groups.push(raw.toLowerCase());
      if (groups.length === 16) {
        hashes.push({ hash: groups.join(''), id: null, given: groups.join(' ') });
        groups = [];
      }
      continue;
    }
    if (groups.length) throw usageError(`--against：哈希「${groups.join(' ')}」不完整（应为 64 位十六进制数字，可以每 4 位一组）`);
    const qr = /^ssj:([^:]+):([0-9a-f]{64})$/i.exec(raw);
    if (qr) hashes.push({ hash: qr[2]!.toLowerCase(), id: qr[1]!, given: raw });
    else if (/^[0-9a-f]{64}$/i.test(raw)) hashes.push({ hash: raw.toLowerCase(), id: null, given: raw });
    else if (existsSync(resolve(cwd, raw))) paths.push(resolve(cwd, raw));
    else if (/^[0-9a-f]{8,63}$/i.test(raw)) throw usageError(`--against：哈希「${raw}」不完整（应为 64 位十六进制数字）`);
    else throw usageError(`--against：找不到文件「${raw}」，它也不是哈希`, '请给出公开的导出文件、年终材料文件夹，或签字表上的哈希（64 位，可以每 4 位一组）');
  }
  if (groups.length) throw usageError(`--against：哈希「${groups.join(' ')}」不完整（应为 64 位十六进制数字，可以每 4 位一组）`);
  return { paths, hashes };
}

/** A hash copied from a signed form (or a QR code): it must be a record's hash or a chain head of this ledger. */
export function checkHash(view: LedgerView, h: { hash: string; id: string | null; given: string }): SourceCheck {
  const source = `哈希 ${h.given}`;
  const rec = view.byHash.get(h.hash);
  const head = view.byChain.get(h.hash);
  if (h.id !== null) {
    const at = view.byId.get(h.id);
    if (!at) return { source, ok: false, problems: [`记录 ${h.id} 不在台账中（被删除）`], notes: [] };
    if (at.entry.hash !== h.hash) return { source, ok: false, problems: [`记录 ${h.id} 与签字表上的哈希不符（台账中的是 ${at.entry.hash}）：记录被改写或替换`], notes: [] };
    return { source, ok: true, problems: [], notes: [`是台账第 ${at.line} 行 ${h.id} 的${kindName(at.entry.kind)}哈希`] };
  }
  if (rec) return { source, ok: true, problems: [], notes: [`是台账中 ${rec.id} 的${kindName(rec.kind)}哈希`] };
  if (head) return { source, ok: true, problems: [], notes: [`是台账第 ${head.line} 行（${head.entry.id}）的链头哈希：这一行及其之前的记录都未被改动`] };
  return { source, ok: false, problems: [`哈希 ${h.hash} 不在台账中：签字表或公开文件上的这条记录（或链头）已被删除、改写或替换`], notes: [] };
}

/** Check an anchor (head and records) against the ledger. */
export function checkAnchor(view: LedgerView, a: Anchor, where: string): string[] {
  const problems: string[] = [];
  if (a.head) {
    const at = view.byId.get(a.head.id);
    if (!at) problems.push(`${where}：公开时的台账链头 ${a.head.id}（第 ${a.head.seq} 行）不在台账中：这一行及其后的记录被删除`);
    else if (at.chain !== a.head.hash) problems.push(`${where}：台账第 ${at.line} 行（${a.head.id}）与公开时的链头哈希不符：这一行或它之前的记录在公开之后被改写、删除或替换`);
  }
  for (const r of a.records) {
    const at = view.byId.get(r.id);
    if (!at) problems.push(`${where}：${kindName(r.kind)} ${r.id} 不在台账中（被删除）`);
    else if (at.entry.hash !== r.hash) problems.push(`${where}：${kindName(r.kind)} ${r.id} 与公开的不同（台账中的哈希是 ${at.entry.hash}，公开的是 ${r.hash}）：记录被改写或替换`);
  }
  return problems;
}

/** Check records published in full (a draw export's records) against the ledger. */
export function checkPublishedRecords(view: LedgerView, records: readonly LedgerRecord[], where: string): string[] {
  const problems = checkAnchor(view, { format: 'ssj-anchor/1', head: null, records: records.map((r) => ({ kind: r.kind, id: r.id, hash: r.hash })) }, where);
  // the hash a published record states is the ledger's: its content must be what that hash covers too (a record in
  // its public form, 回避 pairs replaced by their count, is compared with the workspace's record in the same form)
  for (const r of records) {
    if (view.byId.get(r.id)?.entry.hash !== r.hash) continue; // (named above)
    const own = view.records.get(r.id);
    const same = isRedacted(r) ? !own || recordHash(publicRecord(own)) === recordHash(r) : recordHash(r) === r.hash;
    if (!same) problems.push(`${where}：${kindName(r.kind)} ${r.id} 公开的内容与它所记的哈希不符：公开的记录在导出之后被改动过（台账中的记录没有变）`);
  }
  return problems;
}

const HASH_RE = /(?<![0-9a-f])(?:[0-9a-f]{64}|[0-9a-f]{4}(?: [0-9a-f]{4}){15})(?![0-9a-f])/g;

/**
 * The rows of a results export (检查结果) against the ledger as it stood when the file was exported (its anchor's
 * head): the table ssj export results makes from the draws up to that line and each task's latest results version
 * registered by then, for the tasks the file relies on. Nothing for other tables, or when the head is not this
 * ledger's (checkAnchor names that).
 */
async function resultRowProblems(view: LedgerView, anchor: Anchor, shown: readonly ShownRow[], where: string): Promise<string[]> {
  if (!view.root || !anchor.head || !shown.some((r) => r.cells.some((c) => cellText(c) === '检查完成日期'))) return [];
  const head = view.byId.get(anchor.head.id);
  if (!head || head.chain !== anchor.head.hash) return [];
  const entries = view.entries.slice(0, head.line);
  const records = entries.filter((e) => isDrawKind(e.kind)).map((e) => view.records.get(e.id)).filter((r): r is LedgerRecord => Boolean(r));
  const all = tasksOf(records);
  const relied = new Set(anchor.records.map((r) => r.id));
  const tasks = all.filter((t) => t.replacedBy.length === 0 && relied.has(t.id));
  const last = new Map<string, number>();
  for (const e of entries) {
    const m = e.kind === 'results' ? /^(.+)-v(\d+)$/.exec(e.id) : null;
    if (m) last.set(m[1]!, Math.max(last.get(m[1]!) ?? 0, Number(m[2])));
  }
  const { readVersions } = await import('../io/results.js');
  const latest = new Map<string, ResultsVersion>();
  for (const [task, n] of last) {
    // (a version that cannot be read is named by verify's check of the results versions)
    const v = await readVersions(view.root, task).then((vs) => vs.find((x) => x.version === n), () => undefined);
    if (v) latest.set(task, v);
  }
  const table = resultsTable('', 0, resultsToPublish(tasks, all, latest), null);
  return tableRowProblems(shown, table, '台账中的检查结果', where) ?? [];
}

/** The records of a .records.jsonl's text, and a problem for each line that is not JSON. */
function parseJsonLines(text: string, where: string): { records: LedgerRecord[]; problems: string[] } {
  const records: LedgerRecord[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((l, i) => {
    if (!l.trim()) return;
    try {
      records.push(JSON.parse(l) as LedgerRecord);
    } catch {
      problems.push(`${where} 第 ${i + 1} 行不是有效的 JSON`);
    }
  });
  return { records: records.filter((r) => r && typeof r.hash === 'string'), problems };
}

/** The rows of a published table as a reader sees it: a CSV's, or a workbook's first sheet but its records and anchor sheets. */
export async function tableRows(path: string): Promise<ShownRow[]> {
  const { readTable } = await import('../io/table-reader.js');
  const { RECORDS_SHEET } = await import('../io/table-writer.js');
  const shown: ShownRow[] = [];
  for await (const sheet of readTable(path)) {
    if (sheet.name === RECORDS_SHEET || sheet.name === ANCHOR_SHEET) continue;
    for await (const r of sheet.rows()) shown.push({ row: r.row, cells: r.cells });
    break; // (the first sheet: the table)
  }
  return shown;
}

/** Every hash stated in a text (64 hex digits, or 16 groups of 4), ungrouped. */
export const hashesIn = (text: string) => [...text.matchAll(HASH_RE)].map((m) => m[0].replace(/ /g, ''));

/**
 * One published or signed file (or a folder of them, as the year-end bundle): a draw export (.xlsx with its
 * records sheet, or .csv with .records.jsonl), any export with its anchor (sheet, or .chain.json), the output of
 * ssj verify --json (台账复核结果.json), a record file, or a form (every hash it states must be one the ledger has).
 */
export async function checkSource(path: string, view: LedgerView, where = basename(path)): Promise<SourceCheck> {
  const problems: string[] = [];
  const notes: string[] = [];
  const done = (): SourceCheck => ({ source: where, ok: problems.length === 0, problems, notes });
  if (statSync(path).isDirectory()) {
    const walk = (dir: string, depth: number): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      if (d.name.startsWith('.') || d.name.startsWith('~$')) return [];
      if (d.isDirectory()) return depth < 2 ? walk(join(dir, d.name), depth + 1) : [];
      return [join(dir, d.name)];
    });
    let n = 0;
    for (const f of walk(path, 0).sort()) {
      if (!/\.(xlsx|csv|json|jsonl)$/i.test(f) || /\.(records\.jsonl|chain\.json)$/i.test(f)) continue;
      const c = await checkSource(f, view, `${where}/${f.slice(path.length + 1)}`);
      problems.push(...c.problems);
      n++;
    }
    notes.push(`核对了文件夹中的 ${n} 个文件`);
    return done();
  }
  const lower = path.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    const { readTable } = await import('../io/table-reader.js');
    const { RECORDS_SHEET } = await import('../io/table-writer.js');
    const parts = new Map<string, string[]>();
    const anchorRowsRead: string[][] = [];
    const hashes = new Set<string>();
    let hasRecords = false;
    const shown: ShownRow[] = []; // (the first sheet's rows: a draw export's table)
    let first = true;
    try {
      for await (const sheet of readTable(path)) {
        const isRecords = sheet.name === RECORDS_SHEET;
        const isAnchor = sheet.name === ANCHOR_SHEET;
        const isFirst = first && !isRecords && !isAnchor;
        first = false;
        hasRecords ||= isRecords;
        for await (const row of sheet.rows()) {
          if (isFirst) shown.push({ row: row.row, cells: row.cells });
          const texts = row.cells.map((v) => cellText(v));
          if (isRecords) {
            const [id, part, text] = texts;
            if (row.row === 1 || !id || !text) continue;
            if (!parts.has(id)) parts.set(id, []);
            parts.get(id)![Number(part) - 1] = text;
          } else if (isAnchor) anchorRowsRead.push(texts);
          else for (const t of texts) for (const h of hashesIn(t)) hashes.add(h);
        }
      }
    } catch (e) {
      if (!(e instanceof SsjError)) throw e;
      problems.push(`${where}：${e.message}`);
      return done();
    }
    if (hasRecords) {
      const records: LedgerRecord[] = [];
      for (const [id, texts] of parts) {
        try {
          records.push(JSON.parse(texts.join('')) as LedgerRecord);
        } catch {
          problems.push(`${where}：记录 ${id} 不是有效的 JSON`);
        }
      }
      problems.push(...checkPublishedRecords(view, records, where));
      problems.push(...drawRowProblems(shown, records, where));
      notes.push(`${records.length} 条抽取记录`);
    }
    const anchor = anchorFromRows(anchorRowsRead);
    if (anchor) {
      problems.push(...checkAnchor(view, anchor, where));
      if (anchor.head) notes.push(`公开时的台账链头 ${anchor.head.id}`);
      if (!hasRecords) problems.push(...(await resultRowProblems(view, anchor, shown, where)));
    }
    if (!hasRecords && !anchor) {
      // a form (or another sheet ssj filled): every record hash or chain head it states must be in the ledger
      for (const h of hashes) {
        if (view.byHash.has(h) || view.byChain.has(h) || view.known.has(h)) continue;
        problems.push(`${where} 中的哈希 ${h} 在台账中找不到：它所记的抽取记录（或台账链头）已被删除、改写或替换`);
      }
      notes.push(hashes.size ? `核对了其中的 ${hashes.size} 个哈希` : '其中没有哈希可核对');
    }
    return done();
  }
  if (lower.endsWith('.csv')) {
    const side = path.replace(/\.csv$/i, '') + '.records.jsonl';
    const chain = anchorFileOf(path);
    // the table's rows, read once: against the records beside it (a draws export) or the ledger at its anchor (results)
    const rowsProblems = async (check: (shown: ShownRow[]) => Promise<string[]> | string[]) => {
      try {
        problems.push(...(await check(await tableRows(path))));
      } catch (e) {
        if (!(e instanceof SsjError)) throw e;
        problems.push(`${where}：${e.message}`);
      }
    };
    if (existsSync(side)) {
      const parsed = parseJsonLines(withoutBom(readFileSync(side, 'utf8')), `${where.replace(/\.csv$/i, '')}.records.jsonl`);
      problems.push(...parsed.problems, ...checkPublishedRecords(view, parsed.records, `${where.replace(/\.csv$/i, '')}.records.jsonl`));
      if (parsed.problems.length === 0) await rowsProblems((shown) => drawRowProblems(shown, parsed.records, where));
    }
    if (existsSync(chain)) {
      problems.push(...(await checkSource(chain, view, `${where.replace(/\.csv$/i, '')}.chain.json`)).problems);
      let anchor: Anchor | null = null;
      try {
        anchor = anchorFromJson(JSON.parse(withoutBom(readFileSync(chain, 'utf8'))));
      } catch {
        // (named by the check of the .chain.json above)
      }
      if (anchor && !existsSync(side)) await rowsProblems((shown) => resultRowProblems(view, anchor, shown, where));
    }
    if (!existsSync(side) && !existsSync(chain)) notes.push('旁边没有 .records.jsonl 或 .chain.json，没有可核对的内容');
    return done();
  }
  const text = withoutBom(readFileSync(path, 'utf8')); // (a byte order mark: the file was saved again by Notepad)
  if (lower.endsWith('.jsonl')) {
    const parsed = parseJsonLines(text, where);
    problems.push(...parsed.problems, ...checkPublishedRecords(view, parsed.records, where));
    return done();
  }
  if (lower.endsWith('.json')) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      problems.push(`${where} 不是有效的 JSON`);
      return done();
    }
    const anchor = anchorFromJson(v);
    if (anchor) problems.push(...checkAnchor(view, anchor, where));
    else if (v && typeof v === 'object' && typeof (v as LedgerRecord).hash === 'string' && typeof (v as LedgerRecord).id === 'string') {
      problems.push(...checkPublishedRecords(view, [v as LedgerRecord], where));
    } else notes.push('其中没有可核对的记录或链头');
    return done();
  }
  notes.push('不认识的文件类型，已跳过');
  return done();
}
