// The test vectors of docs/draw-algorithm.md, checked twice: against ssj's core, and against a second
// implementation written here from that page alone (its own RC4, no seedrandom, no code from src/).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyAmendment, runDraw, type AmendmentRequest, type DrawParams } from '../../src/core/draw.js';
import { DrawStream, streamKey } from '../../src/core/rng.js';
import { allocateLargestRemainder, sampleSize } from '../../src/core/sample.js';

const V = JSON.parse(readFileSync(new URL('../../docs/draw-vectors.json', import.meta.url), 'utf8'));

// ---- the independent implementation (docs/draw-algorithm.md §2–§7) ----
class Rc4Stream {
  private s: number[] = [];
  private i = 0;
  private j = 0;
  constructor(seed: string, label: string) {
    const k = createHash('sha256').update(Buffer.from(`ssj-draw/1\n${seed}\n${label}`, 'utf8')).digest('hex');
    const key = [...k].map((ch) => ch.charCodeAt(0));
    for (let i = 0; i < 256; i++) this.s[i] = i;
    for (let i = 0, j = 0; i < 256; i++) {
      j = (j + this.s[i]! + key[i % key.length]!) % 256;
      [this.s[i], this.s[j]] = [this.s[j]!, this.s[i]!];
    }
    for (let n = 0; n < 256; n++) this.byte();
  }
  byte(): number {
    this.i = (this.i + 1) % 256;
    this.j = (this.j + this.s[this.i]!) % 256;
    [this.s[this.i], this.s[this.j]] = [this.s[this.j]!, this.s[this.i]!];
    return this.s[(this.s[this.i]! + this.s[this.j]!) % 256]!;
  }
  uint32(): number {
    return ((this.byte() * 256 + this.byte()) * 256 + this.byte()) * 256 + this.byte();
  }
  below(n: number): number {
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.uint32();
      if (x < limit) return x % n;
    }
  }
}

const cp = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};
const ceilRatio = (r: number, n: number) => (n === 0 ? 0 : Math.max(1, Math.floor((Math.round(r * 1e6) * n + 999999) / 1e6)));
const LABEL: Record<string, string> = { region: '区域', category: '行业类别', section: '监管责任股室', risk: '信用风险分类' };

