// ssj verify [RECORD | --all] [--json]                         in a workspace: records, snapshots and the ledger chain
// ssj verify RECORD.json --entities FILE --inspectors FILE     anywhere: a published record against published lists
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { SsjError, usageError } from '../core/errors.js';
import { TABLE_AGREES } from '../core/export-rows.js';
import { amendmentsOf, chainHead, checkChain, legacyLines, repeatExclusions } from '../core/ledger.js';
import { canonicalJson, recordHash, type DrawRecord, type LedgerRecord } from '../core/record.js';
import { rebuild } from '../core/replay.js';
import { suspendedRuleCheck } from '../core/status-rule.js';
import { checkAnnouncedDraw } from '../core/announce.js';
import { checkMerges } from '../core/visits.js';
import { withoutBom } from '../core/text.js';
import { inItemScopeAt } from '../core/draw.js';
import { SCHEMAS, SNAPSHOT_COLUMNS } from '../core/schema.js';
import { parseSnapshot } from '../core/snapshot-parse.js';
import type { ListKind } from '../core/types.js';
import { today } from '../io/clock.js';
import { readAll, strayRecords } from '../io/draws.js';
import { inFlight, needsRecovery } from '../io/ledger-commit.js';
import { otherRecords } from '../io/ledger-others.js';
import { withLock } from '../io/lock.js';
import { readList } from '../io/read-list.js';
import { loadSnapshot } from '../io/store.js';
import { findWorkspaceRoot, openWorkspace } from '../io/workspace.js';
import { c, err, json, out } from '../ui/output.js';
import { hashLines } from '../ui/hash-lines.js';
import { hanging, ttyWidth } from '../ui/terminal.js';
import type { VerifyOptions } from './options/verify.js';
import type { GlobalOptions } from './main.js';
import { findEntry, listsOf, prefetchDrawTables, type SnapshotCache } from './records.js';
import { checkHash, checkReferences, checkSource, ledgerView, parseAgainst, type SourceCheck } from './anchors.js';

export type { VerifyOptions } from './options/verify.js';

interface Checked {
  id: string;
  /** the draw's ledger kind (draw or redraw) and record hash */
  kind?: string;
  hash?: string;
  ok: boolean;
  problems: string[];
  notes: string[];
}

export async function verify(recordArg: string | undefined, opts: VerifyOptions, g: GlobalOptions): Promise<number> {
  const outside = opts.entities !== undefined || opts.inspectors !== undefined || (recordArg !== undefined && !findWorkspaceRoot(g.cwd));
  if (outside && opts.against?.length) throw usageError('--against 要在工作区中使用：它核对工作区的台账');
  if (!outside && opts.conflicts !== undefined) throw usageError('--conflicts 只用于在工作区之外复核（与 --entities、--inspectors 一起）');
  const result: VerifyResult = outside ? await verifyOutside(recordArg, opts, g) : await verifyWorkspace(recordArg, opts, g);
  const ok = result.chain.length === 0 && result.records.every((r) => r.ok) && result.references.length === 0 && result.against.every((a) => a.ok);
  if (opts.json) {
    json({
      ok, chain: { ok: result.chain.length === 0, problems: result.chain }, records: result.records,
      head: result.head, references: { ok: result.references.length === 0, problems: result.references }, notes: result.notes,
      ...(opts.against ? { against: result.against } : {}),
      ...(result.table ? { table: result.table } : {}),
    });
  } else render(result, ok);
  return ok ? 0 : 1;
}

interface VerifyResult {
  chain: string[];
  records: Checked[];
  scope: string;
  head: { id: string; hash: string } | null;
  /** forms, results, publications and exports that refer to records the ledger does not have */
  references: string[];
  notes: string[];
  against: SourceCheck[];
  /** outside a workspace: the export's table checked row by row (its problems are in chain too) */
  table?: { file: string; ok: boolean; problems: string[] } | null;
}

/** A problem under its check: wrapped on a terminal with a hanging indent (a hash never broken), one line when piped. */
const problemLine = (p: string) => out(hanging(`      ${c.bad('✖')} `, p, ttyWidth()));
/** A note under its check (✔ 检查对象池：… too): wrapped the same way, dimmed. */
const noteLine = (n: string) => out(c.dim(hanging('      ', n, ttyWidth())));

