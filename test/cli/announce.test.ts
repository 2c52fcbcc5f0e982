// 事先公告 (RFC 3797): ssj draw announce fixes the lists, the pool, the parameters and a future public value's
// source; ssj draw --announced draws with exactly those and the value once published, and refuses (naming what
// differs) otherwise; ssj verify checks each announced draw against its announcement.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealRecord, type AnnouncementRecord, type DrawRecord } from '../../src/core/record.js';
import { announcementDiffs } from '../../src/core/announce.js';
import { rechain } from '../helpers/records.js';
import { Workdir } from '../helpers/workdir.js';

const SOURCE = '中国福利彩票 3D 2026-03-16 开奖号码';
const BEFORE = { SSJ_TODAY: '2026-03-10' };
const AFTER = { SSJ_TODAY: '2026-03-16' };

let w: Workdir;
beforeAll(async () => {
  w = new Workdir('ssj-announce');
  await w.samples('base');
}, 120_000);
afterAll(() => w.remove());

const fresh = () => w.copy('base');
const run = (dir: string, args: string[], env: Record<string, string> = AFTER) => w.run(args, { cwd: dir, env });
const announce = (dir: string, extra: string[] = []) =>
  run(dir, ['draw', 'announce', '--item', 'ZJ-001', '--source', SOURCE, '--source-date', '2026-03-16', '--operator', '张三', ...extra, '--json'], BEFORE);
const readJson = (dir: string, ...p: string[]) => JSON.parse(readFileSync(join(dir, ...p), 'utf8'));

describe('ssj draw announce', () => {
  it('records the announcement in the ledger and writes the notice; --json has the contract fields', async () => {
    const dir = fresh();
    const r = await announce(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(r.json)).toEqual(expect.arrayContaining(['ok', 'id', 'record', 'hash', 'poolHash', 'poolSize', 'sampleSize', 'source', 'sourceDate']));
    expect(r.json).toMatchObject({ ok: true, id: '2026-A001', source: SOURCE, sourceDate: '2026-03-16' });
    const rec: AnnouncementRecord = readJson(dir, 'draws', '2026-A001.json');
    expect(rec.kind).toBe('announcement');
    expect(rec.hash).toBe(r.json.hash);
    expect(rec.pool.hash).toBe(r.json.poolHash);
    expect(rec.pool.items[0]!.sample).toBe(r.json.sampleSize);
    expect(rec.source).toEqual({ name: SOURCE, date: '2026-03-16' });
    const ledger = readFileSync(join(dir, 'draws', 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ id: '2026-A001', kind: 'announcement', hash: rec.hash });
    expect(existsSync(join(dir, 'exports', '抽取公告 2026-A001.xlsx'))).toBe(true);
    // the notice states the facts: read its cells back
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'exports', '抽取公告 2026-A001.xlsx'));
    const sheet = wb.worksheets[0]!;
    expect(sheet.pageSetup.paperSize).toBe(9);
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    const all = cells.join('\n');
    for (const want of [SOURCE, '2026-03-16', rec.inputs.entities.snapshot, 'ssj-draw/1', '2026-A001']) expect(all).toContain(want);
    expect(all).toContain(rec.pool.hash.slice(0, 4));
  });

  it('ssj verify passes while the announced draw is still to come (the notice states the pool hash), and names a notice whose hash was changed', async () => {
    const dir = fresh();
    const a = await announce(dir);
    expect(a.code, a.stderr).toBe(0);
    const v = await run(dir, ['verify', '--json'], BEFORE);
    expect(v.code, v.stdout).toBe(0);
    // a notice that states another pool hash is not one ssj wrote from this ledger
    const ExcelJS = (await import('exceljs')).default;
    const path = join(dir, 'exports', '抽取公告 2026-A001.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const first = a.json.poolHash.slice(0, 4) as string;
    let changed = 0;
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => {
      if (typeof c.value === 'string' && c.value.startsWith(`${first} `)) {
        c.value = `${first === '0000' ? '1111' : '0000'}${c.value.slice(4)}`;
        changed++;
      }
    }));
    expect(changed).toBe(1);
    await wb.xlsx.writeFile(path);
    const bad = await run(dir, ['verify', '--json'], BEFORE);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('抽取公告 2026-A001.xlsx');
  });

  it('refuses a source date that is not after today', async () => {
    const dir = fresh();
    const r = await run(dir, ['draw', 'announce', '--item', 'ZJ-001', '--source', SOURCE, '--source-date', '2026-03-10', '--json'], BEFORE);
    expect(r.code).toBe(2);
    expect(r.json.error.message).toContain('事先公告必须在随机数产生之前发布');
  });
});

