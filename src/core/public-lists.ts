// 一公开: the registry (检查对象名录库) and the roster (执法检查人员名录) as published — every column a draw
// reads, none a bureau must not publish (phones, contacts, addresses, ID numbers, notes) — and the same files
// read back as lists to re-run a draw from (ssj verify and the browser verifier share this code).
import type { RawCell } from './cells.js';
import { fromInertCsv, INTERNAL_MARK, type Cell, type DisclosureTable } from './disclosure.js';
import { classifyStatus } from './normalize.js';
import { compareCodePoints } from './snapshot.js';
import type { Entity, Inspector } from './types.js';
import { KNOWN_ORDER, keptExtraColumn } from './where.js';

export type PublicKind = 'entities' | 'inspectors';

export const PUBLIC_LIST_NAME: Record<PublicKind, string> = { entities: '检查对象名录库', inspectors: '执法检查人员名录' };

interface Column<R> {
  label: string;
  key: keyof R & string;
}

/** Entity columns a draw reads: the key, the name, and everything a pool can be narrowed or stratified by. */
const ENTITY_PUBLIC: Column<Entity>[] = [
  { label: '市场主体名称', key: 'name' },
  { label: '统一社会信用代码', key: 'creditCode' },
  { label: '项目编号', key: 'projectCode' },
  { label: '行业类别', key: 'category' },
  { label: '区域', key: 'region' },
  { label: '监管责任股室', key: 'section' },
  { label: '经营状态', key: 'statusText' },
  { label: '信用风险分类', key: 'risk' },
];
const ENTITY_INTERNAL: Column<Entity>[] = [
  { label: '法定代表人', key: 'legalRep' },
  { label: '联络人', key: 'contact' },
  { label: '联系电话', key: 'phone' },
  { label: '地址', key: 'address' },
];
/** Roster columns a team draw reads (人员类型 tells experts apart), and the published identity of each inspector. */
const INSPECTOR_PUBLIC: Column<Inspector>[] = [
  { label: '姓名', key: 'name' },
  { label: '单位', key: 'unit' },
  { label: '执法证号', key: 'certNo' },
  { label: '执法类别', key: 'category' },
  { label: '业务专长', key: 'expertise' },
  { label: '证件有效期', key: 'certExpiry' },
  { label: '人员类型', key: 'kind' },
];
const INSPECTOR_INTERNAL: Column<Inspector>[] = [
  { label: '性别', key: 'gender' },
  { label: '执法区域', key: 'area' },
  { label: '发证机关', key: 'issuer' },
  { label: '所属股室', key: 'section' },
  { label: '手机号码', key: 'phone' },
  { label: '备注', key: 'note' },
];

/** The labels of the published columns (序号 first), for tests and documentation. */
export function publicColumns(kind: PublicKind, internal = false, byProject = true): string[] {
  const cols = kind === 'entities' ? [...ENTITY_PUBLIC, ...(internal ? ENTITY_INTERNAL : [])] : [...INSPECTOR_PUBLIC, ...(internal ? INSPECTOR_INTERNAL : [])];
  return ['序号', ...cols.filter((c) => byProject || c.key !== 'projectCode').map((c) => c.label)];
}

/** Where the registry is keyed by project code (a project registry), the published list carries 项目编号. */
const keyedByProject = (xs: readonly Entity[]) => xs.some((e) => e.projectCode !== '' && e.code === e.projectCode && e.code !== e.creditCode);

const SNAPSHOT_NOTE = '名录快照';
/** The title names the snapshot: 「…（名录快照 <64 hex>）」. */
const SNAPSHOT_IN_TITLE = /名录快照\s*([0-9a-f]{64})/;

export interface PublicListInfo {
  org: string;
  /** the snapshot the rows come from (what a draw record names in inputs.entities/inspectors.snapshot) */
  snapshot: string;
  internal: boolean;
  /**
   * entities: the registry's own columns (kept in the snapshot) to publish too, after the fixed ones — those that draws
   * from this snapshot narrowed or stratified by (extrasUsedBy); private-looking ones are left out all the same
   */
  extras?: readonly string[];
}

