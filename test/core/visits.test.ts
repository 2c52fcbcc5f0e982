// mergedVisits (numbered nodes) and mergedGroups (the merged groups only, for ssj status) against the string-keyed
// union-find mergedVisits had before (kept here as the reference), on random years of tasks: merge notes of draws
// and of later amendments, notes naming replaced tasks or visits no longer held, duplicate codes, results entered.
import { describe, expect, it } from 'vitest';
import type { ResultEntry, ResultsVersion } from '../../src/core/results.js';
import type { Task } from '../../src/core/tasks.js';
import type { TeamMember } from '../../src/core/teams.js';
import { effectiveEntries, mergedGroups, mergedVisits, mergeNotesOf, type MergedVisit, type MergeNote } from '../../src/core/visits.js';
import { rng } from '../helpers/rng.js';

/** mergedVisits as it was (string keys, a Map for the union-find), the reference. */
function reference(tasks: readonly Task[], latest: ReadonlyMap<string, ResultsVersion | null> = new Map()): MergedVisit[] {
  const standing = tasks.filter((t) => t.replacedBy.length === 0);
  const order = new Map(standing.map((t, i) => [t.id, i]));
  const key = (task: string, code: string) => `${task}\u0000${code}`;
  const visitOf = new Set<string>();
  for (const t of standing) for (const v of t.visits) visitOf.add(key(t.id, v.code));
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    if (order.get(ra.split('\u0000')[0]!)! <= order.get(rb.split('\u0000')[0]!)!) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  const decisions: { self: string; team: TeamMember[]; from: 'earlier' | 'joined' }[] = [];
  const notes = standing.flatMap((t) => [t.draw, ...t.amendments].flatMap((r) => mergeNotesOf(r).map((note) => ({ seq: r.seq, note, t })))).sort((a, b) => a.seq - b.seq);
  for (const { t, note: m } of notes) {
    const self = key(t.id, m.code);
    if (!visitOf.has(self)) continue;
    let joined = false;
    for (const w of m.with) {
      const other = key(w.task, m.code);
      if (!visitOf.has(other)) continue;
      union(self, other);
      joined = true;
    }
    if (joined) decisions.push({ self, team: m.team, from: m.teamFrom });
  }
  const teamOf = new Map<string, { team: TeamMember[]; from: 'earlier' | 'joined' }>();
  for (const d of decisions) teamOf.set(find(d.self), { team: d.team, from: d.from });
  const groups = new Map<string, MergedVisit>();
  for (const t of standing) {
    const entered = new Set((latest.get(t.id)?.entries ?? []).map((e) => e.code));
    for (const v of t.visits) {
      const root = find(key(t.id, v.code));
      let g = groups.get(root);
      if (!g) {
        g = { code: v.code, name: v.name, tasks: [], items: [], team: v.team.map((m) => ({ ...m })), merged: false, teamFrom: 'own', done: false };
        groups.set(root, g);
      }
      if (!g.tasks.includes(t.id)) g.tasks.push(t.id);
      for (const i of v.items) if (!g.items.includes(i)) g.items.push(i);
      if (entered.has(v.code)) g.done = true;
    }
  }
  for (const [root, g] of groups) {
    g.merged = g.tasks.length > 1;
    const decided = teamOf.get(root);
    if (g.merged && decided) {
      g.team = decided.team.map((m) => ({ ...m }));
      g.teamFrom = decided.from;
    }
  }
  return [...groups.values()];
}

/** A random year: tasks drawing from few codes (so that they meet), notes joining earlier tasks, results. */
function year(seed: number) {
  const r = rng(seed);
  const codes = Array.from({ length: 12 + r.int(30) }, (_, i) => `9143C${i}`);
  const member = (): TeamMember => ({ certNo: `C${r.int(40)}`, name: `人${r.int(40)}`, role: r.next() < 0.5 ? '组长' : '组员' });
  const tasks: Task[] = [];
  let seq = 0;
  const n = 3 + r.int(25);
  for (let i = 0; i < n; i++) {
    const id = `2026-${String(i + 1).padStart(3, '0')}`;
    const visits = Array.from({ length: 1 + r.int(10) }, () => {
      const code = r.pick(codes);
      return { code, name: `名${code}`, items: [`I${r.int(4)}`, ...(r.next() < 0.2 ? [`I${r.int(4)}`] : [])], picks: [], team: [member(), member()] };
    }); // (a code may come twice)
    const notesFor = (): MergeNote[] => visits.filter(() => r.next() < 0.5).flatMap((v) => {
      const earlier = tasks.filter((t) => t.visits.some((x) => x.code === v.code) || r.next() < 0.05);
      if (earlier.length === 0) return [];
      const w = Array.from({ length: 1 + r.int(2) }, () => r.pick(earlier).id);
      return [{ code: v.code, name: v.name, with: [...new Set(w)].map((task) => ({ task, items: ['I0'] })), teamFrom: r.next() < 0.5 ? 'earlier' : 'joined', team: [member()] } as MergeNote];
    });
    const draw = { kind: 'draw', id, seq: ++seq, merge: r.next() < 0.8 ? notesFor() : undefined } as unknown as Task['draw'];
    tasks.push({ id, draw, visits, amendments: [], recordHash: id, replacedBy: r.next() < 0.1 ? ['2026-999'] : [] });
    // an amendment of an earlier task, made now (its notes come after the draws made since that task's draw)
    if (tasks.length > 1 && r.next() < 0.3) {
      const t = r.pick(tasks);
      t.amendments.push({ kind: 'amendment', id: `${t.id}-R${t.amendments.length + 1}`, seq: ++seq, merge: notesFor() } as unknown as Task['amendments'][number]);
    }
  }
  const latest = new Map<string, ResultsVersion | null>();
  for (const t of tasks) {
    if (r.next() < 0.4) continue;
    const entries = t.visits.filter(() => r.next() < 0.7).map((v) => ({ code: v.code, name: v.name, items: v.items, checkDate: '2026-06-01', result: '未发现问题', remark: r.next() < 0.3 ? '备注' : '' }) as unknown as ResultEntry);
    latest.set(t.id, { task: t.id, version: 1, entries } as unknown as ResultsVersion);
  }
  return { tasks, latest };
}

describe('mergedVisits and mergedGroups', () => {
  it('give what the string-keyed union-find gave, on 300 random years', () => {
    let merged = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { tasks, latest } = year(seed);
      const want = reference(tasks, latest);
      expect(mergedVisits(tasks, latest), `seed ${seed}`).toEqual(want);
      const groups = mergedGroups(tasks);
      expect(groups, `seed ${seed}`).toEqual(want.filter((g) => g.merged).map((g) => ({ code: g.code, tasks: g.tasks, merged: true })));
      merged += groups.length;
      // effectiveEntries from the merged groups alone is what it is from every inspection
      for (const t of tasks) expect(effectiveEntries(t, latest, groups), `seed ${seed} ${t.id}`).toEqual(effectiveEntries(t, latest, want));
    }
    expect(merged).toBeGreaterThan(300); // the years do merge
  });
});
