// ssj init [DIR] --org 单位名称 --year 2026
// ssj init [DIR] --year 2027 --from 上一年度工作区: next year's workspace with the current lists and settings,
// none of the draws (nor results, forms, exports).
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { validateConfig, type Config } from '../core/config.js';
import { SsjError, usageError } from '../core/errors.js';
import { SCHEMAS } from '../core/schema.js';
import type { ListKind } from '../core/types.js';
import { tempPathFor, writeFileAtomic } from '../io/atomic.js';
import { currentUser, nowStamp, today } from '../io/clock.js';
import { HOLIDAYS_FILE } from '../io/holidays.js';
import { withLock } from '../io/lock.js';
import { appendImportLog, currentImport, fileSha256, loadSnapshot, snapshotPath, type ImportLogEntry } from '../io/store.js';
import { CONFIG_FILE, FOLDERS, findWorkspaceRoot, initWorkspace, openWorkspace } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import { hanging } from '../ui/terminal.js';
import { askText, interactive } from '../ui/prompts.js';
import type { InitOptions } from './options/init.js';
import type { GlobalOptions } from './main.js';

export function parseYear(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const y = Number(v);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw usageError(`--year 应为四位年份，如 2026，现在是「${v}」`);
  return y;
}

export type { InitOptions } from './options/init.js';

/**
 * The year of a new workspace, asked at a terminal when --year is not given: this year by default, next year from
 * November on (when next year's plan is prepared: a workspace made in December is most often for the year to come).
 */
async function askYear(): Promise<number> {
  const [y, m] = today().split('-').map(Number) as [number, number];
  const guess = m >= 11 ? y + 1 : y;
  const answer = await askText({
    flag: '--year', message: `抽查年度（${guess === y ? '今年' : `明年；今年的工作区请填 ${y}`}）`, default: String(guess),
    validate: (s) => (/^\d{4}$/.test(s) && Number(s) >= 2000 && Number(s) <= 2100) || '请填四位年份，如 2026',
  });
  return Number(answer);
}

export async function init(dir: string | undefined, opts: InitOptions, g: GlobalOptions): Promise<number> {
  if (opts.from !== undefined) return initFrom(dir, opts.from, opts, g);
  const org = opts.org?.trim() || (await askText({ flag: '--org', message: '单位名称（如：示例县住房和城乡建设局）' }));
  const year = opts.year !== undefined || !interactive() ? parseYear(opts.year, Number(today().slice(0, 4))) : await askYear();
  const root = resolve(g.cwd, dir ?? '.');
  // (a workspace inside another one: ssj run from its folders finds the inner one; said, not refused)
  const outer = findWorkspaceRoot(dirname(root));
  const ws = await initWorkspace(root, org, year);
  if (opts.json) {
    json({ ok: true, root: ws.root, config: ws.config, ...(outer ? { inside: outer } : {}) });
    return 0;
  }
  out(`${sym.ok} 已创建工作区 ${c.em(ws.root)}`);
  out(settingsLine(ws.config));
  if (outer) out(hanging(`  ${c.warn('!')} `, `它在另一个工作区 ${outer} 的文件夹里：在这个文件夹中运行 ssj 用的是新的工作区，在它外面用的是原来的。如果不是有意这样，删除 ${ws.root} 后在别处重新创建`));
  out(`  这些设置保存在 ${CONFIG_FILE} 中，可以用记事本修改。`);
  out();
  out(`下一步：导入名录`);
  out(`  ssj import inspectors 执法检查人员名录.xlsx`);
  out(`  ssj import entities   检查对象名录库.xlsx`);
  out(`  ssj import items      随机抽查事项清单.xlsx`);
  return 0;
}

const KINDS: ListKind[] = ['inspectors', 'entities', 'items', 'conflicts'];