function render(result: VerifyResult, ok: boolean) {
  for (const r of result.records) {
    out(`${r.ok ? c.ok('PASS') : c.bad('FAIL')}  ${r.id}`);
    for (const n of r.notes) noteLine(n);
    for (const p of r.problems) problemLine(p);
  }
  if (result.scope === 'workspace') {
    out(`${result.chain.length === 0 ? c.ok('PASS') : c.bad('FAIL')}  抽取台账（哈希链）`);
    for (const n of result.notes) noteLine(n);
    for (const p of result.chain) problemLine(p);
    out(`${result.references.length === 0 ? c.ok('PASS') : c.bad('FAIL')}  检查结果、公示登记、记录表与导出文件所引用的记录`);
    for (const p of result.references) problemLine(p);
    for (const a of result.against) {
      out(`${a.ok ? c.ok('PASS') : c.bad('FAIL')}  对照 ${a.source}`);
      for (const n of a.notes) noteLine(n);
      for (const p of a.problems) problemLine(p);
    }
    out();
    if (result.head) {
      // the whole hash on a line of its own (to copy), then in groups of four (to read aloud): 80 columns
      out(`台账链头：${result.head.id}`);
      out(`  ${result.head.hash}`);
      for (const l of hashLines(result.head.hash)) out(l);
      out(c.dim('  （公开或签字的文件记下它，以后可用 ssj verify --against 核对）'));
    } else out('台账链头：无（台账是空的）');
  } else {
    const table = result.table;
    const chain = table ? result.chain.filter((p) => !table.problems.includes(p)) : result.chain;
    if (chain.length || result.notes.length) {
      // the records of an export in sequence: what is missing between them is said (notes), a broken link fails
      out(`${chain.length === 0 ? c.ok('PASS') : c.bad('FAIL')}  导出中的记录链条`);
      for (const n of result.notes) noteLine(n);
      for (const p of chain) problemLine(p);
    }
    // the table a reader sees, as the page shows it
    if (table) {
      out(`${table.ok ? c.ok('PASS') : c.bad('FAIL')}  表格（${table.file}）`);
      if (table.ok) noteLine(TABLE_AGREES);
      for (const p of table.problems) problemLine(p);
    }
  }
  out();
  if (ok) out(c.ok(`复核通过：${result.records.length} 条记录均可由其名录快照和随机种子重现${result.scope === 'workspace' ? '，台账链条完整' : ''}。`));
  else err(c.bad('复核不通过：见上面标出的差异。'));
  if (ok && result.records.some((r) => r.notes.some((n) => n.startsWith('－ ')))) out(c.dim('标“－”的部分凭所给文件无法复核（检查组和含回避关系的记录哈希需要回避关系清单：--conflicts）。'));
}

/** Verification from published files alone (verify-public.ts), with each record's kind and hash as in the workspace. */
async function verifyOutside(recordArg: string | undefined, opts: VerifyOptions, g: GlobalOptions): Promise<VerifyResult> {
  const v = await (await import('./verify-public.js')).verifyPublicFiles(recordArg, opts, g);
  const records = v.records.map((r) => ({ kind: 'draw', hash: r.hashes.find((h) => h.id === r.id)?.hash ?? r.hashes[0]?.hash, ...r }));
  // the chain notes (the sequence numbers the export holds, and the gaps in it) are this verify's notes, as the
  // ledger's notes are in a workspace (--json: notes)
  return { ...v, records, head: null, references: [], notes: v.chainNotes, against: [] };
}

