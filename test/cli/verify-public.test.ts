// ssj verify from published files alone, through the real binary: an announced draw is checked against the
// announcement record the draws export carries; the gaps in an export's sequence are said; files saved again with
// a byte order mark (Windows Notepad) are read.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealRecord, type AnnouncementRecord, type DrawRecord } from '../../src/core/record.js';
import { Workdir } from '../helpers/workdir.js';

const SOURCE = '中国福利彩票 3D 2026-03-16 开奖号码';
const BEFORE = { SSJ_TODAY: '2026-03-10' };
const AFTER = { SSJ_TODAY: '2026-03-16' };
const BOM = '\uFEFF';

let w: Workdir;
/** a workspace: two ordinary draws (seq 1, 2), an announcement (seq 3), the draw made with it (2026-003, seq 4), exported */
let ws: string;
/** the published folder: the draws export (.xlsx, .csv + .records.jsonl + .chain.json) and the two public lists */
let pub: string;
let lists: string[];

const run = (args: string[], cwd: string, env: Record<string, string> = AFTER) => w.run(args, { cwd, env });
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const jsonl = (path: string) => read(path).trim().split('\n').map((l) => JSON.parse(l));
const writeJsonl = (path: string, records: unknown[]) => writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');

beforeAll(async () => {
  w = new Workdir('ssj-verify-public');
  await w.samples('ws');
  ws = w.path('ws');
  const steps: [string[], Record<string, string>][] = [
    [['draw', '--item', 'ZJ-003', '--witness', '王纪检', '--witness', '李监督', '--entropy', '381702', '--entropy', '992011'], BEFORE],
    [['draw', '--item', 'ZJ-004', '--witness', '王纪检', '--witness', '李监督', '--entropy', '550213', '--entropy', '870441'], BEFORE],
    [['draw', 'announce', '--item', 'ZJ-001', '--source', SOURCE, '--source-date', '2026-03-16', '--operator', '张三'], BEFORE],
    [['draw', '--announced', '2026-A001', '--public', '385', '--witness', '王纪检', '--entropy', '4417'], AFTER],
    [['export', 'draws'], AFTER],
    [['export', 'draws', '--format', 'csv'], AFTER],
    [['export', 'entities'], AFTER],
    [['export', 'inspectors', '--format', 'csv'], AFTER],
  ];
  for (const [args, env] of steps) {
    const r = await run([...args, '--json'], ws, env);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
  pub = w.path('pub');
  mkdirSync(pub);
  const ex = join(ws, 'exports');
  for (const f of readdirSync(ex).filter((n) => n.startsWith('2026年度抽取结果') || n.startsWith('检查对象名录库') || n.startsWith('执法检查人员名录'))) copyFileSync(join(ex, f), join(pub, f));
  lists = ['--entities', readdirSync(pub).find((n) => n.startsWith('检查对象名录库'))!, '--inspectors', readdirSync(pub).find((n) => n.startsWith('执法检查人员名录'))!];
}, 240_000);
afterAll(() => w.remove());

/** A copy of the published folder, to change files in. */
function published(name: string): string {
  const dir = w.path(name);
  mkdirSync(dir);
  for (const f of readdirSync(pub)) copyFileSync(join(pub, f), join(dir, f));
  return dir;
}

describe('an announced draw, from the published draws export alone', () => {
  it('the export carries the announcement record (its ledger hash) in the records sheet and the .records.jsonl', async () => {
    const a: AnnouncementRecord = JSON.parse(read(ws, 'draws', '2026-A001.json'));
    const recs = jsonl(join(pub, '2026年度抽取结果.records.jsonl'));
    expect(recs.map((r) => r.id)).toEqual(['2026-001', '2026-002', '2026-A001', '2026-003']);
    expect(recs[2]).toEqual(a);
    const ledger = read(ws, 'draws', 'ledger.jsonl').trim().split('\n').map((l) => JSON.parse(l));
    expect(ledger.find((e) => e.id === '2026-A001').hash).toBe(a.hash);
    // the .xlsx: the records sheet, read back as verify reads it
    const { readBundle } = await import('../../src/cli/verify.js');
    expect((await readBundle(join(pub, '2026年度抽取结果.xlsx'))).map((r) => r.id)).toEqual(['2026-001', '2026-002', '2026-A001', '2026-003']);
  });

  for (const file of ['2026年度抽取结果.xlsx', '2026年度抽取结果.csv']) {
    it(`${file}: the draw is checked against its announcement, and passes; the announcement fills the sequence`, async () => {
      const v = await run(['verify', file, ...lists, '--json'], pub);
      expect(v.code, v.stdout).toBe(0);
      const d = v.json.records.find((r: any) => r.id === '2026-003');
      expect(d.checked.announcement.status).toBe('pass');
      expect(d.checked.announcement.detail).toContain('2026-A001');
      expect(v.json.records.find((r: any) => r.id === '2026-001').checked.announcement).toBeUndefined(); // not announced
      expect(v.json.notes).toEqual(['导出中的记录：序号 1–4，共 4 条']); // no gap: the announcement is in the export
      const text = await run(['verify', file, ...lists], pub);
      expect(text.code, text.stdout).toBe(0);
      expect(text.stdout).toContain('✔ 事先公告：按公告 2026-A001 抽取');
      expect(text.stdout).not.toContain('未核对');
    });
  }

  it('fails a draw dated before its announcement\'s public value (the record resealed): names the dates', async () => {
    const dir = published('early');
    const path = join(dir, '2026年度抽取结果.records.jsonl');
    const recs = jsonl(path);
    const d: DrawRecord = recs.find((r) => r.id === '2026-003');
    const { hash: _h, ...body } = { ...d, date: '2026-03-15' };
    recs[recs.indexOf(d)] = sealRecord<DrawRecord>(body).record;
    writeJsonl(path, recs);
    const v = await run(['verify', '2026年度抽取结果.records.jsonl', ...lists, '--json'], dir);
    expect(v.code, v.stdout).toBe(1);
    const r = v.json.records.find((x: any) => x.id === '2026-003');
    expect(r.ok).toBe(false);
    expect(r.checked.announcement.status).toBe('fail');
    expect(r.checked.recordHash.status).toBe('pass'); // the forger recomputed the hash: only the announcement gives it away
    expect(r.problems.join('\n')).toContain('抽取日期 2026-03-15 早于公告的公开随机数公布日期 2026-03-16');
  });

  it('fails an announcement altered in the export (resealed): its hash is not the one the draw names', async () => {
    const dir = published('altered');
    const path = join(dir, '2026年度抽取结果.records.jsonl');
    const recs = jsonl(path);
    const a: AnnouncementRecord = recs.find((r) => r.id === '2026-A001');
    const { hash: _h, ...body } = { ...a, date: '2026-03-17', source: { ...a.source, date: '2026-03-17' } };
    recs[recs.indexOf(a)] = sealRecord<AnnouncementRecord>(body).record;
    writeJsonl(path, recs);
    const v = await run(['verify', '2026年度抽取结果.records.jsonl', ...lists, '--json'], dir);
    expect(v.code).toBe(1);
    const problems = v.json.records.find((x: any) => x.id === '2026-003').problems.join('\n');
    expect(problems).toContain('记录的公告哈希与台账中公告 2026-A001 的哈希不符');
    expect(problems).toContain('不早于公开随机数的公布日期');
  });

  it('says the announcement was not checked when an export does not carry it (as older exports did)', async () => {
    const dir = published('older');
    const path = join(dir, '2026年度抽取结果.records.jsonl');
    writeJsonl(path, jsonl(path).filter((r) => r.kind !== 'announcement'));
    const v = await run(['verify', '2026年度抽取结果.records.jsonl', ...lists, '--json'], dir);
    expect(v.code, v.stdout).toBe(0); // 未复核 is not 不通过
    const r = v.json.records.find((x: any) => x.id === '2026-003');
    expect(r.checked.announcement.status).toBe('skipped');
    expect(r.checked.announcement.detail).toContain('没有公告记录 2026-A001');
    expect(v.json.notes.join('\n')).toContain('序号 3 的记录不在本导出中');
  });

  it('workspace verify --against the export (records sheet, .records.jsonl, .chain.json) passes with the announcement in it', async () => {
    const v = await run(['verify', '--against', join(pub, '2026年度抽取结果.xlsx'), join(pub, '2026年度抽取结果.csv'), '--json'], ws);
    expect(v.code, v.stdout).toBe(0);
    expect(v.json.against.map((a: any) => a.ok)).toEqual([true, true]);
  });
});

describe('the sequence of an export (chain notes)', () => {
  it('a task deleted from the published CSV and .records.jsonl: verify passes but says which sequence number is missing', async () => {
    const dir = published('gap');
    const csv = join(dir, '2026年度抽取结果.csv');
    const lines = read(csv).split('\r\n');
    const kept = lines.filter((l) => !/^\d+,2026-002,/.test(l));
    expect(lines.length - kept.length).toBeGreaterThan(0);
    writeFileSync(csv, kept.join('\r\n'));
    const path = join(dir, '2026年度抽取结果.records.jsonl');
    writeJsonl(path, jsonl(path).filter((r) => r.id !== '2026-002'));
    const v = await run(['verify', '2026年度抽取结果.csv', ...lists, '--json'], dir);
    expect(v.code, v.stdout).toBe(0);
    expect(v.json.notes).toContain('导出中的记录：序号 1–4，共 3 条');
    expect(v.json.notes.join('\n')).toMatch(/^序号 2 的记录不在本导出中（.*），链条在此无法逐条核对$/m);
    const text = await run(['verify', '2026年度抽取结果.csv', ...lists], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/PASS {2}导出中的记录链条\n {6}序号 2 的记录不在本导出中/);
    expect(text.stdout).toContain('复核通过：2 条记录');
  });
});

describe('the table a reader sees', () => {
  it('a header renamed (统一社会信用代码 → 信用代码) in the .xlsx or the .csv: fails, saying the table could not be checked (it was skipped, and passed)', async () => {
    const dir = published('header');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '2026年度抽取结果.xlsx'));
    const head = wb.worksheets[0]!.getRow(2);
    head.eachCell((c) => { if (c.value === '统一社会信用代码') c.value = '信用代码'; });
    await wb.xlsx.writeFile(join(dir, '2026年度抽取结果.xlsx'));
    const csv = join(dir, '2026年度抽取结果.csv');
    writeFileSync(csv, read(csv).replace(',统一社会信用代码,', ',信用代码,'));
    for (const file of ['2026年度抽取结果.xlsx', '2026年度抽取结果.csv']) {
      const v = await run(['verify', file, ...lists, '--json'], dir);
      expect(v.code, file).toBe(1);
      expect(v.json.records.every((r: any) => r.ok)).toBe(true); // the draws themselves reproduce
      expect(v.json.table).toEqual({ file, ok: false, problems: v.json.chain.problems });
      expect(v.json.chain.problems).toEqual([`${file}：表格中找不到有“抽查任务编号”和“统一社会信用代码”两列的表头，无法与抽取记录逐行核对：表头被改动或删除了，或这不是 ssj export draws 导出的表格`]);
    }
  });
});

