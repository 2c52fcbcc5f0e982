// A county's short year, built through the real binary (for the paper-trail and roll-up tests): the sample lists
// under the county's own name, the plan filed, one draw of ZJ-001, its results (the first entity found 注销, the
// second 发现问题已责令改正 with 责令改正), the results published, and (unless told not to) the signed form and a
// photo of the draw attached.
//
//   const c = await buildCounty(w, 'a', '甲县住房和城乡建设局', '381702');
import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, type Workdir } from './workdir.js';

export interface County {
  root: string;
  org: string;
  task: string;
  gone: { code: string; name: string };
  corrected: { code: string; name: string };
  /** the files attached (absolute paths), by kind */
  attached: Record<string, string>;
}

export async function buildCounty(w: Workdir, dir: string, org: string, entropy: string, opts: { attach?: boolean } = {}): Promise<County> {
  const root = w.path(dir);
  const ssj = async (today: string, args: string[]) => {
    const r = await w.run([...args, '--json'], { cwd: root, env: { SSJ_TODAY: today } });
    if (r.code !== 0 || !r.json) throw new Error(`ssj ${args.join(' ')} failed with ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r.json;
  };
  const init = await w.run(['init', dir, '--org', org, '--year', '2026'], { env: { SSJ_TODAY: '2026-01-05' } });
  if (init.code !== 0) throw new Error(init.stderr);
  for (const [kind, name] of [['inspectors', '执法检查人员名录.xlsx'], ['entities', '检查对象名录库.xlsx'], ['items', '随机抽查事项清单.xlsx']]) {
    await ssj('2026-01-05', ['import', kind!, join(FIXTURES, 'sample', name!)]);
  }
  await ssj('2026-02-10', ['plan', '--file']);
  const d = await ssj('2026-05-11', ['draw', '--item', 'ZJ-001', '--round', '1', '--witness', '王纪检', '--witness', '李监督', '--entropy', entropy, '--entropy', '4711', '--operator', '张三', '-y']);
  const gone = { code: d.entities[0].code as string, name: d.entities[0].name as string };
  const corrected = { code: d.entities[1].code as string, name: d.entities[1].name as string };
  const sheet = await ssj('2026-05-12', ['results', 'sheet', d.id]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(sheet.output);
  const sh = wb.getWorksheet('检查结果')!;
  for (let r = 6; sh.getCell(r, 2).value; r++) {
    const code = String(sh.getCell(r, 2).value);
    sh.getCell(r, 6).value = '2026-05-18';
    sh.getCell(r, 7).value = '实地检查';
    if (code === gone.code) {
      sh.getCell(r, 8).value = '注销';
      sh.getCell(r, 10).value = '无需后续处置';
    } else if (code === corrected.code) {
      sh.getCell(r, 8).value = '发现问题已责令改正';
      sh.getCell(r, 9).value = '施工现场临边防护不到位';
      sh.getCell(r, 10).value = '责令改正';
      sh.getCell(r, 11).value = '2026-06-30';
    } else {
      sh.getCell(r, 8).value = '未发现问题';
      sh.getCell(r, 10).value = '无需后续处置';
    }
  }
  const filled = w.path(`${dir}-检查结果.xlsx`);
  await wb.xlsx.writeFile(filled);
  await ssj('2026-05-20', ['results', 'import', filled]);
  await ssj('2026-05-25', ['results', 'publish', d.id, '--date', '2026-05-25', '--url', `https://zfxxgk.example.gov.cn/${dir}/${d.id}`]);
  const attached: Record<string, string> = {};
  if (opts.attach !== false) {
    const files = w.path(`${dir}-材料`);
    mkdirSync(files, { recursive: true });
    attached['签字记录表'] = join(files, `${d.id} 抽查工作记录表（签字）.pdf`);
    writeFileSync(attached['签字记录表'], `%PDF-1.4 signed form of ${org} ${d.id}\n`);
    attached['照片'] = join(files, '抽取现场.jpg');
    writeFileSync(attached['照片'], Buffer.from(`JPEG ${org} ${entropy}`));
    await ssj('2026-05-11', ['attach', d.id, attached['签字记录表'], '--kind', '签字记录表']);
    await ssj('2026-05-11', ['attach', d.id, attached['照片'], '--kind', '照片', '--note', '抽取现场']);
  }
  return { root, org, task: d.id, gone, corrected, attached };
}