function independentDraw(lists: any, p: any, seed: string) {
  const entities = [...lists.entities].sort((a: any, b: any) => cp(a.code, b.code));
  const people = [...lists.inspectors].sort((a: any, b: any) => cp(a.certNo, b.certNo));
  const lines: string[] = [];
  const visits: { code: string; items: string[]; team: { certNo: string; role: string }[]; picks: any[] }[] = [];
  const strataOf: any[] = [];
  for (const id of [...p.items].sort(cp)) {
    const item = lists.items.find((i: any) => i.id === id);
    const scope = entities.filter((e: any) => e.category === item.target && p.where.every((w: any) => w.values.includes(e[w.field])) && e.status === 'active');
    const N = scope.length;
    const field = p.strata;
    const keys = [...new Set(scope.map((e: any) => (field ? e[field] : '')))].sort(cp) as string[];
    const sizes = keys.map((k) => scope.filter((e: any) => (field ? e[field] : '') === k).length);
    const n = p.count ?? ceilRatio(p.ratio ?? item.ratio, N);
    const alloc = sizes.map((s) => Math.floor((n * s) / N));
    const order = sizes.map((_, i) => i).sort((a, b) => ((n * sizes[b]!) % N) - ((n * sizes[a]!) % N) || a - b);
    for (let left = n - alloc.reduce((a, b) => a + b, 0), o = 0; left > 0; left--, o++) alloc[order[o]!]!++;
    keys.forEach((k, si) => {
      const label = field ? `${LABEL[field]}=${k}` : '';
      const c = scope.filter((e: any) => (field ? e[field] : '') === k);
      for (const e of c) lines.push(`${id}\t${label}\t${e.code}\n`);
      strataOf.push({ id, label, c });
      const st = new Rc4Stream(seed, `entities\n${id}\n${label}`);
      const a = [...c];
      for (let i = 0; i < alloc[si]!; i++) {
        const j = i + st.below(a.length - i);
        [a[i], a[j]] = [a[j], a[i]];
        let v = visits.find((x) => x.code === a[i].code);
        if (!v) visits.push((v = { code: a[i].code, items: [], team: [], picks: [] }));
        if (!v.items.includes(id)) v.items.push(id);
        v.picks.push({ item: id, stratum: label, position: i });
      }
    });
  }
  const poolHash = createHash('sha256').update(lines.join(''), 'utf8').digest('hex');
  const staff = (vs: typeof visits, teamLabel: string, expertLabel: string, extraBlocked: [string, string][] = []) => {
    const count = new Map<string, number>();
    for (const v of vs) for (const m of v.team) count.set(m.certNo, (count.get(m.certNo) ?? 0) + 1);
    const streams = { inspectors: new Rc4Stream(seed, teamLabel), experts: new Rc4Stream(seed, expertLabel) };
    for (const v of vs) {
      for (const [kind, want, st] of [['执法人员', p.teamSize, streams.inspectors], ['专家', p.experts, streams.experts]] as const) {
        const cands = people.filter((x: any) => x.kind === kind && (x.certExpiry === '' || x.certExpiry >= p.date) &&
          !lists.conflicts.some((c: any) => c.certNo === x.certNo && c.code === v.code) && !extraBlocked.some(([c, e]) => c === x.certNo && e === v.code));
        while (v.team.filter((m) => (m.role === '专家') === (kind === '专家')).length < want) {
          const free = cands.filter((x: any) => !v.team.some((m) => m.certNo === x.certNo));
          const min = Math.min(...free.map((x: any) => count.get(x.certNo) ?? 0));
          const t = free.filter((x: any) => (count.get(x.certNo) ?? 0) === min);
          const pick = t[st.below(t.length)];
          count.set(pick.certNo, min + 1);
          const role = kind === '专家' ? '专家' : v.team.some((m) => m.role === '组长') ? '组员' : '组长';
          v.team.push({ certNo: pick.certNo, role });
        }
      }
      const rank: Record<string, number> = { 组长: 0, 组员: 1, 专家: 2 };
      v.team = v.team.map((m, i) => [m, i] as const).sort((a, b) => rank[a[0].role]! - rank[b[0].role]! || a[1] - b[1]).map((x) => x[0]);
    }
  };
  staff(visits, 'teams', 'experts');
  const retired: typeof visits = [];
  const retiredBy = new Map<string, number>();
  /** others: entities drawn for the item in other rounds (passed over); returns the positions passed over (§7) */
  const amend = (n: number, req: any, others: { item: string; code: string; reason: string }[] = []) => {
    const passed: any[] = [];
    if (req.type === 'entity') {
      const gone = visits.splice(visits.findIndex((v) => v.code === req.code), 1)[0]!;
      retired.push(gone);
      retiredBy.set(gone.code, n);
      for (const pk of gone.picks) {
        const s = strataOf.find((x) => x.id === pk.item && x.label === pk.stratum);
        let pos = Math.max(...[...visits, ...retired].flatMap((v) => v.picks.filter((q) => q.item === pk.item && q.stratum === pk.stratum).map((q) => q.position))) + 1;
        for (;;) {
          const st = new Rc4Stream(seed, `entities\n${pk.item}\n${pk.stratum}`);
          const a = [...s.c];
          for (let i = 0; i <= pos; i++) {
            const j = i + st.below(a.length - i);
            [a[i], a[j]] = [a[j], a[i]];
          }
          const other = others.find((o) => o.item === pk.item && o.code === a[pos].code);
          const at = { item: pk.item, stratum: pk.stratum, position: pos, code: a[pos].code, name: a[pos].name };
          if (other) passed.push({ ...at, kind: 'repeat', reason: other.reason });
          else if (retired.some((r) => r.code === a[pos].code)) {
            const by = retiredBy.get(a[pos].code)!;
            passed.push({ ...at, kind: 'replaced', reason: by === n ? '本次补抽替换的检查对象' : `已在第 ${by} 次补抽中被替换` });
          } else {
            let v = visits.find((x) => x.code === a[pos].code);
            if (!v) visits.push((v = { code: a[pos].code, items: [], team: [], picks: [] }));
            if (!v.items.includes(pk.item)) v.items.push(pk.item);
            v.picks.push({ item: pk.item, stratum: pk.stratum, position: pos });
            break;
          }
          pos++;
        }
      }
      staff(visits, `amend\n${n}\nteams`, `amend\n${n}\nexperts`);
    } else {
      const hit = visits.filter((v) => v.team.some((m) => m.certNo === req.certNo) && (req.code === null || v.code === req.code));
      for (const v of hit) {
        const out = v.team.splice(v.team.findIndex((m) => m.certNo === req.certNo), 1)[0]!;
        if (out.role === '组长') {
          const next = v.team.find((m) => m.role === '组员');
          if (next) next.role = '组长';
        }
      }
      staff(visits, `amend\n${n}\nteams`, `amend\n${n}\nexperts`, hit.map((v) => [req.certNo, v.code]));
    }
    return passed;
  };
  return { poolHash, visits, amend };
}

