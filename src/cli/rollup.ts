// ssj rollup DIR_OR_BUNDLE… [-o FILE.xlsx] [--json]: a city bureau combines its counties' years. Each argument is
// a county's workspace, or its year-end bundle (examples/year-end.sh output): the public folder 年终材料-<year>, or the
// internal folder beside it, 年终材料-<year>（内部资料 不得公开）, whose 工作区副本/ is a copy of the workspace's
// records (its 名录快照 hold phones and 回避 pairs, so it is never inside the public folder). Each unit's ledger is verified in full (ssj verify --all; a bundle also against its own
// published files), its report read (ssj report --json), both by running this same ssj on the unit, so a unit is
// judged exactly as its own clerk's ssj would judge it. docs/paper-trail.md.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SsjError, usageError } from '../core/errors.js';
import { itemsAcross, pctText, unitSummary, type Unit, type UnitItem } from '../core/rollup.js';
import { writeTables } from '../io/table-writer.js';
import { findWorkspaceRoot } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import { renderTable } from '../ui/table.js';
import type { RollupOptions } from './options/rollup.js';
import type { GlobalOptions } from './main.js';
import { UPWARD_COLUMNS, upwardRows } from './trail-report.js';

/** The folder of a year-end bundle holding the copy of the workspace's records (examples/year-end.sh). */
export const BUNDLE_COPY = '工作区副本';
/** The suffix of the internal folder year-end.sh writes beside the public bundle: it holds 工作区副本/. */
export const INTERNAL_SUFFIX = '（内部资料 不得公开）';
/** The folder of a year-end bundle holding the evidence files (year-end.sh --evidence). */
const EVIDENCE_FOLDER = '证据材料';

/** What a unit's `ssj … --json` printed: its error, or (for verify and report) the fields rollup reads. */
interface ErrorOutput {
  ok?: boolean;
  error?: { message?: string };
}
/** `ssj verify --all --json` (docs/cli-json.md), as far as rollup reads it. */
interface VerifyOutput extends ErrorOutput {
  chain?: { problems?: string[] };
  records?: { id: string; ok: boolean; problems?: string[] }[];
  references?: { problems?: string[] };
  against?: { source: string; ok: boolean; problems?: string[] }[];
}
/** `ssj report --json` (docs/cli-json.md), as far as rollup reads it. */
interface ReportOutput extends ErrorOutput {
  org?: string;
  year?: number;
  items?: UnitItem[];
  totals?: Unit['totals'];
  workloadStats?: Unit['workloadStats'];
  upward?: Unit['gone'];
  evidence?: { tasks?: Unit['evidenceGaps'] };
}

/** Runs this same ssj on a unit; json is what it printed on stdout (undefined when that is not JSON). */
function runSelf<T extends ErrorOutput>(args: string[]): Promise<{ code: number; json: T | undefined; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [process.argv[1]!, ...args], { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      let parsed: T | undefined;
      try {
        parsed = JSON.parse(stdout) as T;
      } catch {
        parsed = undefined;
      }
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, json: parsed, stderr });
    });
  });
}

type Located = { kind: 'workspace' | 'bundle'; root: string; published?: string | null };

/**
 * What a folder is: a workspace (or a folder inside one), or a year-end bundle. A bundle is given as its public
 * folder (its internal sibling, the same name with INTERNAL_SUFFIX, holds 工作区副本/) or as that internal folder
 * (its public sibling, when present, is what it is checked against); published is the public folder, if any.
 */
