// ssj attach, the evidence store, ssj verify over evidence files, what ssj status and ssj report say each task still
// lacks, and registry upkeep (export adjustments, the import warning, the June/December reminder, the upward sheet):
// through the real binary over a year built with test/helpers/year.ts.
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, Workdir } from '../helpers/workdir.js';
import { buildYear, type BuiltYear } from '../helpers/year.js';

let w: Workdir;
let year: BuiltYear;
let root: string;
const at = (today = '2026-11-22') => ({ cwd: root, env: { SSJ_TODAY: today } });
const ledger = () => readFileSync(`${root}/draws/ledger.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
let photo: string;
let video: string;
let form: string;

beforeAll(async () => {
  w = new Workdir('ssj-attach');
  year = await buildYear(w, 'ws');
  root = year.root;
  photo = w.path('抽取现场 01.JPG');
  writeFileSync(photo, Buffer.from('JPEG photo of the draw 2026-001'));
  video = w.path('抽取录像.mp4');
  writeFileSync(video, Buffer.alloc(3 * 1024 * 1024 + 17, 7)); // a few MB, streamed in 1 MB chunks
  form = w.path('2026-001 记录表签字.pdf');
  writeFileSync(form, '%PDF-1.4 signed');
}, 240_000);
afterAll(() => {
  if (existsSync(w.dir)) {
    for (const d of [join(root, 'evidence', 'files')]) if (existsSync(d)) for (const n of readdirSync(d)) chmodSync(join(d, n), 0o644);
    rmSync(w.dir, { recursive: true, force: true });
  }
});

describe('ssj status and ssj report: what each task still lacks', () => {
  it('before anything is attached, every standing task lacks its signed form and photos; the 责令改正 result its 整改材料', async () => {
    const s = await w.run(['status', '--json'], at());
    expect(s.code).toBe(0);
    for (const t of s.json) {
      expect(t.lacks).toContain('没有签字的抽查工作记录表扫描件');
      expect(t.lacks).toContain('没有抽取过程的照片或录像');
      expect(t.evidence).toBe(0);
    }
    const p = s.json.find((t: any) => t.task === year.ids.problem.task);
    expect(p.lacks.join('\n')).toContain(`（${year.ids.problem.code}）发现问题已责令改正，没有整改材料`);
    const text = await w.run(['status'], at());
    expect(text.stdout).toContain('还缺少的证据材料');
  });

  it('the report workbook lists each thing lacking on a row of its own (one cell of them all outgrew a printed page)', async () => {
    const out = w.path('报告-证据.xlsx');
    const r = await w.run(['report', '-o', out], at());
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sh = wb.getWorksheet('证据材料')!;
    const rows: string[][] = [];
    for (let n = 3; sh.getCell(n, 1).value; n++) rows.push([1, 2, 3].map((k) => String(sh.getCell(n, k).value)));
    const task = year.ids.problem.task;
    const mine = rows.filter(([t]) => t === task).map(([, , lack]) => lack);
    expect(mine).toContain('没有签字的抽查工作记录表扫描件');
    expect(mine).toContain('没有抽取过程的照片或录像');
    expect(mine.some((l) => l.includes(`（${year.ids.problem.code}）发现问题已责令改正，没有整改材料`))).toBe(true);
    for (const [, , lack] of rows) expect(lack).not.toContain('；');
    // every row no taller than Excel allows (409 pt)
    for (let n = 3; n < 3 + rows.length; n++) expect(sh.getRow(n).height).toBeLessThanOrEqual(409);
  });
});

describe('ssj attach', () => {
  it('copies files into the store by content hash and records them in the ledger ({ ok, id, files })', async () => {
    const task = year.ids.problem.task;
    const r = await w.run(['attach', task, photo, video, '--kind', '照片', '--note', '抽取现场', '--json'], at('2026-05-11'));
    expect(r.code).toBe(0);
    expect(r.json.ok).toBe(true);
    expect(r.json.id).toBe(`${task}-E1`);
    expect(r.json.files.map((f: any) => [f.name, f.kind])).toEqual([['抽取现场 01.JPG', '照片'], ['抽取录像.mp4', '照片']]);
    expect(r.json.files[0].hash).toBe(sha(readFileSync(photo)));
    expect(r.json.files[1].hash).toBe(sha(readFileSync(video)));
    const stored = join(root, 'evidence', 'files', `${r.json.files[0].hash}.jpg`);
    expect(readFileSync(stored)).toEqual(readFileSync(photo));
    const line = ledger().at(-1);
    expect(line).toMatchObject({ id: `${task}-E1`, kind: 'evidence', file: `evidence/${task}-E1.json` });
    expect(line.hash).toBe(sha(readFileSync(join(root, line.file))));
    const rec = JSON.parse(readFileSync(join(root, line.file), 'utf8'));
    expect(rec).toMatchObject({ task, kind: '照片', entity: null, note: '抽取现场', operator: 'tester' });
    expect(rec.files[1]).toMatchObject({ name: '抽取录像.mp4', size: 3 * 1024 * 1024 + 17 });
  });

  it('never overwrites a stored file: the same content attached again is a new record naming the same stored file', async () => {
    const task = year.ids.problem.task;
    const stored = join(root, 'evidence', 'files', `${sha(readFileSync(photo))}.jpg`);
    const before = statSync(stored);
    const r = await w.run(['attach', task, photo, '--kind', '其他', '--json'], at('2026-05-12'));
    expect(r.code).toBe(0);
    expect(r.json.id).toBe(`${task}-E2`);
    expect(statSync(stored).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(stored).ino).toBe(before.ino);
  });

  it('attaches 整改材料 to an entity of the task, and then the task no longer lacks it', async () => {
    const { task, code } = year.ids.problem;
    const r = await w.run(['attach', task, form, '--kind', '签字记录表', '--json'], at('2026-05-12'));
    expect(r.code).toBe(0);
    const fix = w.path('整改报告.docx');
    writeFileSync(fix, '整改完成');
    const f = await w.run(['attach', task, fix, '--kind', '整改材料', '--entity', code, '--json'], at('2026-06-28'));
    expect(f.code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'evidence', `${f.json.id}.json`), 'utf8')).entity).toBe(code);
    const s = await w.run(['status', '--json'], at());
    const t = s.json.find((x: any) => x.task === task);
    expect(t.lacks).toEqual([]);
    expect(t.evidence).toBe(4);
    const others = s.json.filter((x: any) => x.task !== task);
    expect(others.every((x: any) => x.lacks.includes('没有签字的抽查工作记录表扫描件'))).toBe(true);
    const rep = await w.run(['report', '--json'], at());
    expect(rep.json.evidence.tasks.map((x: any) => x.task)).not.toContain(task);
    expect(rep.json.evidence.files).toBe(5);
  });

  it('refuses a bad kind, an entity not drawn in the task and a missing file, and records nothing', async () => {
    const n = ledger().length;
    const kind = await w.run(['attach', year.ids.problem.task, photo, '--kind', '录音'], at());
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('--kind 只能是 照片、视频、签字记录表、检查记录、整改材料、处罚决定、其他');
    const entity = await w.run(['attach', year.ids.problem.task, photo, '--kind', '照片', '--entity', '91350881MA00000000'], at());
    expect(entity.code).toBe(1);
    expect(entity.stderr).toContain('不在抽查任务');
    const missing = await w.run(['attach', year.ids.problem.task, w.path('没有这个文件.jpg'), '--kind', '照片', '--json'], at());
    expect(missing.code).toBe(1);
    expect(missing.json.error.message).toContain('找不到文件');
    expect(ledger()).toHaveLength(n);
  });
});

describe('ssj verify and ssj export evidence over the evidence store', () => {
  it('passes with every file as stored, and reports an altered and a missing file by name', async () => {
    const ok = await w.run(['verify', '--json'], at());
    expect(ok.code).toBe(0);
    expect(ok.json.notes.join('\n')).toMatch(/证据材料 5 个文件已按哈希逐个核对，均完好/);
    const idx = await w.run(['export', 'evidence', '-o', w.path('索引.xlsx'), '--json'], at());
    expect(idx.code).toBe(0);
    expect(idx.json.files.map((f: any) => f.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);

    const videoStored = join(root, 'evidence', 'files', `${sha(readFileSync(video))}.mp4`);
    const original = readFileSync(videoStored);
    chmodSync(videoStored, 0o644);
    const changed = Buffer.from(original);
    changed[1_500_000] = 8; // one byte in the middle of a video
    writeFileSync(videoStored, changed);
    const altered = await w.run(['verify', '--json'], at());
    expect(altered.code).toBe(1);
    expect(altered.json.chain.problems.join('\n')).toContain(`（${year.ids.problem.task}-E1，照片，原文件名「抽取录像.mp4」）的内容被改动过`);
    const idx2 = await w.run(['export', 'evidence', '-o', w.path('索引2.xlsx'), '--json'], at());
    expect(idx2.code).toBe(1);
    expect(idx2.json.files.find((f: any) => f.name === '抽取录像.mp4').status).toBe('altered');

    rmSync(videoStored);
    const gone = await w.run(['verify'], at());
    expect(gone.code).toBe(1);
    expect(gone.stdout).toMatch(/证据材料 evidence\/files\/[0-9a-f]{64}\.mp4（.*原文件名「抽取录像\.mp4」）不见了/);
    writeFileSync(videoStored, original);
    expect((await w.run(['verify'], at())).code).toBe(0);
  });

  it('fails on an edited evidence record (the ledger registers its bytes)', async () => {
    const file = join(root, 'evidence', `${year.ids.problem.task}-E1.json`);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('"kind": "照片"', '"kind": "视频"'));
    const r = await w.run(['verify', '--json'], at());
    expect(r.code).toBe(1);
    expect(r.json.chain.problems.join('\n')).toContain(`证据材料登记 ${year.ids.problem.task}-E1（evidence/${year.ids.problem.task}-E1.json）的内容被改动过`);
    writeFileSync(file, original);
  });
});

describe('registry upkeep', () => {
  it('ssj export adjustments lists the entities found gone, with where the current registry stands', async () => {
    const r = await w.run(['export', 'adjustments', '-o', w.path('调整清单.xlsx'), '--json'], at());
    expect(r.code).toBe(0);
    // the result 迁出, and the entity replaced (补抽, reason 注销) before it was inspected: both found gone
    const rep = year.ids.replacement;
    expect(r.json.entities).toEqual([
      expect.objectContaining({ task: year.ids.moved.task, code: year.ids.moved.code, result: '迁出', registry: 'active' }),
      expect.objectContaining({ task: rep.of, code: rep.removed.code, result: '注销', checkDate: '2026-09-09', registry: 'active' }),
    ]);
    expect(r.json.pending).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(w.path('调整清单.xlsx'));
    const sh = wb.getWorksheet('名录库调整清单')!;
    expect(sh.getRow(2).values).toContain('名录库现状');
    expect(String(sh.getCell(3, 2).value)).toBe(year.ids.moved.code);
    expect(String(sh.getCell(3, 9).value)).toBe('待调整：名录库中仍为在业');
    expect(String(sh.getCell(4, 2).value)).toBe(rep.removed.code);
    expect(String(sh.getCell(4, 8).value)).toBe(`补抽 ${rep.id}：注销`);
  });

  it('ssj import entities warns about a registry that still lists them as active', async () => {
    const r = await w.run(['import', 'entities', join(FIXTURES, 'sample', '检查对象名录库.xlsx'), '--json'], at('2026-12-01'));
    expect(r.code).toBe(0);
    const warn = r.json.warnings.find((x: any) => x.message.includes(year.ids.moved.code));
    expect(warn.message).toContain('检查发现“迁出”');
    expect(warn.message).toContain('ssj export adjustments');
    const replaced = r.json.warnings.find((x: any) => x.message.includes(year.ids.replacement.removed.code));
    expect(replaced.message).toContain(`补抽（${year.ids.replacement.id}）时发现“注销”（2026-09-09）`);
  });

  it('ssj status reminds in June and December that the registry is due, with the snapshot age', async () => {
    const dec = await w.run(['status'], at('2026-12-03'));
    expect(dec.stdout).toMatch(/12 月应修订检查对象名录库（每年 6 月、12 月）：当前检查对象名录库 \d{4}-\d{2}-\d{2} 导入，已 \d+ 天/);
    expect(dec.stdout).toContain('名录库中仍为在业');
    const nov = await w.run(['status'], at('2026-11-23'));
    expect(nov.stdout).not.toContain('应修订检查对象名录库');
  });

  it('the report lists them on its upward sheet (逐级上报)', async () => {
    const r = await w.run(['report', '--json'], at());
    expect(r.json.upward).toEqual([
      expect.objectContaining({ org: '示例县住房和城乡建设局', year: 2026, code: year.ids.moved.code, result: '迁出', task: year.ids.moved.task }),
      expect.objectContaining({ code: year.ids.replacement.removed.code, result: '注销', task: year.ids.replacement.of, checkDate: '2026-09-09' }),
    ]);
    await w.run(['report', '-o', w.path('报告.xlsx')], at());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(w.path('报告.xlsx'));
    const sh = wb.getWorksheet('逐级上报')!;
    expect(sh.getRow(2).values).toEqual(expect.arrayContaining(['上报单位', '统一社会信用代码', '检查发现', '名录库处理情况']));
    expect(String(sh.getCell(3, 4).value)).toBe(year.ids.moved.code);
  });
});
