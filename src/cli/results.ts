// ssj results sheet RECORD [-o FILE.xlsx] | results import FILE | results publish TASK --date YYYY-MM-DD [--url URL]
import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { cellText, columnLetter } from '../core/cells.js';
import { DownMerges } from '../core/down-merges.js';
import { parseDateText } from '../core/dates.js';
import { SsjError, usageError } from '../core/errors.js';
import {
  checkResultRows, checksEnded, goneAtInspection, RESULTS_FORMAT, sameEntries, SHEET_COLUMNS, teamText,
  type ResultsVersion, type SheetKey, type SheetRow,
} from '../core/results.js';
import { itemNames, type Task } from '../core/tasks.js';
import { foldAscii, normaliseHeader } from '../core/text.js';
import type { Problem } from '../core/types.js';
import { currentUser, nowStamp, today } from '../io/clock.js';
import { withLock } from '../io/lock.js';
import { appendPublication, readAllLatest, readPublications, readVersions, sheetFile, storeVersion } from '../io/results.js';
import { mergedVisits, mergeText, type MergedVisit } from '../core/visits.js';
import { fileSha256 } from '../io/store.js';
import { readTable } from '../io/table-reader.js';
import { BORDER, FONT, headerRow, newWorkbook, titleRow, writeWorkbook } from '../io/workbook.js';
import { stringWidth } from '../ui/width.js';
import { printableWidths, rowHeight, titleHeight, unbrokenWidths } from '../io/print-layout.js';
import { openWorkspace, type Workspace } from '../io/workspace.js';
import { c, err, json, out, sym } from '../ui/output.js';
import { problemLines } from '../ui/problems.js';
import { askText } from '../ui/prompts.js';
import { renderTable } from '../ui/table.js';
import { deadlineOf, publishedOnTime } from './deadline.js';
import type { ResultsSheetOptions, ResultsImportOptions, ResultsPublishOptions } from './options/results.js';
import type { GlobalOptions } from './main.js';
import { findTask, loadTasks } from './records.js';
import { saving } from './interrupt.js';

/** The label of the cell beside which the sheet names its task; import finds the task by it. */
const TASK_LABEL = '抽查任务编号';
const OPTIONS_SHEET = '选项';


// ─── sheet ────────────────────────────────────────────────────────────────────────────────────────

export async function resultsSheet(recordArg: string, opts: ResultsSheetOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  const { tasks, entries } = await loadTasks(ws.root);
  const t = findTask(tasks, entries, recordArg);
  const path = opts.output ? resolve(g.cwd, opts.output) : join(ws.root, sheetFile(t.id));
  if (!path.toLowerCase().endsWith('.xlsx')) throw usageError(`-o 应给出 .xlsx 文件名，现在是「${opts.output}」`);
  if (existsSync(path)) {
    throw new SsjError('WORKSPACE_EXISTS', `「${path}」已经存在（可能已经填了一部分），不会覆盖它`, {
      hint: '请继续填写已有的填报表；如确实要重新生成，请先把它改名或删除，或用 -o 另给一个文件名',
    });
  }
  const latest = new Map([...(await readAllLatest(ws.root))].map(([k, v]) => [k, v.latest]));
  const { wb, prefilled } = await buildSheet(ws, t, mergedVisits(tasks, latest), latest);
  await writeWorkbook(path, wb);
  const version = latest.get(t.id)?.version;
  if (opts.json) {
    json({ ok: true, task: t.id, output: path, entities: t.visits.length, prefilled });
    return 0;
  }
  out(`${sym.ok} 已生成检查结果填报表 ${c.em(path)}`);
  out(`  抽查任务 ${t.id}「${t.draw.task.name}」，共 ${t.visits.length} 个检查对象。`);
  if (prefilled) out(`  已填入上次导入的结果（第 ${version} 版）${prefilled} 个${prefilled < t.visits.length ? `，还有 ${t.visits.length - prefilled} 个（如补抽得到的）要填写` : ''}；改过的内容导入后成为新的版本。`);
  out(`  请在白色单元格中填写检查日期、核查方式、检查结果、问题描述、后续处置、整改期限和备注（检查结果等从下拉列表中选择）。`);
  out();
  out(`填好后导入：`);
  out(`  ssj results import ${JSON.stringify(relative(g.cwd, path) || path)}`);
  return 0;
}

