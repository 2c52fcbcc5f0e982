// ssj verify EXPORT --entities LIST --inspectors LIST [--conflicts FILE]: a published draw export (.xlsx, .csv with its
// .records.jsonl, or record files) against published lists (ssj export entities|inspectors, or snapshot CSVs, or any
// file ssj can import); the 回避 list, where given, lets the teams and the record hashes be checked too.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AnnouncementRecord, LedgerRecord } from '../core/record.js';
import type { RawCell } from '../core/cells.js';
import { drawRowProblems, type ShownRow } from '../core/export-rows.js';
import { tableRows } from './anchors.js';
import { SsjError, usageError } from '../core/errors.js';
import type { ConflictPair } from '../core/draw.js';
import { chooseList, parsePublicList, PUBLIC_LIST_NAME, type ParsedPublicList, type PublicKind } from '../core/public-lists.js';
import { exportPairProblems, exportTableHashes, verifyPublicBundle, type Check, type DrawVerdict, type PublishedRecord } from '../core/public-verify.js';
import type { PublicDraw } from '../core/public-record.js';
import type { Conflict, Entity, Inspector } from '../core/types.js';
import { readTable } from '../io/table-reader.js';
import type { GlobalOptions } from './main.js';
import { readBundle, readJson, readListFile, readListFileWithSnapshot, type VerifyOptions } from './verify.js';

export interface FilesVerdict {
  /** the chain's problems, and (as before the table had its own part) the CSV pairing's and the table's */
  chain: string[];
  /** the table a reader sees (the .xlsx's first sheet, the CSV), checked row by row; null for record files alone */
  table: { file: string; ok: boolean; problems: string[] } | null;
  records: { id: string; ok: boolean; problems: string[]; notes: string[]; checked: DrawVerdict['checked']; seed: string; poolHash: string; hashes: { id: string; hash: string; check: Check }[] }[];
  scope: 'files';
  chainNotes: string[];
}

const MARK: Record<Check['status'], string> = { pass: '✔', fail: '✖', skipped: '－' };
const PART: Record<keyof DrawVerdict['checked'], string> = { recordHash: '记录哈希', seed: '随机种子', pool: '检查对象池', entities: '抽中的检查对象', teams: '检查组', amendments: '补抽', announcement: '事先公告' };

/** The checks as lines for the terminal: what was checked, with its outcome (事先公告 only for an announced draw). */
export function checkLines(checked: DrawVerdict['checked']): string[] {
  return (Object.keys(PART) as (keyof typeof PART)[]).flatMap((k) => {
    const c = checked[k];
    return c ? [`${MARK[c.status]} ${PART[k]}：${c.status === 'skipped' ? '未复核，' : ''}${c.detail}`] : [];
  });
}