async function verifyWorkspace(recordArg: string | undefined, opts: VerifyOptions, g: GlobalOptions): Promise<VerifyResult> {
  const ws = await openWorkspace(g.cwd);
  // an interrupted write is finished (or rolled back) under the lock first, not reported as tampering
  let pending = new Set<string>();
  if (await needsRecovery(ws.root)) {
    try {
      await withLock(ws.root, async () => undefined);
    } catch (e) {
      if (!(e instanceof SsjError) || e.code !== 'WORKSPACE_BUSY') throw e;
      pending = await inFlight(ws.root); // another command is writing now: its files are not strays
    }
  }
  // the registry snapshots the draws were made from are read on a worker thread meanwhile (records.ts)
  const cache: SnapshotCache = new Map();
  if (recordArg === undefined) await prefetchDrawTables(ws.root, cache);
  const { entries, records } = await readAll(ws.root);
  const others = await otherRecords(ws.root, entries);
  const chain = checkChain(entries, records, recordHash, others.hashes);
  for (const f of await strayRecords(ws.root, entries)) {
    if (!pending.has(`draws/${f}`)) chain.push(`draws/${f} 不在抽取台账中（记录被插入，或台账中的一行被删除）`);
  }
  const notes: string[] = [];
  const legacy = legacyLines(entries);
  if (legacy === entries.length && entries.length > 0) {
    notes.push(`台账的 ${legacy} 行都由旧版本 ssj 写下，没有行哈希：下一次写入（抽取、导入结果等）会把它们一并纳入链中（见 docs/ledger.md）`);
    if (others.strays.length) notes.push(`旧版本 ssj 保存的 ${others.strays.length} 项检查结果与公示登记还不在台账中：下一次写入时会登记`);
  } else {
    if (legacy > 0) notes.push(`台账前 ${legacy} 行由旧版本 ssj 写下（没有行哈希），已由其后各行的行哈希一并保护`);
    for (const f of others.strays) if (!pending.has(f)) chain.push(`${f} 不在抽取台账中（被插入，或台账中的一行被删除）`);
  }
  // the paper trail: plan and evidence records outside the ledger, evidence files against their hashes (docs/paper-trail.md)
  const trail = await (await import('./trail-verify.js')).verifyTrail(ws.root, entries, Boolean(opts.skipEvidenceFiles));
  chain.push(...trail.problems);
  notes.push(...trail.notes);
  const view = ledgerView(entries, records, ws.root);
  const refs = await checkReferences(ws.root, view);
  notes.push(...refs.notes);
  const against: SourceCheck[] = [];
  if (opts.against) {
    const { paths, hashes } = parseAgainst(opts.against, g.cwd);
    if (!paths.length && !hashes.length) throw usageError('--against 要给出公开的文件、文件夹或哈希');
    for (const p of paths) against.push(await checkSource(p, view));
    for (const h of hashes) against.push(checkHash(view, h));
  }
  const top = chainHead(entries);
  const head = top && { id: top.id, hash: top.hash };
  const all = entries.map((e) => records.get(e.id)).filter((x): x is LedgerRecord => Boolean(x));
  let draws = all.filter((r): r is DrawRecord => r.kind === 'draw');
  if (recordArg !== undefined) {
    const e = findEntry(entries, recordArg);
    const r = records.get(e.id);
    const drawId = r?.kind === 'amendment' ? r.of.id : e.id;
    // an announcement: the draws made with it
    draws = draws.filter((d) => (r?.kind === 'announcement' ? d.announcement?.id === e.id : d.id === drawId));
  }
  const checked: Checked[] = [];
  for (const d of draws) {
    const amendments = amendmentsOf(d.id, all);
    const problems: string[] = [];
    const notes: string[] = [];
    try {
      const lists = await listsOf(ws.root, d, cache);
      for (const kind of ['items', 'conflicts'] as ListKind[]) {
        const snap = kind === 'items' ? d.inputs.items.snapshot : d.inputs.conflicts.snapshot;
        if (snap) await loadSnapshot(ws.root, kind, snap);
      }
      if (d.task.excludeRepeat) {
        const before = all.filter((x) => x.seq < d.seq);
        // a draw records the repeat exclusions that fall in its scope (a 定向 draw's --where narrows it)
        const target = new Map(d.task.items.map((i) => [i.id, i.target]));
        const expected = repeatExclusions(before, d.task.items.map((i) => i.id), d.task.round).filter((x) => {
          const row = lists.entities.find(x.code);
          return row >= 0 && inItemScopeAt(lists.entities, row, target.get(x.item)!, d.task.where);
        });
        const key = (xs: DrawRecord['exclusions']) => canonicalJson(xs.filter((x) => x.kind === 'repeat').map((x) => [x.item, x.code]).sort());
        if (key(expected) !== key(d.exclusions)) problems.push(`${d.id}：记录中“本年度已抽中”而排除的检查对象与台账中此前的抽取不一致`);
      }
      problems.push(...rebuild(d, amendments, lists).diffs);
      // the rule for 停业/歇业/清算 the record states (what a re-run from the published registry uses) fits its snapshot
      const rule = suspendedRuleCheck(d.id, d.task.suspendedDrawable, lists.entities);
      problems.push(...rule.problems);
      notes.push(...rule.notes);
      problems.push(...checkAnnouncedDraw(d, all));
      problems.push(...checkMerges(d, all)); // 合并检查 (core/visits.ts)
      for (const a of amendments) problems.push(...checkMerges(a, all)); // and those a 补抽 made
      notes.push(`名录快照 ${d.inputs.entities.snapshot.slice(0, 12)}…，种子“${d.seed.text}”，重新抽取 ${d.entities.length} 个检查对象${amendments.length ? `，补抽 ${amendments.length} 次` : ''}`);
    } catch (e) {
      if (!(e instanceof SsjError)) throw e;
      problems.push(`${d.id}：${e.message}`);
    }
    checked.push({ id: [d.id, ...amendments.map((a) => a.id)].join(' + '), kind: entries.find((e) => e.id === d.id)?.kind ?? 'draw', hash: d.hash, ok: problems.length === 0, problems, notes });
  }
  return { chain, records: checked, scope: 'workspace', head, references: refs.problems, notes, against };
}