async function buildSheet(ws: Workspace, t: Task, visits: readonly MergedVisit[] = [], latest: ReadonlyMap<string, ResultsVersion | null> = new Map()) {
  const wb = await newWorkbook();
  const sh = wb.addWorksheet('检查结果', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '5:5' },
    views: [{ state: 'frozen', ySplit: 5, xSplit: 3 }],
  });
  const opt = wb.addWorksheet(OPTIONS_SHEET, { state: 'hidden' });
  const o = ws.config.resultOptions;
  const lists: [string, string[]][] = [['检查结果', o.results], ['核查方式', o.methods], ['后续处置', o.disposals]];
  lists.forEach(([head, values], i) => {
    opt.getCell(1, i + 1).value = head;
    values.forEach((v, j) => (opt.getCell(j + 2, i + 1).value = v));
  });
  const range = (i: number, n: number) => `'${OPTIONS_SHEET}'!$${columnLetter(i)}$2:$${columnLetter(i)}$${n + 1}`;

  const n = SHEET_COLUMNS.length;
  // widths that print at 8 pt or more on A4 landscape; rows as tall as their wrapped text
  const keep = unbrokenWidths(SHEET_COLUMNS.length, t.visits.map((v) => SHEET_COLUMNS.map((col) => (col.key === 'code' ? v.code : col.key === 'checkDate' || col.key === 'deadline' ? '2026-12-01' : ''))));
  // each member 姓名（执法证号） on one line of the team cell (a certificate number broken across lines is misread)
  keep[SHEET_COLUMNS.findIndex((col) => col.key === 'team')] = Math.min(30, 2 + Math.max(0, ...t.visits.flatMap((v) => teamText(v).split('\n').map((l) => stringWidth(l)))));
  const widths = printableWidths(SHEET_COLUMNS.map((col) => col.width), SHEET_COLUMNS.map((col) => col.header), undefined, undefined, keep);
  sh.columns = widths.map((width) => ({ width }));
  const title = `${ws.config.org}“双随机、一公开”检查结果填报表`;
  titleRow(sh, title, n, titleHeight(title, widths, 30));
  const info: [string, string][][] = [
    [[TASK_LABEL, t.id], ['抽查任务名称', t.draw.task.name], ['抽取日期', t.draw.date]],
    [['抽查类型', t.draw.task.type], ['抽查事项', itemNames(t, t.draw.task.items.map((i) => i.id))], ['记录哈希', t.recordHash]],
  ];
  info.forEach((pairs, r) => {
    let height = 20;
    pairs.forEach(([label, value], k) => {
      const col = 1 + k * 4;
      const span = widths.slice(col, Math.min(col + 3, n)).reduce((a, b) => a + b, 0);
      height = Math.max(height, rowHeight([label, value], [widths[col - 1]!, span]));
      const l = sh.getCell(r + 2, col);
      l.value = label;
      l.font = { ...FONT, bold: true };
      // wrapped, as the row's height counts it (抽查任务编号 is wider than the 序号 column below it: unwrapped, it
      // was cut off by the value beside it), and level with the value
      l.alignment = { vertical: 'middle', wrapText: true };
      sh.mergeCells(r + 2, col + 1, r + 2, Math.min(col + 3, n));
      const v = sh.getCell(r + 2, col + 1);
      v.value = value;
      v.font = FONT;
      v.alignment = { vertical: 'middle', wrapText: true };
    });
    sh.getRow(r + 2).height = height;
  });
  sh.mergeCells(4, 1, 4, n);
  const note = sh.getCell(4, 1);
  note.value = '填写说明：灰色列已由抽取记录填好，不能修改；请在白色单元格中填写。检查结果、核查方式、后续处置请从下拉列表中选择；日期写成 2026-12-01。每个检查对象都要填写。';
  note.font = { ...FONT, size: 10, color: { argb: 'FF555555' } };
  note.alignment = { wrapText: true, vertical: 'middle' };
  sh.getRow(4).height = Math.max(30, rowHeight([note.value as string], [widths.reduce((a, b) => a + b, 0)], 20, 10));

  headerRow(sh.getRow(5), SHEET_COLUMNS.map((c) => c.header), rowHeight(SHEET_COLUMNS.map((c) => c.header), widths, 24));

  let prefilled = 0;
  t.visits.forEach((v, k) => {
    const row = sh.getRow(6 + k);
    // 合并检查: the merged visit's team and tasks; a result already entered under another task of it is filled in
    const merged = visits.find((x) => x.merged && x.code === v.code && x.tasks.includes(t.id));
    const values: Partial<Record<SheetKey, string | number>> = {
      seq: k + 1, code: v.code, name: v.name,
      items: merged ? `${itemNames(t, v.items)}\n（${mergeText(t.id, merged)}）` : itemNames(t, v.items),
      team: merged ? teamText({ ...v, team: merged.team }) : teamText(v),
    };
    // the result imported before for this entity (the task's latest version: a sheet made again after a 补抽 keeps
    // what was entered), else one entered under another task of a merged visit
    const own = latest.get(t.id)?.entries.find((e) => e.code === v.code);
    if (own) prefilled++;
    const entered = own ?? (merged ? merged.tasks.filter((x) => x !== t.id).map((x) => latest.get(x)?.entries.find((e) => e.code === v.code)).find(Boolean) : undefined);
    if (entered) {
      // (a merged visit's result, entered under another task, says so when it has no remark of its own)
      const remark = own ? own.remark : entered.remark || `合并检查，结果同 ${merged!.tasks.filter((x) => x !== t.id).join('、')}`;
      Object.assign(values, { checkDate: entered.checkDate, method: entered.method, result: entered.result, problem: entered.problem, disposal: entered.disposal, deadline: entered.deadline, remark });
    }
    SHEET_COLUMNS.forEach((col, i) => {
      const cell = row.getCell(i + 1);
      const val = values[col.key];
      if (val !== undefined) cell.value = val; // strings stay strings: a code is never a number or a formula
      cell.font = FONT;
      cell.border = BORDER;
      // 序号 centred: right-aligned it ran into the credit code beside it (1 and 91350881… read as 191350881…)
      cell.alignment = { vertical: 'middle', wrapText: true, ...(col.key === 'seq' ? { horizontal: 'center' as const } : {}) };
      if (!col.input) {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      } else {
        cell.protection = { locked: false };
        if (col.key === 'checkDate' || col.key === 'deadline') {
          cell.numFmt = 'yyyy-mm-dd';
          cell.dataValidation = {
            type: 'date', operator: 'greaterThanOrEqual', allowBlank: true, showErrorMessage: true,
            formulae: [new Date(`${t.draw.date}T00:00:00Z`)],
            errorTitle: '日期有误', error: `请填写 ${t.draw.date} 或之后的日期，如 2026-12-01`,
          };
        }
        const li = lists.findIndex(([h]) => h === col.header);
        if (li >= 0) {
          cell.dataValidation = {
            type: 'list', allowBlank: true, showErrorMessage: true, formulae: [range(li, lists[li]![1].length)],
            errorTitle: '请从列表中选择', error: `${col.header}只能从下拉列表中选择`,
          };
        }
      }
    });
    row.height = Math.max(rowHeight(SHEET_COLUMNS.map((col) => values[col.key] ?? ''), widths), 15 * Math.max(1, v.team.length) + 6);
  });
  await sh.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  return { wb, prefilled };
}

