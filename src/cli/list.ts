// ssj list inspectors|entities|items|conflicts [--status active|gone] [--category X] [--json]
import { usageError } from '../core/errors.js';
import { SCHEMAS } from '../core/schema.js';
import type { Conflict, Entity, InspectionItem, Inspector, ListKind, ListRecord } from '../core/types.js';
import { loadCurrent } from '../io/store.js';
import { departmentOf } from '../core/departments.js';
import { entityExtras, extraFieldsOf } from '../core/where.js';
import { openWorkspace } from '../io/workspace.js';
import { c, json, out } from '../ui/output.js';
import { renderTable } from '../ui/table.js';
import type { GlobalOptions } from './main.js';

const KINDS: ListKind[] = ['inspectors', 'entities', 'items', 'conflicts'];

export async function list(what: string, opts: { status?: string; category?: string; json?: boolean }, g: GlobalOptions): Promise<number> {
  if (!KINDS.includes(what as ListKind)) throw usageError(`不认识的名录「${what}」`, '可以是 inspectors（执法检查人员）、entities（检查对象）、items（抽查事项）或 conflicts（回避关系）');
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
  let records: ListRecord[] = current.records;
  if (opts.status && kind === 'entities') records = records.filter((r) => (r as Entity).status === opts.status);
  if (opts.category) {
    records = records.filter((r) => (kind === 'items' ? (r as InspectionItem).target : (r as Entity | Inspector).category) === opts.category);
  }
  if (opts.json) {
    json(jsonRows(kind, records, ws.config.org));
    return 0;
  }
  out(c.dim(`${SCHEMAS[kind].label}：${current.entry.source.name}，${current.entry.at.slice(0, 16).replace('T', ' ')} 导入，快照 ${current.entry.snapshot.slice(0, 12)}…`));
  if (kind === 'entities') {
    out(renderTable(
      ['统一社会信用代码', '名称', '行业类别', '监管责任股室', '区域', '状态'],
      (records as Entity[]).map((e) => [e.code, e.name, e.category, e.section, e.region, e.status === 'active' ? e.statusText || '正常' : c.bad(e.statusText)]),
    ));
  } else if (kind === 'inspectors') {
    out(renderTable(
      ['执法证号', '姓名', '执法类别', '单位', '所属股室', '证件有效期', '类型'],
      (records as Inspector[]).map((i) => [i.certNo, i.name, i.category, i.unit, i.section, i.certExpiry === '9999-12-31' ? '长期' : i.certExpiry, i.kind]),
    ));
  } else if (kind === 'conflicts') {
    out(renderTable(
      ['执法证号', '姓名', '检查对象代码', '检查对象名称', '回避原因'],
      (records as Conflict[]).map((x) => [x.certNo, x.inspectorName, x.code, x.entityName, x.reason]),
    ));
  } else {
    out(renderTable(
      ['事项编号', '抽查事项', '检查对象', '比例', '频次', '责任股室', '不抽查理由 / 备注'],
      (records as InspectionItem[]).map((it) => [
        it.id, it.name, it.target, it.ratio === null ? '不适用' : `${+(it.ratio * 100).toFixed(4)}%`, it.rounds === null ? '—' : `${it.rounds}次/年`, it.section,
        it.ratio === null ? it.reason || c.warn('（未写理由）') : it.remark ?? '',
      ]),
    ));
  }
  out(c.dim(`共 ${records.length} 条`));
  return 0;
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
