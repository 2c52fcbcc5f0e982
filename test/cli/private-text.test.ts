// Text typed for a record that is published and never changes again (a draw's operator, place and witnesses, a
// replacement's or a plan adjustment's reason, an announcement's source) is refused when it holds a phone or ID
// number — before anything is drawn or saved, naming the flag.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';

let w: Workdir;
beforeAll(async () => {
  w = new Workdir('ssj-private-text');
  await w.samples('base');
}, 120_000);
afterAll(() => w.remove());

const ENV = { SSJ_TODAY: '2026-03-10' };
const run = (dir: string, args: string[]) => w.run([...args, '--json'], { cwd: dir, env: ENV });
const records = (dir: string) => readdirSync(join(dir, 'draws')).sort();
const ledger = (dir: string) => readFileSync(join(dir, 'draws', 'ledger.jsonl'), 'utf8');
const DRAW = ['draw', '--item', 'ZJ-001', '--witness', '王纪检', '--entropy', '4417', '--operator', '张三', '-y'];

describe('free text of a published record', () => {
  it('ssj draw refuses a phone in --place and an ID number in --witness, naming both, and draws nothing', async () => {
    const dir = w.copy('base');
    const before = records(dir);
    const r = await run(dir, [...DRAW, '--place', '局三楼会议室（电话０５９１－８７６５４３２１）', '--witness', '李四350102198703154417', '--entropy', '99']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('PRIVATE_DATA');
    expect(r.json.error.message).toContain('--place 抽取地点：像是固定电话（0591-******21）');
    expect(r.json.error.message).toContain('--witness 见证人：像是身份证号码（350102********4417）');
    expect(r.json.error.message).not.toContain('87654321');
    expect(records(dir)).toEqual(before);
    // the same draw without the numbers goes through
    const ok = await run(dir, [...DRAW, '--place', '局三楼会议室']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('ssj draw refuses a 回避 or a contact person stated in --operator or --place (the record is published whole), and draws nothing', async () => {
    const dir = w.copy('base');
    const before = records(dir);
    const r = await run(dir, ['draw', '--item', 'ZJ-001', '--witness', '王纪检', '--entropy', '4417', '--operator', '张三（其配偶在被检企业任职，已回避）', '--place', '会议室 联系人:李会计', '-y']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('PRIVATE_DATA');
    expect(r.json.error.message).toContain('--operator 操作人员：像是回避关系');
    expect(r.json.error.message).toContain('--place 抽取地点：像是联系人');
    expect(records(dir)).toEqual(before);
  });

  it('ssj draw replace refuses a phone in --reason; ssj plan adjust and ssj draw announce refuse theirs', async () => {
    const dir = w.copy('base');
    const d = await run(dir, DRAW);
    expect(d.code, d.stderr).toBe(0);
    const kept = ledger(dir);
    const rep = await run(dir, ['draw', 'replace', d.json.id, '--entity', d.json.entities[0].code, '--reason', '注销，经办人 138 5901 2345']);
    expect(rep.code).toBe(1);
    expect(rep.json.error.message).toContain('--reason 补抽原因：像是手机号码（138****2345）');
    const filed = await run(dir, ['plan', '--file']);
    expect(filed.code, filed.stderr).toBe(0);
    const adj = await run(dir, ['plan', 'adjust', '--reason', '市局要求（联系人王五13859012345）']);
    expect(adj.code).toBe(1);
    expect(adj.json.error.message).toContain('--reason 调整原因：像是手机号码');
    const ann = await run(dir, ['draw', 'announce', '--item', 'ZJ-002', '--source', '福彩3D（咨询0591-87654321）', '--source-date', '2026-03-16']);
    expect(ann.code).toBe(1);
    expect(ann.json.error.message).toContain('--source 公开随机数的来源：像是固定电话');
    // only the plan's filing was added to the ledger
    expect(ledger(dir).startsWith(kept)).toBe(true);
    expect(ledger(dir).trim().split('\n')).toHaveLength(kept.trim().split('\n').length + 1);
  });

  it('ssj draw and ssj draw announce refuse --strata on a registry column whose values hold a phone number (each stratum is named in the record)', async () => {
    const dir = w.copy('base');
    const csv = join(dir, 'internal.csv');
    const ex = await run(dir, ['export', 'entities', '--internal', '--format', 'csv', '-o', csv]);
    expect(ex.code, ex.stderr).toBe(0);
    // the internal export has a title line, then the header: a registry revision adds a column (网格员, kept as the
    // registry's own column) and is imported again
    const lines = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean).slice(1);
    const region = lines[0]!.split(',').indexOf('区域');
    const category = lines[0]!.split(',').indexOf('行业类别');
    const estate = lines.findIndex((l) => l.split(',')[category] === '房地产开发企业');
    const revised = [`${lines[0]},网格员`, ...lines.slice(1).map((l, i) => {
      const cells = l.split(',');
      // (one 区域 with a phone typed into it: the announcement below is stratified on 区域)
      if (i + 1 === estate) cells[region] = `${cells[region]}（网格员13900001111）`;
      return `${cells.join(',')},${cells[region] === '城关镇' ? '王五 13812345678' : '赵六'}`;
    })];
    writeFileSync(join(dir, 'revised.csv'), `${revised.join('\n')}\n`);
    const imp = await run(dir, ['import', 'entities', join(dir, 'revised.csv')]);
    expect(imp.code, imp.stderr).toBe(0);
    const before = records(dir);
    const r = await run(dir, [...DRAW, '--strata', '网格员']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('PRIVATE_DATA');
    expect(r.json.error.message).toContain('分层「网格员」的值：像是手机号码（138****5678）');
    expect(r.json.error.message).not.toContain('13812345678');
    expect(records(dir)).toEqual(before);
    const ann = await run(dir, ['draw', 'announce', '--item', 'ZJ-002', '--strata', '区域', '--source', '福彩3D', '--source-date', '2026-03-16']);
    expect(ann.code, JSON.stringify(ann.json)).toBe(1);
    expect(ann.json.error.message).toContain('分层「区域」的值：像是手机号码（139****1111）');
    expect(records(dir)).toEqual(before);
    // stratified on a column without numbers, the draw goes through
    const ok = await run(dir, [...DRAW, '--strata', '监管责任股室']);
    expect(ok.code, ok.stderr).toBe(0);
  });
});
