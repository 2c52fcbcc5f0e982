// ssj form through the real binary: the default template for a 3-entity and a 60-entity draw, --json, -o,
// amendments and re-draws, a bureau's own template (one row per inspector), and templates that are refused
// (nothing written). Where LibreOffice is installed, the filled forms are printed to PDF and their pages counted.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import { SaxesParser } from 'saxes';
import { ZipArchive } from '../../src/io/zip-archive.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../helpers/records.js';
import { Workdir } from '../helpers/workdir.js';

const made: Workdir[] = [];
afterAll(() => made.forEach((w) => w.remove()));

const DRAW = ['--witness', '王纪检', '--entropy', '381702', '--witness', '李监督', '--entropy', '992011', '--operator', '张三', '--place', '局三楼会议室', '-y', '--json'];
const TITLE = '示例县住房和城乡建设局“双随机、一公开”抽查工作记录表';

let w: Workdir;
let ws: string;
let three: any;
let sixty: any;

async function load(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0]!;
}

/** A copy of the workspace with the two draws, for tests that add records. */
function fresh(): Workdir {
  const c = new Workdir('ssj-form');
  cpSync(ws, c.dir, { recursive: true });
  made.push(c);
  return c;
}

beforeAll(async () => {
  w = new Workdir('ssj-form-base');
  made.push(w);
  await w.samples('d');
  ws = w.path('d');
  const a = await w.run(['draw', '--item', 'ZJ-001', '--count', '3', ...DRAW], { cwd: ws });
  expect(a.code, a.stderr).toBe(0);
  const b = await w.run(['draw', '--item', 'ZJ-001', '--count', '60', '--round', '2', ...DRAW], { cwd: ws });
  expect(b.code, b.stderr).toBe(0);
  three = readJson(join(ws, 'draws', '2026-001.json'));
  sixty = readJson(join(ws, 'draws', '2026-002.json'));
  expect(three.entities).toHaveLength(3);
  expect(sixty.entities).toHaveLength(60);
}, 120_000);

