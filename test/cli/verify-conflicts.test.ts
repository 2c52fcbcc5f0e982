// ssj verify outside a workspace with the 回避 list as it stood at two times of the year: pairs declared after a draw
// and before its 补抽 are in the 补抽's record only, so neither list alone restores both records (each fails an
// honest record's hash); given both (--conflicts twice), each record is restored with the list its hash says.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';

let w: Workdir;
let pub: string;
let v1: string;
let v2: string;
const run = (args: string[], cwd: string) => w.run(args, { cwd, env: { SSJ_TODAY: '2026-06-10' } });

beforeAll(async () => {
  w = new Workdir('ssj-verify-conflicts');
  await w.samples('ws');
  const ws = w.path('ws');
  const d = await run(['draw', '--item', 'ZJ-004', '--count', '20', '--witness', '王纪检', '--witness', '李监督', '--entropy', '381702', '--entropy', '992011', '--operator', '张三', '--json'], ws);
  expect(d.code, d.stdout).toBe(0);
  const draw = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
  expect(draw.conflicts.length).toBeGreaterThan(0); // (redacted when published)
  const snaps = () => readdirSync(join(ws, 'snapshots', 'conflicts')).filter((f) => f.endsWith('.csv'));
  const before = snaps();
  expect(before).toHaveLength(1);
  // the 回避 list revised: an inspector declares every entity of the drawn kind (a drawn one too)
  const listed = (await run(['list', 'conflicts', '--json'], ws)).json as { certNo: string; name: string; code: string; entityName: string; reason: string }[];
  const entities = (await run(['list', 'entities', '--json'], ws)).json as { code: string; name: string; category: string }[];
  const inspector = (await run(['list', 'inspectors', '--json'], ws)).json.at(-1) as { certNo: string; name: string };
  const kind = entities.find((e) => e.code === draw.entities[0].code)!.category;
  const rows = [
    ...listed.map((c) => [c.certNo, c.name, c.code, c.entityName ?? '', c.reason ?? '']),
    ...entities.filter((e) => e.category === kind).map((e) => [inspector.certNo, inspector.name, e.code, e.name, '近亲属任职']),
  ];
  writeFileSync(w.path('回避 v2.csv'), ['执法证号,姓名,统一社会信用代码,检查对象名称,回避原因', ...rows.map((r) => r.join(','))].join('\n') + '\n');
  const imp = await run(['import', 'conflicts', w.path('回避 v2.csv'), '--json'], ws);
  expect(imp.code, imp.stderr).toBe(0);
  // a 补抽 under the new list: the entity drawn in has the new pair, which only the 补抽's record holds
  const rep = await run(['draw', 'replace', '2026-001', '--entity', draw.entities[0].code, '--reason', '注销', '--operator', '张三', '--json'], ws);
  expect(rep.code, rep.stderr).toBe(0);
  const amendment = JSON.parse(readFileSync(join(ws, 'draws', '2026-001-R1.json'), 'utf8'));
  expect(amendment.conflicts.some((p: { certNo: string }) => p.certNo === inspector.certNo)).toBe(true);
  // what is published, and the two 回避 lists (their snapshots, as the discipline team gets them)
  pub = w.path('公开');
  mkdirSync(pub);
  for (const args of [['export', 'draws', '--format', 'csv'], ['export', 'entities', '--format', 'csv'], ['export', 'inspectors', '--format', 'csv']]) {
    const r = await run([...args, '--json'], ws);
    expect(r.code, r.stderr).toBe(0);
    for (const f of r.json.files ?? [r.json.output]) copyFileSync(f, join(pub, f.split('/').pop()!));
  }
  const after = snaps();
  v1 = join(ws, 'snapshots', 'conflicts', before[0]!);
  v2 = join(ws, 'snapshots', 'conflicts', after.find((f) => f !== before[0])!);
}, 240_000);
afterAll(() => w.remove());

const verify = (...conflicts: string[]) => {
  const file = (p: string) => join(pub, readdirSync(pub).find((f) => f.startsWith(p))!);
  return run(['verify', join(pub, '2026年度抽取结果.csv'), '--entities', file('检查对象名录库'), '--inspectors', file('执法检查人员名录'),
    ...conflicts.flatMap((c) => ['--conflicts', c]), '--json'], w.dir);
};

describe('ssj verify --conflicts with the list at two times of the year', () => {
  it('either list alone fails one honest record; both given, every record hash and the teams check', async () => {
    const old = await verify(v1);
    expect(old.code).toBe(1);
    expect(old.json.records[0].hashes.map((h: any) => [h.id, h.check.status])).toEqual([['2026-001', 'pass'], ['2026-001-R1', 'fail']]);
    const now = await verify(v2);
    expect(now.code).toBe(1);
    expect(now.json.records[0].hashes.find((h: any) => h.id === '2026-001').check.status).toBe('fail');
    for (const both of [[v1, v2], [v2, v1]]) {
      const r = await verify(...both);
      expect(r.code, JSON.stringify(r.json.records?.[0]?.problems)).toBe(0);
      expect(r.json.records[0].hashes.map((h: any) => h.check.status)).toEqual(['pass', 'pass']);
      expect(r.json.records[0].checked.teams.status).toBe('pass');
    }
  });
});
