// 一公开 of the registry and the roster (ssj export entities|inspectors), the public form of draw records, and
// ssj verify from published files alone (with the 回避 list for the teams), through the real binary.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, Workdir } from '../helpers/workdir.js';

const made: Workdir[] = [];
let w: Workdir;
let ws: string;
let entities: any[];
let inspectors: any[];
let conflicts: any[];
/** every phone and contact of the fixtures' registry and roster, and every 回避 reason */
let secrets: string[];
let firstSnapshot: string;
let ex: string;

const run = (args: string[], cwd = ws) => w.run(args, { cwd, env: { SSJ_TODAY: '2026-06-10' } });
const W = ['--witness', '王纪检', '--witness', '李监督', '--operator', '张三', '--place', '局三楼会议室'];

async function sheetRows(path: string): Promise<{ title: string; rows: string[][]; types: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sh = wb.worksheets[0]!;
  const rows: string[][] = [];
  const types: string[] = [];
  sh.eachRow((row, n) => {
    if (n === 1) return;
    const r: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, i) => {
      r[i - 1] = c.value === null || c.value === undefined ? '' : String(c.value);
      types.push(typeof c.value);
    });
    rows.push(r);
  });
  return { title: String(sh.getCell(1, 1).value), rows, types };
}

const csvRows = (path: string, encoding: BufferEncoding = 'utf8') => parse(readFileSync(path, encoding === 'utf8' ? 'utf8' : undefined as never), { bom: true, relax_column_count: true }) as string[][];

beforeAll(async () => {
  w = new Workdir('ssj-public');
  made.push(w);
  await w.samples('ws');
  ws = w.path('ws');
  entities = (await run(['list', 'entities', '--json'])).json;
  inspectors = (await run(['list', 'inspectors', '--json'])).json;
  conflicts = (await run(['list', 'conflicts', '--json'])).json;
  const names = new Set(inspectors.map((p) => p.name));
  secrets = [
    ...entities.flatMap((e) => [e.phone, names.has(e.contact) ? '' : e.contact, e.address]),
    ...inspectors.map((p) => p.phone),
    ...conflicts.map((c) => c.reason),
  ].filter((s) => typeof s === 'string' && s.length >= 3);
  expect(secrets.length).toBeGreaterThan(100);
  // draws whose teams met 回避 (ZJ-003, ZJ-004 with the sample lists), one with an amendment
  for (const [item, extra] of [['ZJ-001', []], ['ZJ-003', []], ['ZJ-004', ['--count', '20']]] as const) {
    const r = await run(['draw', '--item', item, ...W, '--entropy', '381702', '--entropy', '992011', ...extra, '--json']);
    expect(r.code, r.stderr).toBe(0);
  }
  const d1 = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
  expect((await run(['draw', 'replace', '2026-001', '--entity', d1.entities[0].code, '--reason', '注销', '--json'])).code).toBe(0);
  firstSnapshot = d1.inputs.entities.snapshot;
  const withPairs = ['2026-002', '2026-003'].map((id) => JSON.parse(readFileSync(join(ws, 'draws', `${id}.json`), 'utf8')).conflicts.length);
  expect(withPairs.some((n) => n > 0)).toBe(true); // the fixtures give draws with 回避 pairs: what must not be published
  ex = join(ws, 'exports');
  for (const args of [['export', 'draws'], ['export', 'draws', '--format', 'csv'], ['export', 'entities'], ['export', 'inspectors', '--format', 'csv']]) {
    const r = await run(args);
    expect(r.code, r.stderr).toBe(0);
  }
}, 240_000);
afterAll(() => made.forEach((x) => x.remove()));

