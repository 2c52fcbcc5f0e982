// ssj list inspectors|entities|items|conflicts [--status active|gone] [--category X] [--json]
import { NEVER_ENDS } from '../core/dates.js';
import { usageError } from '../core/errors.js';
import { SCHEMAS } from '../core/schema.js';
import type { Conflict, Entity, InspectionItem, Inspector, ListKind, ListRecord } from '../core/types.js';
import { loadCurrent } from '../io/store.js';
import { departmentOf } from '../core/departments.js';
import { entityExtras, extraFieldsOf } from '../core/where.js';
import { openWorkspace } from '../io/workspace.js';
import { c, json, out } from '../ui/output.js';
import { didYouMean } from '../ui/suggest.js';
import { renderTable } from '../ui/table.js';
import { page, wrapped } from '../ui/terminal.js';
import type { ListOptions } from './options/list.js';
import type { GlobalOptions } from './main.js';

const KINDS: ListKind[] = ['inspectors', 'entities', 'items', 'conflicts'];

/** rows shown without --all; the rest are counted with a pointer to --all and --json */
export const LIST_SHOWN = 50;

export async function list(what: string, opts: ListOptions, g: GlobalOptions): Promise<number> {
  if (!KINDS.includes(what as ListKind)) throw usageError(`不认识的名录「${what}」${didYouMean(what, KINDS, 'list')}`, '可以是 inspectors（执法检查人员）、entities（检查对象）、items（抽查事项）或 conflicts（回避关系）');
  if (opts.status && !['active', 'gone'].includes(opts.status)) throw usageError('--status 只能是 active（正常）或 gone（已退出）');
  const kind = what as ListKind;
  if (opts.status && kind !== 'entities') throw usageError('--status 只用于检查对象（ssj list entities）');
  if (opts.category && kind === 'conflicts') throw usageError('--category 不用于回避关系（ssj list conflicts）');
  const ws = await openWorkspace(g.cwd);
  const current = await loadCurrent(ws.root, kind);
  if (!current) {
    if (opts.json) json([]);
    else out(`还没有导入${SCHEMAS[kind].label}。请运行：ssj import ${kind} 文件.xlsx`);
    return 0;
  }
  const categoryOf = (r: ListRecord) => (kind === 'items' ? (r as InspectionItem).target : (r as Entity | Inspector).category);
  let records: ListRecord[] = current.records;
  if (opts.status && kind === 'entities') records = records.filter((r) => (r as Entity).status === opts.status);
  const beforeCategory = records;
  if (opts.category) records = records.filter((r) => categoryOf(r) === opts.category);
  if (opts.json) {
    json(jsonRows(kind, records, ws.config.org));
    return 0;
  }
  const lines: string[] = [];
  lines.push(wrapped(`${SCHEMAS[kind].label}：${current.entry.source.name}，${current.entry.at.slice(0, 16).replace('T', ' ')} 导入，快照 ${current.entry.snapshot.slice(0, 12)}…`, c.dim));
  if (records.length === 0 && opts.category) {
    // an empty filter says which values there are
    const counts = new Map<string, number>();
    for (const r of beforeCategory) counts.set(categoryOf(r) || '（未填）', (counts.get(categoryOf(r) || '（未填）') ?? 0) + 1);
    const label = kind === 'entities' ? '行业类别' : kind === 'inspectors' ? '执法类别' : '检查对象';
    lines.push(`没有${label}为「${opts.category}」的记录。现有的${label}：`);
    for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1])) lines.push(`  ${k}（${n} 条）`);
    const near = [...counts.keys()].filter((k) => k.includes(opts.category!) || opts.category!.includes(k));
    if (near.length > 0) lines.push(c.dim(`是不是要用 --category ${near[0]}？`));
    await page(lines.join('\n'));
    return 0;
  }
  const shown = opts.all ? records : records.slice(0, LIST_SHOWN);
  if (kind === 'entities') {
    lines.push(renderTable(
      ['统一社会信用代码', '名称', '行业类别', '监管责任股室', '区域', '状态'],
      (shown as Entity[]).map((e) => [e.code, e.name, e.category, e.section, e.region, e.status === 'active' ? e.statusText || '正常' : c.bad(e.statusText)]),
      { fit: true, shrink: [1, 2, 5, 3, 4], drop: [3, 4], minWidth: 16 },
    ));
  } else if (kind === 'inspectors') {
    lines.push(renderTable(
      ['执法证号', '姓名', '执法类别', '单位', '所属股室', '证件有效期', '类型'],
      (shown as Inspector[]).map((i) => [i.certNo, i.name, i.category, i.unit, i.section, i.certExpiry === NEVER_ENDS ? '长期' : i.certExpiry, i.kind]),
      { fit: true, shrink: [3, 2, 4, 6], drop: [3, 6], minWidth: 12 },
    ));
  } else if (kind === 'conflicts') {
    // the names from the roster and the registry when the 回避 file left them out
    const names = await namesForConflicts(ws.root);
    lines.push(renderTable(
      ['执法证号', '姓名', '检查对象代码', '检查对象名称', '回避原因'],
      (shown as Conflict[]).map((x) => [x.certNo, x.inspectorName || names.inspectors.get(x.certNo) || '', x.code, x.entityName || names.entities.get(x.code) || '', x.reason]),
      { fit: true, shrink: [3, 4, 1], drop: [2], minWidth: 12 },
    ));
  } else {
    lines.push(renderTable(
      ['事项编号', '抽查事项', '检查对象', '比例', '频次', '责任股室', '不抽查理由 / 备注'],
      (shown as InspectionItem[]).map((it) => [
        it.id, it.name, it.target, it.ratio === null ? '不适用' : `${+(it.ratio * 100).toFixed(4)}%`, it.rounds === null ? '—' : `${it.rounds}次/年`, it.section,
        it.ratio === null ? it.reason || c.warn('（未写理由）') : it.remark ?? '',
      ]),
      { fit: true, shrink: [1, 6, 2, 5], drop: [5, 6], minWidth: 12 },
    ));
  }
  if (shown.length < records.length) {
    lines.push(c.dim(`…… 另有 ${records.length - shown.length} 条没有显示：加 --all 显示全部，或用 --json`));
  }
  lines.push(c.dim(`共 ${records.length} 条`));
  await page(lines.join('\n'));
  return 0;
}

