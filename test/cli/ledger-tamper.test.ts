// Erasing or rewriting history (docs/ledger.md): each case, on its own copy of one workspace with draws, results,
// a publication, signed forms and published exports, fails `ssj verify` or `ssj verify --against` and names the
// record. Also: the chain head in verify's output, legacy ledgers, and an interrupted commit finished by verify.
import ExcelJS from 'exceljs';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineHash, rechain, recordHash } from '../helpers/records.js';
import { ROOT, Workdir, type RunResult } from '../helpers/workdir.js';

const W = ['--witness', '王五'];
const made: Workdir[] = [];
let base: Workdir;
let good: string;
/** published copies kept outside the workspace (as a bureau's website or a superior office would) */
let pub: string;
let head: { id: string; hash: string };
let draw2: any;

function copy(): Workdir {
  const w = new Workdir('ssj-tamper');
  cpSync(good, w.dir, { recursive: true });
  made.push(w);
  return w;
}
async function ssj(w: Workdir, args: string[]): Promise<RunResult> {
  const r = await w.run(args);
  if (r.code !== 0) throw new Error(`ssj ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r;
}
const lines = (w: Workdir) => readFileSync(w.path('draws', 'ledger.jsonl'), 'utf8').trim().split('\n');
const setLines = (w: Workdir, ls: string[]) => writeFileSync(w.path('draws', 'ledger.jsonl'), ls.join('\n') + '\n');
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const writeRecord = (p: string, r: any) => writeFileSync(p, JSON.stringify(r, null, 2) + '\n');

/** verify --json (with extra args) on a copy: exit 1, ok false */
async function fails(w: Workdir, args: string[] = []): Promise<any> {
  const r = await w.run(['verify', ...args, '--json']);
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.json.ok).toBe(false);
  return r.json;
}
const problems = (j: any) => [...j.chain.problems, ...j.references.problems, ...(j.against ?? []).flatMap((a: any) => a.problems)].join('\n');

async function fillSheet(w: Workdir, task: string, out: string) {
  await ssj(w, ['results', 'sheet', task, '-o', out]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const sh = wb.getWorksheet('检查结果')!;
  for (let row = 6; sh.getCell(row, 2).value; row++) {
    sh.getCell(row, 6).value = '2026-11-22';
    sh.getCell(row, 7).value = '实地检查';
    sh.getCell(row, 8).value = '未发现问题';
    sh.getCell(row, 10).value = '无需后续处置';
  }
  await wb.xlsx.writeFile(out);
}

/**
 * Rewrite the draw record `id` with `edit` applied, its hash recomputed, and every later record's prev/hash and
 * every ledger line re-chained: what a forger who knows the format does. Later records keep their content.
 */
function forge(w: Workdir, edit: (r: any) => void, id: string) {
  const ls = lines(w).map((l) => JSON.parse(l));
  let prev: string | null = null;
  let touched = false;
  ls.forEach((e: any, i: number) => {
    e.seq = i + 1;
    e.prev = prev;
    if (['draw', 'redraw', 'amendment'].includes(e.kind)) {
      const p = w.path(e.file);
      const r = readJson(p);
      if (e.id === id) {
        edit(r);
        touched = true;
      }
      r.seq = e.seq;
      r.prev = prev;
      r.hash = recordHash(r);
      writeRecord(p, r);
      e.hash = r.hash;
    }
    prev = e.hash;
  });
  expect(touched).toBe(true);
  setLines(w, rechain(ls.map((e: any) => JSON.stringify(e))));
}

beforeAll(async () => {
  base = new Workdir('ssj-tamper-base');
  made.push(base);
  await base.samples('ws');
  good = base.path('ws');
  const w = { run: (a: string[]) => base.run(a, { cwd: good }) } as Workdir;
  const run = async (a: string[]) => {
    const r = await w.run(a);
    if (r.code !== 0) throw new Error(`ssj ${a.join(' ')}: ${r.stderr}`);
    return r;
  };
  await run(['draw', '--item', 'ZJ-001', '--count', '2', '--seed', '1', ...W, '--place', '三楼会议室', '--json']);
  draw2 = (await run(['draw', '--item', 'ZJ-002', '--count', '2', '--seed', '2', ...W, '--place', '三楼会议室', '--json'])).json;
  await run(['draw', '--item', 'ZJ-003', '--count', '2', '--seed', '3', ...W, '--place', '三楼会议室', '--json']);
  await fillSheet(w, '2026-001', base.path('r1.xlsx'));
  await run(['results', 'import', base.path('r1.xlsx')]);
  await run(['results', 'publish', '2026-001', '--date', '2026-11-22']);
  for (const id of ['2026-001', '2026-002', '2026-003']) await run(['form', id]);
  await run(['export', 'draws']);
  await run(['export', 'draws', '--format', 'csv']);
  await run(['export', 'results']);
  const v = await run(['verify', '--all', '--json']);
  head = v.json.head;
  // what was published: kept outside the workspace
  pub = base.path('published');
  cpSync(join(good, 'exports'), pub, { recursive: true });
  cpSync(join(good, 'forms'), join(pub, 'forms'), { recursive: true });
  writeFileSync(join(pub, '台账复核结果.json'), v.stdout);
}, 300_000);
afterAll(() => made.forEach((x) => x.remove()));

describe('the chain head and the ledger lines', () => {
  it('verify prints the head; --json has head, and kind and hash on each record; the head is the last line\'s chain hash', async () => {
    const w = copy();
    const r = await ssj(w, ['verify']);
    // the id, the whole hash on its own line (to copy), then its groups of four in two lines (to read aloud): each
    // line within 80 columns, no group broken over two
    const g = head.hash.replace(/(.{4})(?=.)/g, '$1 ').split(' ');
    expect(r.stdout).toContain(`台账链头：${head.id}\n  ${head.hash}\n  ${g.slice(0, 8).join(' ')}\n  ${g.slice(8).join(' ')}\n`);
    const j = (await ssj(w, ['verify', '--all', '--json'])).json;
    expect(j.head).toEqual(head);
    expect(j.records.map((x: any) => [x.id, x.kind])).toEqual([['2026-001', 'draw'], ['2026-002', 'draw'], ['2026-003', 'draw']]);
    expect(j.records[1].hash).toBe(draw2.hash);
    const ls = lines(w).map((l) => JSON.parse(l));
    expect(ls.map((e: any) => [e.id, e.kind])).toEqual([['2026-001', 'draw'], ['2026-002', 'draw'], ['2026-003', 'draw'], ['2026-001-v1', 'results'], ['2026-001-P1', 'publication']]);
    // every line's chain hash as documented, computed independently
    let prev: string | null = null;
    for (const e of ls) {
      expect(e.chain).toBe(lineHash(e, prev));
      prev = e.chain;
    }
    expect(head).toEqual({ id: '2026-001-P1', hash: prev });
    // the form and the exports carry the head at the time they were made
    const form = readFileSync(w.path('forms', '2026-003.xlsx'));
    expect(form.length).toBeGreaterThan(0);
    const anchor = readJson(join(pub, '2026年度抽取结果.chain.json'));
    expect(anchor.head.id).toBe('2026-001-P1');
    expect(anchor.records.map((x: any) => x.id)).toEqual(['2026-001', '2026-002', '2026-003']);
  });

  for (const field of ['at', 'kind', 'file', 'id', 'seq'] as const) {
    it(`fails when a ledger line's ${field} is edited`, async () => {
      const w = copy();
      const ls = lines(w);
      const e = JSON.parse(ls[1]!);
      e[field] = { at: '2026-01-01T09:00:00+08:00', kind: 'redraw', file: 'draws/2026-002.json ', id: '2026-009', seq: 7 }[field];
      ls[1] = JSON.stringify(e);
      setLines(w, ls);
      const j = await fails(w);
      expect(j.chain.problems.join('\n')).toMatch(/台账第 2 行（2026-00[29]）的内容与它的行哈希不符/);
    });
  }

  it('fails when the line hashes are stripped from the newest lines', async () => {
    const w = copy();
    setLines(w, lines(w).map((l, i) => (i >= 3 ? JSON.stringify({ ...JSON.parse(l), chain: undefined }) : l)));
    const j = await fails(w);
    expect(j.chain.problems.join('\n')).toContain('没有行哈希');
  });
});

