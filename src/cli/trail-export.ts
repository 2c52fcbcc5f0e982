// ssj export adjustments [-o FILE.xlsx] [--json]: 名录库调整清单, the entities the results found 注销/被吊销/被撤销/迁出,
// with where the current registry stands, for the clerk to apply at the registry's next revision.
// ssj export evidence [-o FILE.xlsx] [--json]: 证据材料索引, every evidence file with its hash, checked now.
// docs/paper-trail.md.
import { extname, join, resolve } from 'node:path';
import type { DisclosureTable } from '../core/disclosure.js';
import { SsjError, usageError } from '../core/errors.js';
import { checkEvidenceFiles } from '../io/evidence-store.js';
import { writeTables } from '../io/table-writer.js';
import { FOLDERS, openWorkspace } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import type { ExportOptions } from './export.js';
import type { GlobalOptions } from './main.js';
import { loadTasks } from './records.js';
import { readTrail, type GoneEntity } from './trail.js';

export const ADJUSTMENT_COLUMNS = ['序号', '统一社会信用代码', '市场主体名称', '检查发现', '检查日期', '抽查任务', '抽查事项', '备注', '名录库现状', '处理'];

export function adjustmentsTable(org: string, year: number, gone: readonly GoneEntity[]): DisclosureTable {
  return {
    title: `${org}${year}年度检查对象名录库调整清单（检查中发现注销、被吊销、被撤销、迁出）`, sheet: '名录库调整清单', columns: ADJUSTMENT_COLUMNS,
    widths: [6, 22, 34, 10, 12, 12, 20, 20, 26, 24],
    rows: gone.map((g, i) => [i + 1, g.code, g.name, g.result, g.checkDate, g.task, g.items.join('、'), g.remark, g.registryText,
      g.registry === 'active' ? `在名录库中将状态改为“${g.result}”，或移出名录库` : '无需处理']),
  };
}

export const EVIDENCE_COLUMNS = ['序号', '抽查任务', '材料类别', '检查对象', '原文件名', '大小（字节）', 'SHA-256', '保存位置', '登记时间', '台账记录', '核对'];
const STATUS_TEXT = { ok: '完好', missing: '缺失', altered: '被改动' } as const;

export async function exportTrail(kind: string, opts: ExportOptions, g: GlobalOptions): Promise<number> {
  if (opts.format && opts.format.toLowerCase() !== 'xlsx') throw usageError(`${kind} 只能导出为 .xlsx`);
  if (opts.output && extname(opts.output).toLowerCase() !== '.xlsx') throw usageError(`-o 应给出 .xlsx 文件名，现在是「${opts.output}」`);
  if (opts.task || opts.internal || opts.encoding) throw usageError(`export ${kind} 不用 --task、--internal 或 --encoding`);
  const ws = await openWorkspace(g.cwd);
  const { tasks, entries } = await loadTasks(ws.root);
  const trail = await readTrail(ws.root, entries, tasks);
  const { org, year } = ws.config;
  if (kind === 'adjustments') {
    const path = opts.output ? resolve(g.cwd, opts.output) : join(ws.root, FOLDERS.exports, `${year}年度检查对象名录库调整清单.xlsx`);
    await writeTables(path, [adjustmentsTable(org, year, trail.gone)]);
    const pending = trail.gone.filter((x) => x.registry === 'active');
    if (opts.json) {
      json({ ok: true, kind, output: path, rows: trail.gone.length, pending: pending.length, entities: trail.gone.map(({ task, code, name, result, checkDate, registry }) => ({ task, code, name, result, checkDate, registry })) });
      return 0;
    }
    out(`${sym.ok} 已导出名录库调整清单：${c.em(path)}`);
    out(`  检查中发现注销、被吊销、被撤销、迁出 ${trail.gone.length} 个，其中 ${pending.length} 个在当前名录库中仍为在业${pending.length ? '：请在名录库中调整后重新导入（ssj import entities）' : ''}`);
    return 0;
  }
  if (trail.evidence.length === 0) throw new SsjError('NO_DATA', '还没有保存任何证据材料', { hint: '用 ssj attach 任务编号 文件… --kind 类别 保存' });
  const checks = await checkEvidenceFiles(ws.root, trail.evidence);
  const byRecord = new Map(trail.evidence.map((r) => [r.id, r]));
  const rows = checks.map((k, i) => {
    const r = byRecord.get(k.record)!;
    const f = r.files.find((x) => x.stored === k.stored && x.name === k.name)!;
    return [i + 1, r.task, r.kind, r.entity ? `${r.entityName ?? ''}（${r.entity}）` : '', f.name, f.size, f.hash, f.stored, r.at, r.id, STATUS_TEXT[k.status]];
  });
  const path = opts.output ? resolve(g.cwd, opts.output) : join(ws.root, FOLDERS.exports, `${year}年度证据材料索引.xlsx`);
  await writeTables(path, [{
    title: `${org}${year}年度抽查证据材料索引（内部资料）`, sheet: '证据材料索引', columns: EVIDENCE_COLUMNS, widths: [6, 12, 10, 30, 30, 12, 66, 50, 24, 14, 8], rows,
  }]);
  const bad = checks.filter((k) => k.status !== 'ok');
  if (opts.json) {
    json({ ok: bad.length === 0, kind, output: path, files: checks.map((k) => ({ record: k.record, task: k.task, kind: k.kind, name: k.name, hash: k.hash, stored: k.stored, status: k.status })) });
    return bad.length ? 1 : 0;
  }
  out(`${sym.ok} 已导出证据材料索引：${c.em(path)}（${checks.length} 个文件${bad.length ? c.bad(`，${bad.length} 个缺失或被改动`) : '，均与登记的哈希相符'}）`);
  return bad.length ? 1 : 0;
}