export async function verifyPublicFiles(recordArg: string | undefined, opts: VerifyOptions, g: GlobalOptions): Promise<FilesVerdict> {
  if (!recordArg) throw usageError('请给出要复核的抽取结果或记录文件，如 ssj verify 2026年度抽取结果.xlsx --entities 检查对象名录库.xlsx --inspectors 执法检查人员名录.xlsx');
  if (!opts.entities?.length || !opts.inspectors?.length) throw usageError('在工作区之外复核需要 --entities 和 --inspectors 两个名录文件');
  const path = resolve(g.cwd, recordArg);
  const bundle = (await readBundle(path)) as unknown as PublishedRecord[];
  const draws = bundle.filter((r) => r.kind === 'draw');
  if (draws.length === 0) {
    const a = bundle.find((r) => r.kind === 'amendment');
    throw usageError(a && a.kind === 'amendment' ? `${basename(path)} 是补抽记录；请复核它所属的抽取记录 ${a.of.id}.json（同一文件夹中的补抽记录会一并复核）` : `${basename(path)} 中没有抽取记录`);
  }
  const notes0: string[] = [];
  const first = draws[0]!;
  // each list file given (a year's draws may use several snapshots: --entities may be given once for each)
  const snapshotsOf = (kind: 'entities' | 'inspectors') => [...new Set(draws.map((d) => d.inputs[kind].snapshot))];
  const given = async <K extends PublicKind>(kind: K, files: readonly string[]) => {
    const out: GivenList<K extends 'entities' ? Entity : Inspector>[] = [];
    for (const f of files) out.push({ name: basename(f), ...(await readAnyList(resolve(g.cwd, f), kind, snapshotsOf(kind), notes0)) });
    return out;
  };
  const entityFiles = await given('entities', opts.entities);
  const inspectorFiles = await given('inspectors', opts.inspectors);
  // each 回避 list given (the list as it stood at different times of the year: each redacted record is restored with
  // the one whose pairs give back its hash)
  const conflictLists: ConflictPair[][] = [];
  for (const f of opts.conflicts ?? []) {
    const list = (await readListFile(resolve(g.cwd, f), 'conflicts', first.inputs.conflicts.snapshot ?? '', notes0)) as Conflict[];
    conflictLists.push(list.map((c) => ({ certNo: c.certNo, code: c.code })));
  }
  const conflicts = conflictLists[0] ?? null;
  const moreConflicts = conflictLists.slice(1);
  // an announced draw is checked against its announcement record: in the export (ssj export draws carries it), or
  // published beside the file as <id>.json (a record file and its folder)
  const beside: AnnouncementRecord[] = [];
  for (const d of draws) {
    const id = d.announcement?.id;
    if (!id || bundle.some((x) => x.id === id) || beside.some((x) => x.id === id)) continue;
    const file = join(dirname(path), `${id}.json`);
    if (!existsSync(file)) continue;
    const a = await readJson(file);
    if (a.kind === 'announcement') beside.push(a);
  }
  const inExport = /\.(xlsx|csv|jsonl)$/i.test(path);
  const recordsFile = basename(path).replace(/\.csv$/i, '.records.jsonl');
  const missing = (id: string) => `${inExport ? `${recordsFile} 中没有公告记录 ${id}，` : ''}同一文件夹中没有公告记录 ${id}.json：无法核对这次抽取与公告是否一致`;
  // each draw with the files of its own snapshots (said in its notes when several were given), by the draw's id (a
  // verdict's id also names its amendments: 2026-001 + 2026-001-R1)
  const chosenNotes = new Map<string, string[]>();
  const listsOf = (d: PublicDraw) => {
    const entities = chooseList(entityFiles, d.inputs.entities.snapshot);
    const inspectors = chooseList(inspectorFiles, d.inputs.inspectors.snapshot);
    chosenNotes.set(d.id, [
      ...choiceNote('检查对象名录', entityFiles, entities, d.inputs.entities.snapshot),
      ...choiceNote('执法人员名录', inspectorFiles, inspectors, d.inputs.inspectors.snapshot),
    ]);
    return { entities: entities.records, inspectors: inspectors.records, conflicts, moreConflicts, entitiesSnapshot: entities.snapshot, inspectorsSnapshot: inspectors.snapshot };
  };
  const result = verifyPublicBundle(bundle, listsOf, { records: beside, missing });
  const chain = [...result.chain.problems];
  let table: FilesVerdict['table'] = null;
  // the table a reader sees (the .xlsx's first sheet, the CSV), read once: a CSV's record hashes paired with the
  // records beside it, and every row against the records published with it
  if (/\.(csv|xlsx)$/i.test(path)) {
    const shown = await tableRows(path);
    const pair = /\.csv$/i.test(path) ? csvPairProblems(shown, bundle, basename(path)) : null;
    if (pair) chain.push(...pair.problems);
    // (a CSV without the task and record hash columns is said once, above)
    if (!pair?.noHeader) {
      const rows = drawRowProblems(shown, bundle as unknown as LedgerRecord[], basename(path));
      table = { file: basename(path), ok: rows.length === 0, problems: rows };
      chain.push(...rows);
    }
  }
  const records = result.draws.map((d, i) => ({
    id: d.id, ok: d.ok, problems: d.problems, notes: [...(i === 0 ? notes0 : []), ...(chosenNotes.get(d.records[0]?.id ?? d.id) ?? []), ...d.notes, ...checkLines(d.checked).filter((l) => !l.startsWith(MARK.fail))], checked: d.checked, seed: d.seed, poolHash: d.poolHash,
    hashes: d.records.map((r) => ({ id: r.id, hash: r.hash, check: r.hashCheck })),
  }));
  return { chain, table, records, scope: 'files', chainNotes: result.chain.notes };
}