/** Every label of the entity columns ssj itself names (序号 included): an extra column never takes one of them. */
const ENTITY_LABELS = new Set(['序号', ...ENTITY_PUBLIC.map((c) => c.label), ...ENTITY_INTERNAL.map((c) => c.label)]);
const publishable = (x: string) => keptExtraColumn(x) && !ENTITY_LABELS.has(x);

/**
 * The registry columns of its own (not one of the fields ssj knows) that draws or announcements made from this entity
 * snapshot used in --where or --strata: what a re-run from the published list needs besides the fixed columns.
 * In code-point order; only columns the snapshot has (`available`) and that may be published.
 */
export function extrasUsedBy(records: readonly { inputs: { entities: { snapshot: string } }; task: { where: readonly { field: string }[]; strata: string | null } }[], snapshot: string, available: readonly string[]): string[] {
  const used = new Set<string>();
  for (const r of records) {
    if (r.inputs.entities.snapshot !== snapshot) continue;
    for (const f of [...r.task.where.map((c) => c.field), ...(r.task.strata ? [r.task.strata] : [])]) {
      if (!KNOWN_ORDER.includes(f) && available.includes(f) && publishable(f)) used.add(f);
    }
  }
  return [...used].sort(compareCodePoints);
}

/** A public (or --internal) list as a disclosure table: title naming the snapshot, one row per record in snapshot order. */
export function publicListTable(kind: PublicKind, records: readonly (Entity | Inspector)[], info: PublicListInfo): DisclosureTable {
  const byProject = kind === 'entities' && keyedByProject(records as Entity[]);
  const extras = kind === 'entities' ? (info.extras ?? []).filter(publishable).map((x) => ({ label: x, key: x })) : [];
  const cols: { label: string; key: string }[] = kind === 'entities'
    ? [...ENTITY_PUBLIC.filter((c) => byProject || c.key !== 'projectCode'), ...extras, ...(info.internal ? ENTITY_INTERNAL : [])]
    : [...INSPECTOR_PUBLIC, ...(info.internal ? INSPECTOR_INTERNAL : [])];
  const rows: Cell[][] = records.map((r, i) => [i + 1, ...cols.map((c) => String((r as unknown as Record<string, unknown>)[c.key] ?? ''))]);
  const widths = cols.map((c) => (c.label === '市场主体名称' ? 36 : c.label === '统一社会信用代码' || c.label === '执法证号' || c.label === '地址' ? 22 : 14));
  return {
    title: `${info.org}${PUBLIC_LIST_NAME[kind]}（${SNAPSHOT_NOTE} ${info.snapshot}）${info.internal ? INTERNAL_MARK : ''}`,
    sheet: PUBLIC_LIST_NAME[kind],
    columns: ['序号', ...cols.map((c) => c.label)],
    rows,
    widths: [7, ...widths],
  };
}

export interface ParsedPublicList<R> {
  records: R[];
  /** the snapshot named in the title, or null */
  snapshot: string | null;
  internal: boolean;
  /** problems that make the list unusable (duplicate keys, missing columns), in Chinese */
  problems: string[];
}

const text = (c: RawCell | undefined): string => {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') {
    // a CSV cell made inert on export ('=…) back to the text as written
    return fromInertCsv(c);
  }
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c);
};

/**
 * Read a list as ssj publishes it (publicListTable, as .xlsx rows or CSV rows): null when these rows are not such a
 * list (no header row with the published columns in the first 20 rows), else the records and the snapshot named.
 */