/** 姓名 by 执法证号 and 名称 by code from the current roster and registry (empty maps when not imported). */
async function namesForConflicts(root: string): Promise<{ inspectors: Map<string, string>; entities: Map<string, string> }> {
  const [ins, ent] = await Promise.all([loadCurrent(root, 'inspectors').catch(() => null), loadCurrent(root, 'entities').catch(() => null)]);
  return {
    inspectors: new Map((ins?.records as Inspector[] | undefined ?? []).map((i) => [i.certNo, i.name])),
    entities: new Map((ent?.records as Entity[] | undefined ?? []).map((e) => [e.code, e.name])),
  };
}

/**
 * The --json elements: the records as stored, with (added fields) items' "reason" and "remark", inspectors'
 * "dept" (their department: 部门 / --dept, else 单位), entities' "extra" (the registry's other columns) — all
 * strings or null, never absent. An entity's extra columns are not top-level keys.
 */
function jsonRows(kind: ListKind, records: readonly ListRecord[], org: string): unknown[] {
  const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);
  if (kind === 'items') {
    return (records as InspectionItem[]).map((it) => {
      const { reason, remark, dept, ...rest } = it;
      return { ...rest, reason: orNull(reason), remark: orNull(remark), dept: orNull(dept) };
    });
  }
  if (kind === 'inspectors') return (records as Inspector[]).map((p) => ({ ...p, dept: departmentOf(p, org) }));
  if (kind === 'entities') {
    const extras = extraFieldsOf(records as Entity[]);
    if (extras.length === 0) return (records as Entity[]).map((e) => ({ ...e, extra: {} }));
    const skip = new Set(extras);
    return (records as Entity[]).map((e) => {
      const base = Object.fromEntries(Object.entries(e).filter(([k]) => !skip.has(k)));
      return { ...base, extra: entityExtras(e, extras) };
    });
  }
  return [...records];
}
