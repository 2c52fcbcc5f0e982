// The one-file verifier (ssj export verifier) in a real browser: headless Chromium from the system (Debian's
// `chromium`), driven by playwright-core. The page is given a real draw export and the public lists as a user
// would pick them, and its verdict is read: 通过 on the honest files, the exact difference on tampered ones.
// Skipped, with a note, where no Chromium is installed. SSJ_SHOT=1 also saves the screenshots in docs/
// (docs/verifier.png, docs/verifier-fail.png) that the README shows.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealRecord, type DrawRecord } from '../../src/core/record.js';
import ExcelJS from 'exceljs';
import { ANCHOR_SHEET } from '../../src/io/anchor.js';
import { RECORDS_SHEET } from '../../src/io/table-writer.js';
import { ROOT, Workdir } from '../helpers/workdir.js';

const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].map((c) => spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).stdout.trim()).find(Boolean) ?? '';
if (!CHROMIUM) console.warn('test/verifier/browser.test.ts: no chromium on this machine (apt-get install chromium): the browser tests are skipped');

const made: Workdir[] = [];
let w: Workdir;
let ws: string;
let ex: string;
let page: string;
/** the exports of a workspace with an announced draw: 2026-001 (seq 1), announcement 2026-A001 (seq 2), 2026-002 drawn with it (seq 3) */
let annEx: string;
let browser: import('playwright-core').Browser;

const run = (args: string[], cwd = ws) => w.run(args, { cwd, env: { SSJ_TODAY: '2026-06-10' } });
const W = ['--witness', '王纪检', '--witness', '李监督', '--operator', '张三', '--place', '局三楼会议室', '--entropy', '381702', '--entropy', '992011'];

/** Open the page, pick these files, wait for the verdict; the page's text and its verdict element's status. */
async function verdict(files: string[], shot?: string) {
  const p = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  const requests: string[] = [];
  p.on('request', (r) => requests.push(r.url()));
  await p.goto(pathToFileURL(page).href);
  await p.setInputFiles('#files', files);
  await p.waitForSelector('#result[data-status="pass"], #result[data-status="fail"]', { timeout: 60_000 });
  const status = await p.getAttribute('#verdict', 'data-status');
  const text = await p.innerText('#result');
  const draws = await p.$$eval('section.draw', (xs) => xs.map((x) => ({ id: x.getAttribute('data-id'), status: x.getAttribute('data-status') })));
  if (shot) await p.screenshot({ path: shot, fullPage: false });
  await p.close();
  expect(errors).toEqual([]);
  expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]); // nothing from the network
  return { status, text, draws };
}

beforeAll(async () => {
  w = new Workdir('ssj-verifier');
  made.push(w);
  await w.samples('ws');
  ws = w.path('ws');
  for (const [item, extra] of [['ZJ-001', []], ['ZJ-003', []], ['ZJ-004', ['--count', '20']]] as const) {
    expect((await run(['draw', '--item', item, ...W, ...extra, '--json'])).code).toBe(0);
  }
  const d1 = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
  expect((await run(['draw', 'replace', '2026-001', '--entity', d1.entities[0].code, '--reason', '注销'])).code).toBe(0);
  for (const args of [['export', 'draws'], ['export', 'draws', '--format', 'csv'], ['export', 'entities'], ['export', 'inspectors', '--format', 'csv'], ['export', 'entities', '--format', 'csv']]) {
    const r = await run(args);
    expect(r.code, r.stderr).toBe(0);
  }
  // 事先公告: an ordinary draw, an announcement, the draw made with it; the draws export carries the announcement
  await w.samples('ann');
  const ann = w.path('ann');
  const SOURCE = ['--source', '中国福利彩票 3D 2026-03-16 开奖号码', '--source-date', '2026-03-16'];
  for (const [args, today] of [
    [['draw', '--item', 'ZJ-003', ...W], '2026-03-10'], [['draw', 'announce', '--item', 'ZJ-001', ...SOURCE], '2026-03-10'],
    [['draw', '--announced', '2026-A001', '--public', '385', '--witness', '王纪检', '--entropy', '4417'], '2026-03-16'],
    [['export', 'draws'], '2026-03-16'], [['export', 'draws', '--format', 'csv'], '2026-03-16'], [['export', 'entities'], '2026-03-16'], [['export', 'inspectors', '--format', 'csv'], '2026-03-16'],
  ] as const) {
    const r = await w.run([...args, '--json'], { cwd: ann, env: { SSJ_TODAY: today } });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
  annEx = join(ann, 'exports');
  const v = await run(['export', 'verifier', '--json']);
  expect(v.code, v.stderr).toBe(0);
  ex = join(ws, 'exports');
  page = v.json.output;
  if (CHROMIUM) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }
}, 240_000);
afterAll(async () => {
  await browser?.close();
  made.forEach((x) => x.remove());
});

