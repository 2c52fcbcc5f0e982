// A small but complete year in a workspace, built through the real binary (for the year-end script and the
// annual report tests): the sample lists, two items drawn twice each on different days, one redraw, one
// replacement (补抽), results imported for every standing task, and every task published, one of them late.
//
//   const { root, ids } = await buildYear(w, 'ws');
//
// Dates (SSJ_TODAY per step; the year is 2026, disclosure within 20 working days of the last check):
//   2026-05-11  2026-001  ZJ-001 第 1 次
//   2026-05-12  2026-002  ZJ-003 第 1 次        (superseded by 2026-003)
//   2026-05-13  2026-003  ZJ-003 第 1 次 重抽    --redraw --reason …
//   2026-09-07  2026-004  ZJ-001 第 2 次
//   2026-09-08  2026-005  ZJ-003 第 2 次
//   2026-09-09  2026-004-R1  补抽：2026-004 的第一家检查对象（原因 注销）
//   results: 2026-001 (one 发现问题已责令改正), 2026-003, 2026-004 (after the replacement), 2026-005 (one 迁出)
//   published: 2026-001 on 06-01, 2026-003 on 06-02, 2026-005 on 09-30 (on time); 2026-004 on 11-16 (late: due 2026-10-21)
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Workdir } from './workdir.js';

export interface YearEntity {
  code: string;
  name: string;
}

export interface YearIds {
  /** every record in the ledger, in order (draws and the amendment) */
  records: string[];
  /** the draw records (not the amendment), in order */
  draws: string[];
  /** the standing tasks (draws not superseded by a redraw), as ssj status lists them */
  tasks: string[];
  /** the items drawn */
  items: string[];
  /** task id by item and round, e.g. byRound['ZJ-001'][2] === '2026-004' (the standing draw of that round) */
  byRound: Record<string, Record<number, string>>;
  /** the redraw: `id` superseded `of` */
  redraw: { id: string; of: string; reason: string; item: string; round: number };
  /** the replacement: record `id` amends `of`, removing `removed` (reason 注销) and adding `added` */
  replacement: { id: string; of: string; reason: string; removed: YearEntity; added: YearEntity };
  /** the drawn entities of each standing task after amendments, by task id */
  entities: Record<string, YearEntity[]>;
  /** results with something to say: one entity found with a problem, one found moved out (迁出) */
  problem: { task: string; code: string; result: string; disposal: string };
  moved: { task: string; code: string; result: string };
  /** publications: the late one, and the others (all tasks are published) */
  late: { task: string; date: string; due: string };
  onTime: { task: string; date: string; due: string }[];
}

export interface BuiltYear {
  /** the workspace root (absolute) */
  root: string;
  /** a day after everything happened (the year-end day the tests run on) */
  today: string;
  ids: YearIds;
}

const WITNESSES = ['--witness', '王纪检', '--witness', '李监督'];