describe('the table, said as its own part', () => {
  it('an honest export: PASS 表格（文件名） with what was compared, as the page says; --json has table', async () => {
    for (const file of ['2026年度抽取结果.xlsx', '2026年度抽取结果.csv']) {
      const text = await run(['verify', file, ...lists], pub);
      expect(text.code, text.stdout).toBe(0);
      expect(text.stdout).toContain(`PASS  表格（${file}）\n      表格的每一行（抽查任务、事项、检查对象、检查人员、随机种子、记录哈希……）都与抽取记录一致`);
      const v = await run(['verify', file, ...lists, '--json'], pub);
      expect(v.json.table).toEqual({ file, ok: true, problems: [] });
    }
    // a records file alone has no table
    const r = await run(['verify', '2026年度抽取结果.records.jsonl', ...lists, '--json'], pub);
    expect(r.json.table).toBeUndefined();
  });

  it('an edited cell: FAIL under 表格, not under the chain of records', async () => {
    const dir = published('edited-cell');
    const csv = join(dir, '2026年度抽取结果.csv');
    const lines = read(csv).split('\r\n');
    const cells = lines[1]!.split(',');
    cells[7] = '另一家公司';
    lines[1] = cells.join(',');
    writeFileSync(csv, lines.join('\r\n'));
    const text = await run(['verify', '2026年度抽取结果.csv', ...lists], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/PASS {2}导出中的记录链条\n(?: {6}.*\n)*FAIL {2}表格（2026年度抽取结果\.csv）\n {6}✖ 2026年度抽取结果\.csv 第 2 行 H 列「市场主体名称」：表中是「另一家公司」/);
  });
});