// ─── import ───────────────────────────────────────────────────────────────────────────────────────

/** The columns of a results sheet the clerk fills in (the others come from the draw). */
const INPUT_KEYS: ReadonlySet<SheetKey> = new Set(SHEET_COLUMNS.filter((c) => c.input).map((c) => c.key));

interface ReadSheet {
  name: string | null;
  task: string | null;
  /** where the task id was written (row, column letter) */
  taskAt: { row: number; column: string } | null;
  rows: SheetRow[];
  date1904: boolean;
  missing: string[];
}

/** Find the results table in a workbook: the sheet with the headers, the task id beside its label above them. */
async function readResultsFile(file: string): Promise<ReadSheet> {
  const wanted = new Map(SHEET_COLUMNS.map((c) => [normaliseHeader(c.header), c.key]));
  wanted.set(normaliseHeader('项目编号'), 'code');
  wanted.set(normaliseHeader('检查对象代码'), 'code');
  const found: ReadSheet[] = [];
  for await (const sheet of readTable(file)) {
    let task: string | null = null;
    let taskAt: ReadSheet['taskAt'] = null;
    let cols: Map<number, SheetKey> | null = null;
    const rows: SheetRow[] = [];
    // a cell merged down over several rows (one 检查结果 or 检查日期 for two entities) gives its value to each row
    // of the merge, as in the lists: the clerk sees it in every row. Only the columns the clerk fills in.
    const merges = await sheet.merges();
    let down: { merges: DownMerges; keys: SheetKey[] } | null = null;
    for await (const r of sheet.rows()) {
      if (!cols) {
        // (the task id as shown: a number whose format adds text, "2026-"000, is the text)
        const texts = r.cells.map((v, i) => (r.shown?.[i] ?? cellText(v)).trim());
        const at = texts.findIndex((x) => normaliseHeader(x) === normaliseHeader(TASK_LABEL));
        if (at >= 0 && task === null) {
          const k = texts.findIndex((x, i) => i > at && x !== '');
          if (k >= 0) {
            task = texts[k]!;
            taskAt = { row: r.row, column: columnLetter(k) };
          }
        }
        const m = new Map<number, SheetKey>();
        texts.forEach((x, i) => {
          const k = wanted.get(normaliseHeader(x));
          if (k && ![...m.values()].includes(k)) m.set(i, k);
        });
        if ([...m.values()].includes('code') && [...m.values()].includes('result')) {
          cols = m;
          if (merges.length) {
            const filled = [...m].filter(([, k]) => INPUT_KEYS.has(k));
            down = { merges: new DownMerges(merges, r.row, filled.map(([i]) => i)), keys: filled.map(([, k]) => k) };
          }
        }
        continue;
      }
      const cells: SheetRow['cells'] = {};
      for (const [i, k] of cols) {
        // a number shown with text around its digits ("ZJ-"000 makes 7 ZJ-007): the text, except in the date columns
        const value = (k !== 'checkDate' && k !== 'deadline' ? r.shown?.[i] : undefined) ?? r.cells[i] ?? null;
        cells[k] = r.formulas?.includes(i) ? { column: columnLetter(i), value: null, unknown: true } : { column: columnLetter(i), value };
      }
      if (down) {
        const vals = down.keys.map((k) => cells[k]?.value ?? null);
        down.merges.apply(r.row, vals);
        down.keys.forEach((k, j) => {
          const cell = cells[k];
          if (cell && !cell.unknown && cell.value !== vals[j]) cells[k] = { column: cell.column, value: vals[j]! };
        });
      }
      rows.push({ row: r.row, cells });
    }
    if (cols) {
      const have = new Set(cols.values());
      const missing = SHEET_COLUMNS.filter((c) => c.input && !have.has(c.key) && ['checkDate', 'method', 'result', 'disposal'].includes(c.key)).map((c) => c.header);
      found.push({ name: sheet.name, task, taskAt, rows, date1904: sheet.date1904, missing });
    }
  }
  if (found.length === 0) {
    throw new SsjError('INPUT_INVALID', `「${basename(file)}」中没有找到检查结果表（应有“统一社会信用代码”和“检查结果”两列的表头）`, {
      hint: '请用 ssj results sheet 记录编号 生成填报表，填好后再导入',
    });
  }
  if (found.length > 1) {
    throw new SsjError('INPUT_INVALID', `「${basename(file)}」中有 ${found.length} 个工作表都像检查结果表（${found.map((f) => f.name).join('、')}）`, {
      hint: '一个填报表只填一个抽查任务：请把其他工作表删掉或分成几个文件分别导入',
    });
  }
  return found[0]!;
}