describe('ssj export entities|inspectors', () => {
  it('writes the registry with the published columns, every row, and the snapshot in the title and the file name', async () => {
    const r = await run(['export', 'entities', '-o', w.path('e.xlsx'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(r.json)).toEqual(expect.arrayContaining(['ok', 'output', 'snapshot', 'rows']));
    expect(r.json).toMatchObject({ ok: true, output: w.path('e.xlsx'), snapshot: firstSnapshot, rows: entities.length });
    const { title, rows } = await sheetRows(w.path('e.xlsx'));
    expect(title).toContain(`名录快照 ${firstSnapshot}`);
    expect(rows[0]).toEqual(['序号', '市场主体名称', '统一社会信用代码', '行业类别', '区域', '监管责任股室', '经营状态', '信用风险分类']);
    expect(rows).toHaveLength(entities.length + 1);
    const byCode = new Map(rows.slice(1).map((x) => [x[2], x]));
    for (const e of entities) expect(byCode.get(e.code)!.slice(1), e.code).toEqual([e.name, e.creditCode, e.category, e.region, e.section, e.statusText, e.risk]);
    const def = await run(['export', 'entities', '--json']);
    expect(def.json.output).toBe(join(ex, `检查对象名录库（快照 ${firstSnapshot.slice(0, 12)}）.xlsx`));
  });

  it('writes the roster with 姓名, 单位, 执法证号, 执法类别, 业务专长, 证件有效期 and 人员类型, as CSV with a BOM or in GB18030', async () => {
    const r = await run(['export', 'inspectors', '--format', 'csv', '-o', w.path('i.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(w.path('i.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = csvRows(w.path('i.csv'));
    expect(rows[0]![0]).toContain(`名录快照 ${r.json.snapshot}`);
    expect(rows[1]).toEqual(['序号', '姓名', '单位', '执法证号', '执法类别', '业务专长', '证件有效期', '人员类型']);
    const byCert = new Map(rows.slice(2).map((x) => [x[3], x]));
    expect(byCert.size).toBe(inspectors.length);
    for (const p of inspectors) expect(byCert.get(p.certNo)!.slice(1), p.certNo).toEqual([p.name, p.unit, p.certNo, p.category, p.expertise, p.certExpiry, p.kind]);
    const gb = await run(['export', 'inspectors', '--format', 'csv', '--encoding', 'gb18030', '-o', w.path('i-gb.csv')]);
    expect(gb.code, gb.stderr).toBe(0);
    const { default: iconv } = await import('iconv-lite');
    expect(iconv.decode(readFileSync(w.path('i-gb.csv')), 'gb18030')).toBe(readFileSync(w.path('i.csv'), 'utf8').replace(/^\uFEFF/, ''));
  });

  it('never holds a phone, contact, address or 回避 reason of the fixtures; --internal does and says so', async () => {
    const files = [['entities', 'xlsx'], ['entities', 'csv'], ['inspectors', 'xlsx'], ['inspectors', 'csv']] as const;
    for (const [kind, fmt] of files) {
      const path = w.path(`p-${kind}.${fmt}`);
      expect((await run(['export', kind, '--format', fmt, '-o', path])).code).toBe(0);
      const text = fmt === 'csv' ? readFileSync(path, 'utf8') : (await sheetRows(path)).rows.flat().join('\n');
      for (const s of secrets) expect(text.includes(s), `${kind}.${fmt} holds ${s}`).toBe(false);
    }
    const internal = await run(['export', 'entities', '--internal', '-o', w.path('int.xlsx'), '--json']);
    expect(internal.json.internal).toBe(true);
    const { title, rows } = await sheetRows(w.path('int.xlsx'));
    expect(title).toContain('内部资料 不得公开');
    expect(rows[0]).toEqual(expect.arrayContaining(['联络人', '联系电话', '地址']));
    const text = rows.flat().join('\n');
    expect(entities.filter((e) => e.phone).every((e) => text.includes(e.phone))).toBe(true);
  });

  it('refuses a registry with a phone typed into a name at import (names go into draw records, which never change), naming the cell', async () => {
    const dir = w.path('phone-in-name');
    expect((await w.run(['init', dir, '--org', '示例县住房和城乡建设局', '--year', '2026'])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(FIXTURES, 'sample', '检查对象名录库.xlsx'));
    const sh = wb.worksheets[0]!;
    let at: { row: number; col: number } | null = null;
    sh.eachRow((r, n) => r.eachCell((c, k) => { if (!at && String(c.value).includes('市场主体名称')) at = { row: n, col: k }; }));
    expect(at).not.toBeNull();
    const cell = sh.getCell(at!.row + 1, at!.col);
    cell.value = `${cell.value}（电话13859012345）`;
    await wb.xlsx.writeFile(w.path('phone-in-name.xlsx'));
    const r = await run(['import', 'entities', w.path('phone-in-name.xlsx'), '--json'], dir);
    expect(r.code).toBe(1);
    const e = r.json.errors.find((x: any) => x.field === '市场主体名称');
    expect([e.sheet, e.row, e.column]).toEqual([sh.name, at!.row + 1, String.fromCharCode(64 + at!.col)]);
    expect(e.message).toBe('像是手机号码（138****2345）：市场主体名称会写进抽取记录并公开，记录保存后不能再改；请在原文件中去掉号码后再导入');
    // the other rows import with --skip-invalid; the public list then has no such name
    expect((await run(['import', 'entities', w.path('phone-in-name.xlsx'), '--skip-invalid'], dir)).code).toBe(0);
    expect((await run(['export', 'entities', '-o', w.path('phone-in-name-public.xlsx')], dir)).code).toBe(0);
  });

  it('--snapshot exports the list a past draw used (by draw id or hash prefix), after the registry changed', async () => {
    // a new registry: one entity of ZJ-001's pool fewer, and one named like a formula
    const dropped = entities.findIndex((e) => e.category === '建筑施工企业' && e.status === 'active');
    const rows = entities.filter((_e, i) => i !== dropped).map((e, i) => [i === 0 ? '=1+2' : e.name, e.creditCode, e.category, e.region, e.section, e.risk, e.statusText]);
    const q = (s: string) => `"${String(s ?? '').replace(/"/g, '""')}"`;
    writeFileSync(w.path('new.csv'), '\uFEFF' + ['市场主体名称,统一社会信用代码,行业类别,区域,监管责任股室,信用风险分类,经营状态', ...rows.map((r) => r.map(q).join(','))].join('\r\n'));
    const copy = w.path('ws2');
    await w.run(['init', copy, '--org', '示例县住房和城乡建设局', '--year', '2026']);
    for (const [k, f] of [['inspectors', '执法检查人员名录.xlsx'], ['entities', '检查对象名录库.xlsx'], ['items', '随机抽查事项清单.xlsx']]) await run(['import', k!, join(FIXTURES, 'sample', f!)], copy);
    expect((await run(['draw', '--item', 'ZJ-001', ...W, '--entropy', '5150', '--entropy', '6160', '--json'], copy)).code).toBe(0);
    expect((await run(['import', 'entities', w.path('new.csv')], copy)).code).toBe(0);
    const now = await run(['export', 'entities', '--format', 'csv', '-o', w.path('now.csv'), '--json'], copy);
    expect(now.json.snapshot).not.toBe(firstSnapshot);
    expect(now.json.rows).toBe(entities.length - 1);
    const csv = readFileSync(w.path('now.csv'), 'utf8');
    expect(csv).toContain("'=1+2"); // formula text inert in CSV
    expect(csv).not.toMatch(/(^|,)=1\+2/m);
    const xlsx = await run(['export', 'entities', '-o', w.path('now.xlsx')], copy);
    expect(xlsx.code).toBe(0);
    const sh = await sheetRows(w.path('now.xlsx'));
    expect(sh.rows.flat()).toContain('=1+2'); // a plain string cell in .xlsx (exceljs would give an object for a formula)
    for (const by of ['2026-001', firstSnapshot.slice(0, 10)]) {
      const old = await run(['export', 'entities', '--snapshot', by, '-o', w.path(`old-${by}.xlsx`), '--json'], copy);
      expect(old.code, old.stderr).toBe(0);
      expect(old.json).toMatchObject({ snapshot: firstSnapshot, rows: entities.length });
    }
    const gone = await run(['export', 'entities', '--snapshot', 'abcdef123456'], copy);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('找不到检查对象名录库的快照「abcdef123456」');
    expect((await run(['export', 'draws', '--snapshot', '2026-001'], copy)).code).toBe(2);
    // the current list, formula-looking name and all, verifies a draw made on it; the old one verifies the old draw
    expect((await run(['draw', '--item', 'ZJ-001', '--round', '2', ...W, '--entropy', '77', '--entropy', '88', '--json'], copy)).code).toBe(0);
    expect((await run(['export', 'draws', '--format', 'csv', '-o', w.path('d2.csv')], copy)).code).toBe(0);
    const ins = await run(['export', 'inspectors', '-o', w.path('i2.xlsx')], copy);
    expect(ins.code).toBe(0);
    const v = await run(['verify', w.path('d2.csv'), '--entities', w.path('now.csv'), '--inspectors', w.path('i2.xlsx'), '--json'], w.dir);
    const byId = new Map(v.json.records.map((r: any) => [r.id, r]));
    expect((byId.get('2026-002') as any).ok, JSON.stringify(byId.get('2026-002'))).toBe(true);
    expect((byId.get('2026-001') as any).checked.pool.status).toBe('fail'); // drawn from the old list
    const v1 = await run(['verify', w.path('d2.csv'), '--entities', w.path(`old-2026-001.xlsx`), '--inspectors', w.path('i2.xlsx'), '--json'], w.dir);
    expect((v1.json.records.find((r: any) => r.id === '2026-001')).ok).toBe(true);
  }, 300_000); // a second workspace, two draws and eleven commands: minutes on a loaded machine
});

describe('public draw records and ssj verify from public files', () => {
  const lists = () => ['--entities', join(ex, `检查对象名录库（快照 ${firstSnapshot.slice(0, 12)}）.xlsx`), '--inspectors', join(ex, readdirCsv('执法检查人员名录'))];
  const readdirCsv = (prefix: string) => readdirSync(ex).find((f: string) => f.startsWith(prefix) && f.endsWith('.csv'));

  it('publish no 回避 pair: the records sheet and the .records.jsonl hold the count instead', async () => {
    const pairs = conflicts.map((c) => `"certNo":"${c.certNo}","code":"${c.code}"`);
    const jsonl = readFileSync(join(ex, '2026年度抽取结果.records.jsonl'), 'utf8');
    const xlsx = (await (async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(ex, '2026年度抽取结果.xlsx'));
      const t: string[] = [];
      wb.eachSheet((sh) => sh.eachRow((row) => row.eachCell((c) => t.push(String(c.value)))));
      return t.join('');
    })());
    for (const text of [jsonl, xlsx]) {
      for (const p of pairs) expect(text.includes(p), p).toBe(false);
      for (const s of secrets) expect(text.includes(s), s).toBe(false);
      expect(text).toContain('"redacted":"回避关系不公开"');
    }
    const internal = await run(['export', 'draws', '--internal', '--format', 'csv', '-o', w.path('int-d.csv')]);
    expect(internal.code).toBe(0);
    const full = readFileSync(w.path('int-d.records.jsonl'), 'utf8');
    expect(pairs.some((p) => full.includes(p))).toBe(true);
  });

  it('re-runs every entity draw from the public lists alone, and says the teams need the 回避 list', async () => {
    for (const file of ['2026年度抽取结果.xlsx', '2026年度抽取结果.csv']) {
      const r = await run(['verify', join(ex, file), ...lists(), '--json'], w.dir);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.json.records).toHaveLength(3);
      for (const d of r.json.records) {
        expect(d.checked.pool.status).toBe('pass');
        expect(d.checked.entities.status).toBe('pass');
        expect(d.checked.amendments.status).toBe('pass');
      }
      const redacted = r.json.records.filter((d: any) => d.checked.teams.status === 'skipped');
      expect(redacted.length).toBeGreaterThan(0);
      for (const d of redacted) {
        expect(d.checked.teams.detail).toContain('需要回避清单');
        expect(d.checked.recordHash.status).toBe('skipped');
      }
      // a draw whose teams met no 回避 is published whole: everything checked
      const whole = r.json.records.find((d: any) => d.id.startsWith('2026-001'));
      expect(whole.checked.teams.status).toBe('pass');
      expect(whole.checked.recordHash.status).toBe('pass');
    }
    const text = await run(['verify', join(ex, '2026年度抽取结果.xlsx'), ...lists()], w.dir);
    expect(text.stdout).toContain('－ 检查组：未复核');
    expect(text.stdout).toContain('✔ 抽中的检查对象');
    expect(text.stdout).toContain('复核通过');
    expect(text.stdout).toContain('标“－”的部分凭所给文件无法复核');
    expect(text.stderr).not.toContain('复核不通过');
  });

  it('names a row of the published table edited after export (the records beside it unchanged)', async () => {
    const dir = w.path('edited-table');
    copyFileSync(join(ex, '2026年度抽取结果.csv'), w.path('edited-table.csv'));
    const lines = readFileSync(w.path('edited-table.csv'), 'utf8').split('\r\n');
    const header = lines.findIndex((l) => l.includes('抽查任务编号'));
    const cells = parse(lines[header + 1]!, { relax_column_count: true })[0] as string[];
    lines[header + 1] = lines[header + 1]!.replace(cells[7]!, '另一家公司');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '2026年度抽取结果.csv'), lines.join('\r\n'));
    copyFileSync(join(ex, '2026年度抽取结果.records.jsonl'), join(dir, '2026年度抽取结果.records.jsonl'));
    const r = await run(['verify', join(dir, '2026年度抽取结果.csv'), ...lists(), '--json'], w.dir);
    expect(r.code).toBe(1);
    expect(r.json.chain.problems.join('\n')).toContain(`第 ${header + 2} 行 H 列「市场主体名称」：表中是「另一家公司」，抽取记录中是「${cells[7]}」`);
  });

  it('with --conflicts checks the teams and every record hash; a different 回避 list is caught by the hashes', async () => {
    const r = await run(['verify', join(ex, '2026年度抽取结果.xlsx'), ...lists(), '--conflicts', join(FIXTURES, 'sample', '回避关系清单.xlsx'), '--json'], w.dir);
    expect(r.code, r.stdout).toBe(0);
    for (const d of r.json.records) {
      expect(d.checked.teams.status, d.id).toBe('pass');
      expect(d.checked.recordHash.status, d.id).toBe('pass');
    }
    // the 回避 list with one pair dropped: not the one the draws used
    const snap = readdirSync(join(ws, 'snapshots', 'conflicts'))[0];
    const lines = readFileSync(join(ws, 'snapshots', 'conflicts', snap), 'utf8').trim().split('\n');
    const used = JSON.parse(readFileSync(join(ws, 'draws', '2026-002.json'), 'utf8')).conflicts.concat(JSON.parse(readFileSync(join(ws, 'draws', '2026-003.json'), 'utf8')).conflicts)[0];
    writeFileSync(w.path('fewer.csv'), lines.filter((l) => !l.startsWith(`${used.certNo}|${used.code},`)).join('\n') + '\n');
    const bad = await run(['verify', join(ex, '2026年度抽取结果.xlsx'), ...lists(), '--conflicts', w.path('fewer.csv'), '--json'], w.dir);
    expect(bad.code).toBe(1);
    const failed = bad.json.records.filter((d: any) => !d.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0].checked.recordHash.status).toBe('fail');
    expect(failed[0].checked.recordHash.detail).toContain('回避清单不是抽取时的');
  });

  it('names the entity whose name differs in the registry given (the record is not to blame)', async () => {
    const path = join(ex, readdirCsv('执法检查人员名录'));
    const src = lists()[1]!;
    const d = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
    const name = d.entities[0].name as string;
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(src);
    let changed = 0;
    wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => {
      if (c.value === name) {
        c.value = '另一家公司';
        changed++;
      }
    }));
    expect(changed).toBe(1);
    const renamed = w.path('e-renamed.xlsx');
    await wb.xlsx.writeFile(renamed);
    const r = await run(['verify', join(ex, '2026年度抽取结果.xlsx'), '--entities', renamed, '--inspectors', path, '--json'], w.dir);
    expect(r.code).toBe(1);
    const d1 = r.json.records.find((x: any) => x.id.startsWith('2026-001'));
    expect(d1.problems.join('\n')).toContain(`（${d.entities[0].code}）：记录中的名称是「${name}」，所给检查对象名录中是「另一家公司」`);
  });

  it('fails with the exact difference when the public registry lost an entity of the pool', async () => {
    const path = join(ex, readdirCsv('执法检查人员名录'));
    const ent = await run(['export', 'entities', '--format', 'csv', '-o', w.path('e.csv')]);
    expect(ent.code).toBe(0);
    const d = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
    const drop = d.entities[1].code;
    writeFileSync(w.path('e-less.csv'), readFileSync(w.path('e.csv'), 'utf8').split('\r\n').filter((l) => !l.includes(drop)).join('\r\n'));
    const r = await run(['verify', join(ex, '2026年度抽取结果.xlsx'), '--entities', w.path('e-less.csv'), '--inspectors', path, '--json'], w.dir);
    expect(r.code).toBe(1);
    const d1 = r.json.records.find((x: any) => x.id.startsWith('2026-001'));
    expect(d1.checked.pool.status).toBe('fail');
    expect(d1.checked.pool.detail).toContain(`检查对象池的哈希不符：记录为 ${d.pool.hash}`);
    expect(d1.problems.join('\n')).toContain('总数');
  });

  it('refuses a CSV export and a .records.jsonl of another export (a killed export left a mixed pair)', async () => {
    copyFileSync(join(ex, '2026年度抽取结果.csv'), w.path('mixed.csv'));
    const jsonl = readFileSync(join(ex, '2026年度抽取结果.records.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(w.path('mixed.records.jsonl'), jsonl.filter((l) => !l.includes('"id":"2026-001-R1"')).join('\n') + '\n');
    const r = await run(['verify', w.path('mixed.csv'), ...lists(), '--json'], w.dir);
    expect(r.code).toBe(1);
    expect(r.json.chain.problems.join('\n')).toContain('两个文件不是同一次导出的');
  });
});