const find = (prefix: string, ext: string) => join(ex, readdirSync(ex).find((f) => f.startsWith(prefix) && f.endsWith(ext))!);

describe('ssj export verifier', () => {
  it('writes one self-contained page: {ok, output}, nothing loaded from outside, the records sheet name the exports use', async () => {
    expect(page).toBe(join(ws, 'exports', '抽取复核工具.html'));
    const html = readFileSync(page, 'utf8');
    expect(html).not.toMatch(/<(script|img|iframe)[^>]+src=|<link[^>]+href=|@import|url\(http/i);
    expect(html).toContain("default-src 'none'"); // the page's own policy forbids any fetch
    expect(html).toContain(RECORDS_SHEET);
    expect(html).toContain(ANCHOR_SHEET); // (the page skips it when it looks for the table)
    const o = await run(['export', 'verifier', '-o', w.path('复核.html'), '--json']);
    expect(o.json).toEqual({ ok: true, output: w.path('复核.html') });
    expect(readFileSync(w.path('复核.html'), 'utf8')).toBe(html);
    expect((await run(['export', 'verifier', '-o', w.path('x.xlsx')])).code).toBe(2);
    const outside = await w.run(['export', 'verifier', '--json'], { cwd: w.dir });
    expect(outside.json.output).toBe(w.path('抽取复核工具.html'));
  });
});

describe.skipIf(!CHROMIUM)('the verifier page in headless Chromium', () => {
  it('passes an honest .xlsx export with the public lists, showing each draw, the checks, the hashes in groups of 4', async () => {
    const shot = join(ROOT, 'docs', 'verifier.png');
    const r = await verdict([join(ex, '2026年度抽取结果.xlsx'), find('检查对象名录库', '.xlsx'), find('执法检查人员名录', '.csv')], process.env['SSJ_SHOT'] ? shot : undefined);
    expect(r.status, r.text).toBe('pass');
    expect(r.draws).toEqual([{ id: '2026-001 + 2026-001-R1', status: 'pass' }, { id: '2026-002', status: 'pass' }, { id: '2026-003', status: 'pass' }]);
    expect(r.text).toContain('通过');
    expect(r.text).toContain('未复核'); // teams of the draws with 回避 pairs
    const rec = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
    expect(r.text).toContain(rec.hash.replace(/(.{4})(?=.)/g, '$1 ')); // the record hash in groups of 4
    expect(r.text).toContain(rec.seed.text);
    expect(r.text).toContain('抽取台账（哈希链）');
    expect(r.text).toContain('表格（2026年度抽取结果.xlsx）');
    expect(r.text).toContain('都与抽取记录一致');
  });

  it('fails an .xlsx export whose visible table was edited (the records sheet untouched), naming the row and column', async () => {
    const rec = JSON.parse(readFileSync(join(ws, 'draws', '2026-002.json'), 'utf8'));
    const name = rec.entities[0].name as string;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(ex, '2026年度抽取结果.xlsx'));
    const sh = wb.worksheets[0]!;
    let row = 0;
    sh.eachRow((r, n) => { if (!row && String(r.getCell(8).value) === name) row = n; });
    expect(row).toBeGreaterThan(2);
    sh.getCell(row, 8).value = '另一家公司';
    await wb.xlsx.writeFile(w.path('改过表格.xlsx'));
    const r = await verdict([w.path('改过表格.xlsx'), find('检查对象名录库', '.xlsx'), find('执法检查人员名录', '.csv')]);
    expect(r.status, r.text).toBe('fail');
    // the draws themselves still reproduce: only the table is wrong
    expect(r.draws.every((d) => d.status === 'pass')).toBe(true);
    expect(r.text).toContain('表格与抽取记录不符：见下面标出的差异');
    expect(r.text).toContain(`改过表格.xlsx 第 ${row} 行 H 列「市场主体名称」：表中是「另一家公司」，抽取记录中是「${name}」`);
  });

  it('passes an .xlsx export re-saved with its 抽取日期 as date cells (yyyy/m/d), as ssj verify does', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(ex, '2026年度抽取结果.xlsx'));
    const sh = wb.worksheets[0]!;
    const col = (sh.getRow(2).values as unknown[]).indexOf('抽取日期');
    expect(col).toBeGreaterThan(0);
    for (let n = 3; n <= sh.rowCount; n++) {
      const c = sh.getCell(n, col);
      const [y, m, d] = String(c.value).split('-').map(Number);
      c.value = new Date(Date.UTC(y!, m! - 1, d!));
      c.numFmt = 'yyyy/m/d';
    }
    await wb.xlsx.writeFile(w.path('日期单元格.xlsx'));
    const lists = [find('检查对象名录库', '.xlsx'), find('执法检查人员名录', '.csv')];
    const r = await verdict([w.path('日期单元格.xlsx'), ...lists]);
    expect(r.status, r.text).toBe('pass');
    expect(r.text).toContain('表格的每一行');
    const cli = await w.run(['verify', w.path('日期单元格.xlsx'), '--entities', lists[0]!, '--inspectors', lists[1]!], { cwd: w.dir });
    expect(cli.code, cli.stdout).toBe(0);
  });

  it('fails a table whose header was renamed (.xlsx, or the CSV beside its .records.jsonl): its rows could not be checked', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(ex, '2026年度抽取结果.xlsx'));
    wb.worksheets[0]!.getRow(2).eachCell((c) => { if (c.value === '统一社会信用代码') c.value = '信用代码'; });
    await wb.xlsx.writeFile(w.path('改了表头.xlsx'));
    const lists = [find('检查对象名录库', '.xlsx'), find('执法检查人员名录', '.csv')];
    const x = await verdict([w.path('改了表头.xlsx'), ...lists]);
    expect(x.status, x.text).toBe('fail');
    expect(x.text).toContain('改了表头.xlsx：表格中找不到有“抽查任务编号”和“统一社会信用代码”两列的表头');
    writeFileSync(w.path('改了表头.csv'), readFileSync(join(ex, '2026年度抽取结果.csv'), 'utf8').replace(',抽查任务编号,', ',任务编号,'));
    writeFileSync(w.path('改了表头.records.jsonl'), readFileSync(join(ex, '2026年度抽取结果.records.jsonl')));
    const c = await verdict([w.path('改了表头.csv'), w.path('改了表头.records.jsonl'), ...lists]);
    expect(c.status, c.text).toBe('fail');
    expect(c.text).toContain('改了表头.csv：表格中找不到有“抽查任务编号”和“统一社会信用代码”两列的表头');
  });

  it('fails a .csv export with a row deleted (its .records.jsonl untouched)', async () => {
    const rec = JSON.parse(readFileSync(join(ws, 'draws', '2026-003.json'), 'utf8'));
    const { code, name } = rec.entities[1];
    const lines = readFileSync(join(ex, '2026年度抽取结果.csv'), 'utf8').split('\r\n');
    writeFileSync(w.path('少一行的表.csv'), lines.filter((l) => !l.includes(code)).join('\r\n'));
    const r = await verdict([w.path('少一行的表.csv'), join(ex, '2026年度抽取结果.records.jsonl'), find('检查对象名录库', '.csv'), find('执法检查人员名录', '.csv')]);
    expect(r.status, r.text).toBe('fail');
    expect(r.text).toContain(`检查对象 ${name}（${code}）不在表中（这一行被删除了）`);
    expect(r.text).toContain('表格（少一行的表.csv）');
  });

  it('says which files it did not use (not recognised), and still judges by the ones it did', async () => {
    writeFileSync(w.path('会议纪要.txt'), '2026 年第一次抽查工作会议\n');
    const r = await verdict([join(ex, '2026年度抽取结果.xlsx'), find('检查对象名录库', '.xlsx'), find('执法检查人员名录', '.csv'), w.path('会议纪要.txt')]);
    expect(r.status, r.text).toBe('pass');
    expect(r.text).toContain('另有 1 个文件没有用于复核（认不出或无法读取，见上面标红的文件）：会议纪要.txt');
  });

  it('passes the .csv export with its .records.jsonl, and checks the teams when the 回避 list is given', async () => {
    const r = await verdict([join(ex, '2026年度抽取结果.csv'), join(ex, '2026年度抽取结果.records.jsonl'), find('检查对象名录库', '.csv'), find('执法检查人员名录', '.csv'), join(ROOT, 'fixtures', 'sample', '回避关系清单.xlsx')]);
    expect(r.status, r.text).toBe('pass');
    expect(r.text).not.toContain('未复核');
  });

  it('fails on a tampered record and names the entity that differs', async () => {
    const lines = readFileSync(join(ex, '2026年度抽取结果.records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const d2 = lines.find((r) => r.id === '2026-002');
    const entities = JSON.parse((await run(['list', 'entities', '--json'])).stdout) as any[];
    const swap = entities.find((e) => e.category === d2.task.items[0].target && e.status === 'active' && !d2.entities.some((v: any) => v.code === e.code));
    const was = d2.entities[0];
    d2.entities[0] = { ...was, code: swap.code, name: swap.name };
    writeFileSync(w.path('改过.records.jsonl'), lines.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = await verdict([w.path('改过.records.jsonl'), find('检查对象名录库', '.xlsx'), find('执法检查人员名录', '.csv')], process.env['SSJ_SHOT'] ? join(ROOT, 'docs', 'verifier-fail.png') : undefined);
    expect(r.status).toBe('fail');
    expect(r.draws.find((d) => d.id === '2026-002')!.status).toBe('fail');
    expect(r.draws.find((d) => d.id === '2026-003')!.status).toBe('pass');
    expect(r.text).toContain(`记录为 ${swap.name}（${swap.code}）`);
    expect(r.text).toContain(`重新计算为 ${was.name}（${was.code}）`);
  });

  it('fails on a registry that lost an entity of the pool: the pool hash and the sizes differ', async () => {
    const csv = readFileSync(find('检查对象名录库', '.csv'), 'utf8');
    const d1 = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
    writeFileSync(w.path('少一行.csv'), csv.split('\r\n').filter((l) => !l.includes(d1.entities[2].code)).join('\r\n'));
    const r = await verdict([join(ex, '2026年度抽取结果.xlsx'), w.path('少一行.csv'), find('执法检查人员名录', '.csv')]);
    expect(r.status).toBe('fail');
    expect(r.draws.find((d) => d.id!.startsWith('2026-001'))!.status).toBe('fail');
    expect(r.text).toContain(`检查对象池的哈希不符：记录为 ${d1.pool.hash}`);
    expect(r.text).toMatch(/总数 \d+ 可抽 \d+ 抽取 \d+/);
    // the list still names the draw's snapshot in its title: the file was changed; the drawn entity it lost is named
    expect(r.text).toContain('所给名录的标题写明是抽取所用的名录快照，内容却与抽取时的不同');
    expect(r.text).toContain(`抽中的 ${d1.entities[2].name}（${d1.entities[2].code}）不在所给检查对象名录中`);
  });

  it('checks an announced draw against the announcement record in the export: passes, and the chain has no gap', async () => {
    const list = (prefix: string, ext: string) => join(annEx, readdirSync(annEx).find((f) => f.startsWith(prefix) && f.endsWith(ext))!);
    const r = await verdict([join(annEx, '2026年度抽取结果.xlsx'), list('检查对象名录库', '.xlsx'), list('执法检查人员名录', '.csv')]);
    expect(r.status, r.text).toBe('pass');
    expect(r.draws).toEqual([{ id: '2026-001', status: 'pass' }, { id: '2026-002', status: 'pass' }]);
    expect(r.text).toMatch(/事先公告\s+通过\s+按公告 2026-A001 抽取/);
    expect(r.text).toContain('抽取公告'); // the announcement's row in the chain
    expect(r.text).toContain('序号 1–3，共 3 条');
    expect(r.text).not.toContain('不在本导出中');
    expect(r.text).toContain('复核 2 次抽取、0 次补抽');
  });

  it('fails an announced draw dated before its public value (record resealed), naming the dates', async () => {
    const list = (prefix: string, ext: string) => join(annEx, readdirSync(annEx).find((f) => f.startsWith(prefix) && f.endsWith(ext))!);
    const recs = readFileSync(join(annEx, '2026年度抽取结果.records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const i = recs.findIndex((x) => x.id === '2026-002');
    const { hash: _h, ...body } = { ...recs[i], date: '2026-03-15' };
    recs[i] = sealRecord<DrawRecord>(body as never).record;
    writeFileSync(w.path('早于公布.records.jsonl'), recs.map((x) => JSON.stringify(x)).join('\n') + '\n');
    const r = await verdict([w.path('早于公布.records.jsonl'), list('检查对象名录库', '.xlsx'), list('执法检查人员名录', '.csv')]);
    expect(r.status).toBe('fail');
    expect(r.draws.find((d) => d.id === '2026-002')!.status).toBe('fail');
    expect(r.draws.find((d) => d.id === '2026-001')!.status).toBe('pass');
    expect(r.text).toContain('抽取日期 2026-03-15 早于公告的公开随机数公布日期 2026-03-16');
  });
});