function locate(path: string): Located | null {
  if (existsSync(join(path, 'ssj.json'))) return { kind: 'workspace', root: path };
  const trimmed = path.replace(/[\\/]+$/, '');
  if (existsSync(join(path, BUNDLE_COPY, 'ssj.json'))) {
    const pub = trimmed.endsWith(INTERNAL_SUFFIX) ? trimmed.slice(0, -INTERNAL_SUFFIX.length) : null;
    const published = pub === null ? path : existsSync(pub) && statSync(pub).isDirectory() ? pub : null; // an older bundle held its copy inside
    return { kind: 'bundle', root: join(path, BUNDLE_COPY), published };
  }
  const internal = `${trimmed}${INTERNAL_SUFFIX}`;
  if (existsSync(join(internal, BUNDLE_COPY, 'ssj.json'))) return { kind: 'bundle', root: join(internal, BUNDLE_COPY), published: path };
  const up = findWorkspaceRoot(path);
  return up ? { kind: 'workspace', root: up } : null;
}

/** The problems a verify --json output reports. */
function verifyProblems(v: VerifyOutput | undefined): string[] {
  if (!v || typeof v !== 'object') return ['复核没有给出结果'];
  if (v.ok === false && v.error) return [String(v.error.message)];
  const p: string[] = [...(v.chain?.problems ?? [])];
  for (const r of v.records ?? []) if (!r.ok) p.push(...(r.problems ?? []).map((x) => `${r.id}：${x}`));
  p.push(...(v.references?.problems ?? []));
  for (const a of v.against ?? []) if (!a.ok) p.push(...(a.problems ?? []).map((x) => `对照 ${a.source}：${x}`));
  return p;
}

async function readUnit(source: string, at: Located): Promise<Unit> {
  // a bundle is checked against the files it publishes and the forms and reports of its internal folder (not its copy
  // of the workspace), and its evidence files only when it carries them (year-end.sh --evidence)
  const folders = at.kind === 'bundle' ? [...new Set([at.published, dirname(at.root)].filter((d): d is string => Boolean(d)))] : [];
  const against = folders.flatMap((d) => readdirSync(d).filter((n) => n !== BUNDLE_COPY && n !== EVIDENCE_FOLDER && !n.startsWith('.')).map((n) => join(d, n)));
  const skipFiles = at.kind === 'bundle' && !existsSync(join(at.root, 'evidence', 'files'));
  const verifyArgs = ['-C', at.root, 'verify', '--all', '--json', ...(against.length ? ['--against', ...against] : []), ...(skipFiles ? ['--skip-evidence-files'] : [])];
  const v = await runSelf<VerifyOutput>(verifyArgs);
  const problems = verifyProblems(v.json);
  const ledgerOk = v.code === 0 && v.json?.ok === true && problems.length === 0;
  if (!ledgerOk && problems.length === 0) problems.push(`复核没有通过（退出码 ${v.code}）${v.stderr ? `：${v.stderr.trim().split('\n').at(-1)}` : ''}`);
  const r = await runSelf<ReportOutput>(['-C', at.root, 'report', '--json']);
  const rep = r.json && !r.json.error ? r.json : null;
  if (!rep) problems.push(`无法生成抽查情况报告：${r.json?.error?.message ?? r.stderr.trim().split('\n').at(-1) ?? ''}`);
  let org = rep?.org;
  let year = rep?.year ?? null;
  if (!org) {
    try {
      const cfg = JSON.parse(readFileSync(join(at.root, 'ssj.json'), 'utf8')) as { org?: unknown; year?: unknown };
      org = String(cfg.org ?? basename(source));
      year = Number(cfg.year) || null;
    } catch {
      org = basename(source);
    }
  }
  return {
    org, year, source, kind: at.kind, ledgerOk: ledgerOk && rep !== null, problems,
    items: rep?.items ?? [], totals: rep?.totals ?? null, workloadStats: rep?.workloadStats ?? null,
    gone: rep?.upward ?? [], evidenceGaps: rep?.evidence?.tasks ?? [],
  };
}