export function parsePublicList(kind: 'entities', rows: readonly (readonly RawCell[])[]): ParsedPublicList<Entity> | null;
export function parsePublicList(kind: 'inspectors', rows: readonly (readonly RawCell[])[]): ParsedPublicList<Inspector> | null;
export function parsePublicList(kind: PublicKind, rows: readonly (readonly RawCell[])[]): ParsedPublicList<Entity | Inspector> | null {
  const want = kind === 'entities' ? ENTITY_PUBLIC : INSPECTOR_PUBLIC;
  const required = want.filter((c) => c.key !== 'projectCode').map((c) => c.label);
  let head = -1;
  for (let i = 0; i < Math.min(rows.length, 20) && head < 0; i++) {
    const labels = rows[i]!.map(text);
    if (labels[0] === '序号' && required.every((l) => labels.includes(l))) head = i;
  }
  if (head < 0) return null;
  let snapshot: string | null = null;
  let internal = false;
  for (let i = 0; i < head; i++) {
    for (const c of rows[i]!) {
      const t = text(c);
      snapshot ??= SNAPSHOT_IN_TITLE.exec(t)?.[1] ?? null;
      if (t.includes('内部资料')) internal = true;
    }
  }
  const labels = rows[head]!.map(text);
  const at = (label: string) => labels.indexOf(label);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const records: (Entity | Inspector)[] = [];
  const byProject = kind === 'entities' && at('项目编号') >= 0;
  const cols = (kind === 'entities' ? [...ENTITY_PUBLIC, ...ENTITY_INTERNAL] : [...INSPECTOR_PUBLIC, ...INSPECTOR_INTERNAL]).map((c) => ({ ...c, i: at(c.label) }));
  // entities: the registry's own columns published beside the fixed ones (--where / --strata of its draws), by their names
  const extras = kind === 'entities' ? labels.flatMap((l, i) => (publishable(l) && labels.indexOf(l) === i ? [{ key: l, i }] : [])) : [];
  for (let r = head + 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.every((c) => text(c).trim() === '')) continue;
    const v: Record<string, string> = {};
    for (const c of cols) v[c.key] = c.i >= 0 ? text(row[c.i]) : '';
    let rec: Entity | Inspector;
    let key: string;
    if (kind === 'entities') {
      const code = byProject ? v['projectCode']! : v['creditCode']!;
      rec = {
        code, creditCode: v['creditCode']!, projectCode: v['projectCode']!, name: v['name']!, legalRep: v['legalRep']!, contact: v['contact']!,
        phone: v['phone']!, section: v['section']!, category: v['category']!, region: v['region']!, address: v['address']!, risk: v['risk']!,
        status: classifyStatus(v['statusText']!) ?? 'active', statusText: v['statusText']!,
      } satisfies Entity;
      for (const x of extras) (rec as unknown as Record<string, string>)[x.key] = text(row[x.i]);
      key = code;
    } else {
      rec = {
        certNo: v['certNo']!, name: v['name']!, gender: v['gender']!, unit: v['unit']!, area: v['area']!, issuer: v['issuer']!, category: v['category']!,
        phone: v['phone']!, expertise: v['expertise']!, section: v['section']!, certExpiry: v['certExpiry']!, kind: v['kind']! || '执法人员', note: v['note']!,
      } satisfies Inspector;
      key = v['certNo']!;
    }
    const keyLabel = kind === 'inspectors' ? '执法证号' : byProject ? '项目编号' : '统一社会信用代码';
    if (key === '') problems.push(`第 ${r + 1} 行：${keyLabel}为空`);
    else if (seen.has(key)) problems.push(`第 ${r + 1} 行：${keyLabel}「${key}」与第 ${seen.get(key)! + 1} 行重复`);
    else {
      seen.set(key, r);
      records.push(rec);
    }
  }
  return { records, snapshot, internal, problems };
}

/**
 * The file to check a draw with, of those given: the one of the snapshot the draw used; else (none is) the one given
 * first that does not say its snapshot (checked by content: the pool hash says whether it is the same), else the
 * first given (the draw's notes then name the snapshot to use).
 */
export function chooseList<L extends { snapshot: string | null }>(given: readonly L[], snapshot: string): L {
  return given.find((l) => l.snapshot === snapshot) ?? given.find((l) => l.snapshot === null) ?? given[0]!;
}
