// 证据材料: photos, videos, signed forms, inspection notes, 整改材料 and 处罚决定 kept with their hash (ssj attach),
// as ledger records (kind "evidence"); what each task still lacks; and the entities found gone in the results,
// which the registry must drop (名录库调整). Pure. docs/paper-trail.md.
import type { ResultsVersion } from './results.js';
import type { Task } from './tasks.js';

export const EVIDENCE_FORMAT = 'ssj-evidence/1';
export const EVIDENCE_KIND = 'evidence';
export const EVIDENCE_KINDS = ['照片', '视频', '签字记录表', '检查记录', '整改材料', '处罚决定', '其他'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One stored file: kept as evidence/files/<hash><ext>, never overwritten. */
export interface EvidenceFile {
  /** the original file name */
  name: string;
  /** SHA-256 of the content */
  hash: string;
  size: number;
  /** where it is stored, relative to the workspace root */
  stored: string;
}

/** An evidence record (evidence/<task>-E<n>.json); the ledger registers the SHA-256 of its bytes. */
export interface EvidenceRecord {
  format: typeof EVIDENCE_FORMAT;
  id: string;
  task: string;
  kind: EvidenceKind;
  /** the drawn entity it concerns, or null (the task as a whole: the draw, the signed form) */
  entity: string | null;
  entityName: string | null;
  note: string;
  at: string;
  operator: string;
  files: EvidenceFile[];
}

export const evidenceId = (task: string, n: number) => `${task}-E${n}`;
export const evidenceFile = (id: string) => `evidence/${id}.json`;
/** The stored name of a file: its hash and its lower-cased extension (so that it still opens). */
export function storedName(hash: string, original: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(original)?.[1]?.toLowerCase();
  return `evidence/files/${hash}${ext ? `.${ext}` : ''}`;
}

/** Results that mean the entity is gone (the registry must drop it, and the cases are reported upward). */
export const REGISTRY_GONE: readonly string[] = ['注销', '被吊销', '被撤销', '迁出'];

/** What a task still lacks. */
export interface Lack {
  /** the kind of evidence missing */
  kind: '签字记录表' | '照片或视频' | '整改材料';
  entity: string | null;
  name: string | null;
  text: string;
}

/** 责令改正: the result or the disposal orders a correction, so its 整改材料 must be kept. */
export const needsCorrection = (e: { result: string; disposal: string }) => e.result === '发现问题已责令改正' || e.disposal === '责令改正';

/**
 * What a standing task lacks: the scan of its signed 抽查工作记录表; a photo or video of the draw (采取拍照、摄像等
 * 方式进行保存留证); for each entity whose result orders a correction (发现问题已责令改正, or 后续处置 责令改正),
 * 整改材料 attached for that entity.
 */
export function taskLacks(task: Task, results: ResultsVersion | null, evidence: readonly EvidenceRecord[]): Lack[] {
  const mine = evidence.filter((e) => e.task === task.id);
  const has = (kinds: readonly string[], entity?: string) => mine.some((e) => kinds.includes(e.kind) && (entity === undefined || e.entity === entity));
  const lacks: Lack[] = [];
  if (!has(['签字记录表'])) lacks.push({ kind: '签字记录表', entity: null, name: null, text: '没有签字的抽查工作记录表扫描件' });
  if (!has(['照片', '视频'])) lacks.push({ kind: '照片或视频', entity: null, name: null, text: '没有抽取过程的照片或录像' });
  for (const e of results?.entries ?? []) {
    if (needsCorrection(e) && !has(['整改材料'], e.code)) {
      lacks.push({ kind: '整改材料', entity: e.code, name: e.name, text: `${e.name}（${e.code}）${e.result === '发现问题已责令改正' ? '发现问题已责令改正' : '责令改正'}，没有整改材料` });
    }
  }
  return lacks;
}

/** An entity found gone in a task's latest results, or replaced (补抽) for being gone before it was inspected. */
export interface GoneFound {
  task: string;
  items: string[];
  code: string;
  name: string;
  result: string;
  /** the check date; for a replacement, the day it was made */
  checkDate: string;
  remark: string;
  /** the replacement (补抽记录编号) that took the entity out of the task for being gone; absent when a result says so */
  replacement?: string;
}

/**
 * The standard result (REGISTRY_GONE) a replacement's reason states, or null: 补抽 because the entity drawn was
 * found 注销, 吊销, 撤销 or 迁出 (README: ssj draw replace … --reason 注销). 吊销 is looked for before 注销
 * (“吊销，未注销” is revoked).
 */
export function goneReason(reason: string): string | null {
  if (/吊销/.test(reason)) return '被吊销';
  if (/撤销/.test(reason)) return '被撤销';
  if (/注销/.test(reason)) return '注销';
  if (/迁出|迁往|迁至|外迁|迁离/.test(reason)) return '迁出';
  return null;
}

/**
 * Entities found 注销/被吊销/被撤销/迁出 in the latest results of the standing tasks, then those replaced (补抽) for
 * such a reason, which are found gone as surely but never get a result (first finding per entity): both go into
 * the registry's adjustment list and are reported upward (检查时发现…已迁出、吊销、注销的…汇总后逐级上报).
 */
export function goneFound(tasks: readonly Task[], latest: (task: string) => ResultsVersion | null): GoneFound[] {
  const out = new Map<string, GoneFound>();
  const standing = tasks.filter((t) => t.replacedBy.length === 0);
  for (const t of standing) {
    for (const e of latest(t.id)?.entries ?? []) {
      if (!REGISTRY_GONE.includes(e.result) || out.has(e.code)) continue;
      out.set(e.code, { task: t.id, items: e.items, code: e.code, name: e.name, result: e.result, checkDate: e.checkDate, remark: e.remark });
    }
  }
  for (const t of standing) {
    for (const a of t.amendments ?? []) {
      const removed = a.request.type === 'entity' ? a.change.removed : null;
      const result = removed ? goneReason(a.request.reason) : null;
      if (!removed || !result || out.has(removed.code)) continue;
      out.set(removed.code, {
        task: t.id, items: removed.items, code: removed.code, name: removed.name, result, checkDate: a.date,
        remark: `补抽 ${a.id}：${a.request.reason}`, replacement: a.id,
      });
    }
  }
  return [...out.values()];
}

/** Where a gone entity stands in the current registry. */
export type RegistryState = 'active' | 'gone' | 'absent';
export const REGISTRY_STATE_TEXT: Record<RegistryState, string> = {
  active: '待调整：名录库中仍为在业',
  gone: '已调整：名录库中已标为退出',
  absent: '已调整：名录库中已移出',
};

/** Whole days from an ISO date (or timestamp) to another. */
export function daysBetween(from: string, to: string): number {
  const d = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  return Math.round((d(to) - d(from)) / 86_400_000);
}

/** The registry revision reminder: due in June and December (名录库每年 6 月、12 月修订). */
export function registryReminder(today: string, importedAt: string | null): string | null {
  const month = +today.slice(5, 7);
  if (month !== 6 && month !== 12) return null;
  // (an import stamped after "today" — SSJ_TODAY set to a past day — counts as 0 days old)
  const age = importedAt ? `当前检查对象名录库 ${importedAt.slice(0, 10)} 导入，已 ${Math.max(0, daysBetween(importedAt, today))} 天` : '还没有导入检查对象名录库';
  return `${month} 月应修订检查对象名录库（每年 6 月、12 月）：${age}；修订后用 ssj import entities 导入`;
}
