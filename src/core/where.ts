// 定向抽查 on any registry column: --where and --strata name one of the four fields ssj knows (区域, 行业类别,
// 监管责任股室, 信用风险分类, by any of their names) or any other column of the registry, by its name as the
// file has it (投诉举报次数, 重点监管对象 …: kept in the snapshot, see extraColumns in snapshot.ts).
import { SsjError } from './errors.js';
import { SNAPSHOT_COLUMNS } from './schema.js';
import { foldAscii, noSpaces } from './text.js';
import type { Entity } from './types.js';

/** The four fields a directed draw could always use: their record keys, by every name they may be given. */
export const KNOWN_SCOPE_FIELDS: Record<string, 'region' | 'category' | 'section' | 'risk'> = {
  区域: 'region', 所在乡镇: 'region', 乡镇: 'region', region: 'region',
  行业类别: 'category', 行业: 'category', category: 'category',
  监管责任股室: 'section', 责任股室: 'section', 股室: 'section', section: 'section',
  信用风险分类: 'risk', 风险分类: 'risk', 信用风险: 'risk', risk: 'risk',
};
export const KNOWN_SCOPE_LABEL: Record<string, string> = { region: '区域', category: '行业类别', section: '监管责任股室', risk: '信用风险分类' };
/** The order conditions on the known fields are recorded in (as ssj-draw/1 always did); other columns follow, by name. */
export const KNOWN_ORDER = ['category', 'region', 'section', 'risk'];

/** Registry columns never kept (nor published): personal contact and identity data (privacy). */
export const PRIVATE_COLUMN = /身份证|证件号|电话|手机|联系|邮箱|e-?mail|微信|qq|住址|个人/i;

/**
 * Whether import keeps a registry column it does not know (header text without white space) in the snapshot, and
 * a public list may carry it: not empty, not private-looking, not starting with a Latin letter (ssj's own names).
 */
export const keptExtraColumn = (label: string): boolean => label !== '' && !PRIVATE_COLUMN.test(label) && !/^[A-Za-z_]/.test(label);

/** How a field is shown: 区域 for `region`, the column's own name for another registry column. */
export const scopeLabel = (field: string) => KNOWN_SCOPE_LABEL[field] ?? field;

/** An entity's value in a scope field (a known field, or another registry column; '' when it has none). */
export function fieldValue(e: Entity, field: string): string {
  const v = (e as unknown as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** The registry's other columns (as kept in its snapshot): the record keys that are not an Entity field. */
export function extraFieldsOf(entities: readonly Entity[]): string[] {
  const base = new Set<string>(SNAPSHOT_COLUMNS.entities);
  const out: string[] = [];
  const first = entities[0];
  if (!first) return out;
  for (const k in first) if (!base.has(k)) out.push(k);
  return out;
}

/** An entity's other columns as an object (for --json and exports). */
export function entityExtras(e: Entity, fields: readonly string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (const f of fields) o[f] = fieldValue(e, f);
  return o;
}

/**
 * The record key of a --where / --strata field name: a known field by any of its names, or a registry column
 * by its name (spaces and full-width letters ignored). A usage error listing what there is otherwise.
 */
export function resolveScopeField(name: string, flag: string, extras: readonly string[]): string {
  const t = foldAscii(name).trim();
  const known = KNOWN_SCOPE_FIELDS[t];
  if (known) return known;
  const want = noSpaces(t);
  const hit = extras.find((x) => noSpaces(foldAscii(x)) === want);
  if (hit !== undefined) return hit;
  throw new SsjError('USAGE', `${flag} 的字段「${name}」不认识`, {
    hint: `可用的字段：${[...Object.values(KNOWN_SCOPE_LABEL), ...extras].join('、')}${extras.length ? '（后几个是检查对象名录库中的列）' : ''}`,
  });
}
