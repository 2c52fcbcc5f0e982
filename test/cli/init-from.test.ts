// ssj init --from: next year's workspace with the current lists and settings of the old one, none of its draws.
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';

const KINDS = ['inspectors', 'entities', 'items', 'conflicts'] as const;
const HOLIDAYS = '{"2027": {"holidays": ["2027-01-01"], "workdays": []}}\n';

let base: Workdir;
const made: Workdir[] = [];

/** A copy of the 2026 workspace (sample lists, edited settings, one draw) in a fresh folder, at ./old */
function fresh(): Workdir {
  const w = new Workdir('ssj-init-from');
  cpSync(base.dir, w.dir, { recursive: true });
  made.push(w);
  return w;
}
const old = (w: Workdir) => ({ cwd: w.path('old') });
const log = (root: string) => readFileSync(join(root, 'imports', 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const current = (root: string, kind: string) => log(root).filter((e: any) => e.kind === kind).at(-1);

beforeAll(async () => {
  base = new Workdir('ssj-init-from');
  await base.samples('old');
  const file = base.path('old', 'ssj.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...config, minRatio: 0.08, disclosureWorkingDays: 10, teamRules: { 'ZJ-005': { expertise: '检测' } } }, null, 2));
  writeFileSync(base.path('old', '节假日.json'), HOLIDAYS);
  const d = await base.run(['draw', '--item', 'ZJ-002', '--seed', '2026 年第一次', '--witness', '王五', '--json'], old(base));
  if (d.code !== 0) throw new Error(`draw failed: ${d.stderr}${d.stdout}`);
}, 120_000);

afterAll(() => {
  for (const w of made) w.remove();
  base?.remove();
});

describe('ssj init --from', () => {
  it('carries the current lists and the settings, with the new year, and none of the draws', async () => {
    const w = fresh();
    expect(readdirSync(w.path('old', 'draws')).length).toBeGreaterThan(0);
    const r = await w.run(['init', 'new', '--year', '2027', '--from', 'old', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const oldConfig = JSON.parse(readFileSync(w.path('old', 'ssj.json'), 'utf8'));
    expect(r.json).toMatchObject({ ok: true, root: w.path('new'), from: { root: w.path('old'), year: 2026 } });
    expect(r.json.config).toEqual({ ...r.json.config, ...oldConfig, year: 2027 });
    expect(r.json.config).toMatchObject({ org: '示例县住房和城乡建设局', year: 2027, minRatio: 0.08, disclosureWorkingDays: 10, teamRules: { 'ZJ-005': { expertise: '检测' } } });
    expect(JSON.parse(readFileSync(w.path('new', 'ssj.json'), 'utf8'))).toEqual(r.json.config);
    for (const kind of KINDS) {
      const entry = current(w.path('old'), kind);
      expect(r.json.lists[kind]).toMatchObject({ snapshot: entry.snapshot, size: entry.counts.imported });
      const snap = join('snapshots', kind, `${entry.snapshot}.csv`);
      expect(readFileSync(w.path('new', snap))).toEqual(readFileSync(w.path('old', snap)));
      const [a, b] = await Promise.all([w.run(['list', kind, '--json'], old(w)), w.run(['list', kind, '--json'], { cwd: w.path('new') })]);
      expect(b.json.length, kind).toBeGreaterThan(0);
      expect(b.json, kind).toEqual(a.json);
    }
    // the import log names where each list came from
    const entries = log(w.path('new'));
    expect(entries.map((e: any) => [e.seq, e.kind])).toEqual(KINDS.map((k, i) => [i + 1, k]));
    for (const e of entries) {
      expect(e.source.name).toContain(`来自 2026 年度工作区 ${w.path('old')}`);
      expect(e.from).toMatchObject({ root: w.path('old'), year: 2026 });
    }
    // no draws, results, forms or exports; the holidays file comes along
    for (const f of ['draws', 'forms', 'exports']) expect(readdirSync(w.path('new', f)), f).toEqual([]);
    expect(readFileSync(w.path('new', '节假日.json'), 'utf8')).toBe(HOLIDAYS);
    expect(r.json.holidays).toBe(true);
    expect(existsSync(w.path('new', '.ssj.lock'))).toBe(false);
    // the new year's draws start afresh: the first is 2027-001, and ZJ-002 may be drawn again (no repeat exclusion)
    const d = await w.run(['draw', '--item', 'ZJ-002', '--seed', '2027 年第一次', '--witness', '王五', '--json'], { cwd: w.path('new') });
    expect(d.code, d.stderr + d.stdout).toBe(0);
    expect(d.json.id).toBe('2027-001');
    const v = await w.run(['verify', '--json'], { cwd: w.path('new') });
    expect(v.code, v.stdout).toBe(0);
  });

  it('prints a summary; the year defaults to the next one; --org replaces the unit; the source may be a folder inside it', async () => {
    const w = fresh();
    const r = await w.run(['init', 'new', '--from', join('old', 'snapshots', 'entities'), '--org', '示例县城市管理局']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已创建 2027 年度工作区');
    expect(r.stdout).toContain('检查对象名录库：300 条');
    const config = JSON.parse(readFileSync(w.path('new', 'ssj.json'), 'utf8'));
    expect(config).toMatchObject({ org: '示例县城市管理局', year: 2027, minRatio: 0.08 });
  });

  it('carries only the lists the source has', async () => {
    const w = new Workdir('ssj-init-from');
    made.push(w);
    mkdirSync(w.path('old'));
    await w.run(['init', '--org', '示例县住房和城乡建设局', '--year', '2026'], old(w));
    const csv = w.path('items.csv');
    writeFileSync(csv, '事项编号,抽查事项名称,检查对象,抽查比例,抽查频次\nX-1,燃气检查,城镇燃气经营企业,5%,2次/年\n');
    expect((await w.run(['import', 'items', csv], old(w))).code).toBe(0);
    const r = await w.run(['init', 'new', '--from', 'old', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.lists).toMatchObject({ inspectors: null, entities: null, conflicts: null, items: { size: 1 } });
    expect(r.json.holidays).toBe(false);
    expect((await w.run(['list', 'items', '--json'], { cwd: w.path('new') })).json.map((i: any) => i.id)).toEqual(['X-1']);
  });

  it('states the size of each list carried (the snapshot’s), also when the last import was another department’s (--dept)', async () => {
    const w = fresh();
    const SC = '示例县市场监督管理局';
    writeFileSync(w.path('市监名录.csv'), `姓名,执法证号,单位\n${[1, 2, 3].map((i) => `市监${i},3508812000${i},${SC}`).join('\n')}\n`);
    writeFileSync(w.path('市监事项.csv'), '事项编号,抽查事项名称,检查对象,抽查比例,抽查频次\nSC-001,房地产广告发布行为检查,房地产开发企业,5%,1次/年\n');
    expect((await w.run(['import', 'inspectors', w.path('市监名录.csv'), '--dept', SC], old(w))).code).toBe(0);
    expect((await w.run(['import', 'items', w.path('市监事项.csv'), '--dept', SC], old(w))).code).toBe(0);
    const people = (await w.run(['list', 'inspectors', '--json'], old(w))).json.length;
    const items = (await w.run(['list', 'items', '--json'], old(w))).json.length;
    expect([people, items]).toEqual([33, 8]);
    const r = await w.run(['init', 'new', '--from', 'old', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.lists).toMatchObject({ inspectors: { size: people }, items: { size: items }, entities: { size: 300 } });
    expect(current(w.path('new'), 'inspectors').counts.imported).toBe(people);
    const text = await w.run(['init', 'text', '--from', 'old']);
    expect(text.stdout).toContain(`执法检查人员名录：${people} 条`);
    // the plan filed states the item list's size the same way
    const filed = await w.run(['plan', '--file', '--json'], old(w));
    expect(filed.code, filed.stderr).toBe(0);
    const rec = JSON.parse(readFileSync(join(w.path('old'), filed.json.file), 'utf8'));
    expect([rec.lists.items.size, rec.lists.entities.size]).toEqual([items, 300]);
  });

  it('refuses the source’s own year (exit 2) and creates nothing', async () => {
    const w = fresh();
    const r = await w.run(['init', 'new', '--year', '2026', '--from', 'old', '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('USAGE');
    expect(r.json.error.message).toContain('2026');
    expect(existsSync(w.path('new'))).toBe(false);
  });

  it('refuses a target that is already a workspace, leaving it as it was', async () => {
    const w = fresh();
    await w.run(['init', 'new', '--org', '别的单位', '--year', '2027']);
    const before = w.listing();
    const r = await w.run(['init', 'new', '--year', '2027', '--from', 'old', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('WORKSPACE_EXISTS');
    expect(w.listing()).toEqual(before);
    const self = await w.run(['init', '--year', '2027', '--from', '.'], old(w));
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('已经是一个 ssj 工作区');
    expect(w.listing()).toEqual(before);
  });

  it('refuses a source that is not a workspace', async () => {
    const w = new Workdir('ssj-init-from');
    made.push(w);
    mkdirSync(w.path('nothing'));
    const r = await w.run(['init', 'new', '--year', '2027', '--from', 'nothing', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('NO_WORKSPACE');
    const m = await w.run(['init', 'new', '--year', '2027', '--from', 'missing', '--json']);
    expect(m.json.error.code).toBe('FILE_NOT_FOUND');
    expect(existsSync(w.path('new'))).toBe(false);
  });

  it('a snapshot missing (in the source, or in the workspace itself) is VERIFY_FAILED, as the code table says: not CONFIG_INVALID (ssj.json)', async () => {
    const w = fresh();
    const entry = current(w.path('old'), 'items');
    rmSync(w.path('old', 'snapshots', 'items', `${entry.snapshot}.csv`));
    const r = await w.run(['init', 'new', '--year', '2027', '--from', 'old', '--json']);
    expect([r.code, r.json.error.code]).toEqual([1, 'VERIFY_FAILED']);
    expect(r.json.error.message).toContain('不见了');
    expect(existsSync(w.path('new'))).toBe(false);
    const l = await w.run(['list', 'items', '--json'], { cwd: w.path('old') });
    expect([l.code, l.json.error.code]).toEqual([1, 'VERIFY_FAILED']);
    expect(l.json.error.hint).toContain('备份');
  });

  it('leaves nothing behind when it fails midway (a changed snapshot in the source)', async () => {
    const w = fresh();
    const entry = current(w.path('old'), 'items');
    appendFileSync(w.path('old', 'snapshots', 'items', `${entry.snapshot}.csv`), 'X,改动\n');
    const r = await w.run(['init', join('a', 'new'), '--year', '2027', '--from', 'old', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('INPUT_INVALID');
    expect(r.json.error.message).toContain('哈希不符');
    expect(existsSync(w.path('a'))).toBe(false);
    // a folder that existed keeps only what it held
    mkdirSync(w.path('kept'));
    writeFileSync(w.path('kept', '备注.txt'), '已有的文件');
    const k = await w.run(['init', 'kept', '--year', '2027', '--from', 'old']);
    expect(k.code).toBe(1);
    expect(readdirSync(w.path('kept'))).toEqual(['备注.txt']);
  });
});