describe('a public list changed after it was exported', () => {
  it('a drawn entity marked 注销 in the registry list whose title names the draw\'s snapshot: says the file was changed, and which entity', async () => {
    const dir = published('list-changed');
    const file = lists[1]!;
    const d1 = jsonl(join(pub, '2026年度抽取结果.records.jsonl')).find((r) => r.id === '2026-001');
    const { code, name } = d1.entities[0];
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, file));
    const sh = wb.worksheets[0]!;
    const head = sh.getRow(2).values as unknown[];
    sh.eachRow((row) => { if (row.getCell(head.indexOf('统一社会信用代码')).value === code) row.getCell(head.indexOf('经营状态')).value = '注销'; });
    await wb.xlsx.writeFile(join(dir, file));
    const v = await run(['verify', '2026年度抽取结果.xlsx', ...lists, '--json'], dir);
    expect(v.code).toBe(1);
    const r = v.json.records.find((x: any) => x.id.startsWith('2026-001'));
    expect(r.ok).toBe(false);
    const text = r.problems.join('\n');
    expect(text).toContain('所给名录的标题写明是抽取所用的名录快照，内容却与抽取时的不同：名录文件被改动过');
    expect(text).toContain(`按所给名录不参加、记录中却没有写的：${name}（${code}，`);
    expect(text).toContain('请使用原样公开的名录文件');
    expect(text).not.toContain('请使用抽取时的名录（快照');
  });
});