const shape = (vs: { code: string; items: string[]; team: { certNo: string; role: string }[] }[]) =>
  vs.map((v) => ({ code: v.code, items: v.items, team: v.team.map((m) => `${m.certNo} ${m.role}`) }));

describe('docs/draw-algorithm.md test vectors', () => {
  it('streams: keys and uint32 values (ssj and the independent RC4)', () => {
    for (const s of V.streams) {
      expect(streamKey(s.seed, s.label)).toBe(s.key);
      const a = new DrawStream(s.seed, s.label);
      const b = new Rc4Stream(s.seed, s.label);
      expect(s.uint32.map(() => a.uint32())).toEqual(s.uint32);
      expect(s.uint32.map(() => b.uint32())).toEqual(s.uint32);
    }
  });

  it('below(n): unbiased integers by rejection', () => {
    for (const b of V.below) {
      const a = new DrawStream(b.seed, b.label);
      const r = new Rc4Stream(b.seed, b.label);
      expect(b.values.map(() => a.below(b.n))).toEqual(b.values);
      expect(b.values.map(() => r.below(b.n))).toEqual(b.values);
    }
    // n = 3e9 rejects values ≥ 3e9: the stream is consumed further than one value per result
    const s = new DrawStream('3817/992011', 'below');
    for (let i = 0; i < 6; i++) s.below(3_000_000_000);
    expect(s.used).toBeGreaterThan(6);
  });

  it('sample sizes and largest-remainder allocations', () => {
    for (const x of V.sampleSizes) expect(sampleSize(x.ratio, x.population)).toBe(x.sample);
    for (const x of V.allocations) expect(allocateLargestRemainder(x.total, x.sizes)).toEqual(x.allocation);
  });

  for (const d of V.draws) {
    it(`draw: ${d.name}`, () => {
      const inputs = { ...V.lists, repeat: [] };
      const r = runDraw(inputs, d.params as DrawParams, d.seed);
      expect(r.problems).toEqual([]);
      const mine = independentDraw(V.lists, d.params, d.seed);
      if (d.poolHash) {
        expect(r.plan.poolHash).toBe(d.poolHash);
        expect(mine.poolHash).toBe(d.poolHash);
      }
      if (d.components) expect(d.components.map((c: { value: string }) => c.value).join('/')).toBe(d.seed);
      if (d.laterRound) {
        // the later round excluded this draw's entities of item A, and drew d.laterRound.result
        const later = runDraw({ ...V.lists, repeat: d.laterRound.repeat }, d.laterRound.params, d.laterRound.seed);
        expect(later.visits.map((v) => v.code)).toEqual(d.laterRound.result);
      }
      if (d.amendments) {
        const state = { visits: r.visits, retired: [] };
        const kinds = new Set<string>();
        d.amendments.forEach((req: AmendmentRequest, i: number) => {
          const { change, problems, passedOver } = applyAmendment(r.plan, state, inputs, d.params, d.seed, i + 1, req, d.others ?? []);
          expect(problems).toEqual([]);
          expect(change).toEqual(d.changes[i]);
          const theirs = mine.amend(i + 1, req, d.others ?? []);
          if (d.passedOver) {
            expect(passedOver).toEqual(d.passedOver[i]);
            expect(theirs).toEqual(d.passedOver[i]);
          }
          for (const x of passedOver) kinds.add(x.kind);
        });
        if (d.passedOver) expect([...kinds].sort()).toEqual(['repeat', 'replaced']);
        expect(shape(state.visits)).toEqual(d.result);
      } else {
        expect(shape(r.visits)).toEqual(d.result);
      }
      expect(shape(mine.visits)).toEqual(d.result);
    });
  }
});