/** Build the year in `w.path(dir)` (which must not exist yet). Throws with the command's output when a step fails. */
export async function buildYear(w: Workdir, dir: string): Promise<BuiltYear> {
  await w.samples(dir);
  const root = w.path(dir);
  const filled = w.path(`${dir}-填好的检查结果`);
  mkdirSync(filled, { recursive: true });

  const ssj = async (today: string, args: string[]) => {
    const r = await w.run([...args, '--json'], { cwd: root, env: { SSJ_TODAY: today } });
    if (r.code !== 0 || !r.json) throw new Error(`ssj ${args.join(' ')} (SSJ_TODAY=${today}) failed with ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r.json;
  };
  const draw = (today: string, item: string, round: number, entropy: string, extra: string[] = []) =>
    ssj(today, ['draw', '--item', item, '--round', String(round), ...WITNESSES, '--entropy', entropy, '--entropy', String(Number(entropy) * 7 % 999983),
      '--operator', '张三', '--place', '局三楼会议室', '-y', ...extra]);

  const d1 = await draw('2026-05-11', 'ZJ-001', 1, '381702');
  const d2 = await draw('2026-05-12', 'ZJ-003', 1, '992011');
  const redrawReason = '见证人未全部到场，本次抽取作废';
  const d3 = await draw('2026-05-13', 'ZJ-003', 1, '550617', ['--redraw', '--reason', redrawReason]);
  const d4 = await draw('2026-09-07', 'ZJ-001', 2, '730944');
  const d5 = await draw('2026-09-08', 'ZJ-003', 2, '118265');
  const removed: YearEntity = { code: d4.entities[0].code, name: d4.entities[0].name };
  const rep = await ssj('2026-09-09', ['draw', 'replace', d4.id, '--entity', removed.code, '--reason', '注销', '--operator', '张三']);
  const added: YearEntity = { code: rep.change.added[0].code, name: rep.change.added[0].name };

  const pick = (xs: { code: string; name: string }[]) => xs.map((e) => ({ code: e.code, name: e.name }));
  const entities: Record<string, YearEntity[]> = { [d1.id]: pick(d1.entities), [d3.id]: pick(d3.entities), [d4.id]: pick(rep.entities), [d5.id]: pick(d5.entities) };

  // Results: the generated sheet filled in as a clerk would, imported a few days after the last check.
  const problem = { task: d1.id, code: d1.entities[1].code, result: '发现问题已责令改正', disposal: '责令改正' };
  const moved = { task: d5.id, code: d5.entities[0].code, result: '迁出' };
  const results = async (task: string, sheetDay: string, checkDays: string[], importDay: string) => {
    const sheet = await ssj(sheetDay, ['results', 'sheet', task]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sheet.output);
    const sh = wb.getWorksheet('检查结果')!;
    for (let r = 6, k = 0; sh.getCell(r, 2).value; r++, k++) {
      const code = String(sh.getCell(r, 2).value);
      const day = checkDays[k % checkDays.length]!;
      sh.getCell(r, 6).value = day;
      sh.getCell(r, 7).value = '实地检查';
      if (task === problem.task && code === problem.code) {
        sh.getCell(r, 8).value = problem.result;
        sh.getCell(r, 9).value = '施工现场临边防护不到位';
        sh.getCell(r, 10).value = problem.disposal;
        sh.getCell(r, 11).value = '2026-06-30';
      } else if (task === moved.task && code === moved.code) {
        sh.getCell(r, 8).value = moved.result;
        sh.getCell(r, 10).value = '无需后续处置';
        sh.getCell(r, 12).value = '已迁至外县';
      } else {
        sh.getCell(r, 8).value = '未发现问题';
        sh.getCell(r, 10).value = '无需后续处置';
      }
    }
    const file = join(filled, `${task} 检查结果.xlsx`);
    await wb.xlsx.writeFile(file);
    return ssj(importDay, ['results', 'import', file]);
  };
  const r1 = await results(d1.id, '2026-05-15', ['2026-05-18', '2026-05-19', '2026-05-20', '2026-05-21'], '2026-05-25');
  const r3 = await results(d3.id, '2026-05-15', ['2026-05-19', '2026-05-22'], '2026-05-26');
  const r4 = await results(d4.id, '2026-09-10', ['2026-09-14', '2026-09-15', '2026-09-17'], '2026-09-21');
  const r5 = await results(d5.id, '2026-09-10', ['2026-09-15', '2026-09-18'], '2026-09-22');

  const publish = async (task: string, date: string) => {
    const p = await ssj(date, ['results', 'publish', task, '--date', date, '--url', `https://zfxxgk.example.gov.cn/sjgk/${task}`]);
    return { task, date, due: p.due as string, onTime: p.onTime as boolean };
  };
  const pubs = [await publish(d1.id, '2026-06-01'), await publish(d3.id, '2026-06-02'), await publish(d5.id, '2026-09-30'), await publish(d4.id, '2026-11-16')];
  const late = pubs.filter((p) => !p.onTime);
  if (late.length !== 1 || late[0]!.task !== d4.id) throw new Error(`expected only ${d4.id} published late: ${JSON.stringify(pubs)}`);
  for (const r of [r1, r3, r4, r5]) if (r.version !== 1) throw new Error(`results of ${r.task} stored as version ${r.version}`);

  const strip = ({ task, date, due }: { task: string; date: string; due: string }) => ({ task, date, due });
  return {
    root,
    today: '2026-11-22',
    ids: {
      records: [d1.id, d2.id, d3.id, d4.id, d5.id, rep.id],
      draws: [d1.id, d2.id, d3.id, d4.id, d5.id],
      tasks: [d1.id, d3.id, d4.id, d5.id],
      items: ['ZJ-001', 'ZJ-003'],
      byRound: { 'ZJ-001': { 1: d1.id, 2: d4.id }, 'ZJ-003': { 1: d3.id, 2: d5.id } },
      redraw: { id: d3.id, of: d2.id, reason: redrawReason, item: 'ZJ-003', round: 1 },
      replacement: { id: rep.id, of: d4.id, reason: '注销', removed, added },
      entities,
      problem,
      moved,
      late: strip(late[0]!),
      onTime: pubs.filter((p) => p.onTime).map(strip),
    },
  };
}