describe('list files that cannot be used', () => {
  it('--entities and --inspectors given the wrong way round: says which list each file is, not to run ssj import', async () => {
    const [, entities, , inspectors] = lists as [string, string, string, string];
    const v = await run(['verify', '2026年度抽取结果.xlsx', '--entities', inspectors, '--inspectors', entities, '--json'], pub);
    expect(v.code).toBe(1);
    expect(v.json.error.code).toBe('INPUT_INVALID');
    expect(v.json.error.message).toBe(`${inspectors} 是执法检查人员名录，不是检查对象名录库（--entities 给的是它）`);
    expect(v.json.error.hint).toContain('两个文件是不是给反了');
  });

  it('a file that is no 回避 list given as --conflicts: the message says what is wrong with it, and no ssj import', async () => {
    const v = await run(['verify', '2026年度抽取结果.xlsx', ...lists, '--conflicts', '2026年度抽取结果.csv', '--json'], pub);
    expect(v.code).toBe(1);
    expect(v.json.error.message).toMatch(/^2026年度抽取结果\.csv 不能用作回避关系清单复核（1 处问题）：没有找到回避关系清单的表头/);
    expect(v.json.error.hint).not.toContain('ssj import');
  });
});

describe('files saved again with a byte order mark (Windows Notepad)', () => {
  it('another inspectors list than the draw used: fails, and the note names the file to verify the teams with', async () => {
    const dir = published('other-roster');
    // the public list of a later roster: the workspace's, another department's people imported beside it
    const later = w.copy('ws', 'ws-later-roster');
    writeFileSync(join(later, '市监.csv'), '姓名,执法证号,单位\n市监1,35088120001,示例县市场监督管理局\n');
    expect((await run(['import', 'inspectors', '市监.csv', '--dept', '示例县市场监督管理局'], later)).code).toBe(0);
    expect((await run(['export', 'inspectors', '-o', join(dir, '人员.xlsx')], later)).code).toBe(0);
    const snap = (JSON.parse(read(ws, 'draws', '2026-001.json')) as DrawRecord).inputs.inspectors.snapshot;
    const xlsx = readdirSync(dir).find((n) => n.endsWith('.xlsx') && n.startsWith('2026年度抽取结果'))!;
    const r = await run(['verify', xlsx, '--entities', lists[1]!, '--inspectors', '人员.xlsx', '--json'], dir);
    expect(r.code).toBe(1);
    const notes = r.json.records.find((x: any) => x.id.startsWith('2026-001')).notes.join('\n');
    expect(notes).toContain(`「执法检查人员名录（快照 ${snap.slice(0, 12)}）.xlsx」`);
    expect(notes).toContain('ssj export inspectors --snapshot 2026-001');
  });

  it('a year whose registry was revised between draws: each draw is checked with the list of its own snapshot (--entities given once for each)', async () => {
    const ws2 = w.copy('ws', 'ws-revised');
    // the registry revised (June): the public list, less a few rows, imported again
    expect((await run(['export', 'entities', '--format', 'csv', '-o', join(ws2, '旧名录.csv')], ws2)).code).toBe(0);
    const lines = read(ws2, '旧名录.csv').replace(/^\uFEFF/, '').split('\r\n');
    writeFileSync(join(ws2, '新名录.csv'), [lines[1], ...lines.slice(2, 4), ...lines.slice(12)].join('\r\n'));
    const imp = await run(['import', 'entities', '新名录.csv', '--json'], ws2);
    expect(imp.code, imp.stderr).toBe(0);
    const d = await run(['draw', '--item', 'ZJ-002', '--witness', '王纪检', '--entropy', '12345678901234', '--json'], ws2);
    expect(d.code, d.stderr).toBe(0);
    // a replacement in the first half's draw: its notes name the file too (they were keyed by the draw alone)
    const d1 = JSON.parse(read(ws2, 'draws', '2026-001.json'));
    expect((await run(['draw', 'replace', '2026-001', '--entity', d1.entities[0].code, '--reason', '注销', '--json'], ws2)).code).toBe(0);
    const dir = w.path('pub-revised');
    mkdirSync(dir);
    expect((await run(['export', 'draws', '-o', join(dir, '抽取结果.xlsx')], ws2)).code).toBe(0);
    expect((await run(['export', 'entities', '--snapshot', '2026-001', '-o', join(dir, '名录上半年.xlsx')], ws2)).code).toBe(0);
    expect((await run(['export', 'entities', '-o', join(dir, '名录下半年.xlsx')], ws2)).code).toBe(0);
    expect((await run(['export', 'inspectors', '-o', join(dir, '人员.xlsx')], ws2)).code).toBe(0);
    // one list: the draws of the other snapshot fail (as before), naming the snapshot they used
    const one = await run(['verify', '抽取结果.xlsx', '--entities', '名录下半年.xlsx', '--inspectors', '人员.xlsx', '--json'], dir);
    expect(one.code).toBe(1);
    expect(one.json.records.find((x: any) => x.id === '2026-001 + 2026-001-R1').ok).toBe(false);
    expect(one.json.records.find((x: any) => x.id === d.json.id).ok).toBe(true);
    // both, in either order: every draw passes, each with its own file named
    for (const order of [['名录下半年.xlsx', '名录上半年.xlsx'], ['名录上半年.xlsx', '名录下半年.xlsx']]) {
      const both = await run(['verify', '抽取结果.xlsx', '--entities', order[0]!, '--entities', order[1]!, '--inspectors', '人员.xlsx', '--json'], dir);
      expect(both.code, JSON.stringify(both.json?.records?.map((x: any) => x.problems))).toBe(0);
      const notesOf = (id: string) => both.json.records.find((x: any) => x.id === id).notes.join('\n');
      expect(notesOf('2026-001 + 2026-001-R1')).toContain('检查对象名录用 名录上半年.xlsx（名录快照与记录一致）');
      expect(notesOf(d.json.id)).toContain('检查对象名录用 名录下半年.xlsx（名录快照与记录一致）');
    }
  });

  it('the .records.jsonl with a BOM is read: the CSV export and the records file verify as before', async () => {
    const dir = published('bom');
    const path = join(dir, '2026年度抽取结果.records.jsonl');
    writeFileSync(path, BOM + read(path).replace(/\n/g, '\r\n'));
    for (const file of ['2026年度抽取结果.csv', '2026年度抽取结果.records.jsonl']) {
      const v = await run(['verify', file, ...lists, '--json'], dir);
      expect(v.code, v.stdout).toBe(0);
      expect(v.json.records).toHaveLength(3);
      expect(v.json.records.find((r: any) => r.id === '2026-003').checked.announcement.status).toBe('pass');
    }
  });

  it('a record file and the announcement beside it with a BOM are read', async () => {
    const dir = w.path('bom-records');
    mkdirSync(dir);
    for (const id of ['2026-003', '2026-A001']) writeFileSync(join(dir, `${id}.json`), BOM + read(ws, 'draws', `${id}.json`));
    for (const f of readdirSync(pub).filter((n) => !n.startsWith('2026年度'))) copyFileSync(join(pub, f), join(dir, f));
    const v = await run(['verify', '2026-003.json', ...lists, '--json'], dir);
    expect(v.code, v.stdout).toBe(0);
    expect(v.json.records[0].checked.announcement.status).toBe('pass');
  });

  it('workspace verify --against a CSV export whose .records.jsonl and .chain.json have a BOM', async () => {
    const dir = published('bom-against');
    for (const n of ['2026年度抽取结果.records.jsonl', '2026年度抽取结果.chain.json']) writeFileSync(join(dir, n), BOM + read(dir, n));
    const v = await run(['verify', '--against', join(dir, '2026年度抽取结果.csv'), '--json'], ws);
    expect(v.code, v.stdout).toBe(0);
    expect(v.json.against[0]).toMatchObject({ ok: true, problems: [] });
    // and a changed record is still caught through the BOM
    const path = join(dir, '2026年度抽取结果.records.jsonl');
    writeFileSync(path, read(path).replace(/"hash":"([0-9a-f])/, (_m, c: string) => `"hash":"${c === '0' ? '1' : '0'}`));
    const bad = await run(['verify', '--against', join(dir, '2026年度抽取结果.csv'), '--json'], ws);
    expect(bad.code).toBe(1);
  });
});