export async function rollup(sources: string[], opts: RollupOptions, g: GlobalOptions): Promise<number> {
  if (opts.output && !opts.output.toLowerCase().endsWith('.xlsx')) throw usageError(`-o 应给出 .xlsx 文件名，现在是「${opts.output}」`);
  const paths = sources.map((s) => resolve(g.cwd, s));
  const bad: string[] = [];
  const located = paths.map((p, i) => {
    if (!existsSync(p) || !statSync(p).isDirectory()) {
      bad.push(`「${sources[i]}」不存在或不是文件夹`);
      return null;
    }
    const at = locate(p);
    if (!at) bad.push(`「${sources[i]}」既不是 ssj 工作区，也不是年终材料文件夹（其中没有 ssj.json 或 ${BUNDLE_COPY}/ssj.json）`);
    return at;
  });
  if (bad.length) throw new SsjError('FILE_NOT_FOUND', bad.join('；'), { hint: '给出各单位的工作区文件夹，或 examples/year-end.sh 生成的年终材料文件夹' });
  const units: Unit[] = [];
  for (const [i, at] of located.entries()) {
    if (!opts.json) process.stderr.write(`  复核 ${sources[i]} …\n`);
    units.push(await readUnit(paths[i]!, at!));
  }
  const ok = units.every((u) => u.ledgerOk);
  const years = [...new Set(units.map((u) => u.year))];
  if (opts.output) await writeTables(resolve(g.cwd, opts.output), rollupTables(units));
  if (opts.json) {
    json({
      ok, output: opts.output ? resolve(g.cwd, opts.output) : null,
      units: units.map((u) => ({ org: u.org, year: u.year, source: u.source, kind: u.kind, ledgerOk: u.ledgerOk, problems: u.problems, items: u.items, totals: u.totals, workloadStats: u.workloadStats, gone: u.gone, evidenceGaps: u.evidenceGaps, summary: unitSummary(u) })),
      items: itemsAcross(units.filter((u) => u.ledgerOk)),
    });
    return ok ? 0 : 1;
  }
  out(c.bold(`${units.length} 个单位${years.length === 1 && years[0] ? ` ${years[0]} 年度` : ''}“双随机、一公开”抽查情况汇总`));
  if (years.length > 1) out(c.warn(`各单位的年度不同：${years.join('、')}`));
  for (const u of units) {
    out(`${u.ledgerOk ? c.ok('PASS') : c.bad('FAIL')}  ${u.org}  ${c.dim(u.source)}`);
    for (const p of u.problems.slice(0, 8)) out(`      ${c.bad('✖')} ${p}`);
    if (u.problems.length > 8) out(c.dim(`      ……另有 ${u.problems.length - 8} 处`));
  }
  out();
  out(renderTable(
    ['单位', '台账', '达标事项', '抽查次数', '抽取比例', '按时公示', '逾期', '注销等', '户次', '人均（中位数）', '证据缺失'],
    units.map(unitSummary).map((s) => [s.org, s.ledgerOk ? '完整' : c.bad('不通过'), `${s.itemsOk}/${s.itemsRequired}`, `${s.roundsDone}/${s.roundsRequired}`, pctText(s.drawn, s.pool),
      s.publishedOnTime, s.publishedLate + s.overdue, s.gone, s.visits, s.medianWorkload, s.evidenceGaps]),
    // fitted to the terminal: unit names shortened, then the median workload, the evidence gaps and the gone counts left out (-o has them all)
    { right: [4, 5, 6, 7, 8, 9, 10], fit: true, shrink: [0], drop: [9, 10, 7], minWidth: 10 },
  ));
  if (!ok) out(c.bad(`台账复核不通过的单位：${units.filter((u) => !u.ledgerOk).map((u) => u.org).join('、')}（其数据不计入各事项合计）`));
  if (opts.output) out(`${sym.ok} 汇总表已写入 ${c.em(resolve(g.cwd, opts.output))}`);
  else out(c.dim('用 -o 汇总表.xlsx 保存汇总表（含各事项、逐级上报、证据缺失）'));
  return ok ? 0 : 1;
}

