// The workspace: a folder holding ssj.json, found from the current folder upward as git finds .git.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { newConfig, validateConfig, type Config } from '../core/config.js';
import { SsjError } from '../core/errors.js';
import { writeFileAtomic } from './atomic.js';

export const CONFIG_FILE = 'ssj.json';

/** Folders inside a workspace. */
export const FOLDERS = {
  snapshots: 'snapshots',
  imports: 'imports',
  rejects: join('imports', 'rejects'),
  draws: 'draws',
  forms: 'forms',
  exports: 'exports',
  results: 'results',
} as const;

const README = `这是一个 ssj（双随机、一公开抽查工具）工作区。

ssj.json      本工作区的设置：单位名称、年度、最低抽查比例、每年最少抽查次数、每组人数、公示期限（工作日）。可用记事本修改。
snapshots/    每次导入的名录快照（按内容命名，永不修改、永不删除；抽取记录引用它们）。
imports/      导入记录（log.jsonl）和被拒绝的行（rejects/）。
draws/        抽取记录。
forms/        抽查工作记录表。
exports/      需要公开的清单。
results/      检查结果：填报表、每次导入的结果（按版本保存，永不修改）和公示登记。
plans/        备案的年度抽查工作计划及其调整（ssj plan --file、ssj plan adjust 时建立）。
evidence/     证据材料：登记记录和按哈希命名的文件 files/（ssj attach 时建立）。

请不要手工修改或删除 snapshots/ 中的快照，draws/、results/、plans/ 中的 .json、.jsonl 文件，以及 evidence/ 中的文件：
过去的抽取和留痕要靠它们复核（ssj verify）。
`;

export interface Workspace {
  root: string;
  config: Config & Record<string, unknown>;
}

export function findWorkspaceRoot(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export async function openWorkspace(cwd: string): Promise<Workspace> {
  // the folder itself missing (a mistyped -C) is not a folder without a workspace
  const start = resolve(cwd);
  if (!existsSync(start)) {
    throw new SsjError('FOLDER_NOT_FOUND', `找不到文件夹「${start}」`, { hint: '请检查 -C 后面的路径（或当前所在的文件夹）是否写错' });
  }
  const root = findWorkspaceRoot(cwd);
  if (!root) {
    throw new SsjError('NO_WORKSPACE', `「${resolve(cwd)}」及其上级文件夹中都没有 ssj 工作区`, {
      hint: '请先运行 ssj init --org 单位名称 --year 年度 创建工作区，或用 -C 指定工作区所在的文件夹',
    });
  }
  const file = join(root, CONFIG_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new SsjError('CONFIG_INVALID', `配置文件 ${file} 不是有效的 JSON（${(e as Error).message}）`, {
      hint: '请检查是否漏了逗号或引号；改不好可以把它改名后重新运行 ssj init',
    });
  }
  return { root, config: validateConfig(raw, file) };
}

export async function initWorkspace(dir: string, org: string, year: number): Promise<Workspace> {
  const root = resolve(dir);
  if (existsSync(join(root, CONFIG_FILE))) {
    throw new SsjError('WORKSPACE_EXISTS', `「${root}」已经是一个 ssj 工作区`, { hint: '如需修改设置，请直接编辑其中的 ssj.json' });
  }
  await mkdir(root, { recursive: true });
  if ((await readdir(root)).some((n) => n === FOLDERS.snapshots || n === FOLDERS.draws)) {
    throw new SsjError('WORKSPACE_EXISTS', `「${root}」里已有 snapshots 或 draws 文件夹，但没有 ssj.json`, {
      hint: '这可能是一个配置文件丢失的工作区：请找回 ssj.json，或换一个空文件夹',
    });
  }
  for (const f of Object.values(FOLDERS)) await mkdir(join(root, f), { recursive: true });
  await writeFileAtomic(join(root, '说明.txt'), README);
  const config = newConfig(org, year);
  await writeFileAtomic(join(root, CONFIG_FILE), JSON.stringify(config, null, 2) + '\n');
  return { root, config: config as Config & Record<string, unknown> };
}
