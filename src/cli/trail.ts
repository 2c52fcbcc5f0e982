// The paper trail of a workspace, read once for ssj status, ssj report, the exports and the import warning:
// evidence and what each task lacks, entities found gone and where the registry stands, the filed plan.
// docs/paper-trail.md.
import { goneFound, REGISTRY_STATE_TEXT, taskLacks, type EvidenceRecord, type GoneFound, type Lack, type RegistryState } from '../core/evidence.js';
import type { LedgerEntry } from '../core/ledger.js';
import type { PlanFiling } from '../core/filed-plan.js';
import type { Task } from '../core/tasks.js';
import type { Entity } from '../core/types.js';
import { readEvidence, readPlans } from '../io/evidence-store.js';
import { readAllLatest, type LatestResults } from '../io/results.js';

export interface GoneEntity extends GoneFound {
  registry: RegistryState;
  registryText: string;
}

export interface Trail {
  evidence: EvidenceRecord[];
  /** what each standing task lacks, by task id */
  lacks: Map<string, Lack[]>;
  /** evidence records per task */
  evidenceCount: Map<string, number>;
  gone: GoneEntity[];
  plans: PlanFiling[];
  /** when the current registry was imported (null: never) */
  registryImported: string | null;
}

/** Where each code stands in a registry. */
export function registryStates(entities: readonly Pick<Entity, 'code' | 'status'>[]): (code: string) => RegistryState {
  const m = new Map(entities.map((e) => [e.code, e.status]));
  return (code) => {
    const s = m.get(code);
    return s === undefined ? 'absent' : s === 'active' ? 'active' : 'gone';
  };
}

/**
 * The evidence records, and each standing task's lacks and every task's evidence count: the part of the trail ssj
 * status --json states (no registry, plans or import log read).
 */
export function readLacks(root: string, entries: readonly LedgerEntry[], tasks: readonly Task[], latest: LatestResults): Pick<Trail, 'evidence' | 'lacks' | 'evidenceCount'> {
  const evidence = readEvidence(root, entries);
  const lacks = new Map<string, Lack[]>();
  const evidenceCount = new Map<string, number>();
  for (const t of tasks) {
    evidenceCount.set(t.id, evidence.filter((e) => e.task === t.id).length);
    if (t.replacedBy.length === 0) lacks.set(t.id, taskLacks(t, latest.get(t.id)?.latest ?? null, evidence));
  }
  return { evidence, lacks, evidenceCount };
}

/** `latest`: readAllLatest's result when the caller has read it already. */
export async function readTrail(root: string, entries: readonly LedgerEntry[], tasks: readonly Task[], latest?: LatestResults): Promise<Trail> {
  const results = latest ?? (await readAllLatest(root));
  const { currentImport, loadCurrentTable } = await import('../io/store.js'); // (not loaded by ssj status --json)
  const { evidence, lacks, evidenceCount } = readLacks(root, entries, tasks, results);
  const found = goneFound(tasks, (id) => results.get(id)?.latest ?? null);
  let state: (code: string) => RegistryState = () => 'active';
  if (found.length) {
    // the registry as columns (core/entity-columns.ts): no object per entity
    const reg = await loadCurrentTable(root, ['code', 'status']);
    if (reg) {
      const table = reg.records;
      state = (code) => {
        const i = table.find(code);
        return i < 0 ? 'absent' : table.value(i, 'status') === 'active' ? 'active' : 'gone';
      };
    }
  }
  const gone = found.map((g) => {
    const registry = state(g.code);
    return { ...g, registry, registryText: REGISTRY_STATE_TEXT[registry] };
  });
  const imp = await currentImport(root, 'entities');
  return { evidence, lacks, evidenceCount, gone, plans: readPlans(root, entries), registryImported: imp?.at ?? null };
}

/**
 * Warnings for a registry being imported that still lists as active entities the results found gone
 * (注销/被吊销/被撤销/迁出): the registry's revision should have taken them out (名录库调整清单).
 */
export async function goneStillActive(root: string, entities: readonly Entity[], file: string): Promise<import('../core/types.js').Problem[]> {
  let found: GoneFound[];
  try {
    const { loadTasks } = await import('./records.js');
    const { tasks } = await loadTasks(root);
    if (tasks.length === 0) return [];
    const latest = await readAllLatest(root);
    found = goneFound(tasks, (id) => latest.get(id)?.latest ?? null);
  } catch {
    return []; // a damaged ledger is for ssj verify to report, not for the import
  }
  const byCode = new Map(entities.map((e) => [e.code, e]));
  return found.filter((g) => byCode.get(g.code)?.status === 'active').map((g) => ({
    file, sheet: null, row: null, column: null, field: '状态', value: byCode.get(g.code)!.statusText || '在业',
    message: `${g.name}（${g.code}）在抽查任务 ${g.task} 中${g.replacement ? `补抽（${g.replacement}）时发现` : '检查发现'}“${g.result}”（${g.checkDate}），名录库中仍为在业：请按名录库调整清单（ssj export adjustments）调整`,
  }));
}