describe('ssj form with the default template', () => {
  let s3: ExcelJS.Worksheet;
  let s60: ExcelJS.Worksheet;
  let out3: string;
  beforeAll(async () => {
    const r = await w.run(['form', '2026-001', '--json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    out3 = join(ws, 'forms', '2026-001.xlsx');
    expect(r.json).toEqual({ ok: true, output: out3, head: { id: '2026-002', hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    s3 = await load(out3);
    const r60 = await w.run(['form', 'draws/2026-002.json'], { cwd: ws });
    expect(r60.code, r60.stderr).toBe(0);
    expect(r60.stdout).toContain(join(ws, 'forms', '2026-002.xlsx'));
    s60 = await load(join(ws, 'forms', '2026-002.xlsx'));
  });

  it('fills the draw: title, task, time, seed, hashes, signatures', () => {
    expect(s3.getCell('A1').value).toBe(TITLE);
    expect(s3.getCell('A2').value).toBe('记录编号：2026-001        填表日期：2026年11月22日');
    const label = (text: string) => {
      for (let r = 4; r <= 30; r++) if (s3.getCell(r, 1).value === text) return r;
      throw new Error(`no row ${text}`);
    };
    const v = (text: string) => s3.getCell(label(text), 3).value;
    expect(v('单位')).toBe('示例县住房和城乡建设局');
    expect(v('抽查任务名称及编号')).toBe(`${three.task.name}（编号 2026-001）`);
    expect(v('抽查事项')).toBe('ZJ-001 建筑施工企业资质及安全生产条件检查');
    expect(s3.getCell(label('单位'), 4).value).toBe('抽查类型');
    expect(s3.getCell(label('单位'), 5).value).toBe('不定向');
    expect(s3.getCell(label('抽取时间'), 5).value).toBe('局三楼会议室');
    expect(v('抽取方式')).toBe('计算机随机抽取，种子公开可验证（算法 ssj-draw/1）');
    expect(v('抽取比例')).toBe('指定数量 3 家');
    expect(s3.getCell(label('抽取比例'), 5).value).toBe('3 家');
    expect(v('随机种子')).toBe('381702/992011');
    expect(v('种子组成')).toBe('见证人 王纪检：381702\n见证人 李监督：992011');
    expect(v('名录库快照哈希')).toBe(three.inputs.entities.snapshot);
    expect(v('记录哈希')).toBe(three.hash);
    expect(v('记录哈希（分组）')).toBe(three.hash.replace(/(.{4})(?=.)/g, '$1 '));
    expect(v('再次抽取 / 补抽')).toBe('无');
    expect(v('抽取提示')).toBe('事项 ZJ-001：--count 3 少于该事项抽查比例 5% 对应的 6 个');
    expect(v('复核方法')).toContain('ssj verify 2026-001');
    expect(v('操作人员')).toBe('张三');
    expect(v('监督人员（纪检监察）')).toBe('王纪检、李监督');
    expect(s3.getCell(label('见证人'), 4).value).toBe('签字');
  });

  it('lists the drawn entities with their teams, codes as text', () => {
    expect(s3.getRow(21).values).toEqual([, '序号', '检查对象名称', '统一社会信用代码', '区域 / 地址', '检查事项', '检查组成员（执法证号）']);
    three.entities.forEach((e: any, i: number) => {
      const row = s3.getRow(22 + i);
      expect(row.getCell(1).value).toBe(i + 1);
      expect(row.getCell(2).value).toBe(e.name);
      expect(row.getCell(3).value).toBe(e.code);
      expect(row.getCell(5).value).toBe('ZJ-001 建筑施工企业资质及安全生产条件检查');
      expect(row.getCell(6).value).toBe(e.team.map((m: any) => `${m.role} ${m.name} ${m.certNo}`).join('\n'));
      expect(typeof row.getCell(4).value).toBe('string'); // 区域 from the registry snapshot
    });
    expect(s3.getCell('A25').value).toBe('复核方法');
  });

  it('prints on A4 portrait, one page wide, the table header on every page, page numbers in the footer', () => {
    expect(s3.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(s3.pageSetup.printTitlesRow).toBe('21:21');
    expect(s3.pageSetup.printArea).toBe('A1:F29'); // A1:F27 in the template, 2 rows added
    expect(s3.headerFooter.oddHeader).toBe('&L&9示例县住房和城乡建设局&R&9抽查工作记录表  2026-001');
    expect(s3.headerFooter.oddFooter).toContain('第 &P 页，共 &N 页');
    expect(s3.headerFooter.oddFooter).toContain(three.hash.slice(0, 4));
  });

  it('keeps the styles: 宋体/仿宋, thin borders, merges', () => {
    expect(s3.getCell('A1').font).toMatchObject({ name: '宋体', bold: true, size: 16 });
    expect(s3.getCell('B22').font).toMatchObject({ name: '仿宋' });
    expect(s3.getCell('F24').border).toMatchObject({ top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } });
    expect(s3.model.merges).toEqual(expect.arrayContaining(['A1:E1', 'F1:F3', 'A4:B4', 'C5:F5', 'A20:F20', 'A25:B25', 'C25:F25', 'A29:F29']));
  });

  it('carries a QR code of the record id and hash, top right', async () => {
    const images = s3.getImages();
    expect(images).toHaveLength(1);
    expect(images[0]!.range.tl.nativeCol).toBe(5);
    expect(images[0]!.range.tl.nativeRow).toBe(0);
    const png = (s3.workbook as ExcelJS.Workbook).getImage(Number(images[0]!.imageId)).buffer as unknown as Buffer;
    const expected = await QRCode.toBuffer(`ssj:2026-001:${three.hash}`, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 8 });
    expect(Buffer.from(png).equals(expected)).toBe(true);
  });

  it('a 60-entity draw: 60 rows, everything below moved down, print area grown', () => {
    expect(s60.getCell('A21').value).toBe('序号');
    for (let i = 0; i < 60; i++) expect(s60.getCell(22 + i, 2).value).toBe(sixty.entities[i].name);
    expect(s60.getCell('A82').value).toBe('复核方法');
    expect(s60.getCell('A83').value).toBe('操作人员');
    expect(s60.model.merges).toEqual(expect.arrayContaining(['A82:B82', 'C82:F82', 'A83:B83', 'A85:B85', 'A86:F86']));
    expect(s60.pageSetup.printArea).toBe('A1:F86');
    expect(s60.pageSetup.printTitlesRow).toBe('21:21');
    // every XML part well-formed
    const zip = ZipArchive.read(readFileSync(join(ws, 'forms', '2026-002.xlsx')));
    for (const name of zip.names().filter((n) => /\.(xml|rels)$/.test(n))) {
      const p = new SaxesParser({ xmlns: true });
      p.on('error', (e) => {
        throw new Error(`${name}: ${e.message}`);
      });
      p.write(zip.text(name)!).close();
    }
    // rows with two team members are tall enough for two lines
    for (let r = 22; r <= 81; r++) expect(s60.getRow(r).height).toBeGreaterThanOrEqual(30);
  });

  it.skipIf(!has('soffice') || !has('pdfinfo'))('prints: 3 entities on one A4 page, 60 on several with the header row on each', () => {
    const pdf = (xlsx: string) => {
      const dir = w.path('pdf');
      const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${w.path('lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, xlsx], { timeout: 150_000 });
      expect(r.status).toBe(0);
      const file = join(dir, xlsx.split('/').pop()!.replace(/\.xlsx$/, '.pdf'));
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      return { file, pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), size: /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number) };
    };
    const a = pdf(out3);
    expect(a.pages).toBe(1);
    expect(a.size[0]).toBeCloseTo(595, 0); // A4 portrait, in points
    expect(a.size[1]).toBeCloseTo(842, 0);
    const b = pdf(join(ws, 'forms', '2026-002.xlsx'));
    expect(b.pages).toBeGreaterThan(1);
    if (has('pdftotext')) {
      for (let p = 1; p <= b.pages; p++) {
        const text = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', b.file, '-'], { encoding: 'utf8' });
        expect(text, `page ${p}`).toContain('检查组成员');
        expect(text).toContain(`第 ${p} 页，共 ${b.pages} 页`);
      }
    }
  }, 300_000);
});

describe('ssj form: records, output, amendments', () => {
  it('-o writes where asked; running again overwrites the form', async () => {
    const c = fresh();
    const r = await c.run(['form', '2026-001', '-o', '记录表.xlsx', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.output).toBe(c.path('记录表.xlsx'));
    expect((await load(c.path('记录表.xlsx'))).getCell('A1').value).toBe(TITLE);
    const again = await c.run(['form', '2026-001', '-o', '记录表.xlsx']);
    expect(again.code).toBe(0);
  });

  it('an amendment: the form shows the draw as it stands, with the 补抽 listed', async () => {
    const c = fresh();
    const gone = three.entities[1];
    const rep = await c.run(['draw', 'replace', '2026-001', '--entity', gone.code, '--reason', '注销', '--operator', '李四', '--json']);
    expect(rep.code, rep.stderr).toBe(0);
    const amend = readJson(c.path('draws', '2026-001-R1.json'));
    const r = await c.run(['form', '2026-001-R1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.output).toBe(c.path('forms', '2026-001.xlsx'));
    const s = await load(r.json.output);
    const names = [22, 23, 24].map((k) => s.getCell(k, 2).value);
    expect(names).toEqual(amend.entities.map((e: any) => e.name));
    expect(names).not.toContain(gone.name);
    const note = String(s.getCell('C18').value);
    expect(s.getCell('A18').value).toBe('再次抽取 / 补抽');
    expect(note).toContain(`2026-001-R1（2026年11月22日，操作人员 李四）：检查对象 ${gone.name}（${gone.code}）因“注销”不再检查，补抽`);
    expect(note).toContain(amend.hash);
    // the same form from the draw's own id
    expect((await c.run(['form', '2026-001', '--json'])).json.output).toBe(r.json.output);
  });

  it('a re-draw says which draw it replaces and why', async () => {
    const c = fresh();
    const re = await c.run(['draw', '--item', 'ZJ-001', '--count', '3', '--round', '1', '--redraw', '--reason', '名录导入有误', ...DRAW]);
    expect(re.code, re.stderr).toBe(0);
    const r = await c.run(['form', re.json.id, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((await load(r.json.output)).getCell('C18').value).toBe('本次为再次抽取，取代 2026-001；原因：名录导入有误');
    // the form of the draw replaced says so
    const old = await c.run(['form', '2026-001', '--json']);
    expect((await load(old.json.output)).getCell('C18').value).toBe(`本次抽取已被 ${re.json.id}（2026年11月22日）再次抽取取代，不再实施检查；原因：名录导入有误`);
  });

  it('an unknown record, a bad -o name', async () => {
    const a = await w.run(['form', '2026-009'], { cwd: ws });
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('抽取台账中没有记录「2026-009」');
    const b = await w.run(['form', '2026-001', '-o', 'x.pdf'], { cwd: ws });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('输出文件必须是 .xlsx 文件');
  });
});

describe('ssj form with a bureau template', () => {
  async function template(file: string, cells: Record<string, string>) {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('记录表');
    for (const [ref, v] of Object.entries(cells)) s.getCell(ref).value = v;
    await wb.xlsx.writeFile(file);
  }

  it('one row per inspector with 执法证号 as text', async () => {
    const c = fresh();
    await template(c.path('本局模板.xlsx'), {
      A1: '{{单位}} 抽取记录（{{记录编号}}）', A3: '{{#成员}}{{序号}}', B3: '{{检查对象名称}}', C3: '{{姓名}}', D3: '{{执法证号}}', E3: '{{角色}}{{/成员}}', A5: '监督：{{监督人员}}',
    });
    const r = await c.run(['form', '2026-001', '--template', '本局模板.xlsx', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = await load(r.json.output);
    expect(s.getCell('A1').value).toBe('示例县住房和城乡建设局 抽取记录（2026-001）');
    const members = three.entities.flatMap((e: any) => e.team.map((m: any) => [e.name, m.name, m.certNo, m.role]));
    members.forEach((m: any[], i: number) => {
      expect([2, 3, 4, 5].map((k) => s.getCell(3 + i, k).value)).toEqual(m);
      expect(typeof s.getCell(3 + i, 4).value).toBe('string');
    });
    expect(s.getCell(3 + members.length + 1, 1).value).toBe('监督：王纪检、李监督');
  });

  it('unknown placeholders: exit 1, each listed with its cell, nothing written', async () => {
    const c = fresh();
    await template(c.path('坏模板.xlsx'), { A1: '{{单位名称}}', A3: '{{#对象}}{{序号}}', B3: '{{企业名称}}{{/对象}}' });
    const before = c.listing();
    const r = await c.run(['form', '2026-001', '--template', '坏模板.xlsx', '-o', 'out.xlsx']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('模板 坏模板.xlsx 有 2 处问题，没有生成记录表');
    expect(r.stderr).toContain('记录表 › 第 1 行 A 列：不认识的字段 {{单位名称}}');
    expect(r.stderr).toContain('记录表 › 第 3 行 B 列：不认识的字段 {{企业名称}}');
    expect(r.stderr).toContain('docs/templates.md');
    expect(c.listing()).toEqual(before);
    const j = await c.run(['form', '2026-001', '--template', '坏模板.xlsx', '--json']);
    expect(j.json).toMatchObject({ ok: false, error: { code: 'INPUT_INVALID' } });
  });

  it('a template without a repeat row, or not an .xlsx', async () => {
    const c = fresh();
    await template(c.path('无重复行.xlsx'), { A1: '{{单位}}' });
    writeFileSync(c.path('旧模板.xls'), 'not really');
    writeFileSync(c.path('假的.xlsx'), 'just text');
    const before = c.listing();
    const a = await c.run(['form', '2026-001', '--template', '无重复行.xlsx']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('模板中没有列出检查对象的重复行');
    const b = await c.run(['form', '2026-001', '--template', '旧模板.xls']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('模板必须是 .xlsx 文件');
    expect(b.stderr).toContain('另存为');
    const d = await c.run(['form', '2026-001', '--template', '假的.xlsx']);
    expect(d.code).toBe(1);
    expect(d.stderr).toContain('不是有效的 .xlsx 文件');
    const e = await c.run(['form', '2026-001', '--template', '不存在.xlsx']);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('找不到模板');
    expect(c.listing()).toEqual(before);
  });
});

function has(cmd: string): boolean {
  try {
    execFileSync(cmd, [cmd === 'soffice' ? '--version' : '-v'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}
