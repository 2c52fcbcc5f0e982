// A workspace whose registry has what the published lists must carry for a re-run: 停业/歇业/清算 rows with
// ssj.json "suspendedDrawable": false, and columns of the registry's own (投诉举报次数, 重点监管对象) that draws may
// narrow or stratify by. Built from the sample lists: the sample registry rewritten as a CSV with those changes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workdir } from './workdir.js';

/** The statuses given to the first 建筑施工企业 rows of the sample registry (ZJ-001's target). */
export const SUSPENDED = ['停业', '歇业', '停业（整改）', '存续（清算中）', '歇业'];

/**
 * samples() in `dir`, then the registry re-imported from a CSV with SUSPENDED statuses and two extra columns
 * (投诉举报次数 = row number mod 4, 重点监管对象 = 是/否), with ssj.json's suspendedDrawable set as asked.
 */
export async function rulesWorkspace(w: Workdir, dir: string, suspendedDrawable: boolean, env: Record<string, string>): Promise<string> {
  await w.samples(dir);
  const ws = w.path(dir);
  const entities = (await w.run(['list', 'entities', '--json'], { cwd: ws, env })).json as Record<string, string>[];
  let k = 0;
  const q = (s: string) => `"${String(s ?? '').replace(/"/g, '""')}"`;
  const rows = entities.map((e, i) => {
    const status = e['category'] === '建筑施工企业' && e['status'] === 'active' && k < SUSPENDED.length ? SUSPENDED[k++]! : e['statusText']!;
    return [e['name'], e['creditCode'], e['category'], e['region'], e['section'], e['risk'], status, String(i % 4), i % 3 === 0 ? '是' : '否'].map((x) => q(x!)).join(',');
  });
  const file = w.path(`${dir}-registry.csv`);
  writeFileSync(file, '\uFEFF' + ['市场主体名称,统一社会信用代码,行业类别,区域,监管责任股室,信用风险分类,经营状态,投诉举报次数,重点监管对象', ...rows].join('\r\n') + '\r\n');
  const cfg = JSON.parse(readFileSync(join(ws, 'ssj.json'), 'utf8'));
  cfg.suspendedDrawable = suspendedDrawable;
  writeFileSync(join(ws, 'ssj.json'), JSON.stringify(cfg, null, 2) + '\n');
  const r = await w.run(['import', 'entities', file], { cwd: ws, env });
  if (r.code !== 0) throw new Error(`import entities failed: ${r.stderr}`);
  return ws;
}