/** A list file given for verification: its name, records and snapshot (null: the file does not say). */
interface GivenList<T> {
  name: string;
  records: T[];
  snapshot: string | null;
}


/** Which of several files given a draw was checked with (nothing when one was given). */
function choiceNote(label: string, given: readonly GivenList<unknown>[], chosen: GivenList<unknown>, snapshot: string): string[] {
  if (given.length < 2) return [];
  return [`${label}用 ${chosen.name}${chosen.snapshot === snapshot ? '（名录快照与记录一致）' : '（所给文件中没有这次抽取所用的名录快照）'}`];
}

/** A list for verification: as ssj publishes it (its snapshot named in the title), else a snapshot CSV or any importable file. */
async function readAnyList<K extends PublicKind>(path: string, kind: K, snapshots: readonly string[], notes: string[]): Promise<{ records: (K extends 'entities' ? Entity : Inspector)[]; snapshot: string | null }> {
  const rows: RawCell[][] = [];
  let parsed: ParsedPublicList<Entity | Inspector> | null = null;
  const other: PublicKind = kind === 'entities' ? 'inspectors' : 'entities';
  let swapped = false;
  try {
    for await (const sheet of readTable(path)) {
      rows.length = 0;
      for await (const r of sheet.rows()) rows.push(r.cells);
      parsed = kind === 'entities' ? parsePublicList('entities', rows) : parsePublicList('inspectors', rows);
      if (parsed) break;
      swapped ||= (other === 'entities' ? parsePublicList('entities', rows) : parsePublicList('inspectors', rows)) !== null;
    }
  } catch (e) {
    if (!(e instanceof SsjError)) throw e;
    // not a table ssj reads as a public list (e.g. a snapshot CSV): the general reader below says what it is
  }
  // the other public list (--entities and --inspectors given the wrong way round): said as such
  if (!parsed && swapped) {
    throw new SsjError('INPUT_INVALID', `${basename(path)} 是${PUBLIC_LIST_NAME[other]}，不是${PUBLIC_LIST_NAME[kind]}（--${kind} 给的是它）`, {
      hint: `--entities 给检查对象名录库，--inspectors 给执法检查人员名录：两个文件是不是给反了？`,
    });
  }
  if (!parsed) return (await readListFileWithSnapshot(path, kind, snapshots, notes)) as never;
  if (parsed.problems.length) throw new SsjError('INPUT_INVALID', `${basename(path)} 有 ${parsed.problems.length} 处错误，不能用于复核：${parsed.problems.slice(0, 5).join('；')}`);
  notes.push(`${basename(path)}：公开的${kind === 'entities' ? '检查对象名录库' : '执法检查人员名录'}，${parsed.records.length} 条${parsed.snapshot ? `，名录快照 ${parsed.snapshot.slice(0, 12)}…${snapshots.includes(parsed.snapshot) ? '（与记录一致）' : ''}` : ''}`);
  return { records: parsed.records as never, snapshot: parsed.snapshot };
}

function csvPairProblems(shown: readonly ShownRow[], bundle: readonly PublishedRecord[], csvName: string): { problems: string[]; noHeader: boolean } {
  const hashes = exportTableHashes(shown.map((r) => r.cells));
  return hashes
    ? { problems: exportPairProblems(hashes, bundle, csvName), noHeader: false }
    : { problems: [`${csvName} 中没有“抽查任务编号”和“记录哈希”两列，不是 ssj export draws 导出的抽取结果`], noHeader: true };
}