/**
 * The records to verify: a record file (with its amendments <id>-R<n>.json beside it), the .records.jsonl that
 * accompanies a CSV draw export, or a draw export .xlsx (its sheet 抽取记录（复核用）).
 */
export async function readBundle(path: string): Promise<LedgerRecord[]> {
  if (!existsSync(path)) throw new SsjError('FILE_NOT_FOUND', `找不到记录文件 ${path}`);
  const lower = path.toLowerCase();
  if (lower.endsWith('.xlsx')) return readExportRecords(path);
  if (lower.endsWith('.jsonl')) {
    // (a file saved again by Notepad starts with a byte order mark)
    const text = withoutBom(await readFile(path, 'utf8'));
    return text.split('\n').filter((l) => l.trim()).map((l, i) => parseRecord(l, `${basename(path)} 第 ${i + 1} 行`));
  }
  if (lower.endsWith('.csv')) {
    const side = path.replace(/\.csv$/i, '') + '.records.jsonl';
    if (existsSync(side)) return readBundle(side);
    throw usageError(`${basename(path)} 是 CSV 表格，其中没有抽取记录；请给出同一文件夹中的 ${basename(side)}（导出时一并生成）或记录文件 .json`);
  }
  const r = await readJson(path);
  const out: LedgerRecord[] = [r];
  if (r.kind === 'draw') {
    // amendments published beside the record: <id>-R1.json, <id>-R2.json, …
    for (const n of (await readdir(dirname(path))).filter((f) => f.startsWith(`${r.id}-R`) && f.endsWith('.json')).sort((a, b) => num(a) - num(b))) {
      const a = await readJson(join(dirname(path), n));
      if (a.kind === 'amendment' && a.of.id === r.id) out.push(a);
    }
  }
  return out;
}

function parseRecord(text: string, where: string): LedgerRecord {
  try {
    return JSON.parse(text) as LedgerRecord;
  } catch (e) {
    throw new SsjError('FILE_UNREADABLE', `${where} 不是有效的抽取记录（${(e as Error).message}）`);
  }
}