/** The nearest folder of `path` (itself or an ancestor) that does not exist yet, or null when it exists. */
function firstMissing(path: string): string | null {
  if (existsSync(path)) return null;
  let top = path;
  for (let up = dirname(top); up !== top && !existsSync(up); up = dirname(up)) top = up;
  return top;
}

/**
 * Undo a failed init: remove what did not exist before. `before` is the folder's listing when it existed
 * (null when the folder was created), `missing` the topmost folder created.
 */
async function undoCreate(root: string, missing: string | null, before: Set<string> | null, logExisted: boolean): Promise<void> {
  if (missing) {
    await rm(missing, { recursive: true, force: true });
    return;
  }
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!before!.has(name)) await rm(join(root, name), { recursive: true, force: true });
  }
  if (!logExisted) await rm(join(root, FOLDERS.imports, 'log.jsonl'), { force: true });
}

/** ssj init [DIR] --from OLD [--year Y] [--org O]: settings and the current lists carried over, no draws. */
async function initFrom(dir: string | undefined, fromArg: string, opts: InitOptions, g: GlobalOptions): Promise<number> {
  const start = resolve(g.cwd, fromArg);
  if (!existsSync(start)) {
    throw new SsjError('FILE_NOT_FOUND', `找不到文件夹「${start}」`, { hint: '--from 应指向上一年度的工作区（含 ssj.json 的文件夹）' });
  }
  const srcRoot = findWorkspaceRoot(start);
  if (!srcRoot) {
    throw new SsjError('NO_WORKSPACE', `「${start}」及其上级文件夹中都没有 ssj 工作区`, { hint: '--from 应指向上一年度的工作区（含 ssj.json 的文件夹）' });
  }
  const src = await openWorkspace(srcRoot);
  const year = parseYear(opts.year, src.config.year + 1);
  if (year === src.config.year) {
    throw usageError(`新工作区的年度与原工作区相同（都是 ${year} 年）`, `--from 用于开始新的年度，如 --year ${src.config.year + 1}；同一年度请继续使用原工作区`);
  }
  const root = resolve(g.cwd, dir ?? '.');
  if (existsSync(join(root, CONFIG_FILE))) {
    throw new SsjError('WORKSPACE_EXISTS', `「${root}」已经是一个 ssj 工作区${root === src.root ? '（就是 --from 指定的工作区）' : ''}`, {
      hint: '请为新年度另选一个文件夹，如：ssj init ' + `${year}年度 --year ${year} --from ${fromArg}`,
    });
  }
  const org = opts.org?.trim() || src.config.org;
  const file = join(root, CONFIG_FILE);
  const config = validateConfig({ ...src.config, org, year }, file);

  // What the source holds now: the newest import of each list (null: never imported), its snapshot there.
  const entries = {} as Record<ListKind, ImportLogEntry | null>;
  for (const kind of KINDS) {
    const entry = await currentImport(src.root, kind);
    if (entry && !existsSync(snapshotPath(src.root, kind, entry.snapshot))) {
      throw new SsjError('VERIFY_FAILED', `原工作区的${SCHEMAS[kind].label}快照文件 ${snapshotPath(src.root, kind, entry.snapshot)} 不见了`, {
        hint: '快照不能删除：请从备份中恢复，或在原工作区重新导入这份名录',
      });
    }
    entries[kind] = entry;
  }
  const srcHolidays = join(src.root, HOLIDAYS_FILE);

  const missing = firstMissing(root);
  const before = missing ? null : new Set(await readdir(root));
  const logExisted = existsSync(join(root, FOLDERS.imports, 'log.jsonl'));
  const lists = {} as Record<ListKind, { snapshot: string; size: number; bytes: number } | null>;
  let holidays = false;
  try {
    await initWorkspace(root, org, year);
    await writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n');
    await withLock(root, async () => {
      const note = `来自 ${src.config.year} 年度工作区 ${src.root}`;
      for (const kind of KINDS) {
        const entry = entries[kind];
        if (!entry) {
          lists[kind] = null;
          continue;
        }
        // The same snapshot file, under the same name: copied, checked against its hash, then put in place.
        const from = snapshotPath(src.root, kind, entry.snapshot);
        const to = snapshotPath(root, kind, entry.snapshot);
        await mkdir(dirname(to), { recursive: true });
        const tmp = tempPathFor(to);
        try {
          await copyFile(from, tmp);
          if ((await fileSha256(tmp)) !== entry.snapshot) {
            throw new SsjError('INPUT_INVALID', `原工作区的快照文件 ${from} 的内容被改动过（哈希不符），不能带入新年度`, {
              hint: '快照是抽取可复核的依据，不能修改：请从备份中恢复原文件，或在原工作区重新导入这份名录',
            });
          }
          await rename(tmp, to);
        } finally {
          await rm(tmp, { force: true });
        }
        const bytes = (await stat(to)).size;
        // The snapshot's size: a roster or item list that another department's rows sit beside (import --dept) holds
        // more rows than its last import read (counts.imported is that import's file).
        const size = kind === 'inspectors' || kind === 'items' ? (await loadSnapshot(root, kind, entry.snapshot)).length : entry.counts.imported;
        const logged = {
          kind, at: nowStamp(), user: currentUser(),
          source: { path: from, name: `${note}（原导入文件：${entry.source.name}）`, sha256: entry.snapshot, bytes },
          snapshot: entry.snapshot,
          counts: { ...entry.counts, imported: size, rejected: 0, warnings: 0 },
          sheets: [], skipInvalid: false, rejects: null,
          /** where the list came from: the source workspace and its import */
          from: { root: src.root, year: src.config.year, seq: entry.seq, at: entry.at },
        };
        await appendImportLog(root, logged);
        lists[kind] = { snapshot: entry.snapshot, size, bytes };
      }
      // The user's holidays file (later years' schedules), unless the folder has its own.
      if (existsSync(srcHolidays) && !existsSync(join(root, HOLIDAYS_FILE))) {
        const tmp = tempPathFor(join(root, HOLIDAYS_FILE));
        try {
          await copyFile(srcHolidays, tmp);
          await rename(tmp, join(root, HOLIDAYS_FILE));
        } finally {
          await rm(tmp, { force: true });
        }
        holidays = true;
      }
    });
  } catch (e) {
    await undoCreate(root, missing, before, logExisted); // a failed command leaves the folder as it was
    throw e;
  }

  if (opts.json) {
    json({ ok: true, root, config, from: { root: src.root, year: src.config.year }, lists, holidays });
    return 0;
  }
  out(`${sym.ok} 已创建 ${year} 年度工作区 ${c.em(root)}`);
  out(`  设置和名录来自 ${src.config.year} 年度工作区 ${src.root}（不带入抽取记录、检查结果、记录表和导出文件）`);
  out(settingsLine(config));
  for (const kind of KINDS) {
    const l = lists[kind];
    out(`  ${SCHEMAS[kind].label}：${l ? `${l.size} 条，快照 ${l.snapshot.slice(0, 12)}…` : c.dim('原工作区未导入')}`);
  }
  if (holidays) out(`  节假日文件 ${HOLIDAYS_FILE} 已复制`);
  out();
  out('下一步：名录有变化的，重新导入即可（如 ssj import entities 检查对象名录库.xlsx）；然后编制年度计划：ssj plan');
  return 0;
}

/** The new workspace's settings, as both ways of creating one state them (the ratio without a float's tail: 7, not 7.000000000000001). */
const settingsLine = (config: Config) =>
  hanging('  ', `单位 ${config.org}，年度 ${config.year}；最低抽查比例 ${+(config.minRatio * 100).toFixed(4)}%，每年至少 ${config.minRounds} 次，每组 ${config.teamSize} 人，结果 ${config.disclosureWorkingDays} 个工作日内公示`);