export async function resultsImport(file: string, opts: ResultsImportOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  const path = resolve(g.cwd, file);
  const sheet = await readResultsFile(path);
  const name = basename(path);
  if (sheet.missing.length) {
    throw new SsjError('INPUT_INVALID', `${name}${sheet.name ? ` › ${sheet.name}` : ''} 缺少这些列：${sheet.missing.join('、')}`, {
      hint: '请用 ssj results sheet 生成的填报表填写，不要删除列',
    });
  }
  if (!sheet.task) {
    throw new SsjError('INPUT_INVALID', `${name}${sheet.name ? ` › ${sheet.name}` : ''} 中找不到“${TASK_LABEL}”，不知道这是哪次抽取的结果`, {
      hint: `请在表头上方写上“${TASK_LABEL}”和记录编号（如 2026-001），或重新用 ssj results sheet 生成填报表`,
    });
  }
  return withLock(ws.root, async () => {
    const { tasks, entries } = await loadTasks(ws.root);
    if (!tasks.some((x) => x.id.toUpperCase() === sheet.task!.trim().toUpperCase())) {
      const at = `${name}${sheet.name ? ` › ${sheet.name}` : ''}${sheet.taskAt ? ` › 第 ${sheet.taskAt.row} 行 ${sheet.taskAt.column} 列` : ''}`;
      throw new SsjError('INPUT_INVALID', `${at}：${TASK_LABEL}「${sheet.task}」在抽取台账中没有，不知道这是哪次抽取的结果`, {
        hint: `${tasks.length ? `现有的抽查任务：${tasks.slice(-8).map((x) => x.id).join('、')}${tasks.length > 8 ? ' 等' : ''}。` : ''}请改回填报表上原来的编号，或用 ssj results sheet 记录编号 重新生成填报表`,
      });
    }
    const t = findTask(tasks, entries, sheet.task!);
    const { entries: results, problems } = checkResultRows(sheet.rows, {
      file: name, sheet: sheet.name, visits: t.visits, drawDate: t.draw.date, today: today(),
      options: ws.config.resultOptions, date1904: sheet.date1904,
    });
    if (problems.length) return reportProblems(name, t, problems, opts.json);
    const ended = checksEnded(results);
    const deadline = ended ? await deadlineOf(ws, ended) : null;
    const versions = await readVersions(ws.root, t.id);
    const last = versions.at(-1);
    const unchanged = last !== undefined && last.recordHash === t.recordHash && sameEntries(last.entries, results);
    let version = last?.version ?? 0;
    let stored: string | null = null;
    if (!unchanged) {
      version += 1;
      const v: ResultsVersion = {
        format: RESULTS_FORMAT, task: t.id, recordHash: t.recordHash, version, importedAt: nowStamp(), operator: currentUser(),
        source: { file: name, sha256: await fileSha256(path) }, entries: results,
      };
      const save = saving(`检查结果第 ${version} 版（抽查任务 ${t.id}）`, `ssj status`);
      stored = await storeVersion(ws.root, v);
      save.saved();
    }
    const gone = goneAtInspection(results).map((e) => ({ code: e.code, name: e.name, result: e.result, checkDate: e.checkDate }));
    const counts: Record<string, number> = {};
    for (const e of results) counts[e.result] = (counts[e.result] ?? 0) + 1;
    if (opts.json) {
      json({ ok: true, task: t.id, version, unchanged, file: stored, entities: results.length, results: counts, checksEnded: ended, due: deadline?.due ?? null, gone });
      return 0;
    }
    if (unchanged) out(`${sym.ok} ${name} 与已导入的第 ${version} 版检查结果相同，没有保存新版本。`);
    else out(`${sym.ok} 已导入抽查任务 ${t.id} 的检查结果（第 ${version} 版${version > 1 ? '，之前的版本仍然保留' : ''}）：${results.length} 个检查对象`);
    out(renderTable(['检查结果', '数量'], Object.entries(counts).map(([k, n]) => [k, n]), { right: [1] }));
    if (ended) {
      out(`  检查完成日期 ${ended}${deadline?.due ? `；结果应在 ${c.em(deadline.due)} 前公示（${deadline.days} 个工作日）` : deadline?.unknown ? `；${c.warn(deadline.unknown)}` : ''}`);
    }
    if (gone.length) {
      out();
      out(c.warn(`检查中发现 ${gone.length} 个检查对象已注销、被吊销或迁出，请更新检查对象名录库并向上级报告：`));
      out(renderTable(['统一社会信用代码', '名称', '检查结果', '检查日期'], gone.map((x) => [x.code, x.name, x.result, x.checkDate]), { fit: true, shrink: [1, 2] }));
    }
    out();
    out('公示后请登记：');
    out(`  ssj results publish ${t.id} --date 公示日期 --url 公示网址`);
    return 0;
  });
}