function rollupTables(units: readonly Unit[]) {
  const sums = units.map(unitSummary);
  const across = itemsAcross(units.filter((u) => u.ledgerOk));
  return [
    {
      title: '各单位台账复核情况', sheet: '台账复核', columns: ['序号', '单位', '年度', '来源', '台账复核', '问题'], widths: [6, 28, 6, 40, 10, 80],
      rows: units.map((u, i) => [i + 1, u.org, u.year ?? '', u.source, u.ledgerOk ? '通过' : '不通过', u.problems.join('；')]),
    },
    {
      title: '各单位抽查情况汇总', sheet: '各单位',
      columns: ['单位', '台账复核', '应抽查事项', '达标事项', '已抽次数', '应抽次数', '已抽检查对象', '检查对象总数', '抽取比例', '按时公示（次）', '逾期公示（次）', '逾期未公示（次）', '检查户次', '注销吊销撤销迁出', '执法人员', '工作量中位数', '工作量最多', '证据缺失任务'],
      widths: [28, 8, 8, 8, 8, 8, 10, 10, 8, 10, 10, 10, 8, 10, 8, 8, 8, 10],
      rows: sums.map((s) => [s.org, s.ledgerOk ? '通过' : '不通过', s.itemsRequired, s.itemsOk, s.roundsDone, s.roundsRequired, s.drawn, s.pool, pctText(s.drawn, s.pool),
        s.publishedOnTime, s.publishedLate, s.overdue, s.visits, s.gone, s.people, s.medianWorkload, s.maxWorkload, s.evidenceGaps]),
    },
    {
      title: '各事项抽查情况汇总（台账复核通过的单位）', sheet: '各事项',
      columns: ['事项编号', '抽查事项', '单位数', '达标单位', '已抽次数', '应抽次数', '已抽检查对象', '检查对象总数', '抽取比例', '按时公示（次）', '逾期公示（次）', '逾期未公示（次）', '注销吊销撤销迁出', '证据缺失任务'],
      widths: [10, 30, 6, 8, 8, 8, 10, 10, 8, 10, 10, 10, 10, 10],
      rows: across.map((a) => [a.item, a.name, a.units, a.unitsOk, a.roundsDone, a.roundsRequired, a.drawn, a.pool, pctText(a.drawn, a.pool), a.publishedOnTime, a.publishedLate, a.overdue, a.gone, a.evidenceGaps]),
    },
    {
      title: '各单位各事项抽查情况', sheet: '各单位各事项',
      columns: ['单位', '事项编号', '抽查事项', '已抽次数', '应抽次数', '已抽/总数', '抽取比例', '按时公示', '逾期公示', '逾期未公示', '注销吊销撤销迁出', '证据缺失任务', '结论'],
      widths: [28, 10, 30, 8, 8, 10, 8, 8, 8, 10, 10, 10, 8],
      rows: units.flatMap((u) => u.items.filter((i) => !i.notDrawn).map((i) => [u.org, i.item, i.name, i.roundsDone, i.roundsRequired, `${i.drawn}/${i.pool}`, pctText(i.drawn, i.pool),
        i.publishedOnTime, i.publishedLate, i.overdue, i.gone ?? 0, i.evidenceGaps ?? 0, i.ok ? '达标' : '未达标'])),
    },
    {
      title: '检查中发现注销、被吊销、被撤销、迁出的市场主体汇总表（逐级上报）', sheet: '逐级上报', columns: UPWARD_COLUMNS, widths: [6, 24, 6, 22, 34, 10, 12, 12, 20, 26],
      rows: upwardRows(units.flatMap((u) => u.gone.map((x) => ({ ...x, org: u.org, year: u.year ?? 0 })))),
    },
    {
      title: '证据材料缺失情况', sheet: '证据缺失', columns: ['单位', '抽查任务', '还缺少'], widths: [28, 12, 90],
      // (a row for each thing lacking, as in ssj report's 证据材料 sheet: joined, a large task's row outgrew a page)
      rows: units.flatMap((u) => u.evidenceGaps.flatMap((x) => x.lacks.map((l) => [u.org, x.task, l]))),
    },
  ];
}