describe('erasing history', () => {
  it('deleting the newest draw with its ledger line, then drawing again: fails (results, forms and exports name the deleted draw)', async () => {
    const w = copy();
    // 2026-003 is the newest draw; its line is in the middle now (results and publication came later): remove it and re-chain
    const ls = lines(w).map((l) => JSON.parse(l)).filter((e: any) => e.id !== '2026-003');
    rmSync(w.path('draws', '2026-003.json'));
    setLines(w, rechain(ls.map((e: any) => JSON.stringify(e))));
    forge(w, () => undefined, '2026-001'); // re-link seq/prev after the removal
    const again = await w.run(['draw', '--item', 'ZJ-003', '--count', '2', '--seed', '其他', ...W, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.id).toBe('2026-003'); // the same id, other entities
    const j = await fails(w);
    expect(problems(j)).toContain('forms/2026-003.xlsx');
    expect(problems(j)).toMatch(/exports\/2026年度抽取结果\.xlsx：抽取记录 2026-003 与公开的不同/);
    const a = await fails(w, ['--against', join(pub, '2026年度抽取结果.xlsx')]);
    expect(a.against[0].problems.join('\n')).toContain('2026-003');
  });

  it('deleting the newest draw and its line, with a form of it signed: fails', async () => {
    const w = copy();
    await ssj(w, ['draw', '--item', 'ZJ-004', '--count', '1', '--seed', '4', ...W]);
    await ssj(w, ['form', '2026-004']);
    setLines(w, lines(w).slice(0, -1));
    rmSync(w.path('draws', '2026-004.json'));
    const again = await w.run(['draw', '--item', 'ZJ-004', '--count', '1', '--seed', '5', ...W, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const j = await fails(w);
    expect(j.references.problems.join('\n')).toContain('forms/2026-004.xlsx 中的哈希');
  });

  it('rm draws/* while results/ and forms/ remain: fails', async () => {
    const w = copy();
    for (const n of readdirSync(w.path('draws'))) rmSync(w.path('draws', n));
    const j = await fails(w);
    const p = j.references.problems.join('\n');
    expect(p).toContain('results/2026-001/v1.json');
    expect(p).toContain('公示登记中有抽查任务 2026-001');
    expect(p).toContain('forms/2026-002.xlsx');
    expect(p).toContain('exports/2026年度抽取结果.xlsx');
    // and with exports/ and forms/ gone too, the published copies still tell
    rmSync(w.path('exports'), { recursive: true });
    rmSync(w.path('forms'), { recursive: true });
    rmSync(w.path('results'), { recursive: true });
    const a = await fails(w, ['--against', pub]);
    expect(problems(a)).toContain('2026-002');
  });

  for (const [what, edit] of [
    ['a witness', (r: any) => (r.witnesses = ['赵六'])],
    ['the place', (r: any) => (r.place = '局长办公室')],
    // (an hour later: a fixed hour is no edit for a draw made in that hour)
    ['the time', (r: any) => (r.time = r.time.replace(/T(\d\d)/, (_: string, h: string) => `T${String((Number(h) + 1) % 24).padStart(2, '0')}`))],
  ] as const) {
    it(`re-chaining after editing ${what}: verify alone passes, verify --against the published export, the bundle or the form's hash fails`, async () => {
      const w = copy();
      forge(w, edit, '2026-002');
      const alone = await w.run(['verify', '--json']);
      // the forged workspace is consistent in itself except for what refers to the old record inside it
      expect(alone.json.chain.ok).toBe(true);
      const x = await fails(w, ['--against', join(pub, '2026年度抽取结果.xlsx')]);
      expect(x.against[0].problems.join('\n')).toMatch(/抽取记录 2026-002 与公开的不同/);
      const csv = await fails(w, ['--against', join(pub, '2026年度抽取结果.csv')]);
      expect(problems(csv)).toContain('2026-002');
      const bundle = await fails(w, ['--against', pub]);
      expect(problems(bundle)).toContain('2026-002');
      const grouped = draw2.hash.replace(/(.{4})(?=.)/g, '$1 ').split(' ');
      const hash = await fails(w, ['--against', ...grouped]);
      expect(hash.against[0].problems.join('\n')).toContain(draw2.hash);
      // the head published anchors the lines before it
      const h = await fails(w, ['--against', head.hash]);
      expect(h.against[0].ok).toBe(false);
    });
  }

  it('deleting a middle draw and re-chaining: --against names it', async () => {
    const w = copy();
    const ls = lines(w).map((l) => JSON.parse(l)).filter((e: any) => e.id !== '2026-002');
    rmSync(w.path('draws', '2026-002.json'));
    rmSync(w.path('forms', '2026-002.xlsx'));
    setLines(w, ls.map((e: any) => JSON.stringify(e)));
    forge(w, () => undefined, '2026-001');
    const x = await fails(w, ['--against', join(pub, '2026年度抽取结果.xlsx')]);
    expect(x.against[0].problems.join('\n')).toContain('抽取记录 2026-002 不在台账中（被删除）');
    const f = await fails(w, ['--against', join(pub, 'forms', '2026-002.xlsx')]);
    expect(f.against[0].ok).toBe(false);
  });
});

describe('published files edited after they were exported', () => {
  /** a copy of the published folder with `file` changed by `edit` */
  const edited = (w: Workdir, file: string, edit: (text: string) => string) => {
    const dir = w.path('edited');
    cpSync(pub, dir, { recursive: true });
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    return dir;
  };

  it('a record in .records.jsonl whose content was changed but whose hash was left: --against names it', async () => {
    const w = copy();
    const dir = edited(w, '2026年度抽取结果.records.jsonl', (t) => {
      const ls = t.trim().split('\n').map((l) => JSON.parse(l));
      const r = ls.find((x) => x.id === '2026-002');
      r.entities[0].name = '另一家公司';
      return ls.map((x) => JSON.stringify(x)).join('\n') + '\n';
    });
    const x = await fails(w, ['--against', join(dir, '2026年度抽取结果.csv')]);
    expect(x.against[0].problems.join('\n')).toContain('抽取记录 2026-002 公开的内容与它所记的哈希不符');
    // the unedited folder still passes
    const ok = await w.run(['verify', '--against', join(pub, '2026年度抽取结果.csv'), '--json']);
    expect(ok.code, ok.stdout).toBe(0);
  });

  it('a row of the draws table edited, deleted or added (CSV or .xlsx): --against names the row and column; sorted rows pass', async () => {
    const w = copy();
    const csvLines = readFileSync(join(pub, '2026年度抽取结果.csv'), 'utf8').split('\r\n');
    const rec = readFileSync(join(pub, '2026年度抽取结果.records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((r) => r.id === '2026-002');
    const name = rec.entities[0].name as string;
    const at = csvLines.findIndex((l) => l.includes(name));
    expect(at).toBeGreaterThan(0);
    // a company's name changed in its row
    const renamed = edited(w, '2026年度抽取结果.csv', (t) => t.replace(name, '另一家公司'));
    const x = await fails(w, ['--against', join(renamed, '2026年度抽取结果.csv')]);
    expect(x.against[0].problems.join('\n')).toContain(`第 ${at + 1} 行 H 列「市场主体名称」：表中是「另一家公司」，抽取记录中是「${name}」`);
    rmSync(renamed, { recursive: true });
    // the row deleted
    const deleted = edited(w, '2026年度抽取结果.csv', () => csvLines.filter((_, i) => i !== at).join('\r\n'));
    const y = await fails(w, ['--against', join(deleted, '2026年度抽取结果.csv')]);
    expect(y.against[0].problems.join('\n')).toContain(`检查对象 ${name}（${rec.entities[0].code}）不在表中（这一行被删除了）`);
    rmSync(deleted, { recursive: true });
    // the data rows sorted the other way round: the same facts
    const header = csvLines.findIndex((l) => l.includes('抽查任务编号'));
    const data = csvLines.slice(header + 1).filter(Boolean);
    const sorted = edited(w, '2026年度抽取结果.csv', () => [...csvLines.slice(0, header + 1), ...data.reverse()].join('\r\n') + '\r\n');
    const ok = await w.run(['verify', '--against', join(sorted, '2026年度抽取结果.csv'), '--json']);
    expect(ok.code, ok.stdout).toBe(0);
    rmSync(sorted, { recursive: true });
    // the .xlsx: a team changed in the visible sheet
    const dir = w.path('edited');
    cpSync(pub, dir, { recursive: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '2026年度抽取结果.xlsx'));
    const sh = wb.worksheets[0]!;
    let row = 0;
    sh.eachRow((r, n) => { if (!row && String(r.getCell(8).value) === name) row = n; });
    expect(row).toBeGreaterThan(0);
    sh.getCell(row, 10).value = '张三（35088110999）、李四（35088110998）';
    await wb.xlsx.writeFile(join(dir, '2026年度抽取结果.xlsx'));
    const z = await fails(w, ['--against', join(dir, '2026年度抽取结果.xlsx')]);
    expect(z.against[0].problems.join('\n')).toContain(`第 ${row} 行 J 列「检查人员（姓名、执法证号）」：表中是「张三（35088110999）、李四（35088110998）」`);
  });
});

describe('the published results table', () => {
  it('a result changed in the table: --against names the row and column; after a new results version the file published before still passes', async () => {
    const w = copy();
    const dir = w.path('edited');
    cpSync(pub, dir, { recursive: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '2026年度检查结果.xlsx'));
    const sh = wb.worksheets[0]!;
    let header = 0;
    sh.eachRow((r, n) => { if (!header && r.values && (r.values as unknown[]).includes('检查结果')) header = n; });
    const col = (sh.getRow(header).values as unknown[]).indexOf('检查结果');
    expect(String(sh.getCell(header + 1, col).value)).toBe('未发现问题');
    sh.getCell(header + 1, col).value = '发现问题已责令改正';
    await wb.xlsx.writeFile(join(dir, '2026年度检查结果.xlsx'));
    const x = await fails(w, ['--against', join(dir, '2026年度检查结果.xlsx')]);
    expect(x.against[0].problems.join('\n')).toContain(`第 ${header + 1} 行 J 列「检查结果」：表中是「发现问题已责令改正」，台账中的检查结果中是「未发现问题」`);
    // a second version of the results, imported after the publication: the published table was true when exported
    await fillSheet(w, '2026-001', w.path('r2.xlsx'));
    const r2 = new ExcelJS.Workbook();
    await r2.xlsx.readFile(w.path('r2.xlsx'));
    r2.getWorksheet('检查结果')!.getCell(6, 8).value = '发现问题已责令改正';
    r2.getWorksheet('检查结果')!.getCell(6, 9).value = '临边防护缺失';
    await r2.xlsx.writeFile(w.path('r2.xlsx'));
    await ssj(w, ['results', 'import', w.path('r2.xlsx')]);
    const ok = await w.run(['verify', '--against', join(pub, '2026年度检查结果.xlsx'), '--json']);
    expect(ok.code, ok.stdout).toBe(0);
  });
});

describe('results versions and publications are ledger records', () => {
  it('editing a results version fails verify, and export results refuses to publish it', async () => {
    const w = copy();
    const p = w.path('results', '2026-001', 'v1.json');
    const v = readJson(p);
    v.entries[0].result = '发现问题已责令改正';
    writeFileSync(p, JSON.stringify(v, null, 2) + '\n');
    const j = await fails(w);
    expect(j.chain.problems.join('\n')).toContain('检查结果版本 2026-001-v1（results/2026-001/v1.json）的内容被改动过');
    const e = await w.run(['export', 'results', '-o', w.path('x.xlsx')]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('2026-001-v1 与抽取台账中登记的不符');
  });

  it('removing a results version, or a publication line, fails verify', async () => {
    const w = copy();
    rmSync(w.path('results', '2026-001', 'v1.json'));
    expect((await fails(w)).chain.problems.join('\n')).toContain('results/2026-001/v1.json 不见了');
    const w2 = copy();
    writeFileSync(w2.path('results', 'publications.jsonl'), '');
    expect((await fails(w2)).chain.problems.join('\n')).toContain('结果公示登记');
  });

  it('a results version slipped in beside the ledger fails verify', async () => {
    const w = copy();
    cpSync(w.path('results', '2026-001', 'v1.json'), w.path('results', '2026-001', 'v2.json'));
    expect((await fails(w)).chain.problems.join('\n')).toContain('results/2026-001/v2.json 不在抽取台账中');
  });

  it('removing a results version and its line, re-chained: --against the published results export names it', async () => {
    const w = copy();
    rmSync(w.path('results', '2026-001', 'v1.json'));
    rmSync(w.path('results', 'publications.jsonl'));
    setLines(w, rechain(lines(w).slice(0, 3)));
    rmSync(w.path('exports'), { recursive: true });
    const x = await fails(w, ['--against', join(pub, '2026年度检查结果.xlsx')]);
    expect(x.against[0].problems.join('\n')).toContain('检查结果版本 2026-001-v1 不在台账中');
  });
});

describe('older workspaces and interrupted writes', () => {
  it('a ledger written by the previous version (no line hashes) verifies with a notice; the next draw chains it', async () => {
    const w = copy();
    // as 0.1 left it: no chain field, results and publications outside the ledger, no anchors
    setLines(w, lines(w).slice(0, 3).map((l) => JSON.stringify({ ...JSON.parse(l), chain: undefined })));
    rmSync(w.path('exports'), { recursive: true });
    rmSync(w.path('forms'), { recursive: true });
    const r = await w.run(['verify', '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.notes.join('\n')).toContain('旧版本');
    const d = await w.run(['draw', '--item', 'ZJ-004', '--count', '1', '--seed', '9', ...W, '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toContain('登记到台账');
    const ls = lines(w).map((l) => JSON.parse(l));
    expect(ls.map((e: any) => e.kind)).toEqual(['draw', 'draw', 'draw', 'results', 'publication', 'draw']);
    expect(ls.slice(0, 3).every((e: any) => e.chain === undefined)).toBe(true);
    expect(ls.slice(3).every((e: any) => typeof e.chain === 'string')).toBe(true);
    expect((await w.run(['verify'])).code).toBe(0);
  });

  it('a record an older ssj wrote without its ledger line is registered by the next command, not called tampering', async () => {
    const w = copy();
    setLines(w, lines(w).slice(0, 2).map((l) => JSON.stringify({ ...JSON.parse(l), chain: undefined })));
    rmSync(w.path('results'), { recursive: true });
    rmSync(w.path('exports'), { recursive: true });
    rmSync(w.path('forms'), { recursive: true });
    const v = await w.run(['verify', '--json']);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stderr).toContain('已补登到台账');
    const d = await w.run(['draw', '--item', 'ZJ-004', '--count', '1', '--seed', '9', ...W, '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.json.id).toBe('2026-004');
  });

  it('a draw whose commit stopped after its commit point (an fsync failing there) is finished by verify, with one message', async () => {
    let finished = 0;
    for (let failAt = 1; failAt <= 10; failAt++) {
      const w = copy();
      const before = lines(w).length;
      const shim = pathToFileURL(join(ROOT, 'test', 'helpers', 'fsync-shim.mjs')).href;
      const { execFileSync } = await import('node:child_process');
      let code = 0;
      try {
        execFileSync(process.execPath, ['--import', shim, join(ROOT, 'bin', 'ssj.js'), 'draw', '--item', 'ZJ-004', '--count', '1', '--seed', '9', ...W], {
          cwd: w.dir, env: { ...process.env, NO_COLOR: '1', SSJ_TODAY: '2026-11-22', SSJ_USER: 'tester', SHIM_FSYNC_FAIL_AT: String(failAt) }, stdio: 'pipe',
        });
      } catch (e) {
        code = (e as { status: number }).status;
      }
      const v = await w.run(['verify', '--json']);
      expect(v.code, `${failAt}: ${v.stdout}${v.stderr}`).toBe(0);
      expect(v.stderr).not.toContain('被插入');
      if (v.stderr.includes('现已补完登记')) {
        finished++;
        expect(code).not.toBe(0);
        expect(lines(w).length).toBe(before + 1);
        expect(existsSync(w.path('.ssj-journal.json'))).toBe(false);
      }
      if (code === 0) break; // from here on the failing fsync comes after the commit is done
    }
    expect(finished).toBeGreaterThan(0);
  }, 300_000);
});