function reportProblems(file: string, t: Task, problems: Problem[], asJson?: boolean): number {
  const message = `${file} 中有 ${problems.length} 处问题，没有导入（抽查任务 ${t.id}）`;
  if (asJson) {
    // (`errors`: the same list, under the name an import of a list gives it)
    json({ ok: false, error: { code: 'INPUT_INVALID', message, hint: '改正后重新导入' }, problems, errors: problems });
    return 1;
  }
  err(`${c.bad('✖')} ${message}：`);
  for (const line of problemLines(problems, c.bad)) err(line);
  err(`  ${c.dim('提示：')}请在填报表中改正以上各处后重新导入；之前导入的结果不受影响`);
  return 1;
}

// ─── publish ──────────────────────────────────────────────────────────────────────────────────────

/** A date typed as YYYY-MM-DD (full-width digits, as a Chinese input method types them, folded). */
const parseDate = (raw: string): string | null => {
  const t = foldAscii(raw).trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? parseDateText(t) : null;
};

/** Why `raw` is not a publication date (YYYY-MM-DD, not after today), or null when it is one. */
function publishDateProblem(raw: string, flag: string): string | null {
  const date = parseDate(raw);
  if (!date) return `${flag}应为 YYYY-MM-DD 格式的日期，如 2026-12-01，现在是「${raw}」`;
  if (date > today()) return `公示日期 ${date} 晚于今天（${today()}）：请在公示之后再登记`;
  return null;
}