async function readExportRecords(path: string): Promise<LedgerRecord[]> {
  const { readTable } = await import('../io/table-reader.js');
  const { RECORDS_SHEET } = await import('../io/table-writer.js');
  const parts = new Map<string, string[]>();
  let found = false;
  for await (const sheet of readTable(path)) {
    const mine = sheet.name === RECORDS_SHEET;
    for await (const row of sheet.rows()) {
      if (!mine || row.row === 1) continue;
      const [id, part, text] = row.cells;
      if (typeof id !== 'string' || typeof text !== 'string') continue;
      if (!parts.has(id)) parts.set(id, []);
      parts.get(id)![Number(part) - 1] = text;
    }
    found ||= mine;
  }
  if (!found) throw usageError(`${basename(path)} 中没有“${RECORDS_SHEET}”工作表：请用 ssj export draws 导出的 .xlsx 文件，或记录文件 .json`);
  return [...parts].map(([id, texts]) => parseRecord(texts.join(''), `${basename(path)} › ${RECORDS_SHEET} › ${id}`));
}

const num = (f: string) => Number(/-R(\d+)\.json$/.exec(f)?.[1] ?? 0);

export async function readJson(path: string): Promise<LedgerRecord> {
  if (!existsSync(path)) throw new SsjError('FILE_NOT_FOUND', `找不到记录文件 ${path}`);
  try {
    return JSON.parse(withoutBom(await readFile(path, 'utf8'))) as LedgerRecord;
  } catch (e) {
    throw new SsjError('FILE_UNREADABLE', `${path} 不是有效的抽取记录（${(e as Error).message}）`);
  }
}

/** A list given for verification: a snapshot CSV as ssj stores it, or any file ssj can import. */
export async function readListFile(path: string, kind: ListKind, snapshot: string, notes: string[]) {
  return (await readListFileWithSnapshot(path, kind, [snapshot], notes)).records;
}

/**
 * readListFile, with the file's snapshot: a snapshot CSV's SHA-256 (its snapshot's name), else null. `snapshots`:
 * those the records name (the note says whether the file is one of them).
 */
export async function readListFileWithSnapshot(path: string, kind: ListKind, snapshots: readonly string[], notes: string[]) {
  if (!existsSync(path)) throw new SsjError('FILE_NOT_FOUND', `找不到文件 ${path}`);
  const bytes = await readFile(path);
  const header = (SNAPSHOT_COLUMNS as Record<string, readonly string[]>)[kind]!.join(',');
  const start = bytes.subarray(0, header.length + 1).toString('utf8');
  if (start === `${header}\n` || start === `${header},`) {
    const sha = createHash('sha256').update(bytes).digest('hex');
    const named = snapshots[0] ?? '';
    notes.push(`${basename(path)}：名录快照，哈希${snapshots.includes(sha) ? '与记录一致' : `为 ${sha.slice(0, 12)}…，与记录中的 ${named.slice(0, 12)}… 不同（按内容复核）`}`);
    return { records: parseSnapshot(kind, bytes, { source: path }), snapshot: sha as string | null };
  }
  const outcome = await readList(path, kind, { asOf: today() });
  if (outcome.errors.length) {
    // said in the message itself: who verifies outside a workspace has no ssj import to see them with
    const shown = outcome.errors.slice(0, 3).map((e) => `${[e.sheet, e.row ? `第 ${e.row} 行${e.column ? ` ${e.column} 列` : ''}` : null].filter(Boolean).join(' › ') || ''}${e.row || e.sheet ? '：' : ''}${e.message}`);
    const more = outcome.errors.length > 3 ? `；……另有 ${outcome.errors.length - 3} 处` : '';
    throw new SsjError('INPUT_INVALID', `${basename(path)} 不能用作${SCHEMAS[kind].label}复核（${outcome.errors.length} 处问题）：${shown.join('；')}${more}`, {
      problems: outcome.errors,
      hint: kind === 'conflicts'
        ? '--conflicts 给回避关系清单（原件，或 snapshots/conflicts 中的快照 CSV）'
        : `--${kind} 给${SCHEMAS[kind].label}：ssj export ${kind} 导出的公开名录（年终材料中有）、名录快照 CSV，或名录原件`,
    });
  }
  notes.push(`${basename(path)}：读入 ${outcome.records.length} 条`);
  return { records: outcome.records, snapshot: null as string | null };
}
