// The rows a draw export shows (its first sheet, or its CSV) against the records it publishes beside them (its records
// sheet, or the .records.jsonl beside the CSV): every fact a row states — task, items, scope, date, entity, team,
// seed, record hash, snapshot, announcement — must be the one the records give. The records are covered by the hash
// chain (ssj verify checks them); this covers what a reader of the table sees (docs/ledger.md).
import { cellText, columnLetter, type RawCell } from './cells.js';
import { drawsTable, type DisclosureTable } from './disclosure.js';
import type { LedgerRecord } from './record.js';
import { tasksOf } from './tasks.js';

/** One row as read from the file: its row (line) number as a spreadsheet program shows it, and its cells. */
export interface ShownRow {
  row: number;
  cells: readonly RawCell[];
}

/** What ssj verify and the web verifier say when every row of a draw export's table agrees with its records. */
export const TABLE_AGREES = '表格的每一行（抽查任务、事项、检查对象、检查人员、随机种子、记录哈希……）都与抽取记录一致';

/** At most this many differences are named (a table edited throughout says so in one more line). */
const MAX_NAMED = 30;

/** A number as a spreadsheet program shows a long one it has taken for a number: 9.13509E+17. */
const SCIENTIFIC = /^\d(?:\.\d+)?E\+\d+$/i;

/** A text as compared: a date written 2026/3/1 or 2026年3月1日 (a spreadsheet program re-saving a CSV) as 2026-03-01. */
function norm(text: string): string {
  const t = text.trim();
  const d = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  return d ? `${d[1]}-${d[2]!.padStart(2, '0')}-${d[3]!.padStart(2, '0')}` : t;
}

/** A draw export's table in which the header the rows are matched by is not found (renamed, deleted, or another table). */
export const noHeaderProblem = (file: string) =>
  `${file}：表格中找不到有“抽查任务编号”和“统一社会信用代码”两列的表头，无法与抽取记录逐行核对：表头被改动或删除了，或这不是 ssj export draws 导出的表格`;

/**
 * The differences between the rows of a public draw export and the table its records make (ssj export draws'
 * drawsTable over the standing tasks among them), each naming the row and column as the file shows them. Rows are
 * matched by task and credit code (a table sorted in a spreadsheet program is not changed); 序号 is not compared.
 * The rows are the export's own table (the .xlsx's first sheet, the CSV beside the records): without the header
 * (抽查任务编号 and 统一社会信用代码) nothing a reader sees could be checked, and that is a difference too.
 */
export function drawRowProblems(shown: readonly ShownRow[], records: readonly LedgerRecord[], file: string): string[] {
  const ordered = [...records].sort((a, b) => a.seq - b.seq);
  const tasks = tasksOf(ordered).filter((t) => t.replacedBy.length === 0);
  return tableRowProblems(shown, drawsTable('', 0, tasks, null), '抽取记录', file) ?? [noHeaderProblem(file)];
}

/**
 * The differences between the rows shown and the rows of `expected` (the table ssj exports from the same records),
 * in the columns both have but 序号; rows matched by 抽查任务编号 and 统一社会信用代码. `source` names where the
 * expected rows come from, for the messages. Null when the rows shown have no header with those two columns.
 */
export function tableRowProblems(shown: readonly ShownRow[], expected: DisclosureTable, source: string, file: string): string[] | null {
  const headerAt = shown.findIndex((r) => r.cells.some((c) => cellText(c) === '抽查任务编号') && r.cells.some((c) => cellText(c) === '统一社会信用代码'));
  if (headerAt < 0) return null;
  const header = shown[headerAt]!.cells.map((c) => cellText(c).trim());
  const col = (name: string) => header.indexOf(name);
  const taskCol = col('抽查任务编号');
  const codeCol = col('统一社会信用代码');
  // the columns both have (an internal export has more; 序号 is a row's place, not a fact)
  const compared = expected.columns.map((name, k) => ({ name, k, at: col(name) })).filter((c) => c.at >= 0 && c.name !== '序号');
  const wantTask = expected.columns.indexOf('抽查任务编号');
  const wantCode = expected.columns.indexOf('统一社会信用代码');
  const wantName = expected.columns.indexOf('市场主体名称');
  const rows = new Map<string, readonly unknown[]>();
  for (const r of expected.rows) rows.set(`${r[wantTask]}\u0000${r[wantCode]}`, r);

  const problems: string[] = [];
  const seen = new Set<string>();
  const at = (row: number, c: number, name: string) => `${file} 第 ${row} 行 ${columnLetter(c)} 列「${name}」`;
  /** codes a spreadsheet program rewrote as numbers in scientific notation (9.13509E+17), by task: said once, as such */
  const rewritten: { task: string; value: number }[] = [];
  for (const r of shown.slice(headerAt + 1)) {
    const text = (c: number) => (c < r.cells.length ? cellText(r.cells[c]) : '');
    if (r.cells.every((c) => cellText(c).trim() === '')) continue;
    const key = `${norm(text(taskCol))}\u0000${norm(text(codeCol))}`;
    const want = rows.get(key);
    const cell = r.cells[codeCol];
    const asNumber = typeof cell === 'number' && cell >= 1e15; // (a number cell keeps 15 significant digits)
    if (!want && (asNumber || SCIENTIFIC.test(text(codeCol).trim()))) {
      rewritten.push({ task: norm(text(taskCol)), value: Number(text(codeCol).trim()) });
      problems.push(`${at(r.row, codeCol, '统一社会信用代码')}是${asNumber ? '数字' : ''}「${text(codeCol).trim()}」：表格软件把全是数字的代码当成了数字（${asNumber ? '只保留 15 位有效数字' : '改写成科学计数法'}），原来的代码已无法读出（用 Excel 打开再保存就会这样）：请用原样公开的文件复核`);
      continue;
    }
    if (!want || seen.has(key)) {
      problems.push(`${file} 第 ${r.row} 行：${source}中${want ? '只有一行' : '没有'}抽查任务 ${text(taskCol) || '（空）'} 的检查对象 ${text(codeCol) || '（空）'}${want ? '（这一行是重复的）' : '（这一行是后加或改过的）'}`);
      continue;
    }
    seen.add(key);
    for (const c of compared) {
      const has = norm(text(c.at));
      const should = norm(String(want[c.k] ?? ''));
      // (a CSV cell that would read as a formula is written with a leading ' to keep it text: core/disclosure.ts inertCsv)
      if (has !== should && has !== `'${should}`) problems.push(`${at(r.row, c.at, c.name)}：表中是「${has}」，${source}中是「${should}」`);
    }
  }
  for (const [key, row] of rows) {
    // (a row whose code was rewritten in scientific notation is not also a deleted row)
    const code = String(row[wantCode] ?? '');
    const as = /^\d{12,}$/.test(code) ? rewritten.findIndex((x) => x.task === String(row[wantTask]) && Math.abs(x.value - Number(code)) <= Number(code) * 1e-5) : -1;
    if (!seen.has(key) && as >= 0) {
      rewritten.splice(as, 1);
      continue;
    }
    if (!seen.has(key)) problems.push(`${file}：${source}中抽查任务 ${row[wantTask]} 的检查对象 ${row[wantName]}（${row[wantCode]}）不在表中（这一行被删除了）`);
  }
  if (problems.length > MAX_NAMED) return [...problems.slice(0, MAX_NAMED), `${file}：……另有 ${problems.length - MAX_NAMED} 处与${source}不同`];
  return problems;
}