/** The task named and its latest results version; an error when it has none (nothing to publish). */
async function publishable(ws: Workspace, taskArg: string): Promise<{ t: Task; last: ResultsVersion }> {
  const { tasks, entries } = await loadTasks(ws.root);
  const t = findTask(tasks, entries, taskArg);
  const last = (await readVersions(ws.root, t.id)).at(-1);
  if (!last) {
    // (nothing to publish: NO_DATA, as for any data not there yet; CANNOT_DRAW is about drawing)
    throw new SsjError('NO_DATA', `抽查任务 ${t.id} 还没有导入检查结果，不能登记公示`, {
      hint: `请先运行 ssj results sheet ${t.id} 生成填报表，填好后 ssj results import 导入`,
    });
  }
  return { t, last };
}

export async function resultsPublish(taskArg: string, opts: ResultsPublishOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  // (a task not found, or without results, is said before the date is asked for; found again under the lock)
  if (opts.date === undefined) await publishable(ws, taskArg);
  // typed at the prompt: a wrong date is said there and asked again (not a usage error naming --date)
  const raw = opts.date ?? (await askText({ flag: '--date', message: '公示日期（如 2026-12-01）', default: today(), validate: (s) => publishDateProblem(s, '') ?? true }));
  const problem = publishDateProblem(raw, '--date ');
  if (problem) throw usageError(problem);
  const date = parseDate(raw)!;
  const url = opts.url?.trim() ?? '';
  if (url && !/^https?:\/\/\S+$/i.test(url)) throw usageError(`--url 应为以 http:// 或 https:// 开头的网址，现在是「${url}」`);
  return withLock(ws.root, async () => {
    const { t, last } = await publishable(ws, taskArg);
    const ended = checksEnded(last.entries)!;
    if (date < ended) throw usageError(`公示日期 ${date} 早于检查完成日期 ${ended}`);
    const before = (await readPublications(ws.root)).filter((p) => p.task === t.id);
    const deadline = await deadlineOf(ws, ended);
    const save = saving(`抽查任务 ${t.id} 的公示登记`, `ssj status`);
    await appendPublication(ws.root, { task: t.id, date, url, version: last.version, at: nowStamp(), operator: currentUser() });
    save.saved();
    const first = before[0]?.date ?? date;
    const onTime = publishedOnTime(deadline, ended, first);
    if (opts.json) {
      json({ ok: true, task: t.id, date, url: url || null, version: last.version, checksEnded: ended, due: deadline.due, onTime, republished: before.length > 0 });
      return 0;
    }
    out(`${sym.ok} 已登记：抽查任务 ${t.id} 的检查结果（第 ${last.version} 版）于 ${date} 公示${url ? `，网址 ${url}` : ''}`);
    if (deadline.due) {
      out(onTime
        ? `  ${c.ok('按时公示')}：检查完成于 ${ended}，期限 ${deadline.due}（${deadline.days} 个工作日）`
        : `  ${c.bad('逾期公示')}：检查完成于 ${ended}，期限 ${deadline.due}（${deadline.days} 个工作日）`);
    } else if (onTime) out(`  ${c.ok('按时公示')}：检查完成于 ${ended}，${first} 公示，未超过 ${deadline.days} 天（无论节假日怎样安排，都在 ${deadline.days} 个工作日之内）`);
    else if (deadline.unknown) out(`  ${c.warn(deadline.unknown)}`);
    return 0;
  });
}