describe('ssj draw --announced', () => {
  it('draws with the announced parameters and the public value; verify passes; form and export show the announcement', async () => {
    const dir = fresh();
    const a = await announce(dir);
    const d = await run(dir, ['draw', '--announced', '2026-A001', '--public', '385', '--witness', '王纪检', '--entropy', '4417', '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.json.announcement).toBe('2026-A001');
    expect(d.json.poolHash).toBe(a.json.poolHash);
    expect(d.json.sampleSize).toBe(a.json.sampleSize);
    expect(d.json.seed).toBe('385/4417'); // the public value first, the witness digits after it
    const rec: DrawRecord = readJson(dir, 'draws', `${d.json.id}.json`);
    expect(rec.announcement).toEqual({ id: '2026-A001', hash: a.json.hash, date: '2026-03-10', source: SOURCE, sourceDate: '2026-03-16' });
    expect(rec.seed.components.map((c) => c.source)).toEqual(['public', 'witness']);
    expect(rec.seed.components[0]!.name).toBe(SOURCE);
    const v = await run(dir, ['verify', '--json']);
    expect(v.code, v.stdout).toBe(0);
    // the same value without witnesses gives the same entities as any re-run of the announcement would
    const f = await run(dir, ['form', d.json.id, '--json']);
    expect(f.code, f.stderr).toBe(0);
    const x = await run(dir, ['export', 'draws', '--format', 'csv', '--json']);
    expect(x.code, x.stderr).toBe(0);
    const csv = readFileSync(x.json.output, 'utf8');
    expect(csv).toContain('事先公告');
    expect(csv).toContain(`2026-A001（2026-03-10公告）；${SOURCE}（2026-03-16）`);
    // a record not found: the hint lists the draws a form is made for, not the announcement
    const missing = await run(dir, ['form', '2026-009', '--json']);
    expect(missing.code).not.toBe(0);
    expect(missing.json.error.hint).toBe(`现有抽取记录：${d.json.id}`);
  });

  it('refuses before the source date (SSJ_TODAY), naming the date', async () => {
    const dir = fresh();
    await announce(dir);
    const r = await run(dir, ['draw', '--announced', '2026-A001', '--public', '385', '--json'], { SSJ_TODAY: '2026-03-15' });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('TOO_EARLY');
    expect(r.json.error.message).toContain('2026-03-16');
    expect(existsSync(join(dir, 'draws', '2026-001.json'))).toBe(false);
  });

  it('refuses when a list changed since the announcement, naming it', async () => {
    const dir = fresh();
    await announce(dir);
    const csv = join(dir, '回避.csv');
    writeFileSync(csv, '执法证号,姓名,统一社会信用代码,检查对象名称,回避原因\n35088110008,邓小燕,91350881MA3M1HKH0U,示例县中联德信市政工程有限公司,亲属\n');
    const imp = await run(dir, ['import', 'conflicts', csv, '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    const r = await run(dir, ['draw', '--announced', '2026-A001', '--public', '385', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('ANNOUNCEMENT_MISMATCH');
    expect(r.json.error.message).toContain('回避关系清单已变');
    expect(r.json.error.message).not.toContain('检查对象名录库已变');
  });

  it('refuses when a setting changed (ssj.json teamRules, excludeRepeat), naming it', async () => {
    const dir = fresh();
    await announce(dir);
    const cfg = readJson(dir, 'ssj.json');
    writeFileSync(join(dir, 'ssj.json'), JSON.stringify({ ...cfg, teamRules: { 'ZJ-001': { category: '建筑' } }, excludeRepeat: !cfg.excludeRepeat }, null, 2));
    const r = await run(dir, ['draw', '--announced', '2026-A001', '--public', '385', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.message).toContain('人员匹配规则');
    expect(r.json.error.message).toContain('excludeRepeat');
  });

  it('refuses when the pool changed (another round drawn since), naming the pool', async () => {
    const dir = fresh();
    await announce(dir);
    const other = await run(dir, ['draw', '--item', 'ZJ-001', '--round', '2', '--witness', '李', '--entropy', '99201188', '--json'], BEFORE);
    expect(other.code, other.stderr).toBe(0);
    const r = await run(dir, ['draw', '--announced', '2026-A001', '--public', '385', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.message).toContain('检查对象池不同');
  });

  it('draws as announced when another department’s lists were imported with --dept, and for a joint draw', async () => {
    const dir = fresh();
    const SC = '示例县市场监督管理局';
    writeFileSync(join(dir, '市监名录.csv'), `姓名,执法证号,单位\n${[1, 2, 3].map((i) => `市监${i},3508812000${i},${SC}`).join('\n')}\n`);
    writeFileSync(join(dir, '市监事项.csv'), '事项编号,抽查事项名称,检查对象,抽查比例,抽查频次\nSC-001,房地产广告发布行为检查,房地产开发企业,5%,1次/年\n');
    for (const kind of ['inspectors', 'items']) {
      const r = await run(dir, ['import', kind, kind === 'items' ? '市监事项.csv' : '市监名录.csv', '--dept', SC], BEFORE);
      expect(r.code, r.stderr).toBe(0);
    }
    // one department's item: the draw records the items' departments once lists name them; so does the announcement
    expect((await announce(dir)).code).toBe(0);
    const one = await run(dir, ['draw', '--announced', '2026-A001', '--public', '385', '--json']);
    expect(one.code, one.stdout).toBe(0);
    // a joint draw (ssj-draw/2-joint): the announcement states that algorithm and the departments
    const a = await run(dir, ['draw', 'announce', '--item', 'ZJ-002', '--item', 'SC-001', '--source', SOURCE, '--source-date', '2026-03-16', '--json'], BEFORE);
    expect(a.code, a.stderr).toBe(0);
    const rec: AnnouncementRecord = readJson(dir, 'draws', `${a.json.id}.json`);
    expect(rec.algorithm).toBe('ssj-draw/2-joint');
    expect(rec.task.departments).toHaveLength(2);
    const joint = await run(dir, ['draw', '--announced', a.json.id, '--public', '385', '--json']);
    expect(joint.code, joint.stdout).toBe(0);
    const v = await run(dir, ['verify', '--json']);
    expect(v.code, v.stdout).toBe(0);
  });

  it('an announcement an older ssj made in a --dept workspace (its items without departments) is still drawn and verified', async () => {
    const dir = fresh();
    writeFileSync(join(dir, '市监名录.csv'), '姓名,执法证号,单位\n市监1,35088120001,示例县市场监督管理局\n');
    expect((await run(dir, ['import', 'inspectors', '市监名录.csv', '--dept', '示例县市场监督管理局'], BEFORE)).code).toBe(0);
    expect((await announce(dir)).code).toBe(0);
    // as ssj wrote it before it recorded the items' departments: resealed, its ledger line and the chain after it updated
    const rec = readJson(dir, 'draws', '2026-A001.json') as AnnouncementRecord;
    expect(rec.task.items.every((i) => i.dept !== undefined)).toBe(true);
    for (const i of rec.task.items) delete (i as { dept?: string }).dept;
    const { hash: _h, ...body } = rec;
    const sealed = sealRecord<AnnouncementRecord>(body);
    const old = sealed.record;
    writeFileSync(join(dir, 'draws', '2026-A001.json'), sealed.text);
    const ledger = join(dir, 'draws', 'ledger.jsonl');
    const lines = readFileSync(ledger, 'utf8').trim().split('\n').map((l) => {
      const e = JSON.parse(l);
      return JSON.stringify(e.id === '2026-A001' ? { ...e, hash: old.hash } : e);
    });
    writeFileSync(ledger, rechain(lines).join('\n') + '\n');
    // (the notice states the hash of the record as this ssj wrote it: verify rightly names it; an older ssj's notice stated the old one)
    rmSync(join(dir, 'exports', '抽取公告 2026-A001.xlsx'));
    const v0 = await run(dir, ['verify', '--json']);
    expect(v0.code, v0.stdout).toBe(0);
    const d = await run(dir, ['draw', '--announced', '2026-A001', '--public', '385', '--json']);
    expect(d.code, d.stdout).toBe(0);
    const v = await run(dir, ['verify', '--json']);
    expect(v.code, v.stdout).toBe(0);
    // an item list changed since is still refused
    const changed = structuredClone(old);
    changed.task.items[0]!.ratio = 0.5;
    expect(announcementDiffs(changed, { task: (readJson(dir, 'draws', `${d.json.id}.json`) as DrawRecord).task, inputs: old.inputs, pool: old.pool, algorithm: old.algorithm })).toContain('抽查事项的检查对象或抽查比例已变（事项清单与公告时不同）');
  });

  it('refuses flags that the announcement fixes, an unknown id, and a missing --public', async () => {
    const dir = fresh();
    await announce(dir);
    const flags = await run(dir, ['draw', '--announced', '2026-A001', '--public', '385', '--count', '3', '--json']);
    expect(flags.code).toBe(2);
    expect(flags.json.error.message).toContain('--count');
    const unknown = await run(dir, ['draw', '--announced', '2026-A009', '--public', '385', '--json']);
    expect(unknown.code).toBe(1);
    expect(unknown.json.error.message).toContain('2026-A009');
    const noPublic = await run(dir, ['draw', '--announced', '2026-A001', '--json']);
    expect(noPublic.code).toBe(2);
    expect(noPublic.json.error.message).toContain('--public');
  });
});

describe('ssj verify and announced draws', () => {
  async function announcedDraw() {
    const dir = fresh();
    await announce(dir);
    const d = await run(dir, ['draw', '--announced', '2026-A001', '--public', '385', '--json']);
    expect(d.code, d.stderr).toBe(0);
    return dir;
  }

  it('outside the workspace: checks the announcement published beside the record, and says when it is not there', async () => {
    const dir = await announcedDraw();
    const rec: DrawRecord = readJson(dir, 'draws', '2026-001.json');
    const out = join(dir, 'published');
    mkdirSync(out);
    copyFileSync(join(dir, 'draws', '2026-001.json'), join(out, '2026-001.json'));
    copyFileSync(join(dir, 'snapshots', 'entities', `${rec.inputs.entities.snapshot}.csv`), join(out, 'e.csv'));
    copyFileSync(join(dir, 'snapshots', 'inspectors', `${rec.inputs.inspectors.snapshot}.csv`), join(out, 'i.csv'));
    const args = ['verify', '2026-001.json', '--entities', 'e.csv', '--inspectors', 'i.csv', '--json'];
    const alone = await w.run(args, { cwd: out, env: AFTER });
    expect(alone.code, alone.stdout).toBe(0);
    expect(alone.json.records[0].notes.join('\n')).toContain('没有公告记录 2026-A001.json');
    const a: AnnouncementRecord = readJson(dir, 'draws', '2026-A001.json');
    const { hash: _h, ...body } = { ...a, pool: { ...a.pool, size: a.pool.size + 1 } };
    writeFileSync(join(out, '2026-A001.json'), sealRecord<AnnouncementRecord>(body).text);
    const bad = await w.run(args, { cwd: out, env: AFTER });
    expect(bad.code).toBe(1);
    expect(bad.json.records[0].problems.join('\n')).toContain('公告哈希');
    copyFileSync(join(dir, 'draws', '2026-A001.json'), join(out, '2026-A001.json'));
    const good = await w.run(args, { cwd: out, env: AFTER });
    expect(good.code, good.stdout).toBe(0);
  });

  it('catches an altered announcement (even with its hash recomputed)', async () => {
    const dir = await announcedDraw();
    const file = join(dir, 'draws', '2026-A001.json');
    const a: AnnouncementRecord = JSON.parse(readFileSync(file, 'utf8'));
    const { hash: _h, ...body } = { ...a, source: { ...a.source, name: '中国福利彩票 3D 2026-03-17 开奖号码' } };
    writeFileSync(file, sealRecord<AnnouncementRecord>(body).text);
    const v = await run(dir, ['verify', '--json']);
    expect(v.code).toBe(1);
    const problems = v.json.records.flatMap((r: any) => r.problems).join('\n');
    expect(problems).toContain('记录的公告哈希与台账中公告 2026-A001 的哈希不符');
    expect(problems).toContain('公开随机数来源与公告 2026-A001 不同');
  });

  it('catches an announcement placed after its draw in the chain', async () => {
    const dir = await announcedDraw();
    // rewrite the ledger with the draw first and the announcement after it, every hash and link recomputed
    const a: AnnouncementRecord = readJson(dir, 'draws', '2026-A001.json');
    const d: DrawRecord = readJson(dir, 'draws', '2026-001.json');
    const { hash: _d, ...dBody } = { ...d, seq: 1, prev: null };
    const d2 = sealRecord<DrawRecord>(dBody);
    const { hash: _a, ...aBody } = { ...a, seq: 2, prev: d2.record.hash };
    const a2 = sealRecord<AnnouncementRecord>(aBody);
    writeFileSync(join(dir, 'draws', '2026-001.json'), d2.text);
    writeFileSync(join(dir, 'draws', '2026-A001.json'), a2.text);
    const line = (r: { seq: number; id: string; hash: string; prev: string | null; time: string }, kind: string) =>
      JSON.stringify({ seq: r.seq, id: r.id, kind, file: `draws/${r.id}.json`, hash: r.hash, prev: r.prev, at: r.time });
    writeFileSync(join(dir, 'draws', 'ledger.jsonl'), `${line(d2.record, 'draw')}\n${line(a2.record, 'announcement')}\n`);
    const v = await run(dir, ['verify', '--json']);
    expect(v.code).toBe(1);
    expect(v.json.chain.ok).toBe(true); // the chain itself is whole: only the order gives it away
    const problems = v.json.records.flatMap((r: any) => r.problems).join('\n');
    expect(problems).toContain('排在这次抽取之后');
  });
});
