// The paper trail of a workspace, read once for ssj status, ssj report, the exports and the import warning:
// evidence and what each task lacks, entities found gone and where the registry stands, the filed plan.
// docs/paper-trail.md.
import { goneFound, REGISTRY_STATE_TEXT, taskLacks, type EvidenceRecord, type GoneFound, type Lack, type RegistryState } from '../core/evidence.js';
import type { LedgerEntry } from '../core/ledger.js';
import type { PlanFiling } from '../core/filed-plan.js';
import type { Task } from '../core/tasks.js';
import type { Entity } from '../core/types.js';
import { readEvidence, readPlans } from '../io/evidence-store.js';
import { readAllLatest } from '../io/results.js';
import { currentImport, loadCurrent } from '../io/store.js';

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

export async function readTrail(root: string, entries: readonly LedgerEntry[], tasks: readonly Task[]): Promise<Trail> {
  const evidence = readEvidence(root, entries);
  const latest = await readAllLatest(root);
  const lacks = new Map<string, Lack[]>();
  const evidenceCount = new Map<string, number>();
  for (const t of tasks) {
    evidenceCount.set(t.id, evidence.filter((e) => e.task === t.id).length);
    if (t.replacedBy.length === 0) lacks.set(t.id, taskLacks(t, latest.get(t.id)?.latest ?? null, evidence));
  }
  const found = goneFound(tasks, (id) => latest.get(id)?.latest ?? null);
  let state: (code: string) => RegistryState = () => 'active';
  if (found.length) {
    const reg = await loadCurrent(root, 'entities', ['code', 'status']);
    if (reg) state = registryStates(reg.records as Entity[]);
  }
  const gone = found.map((g) => {
    const registry = state(g.code);
    return { ...g, registry, registryText: REGISTRY_STATE_TEXT[registry] };
  });
  const imp = await currentImport(root, 'entities');
  return { evidence, lacks, evidenceCount, gone, plans: readPlans(root, entries), registryImported: imp?.at ?? null };
}
