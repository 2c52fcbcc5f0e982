// 抽取公告 (notice): the announced facts as a printable A4 workbook for publication before the public value exists.
import type { AnnouncementRecord } from '../core/record.js';
import { groupsOf4 } from '../core/record.js';
import { SCOPE_LABEL } from '../core/draw.js';
import { digitsFor } from '../core/seed.js';
import { writeFileOrExplain } from './atomic.js';

export interface NoticeItem {
  id: string;
  name: string;
  population: number;
  available: number;
  sample: number;
}

const FONT = { name: '宋体', size: 11 };

/** The notice's rows: label and value (every value a plain string or number, never a formula). */
export function noticeRows(a: AnnouncementRecord, items: readonly NoticeItem[], neededBits: number): [string, string | number][] {
  const t = a.task;
  const rows: [string, string | number][] = [
    ['公告编号', a.id],
    ['公告日期', a.date],
    ['抽查任务', t.name],
    ['抽查类型', t.type],
    ['定向条件', t.where.length ? t.where.map((w) => `${SCOPE_LABEL[w.field]}=${w.values.join('或')}`).join('，') : '无'],
    ['分层', t.strata ? `按${SCOPE_LABEL[t.strata]}分层` : t.riskRatios ? '按信用风险分类差异化比例' : '不分层'],
    ...items.map((it): [string, string] => [`事项 ${it.id}`, `${it.name}：在业 ${it.population} 个，可抽 ${it.available} 个，抽取 ${it.sample} 个`]),
    ['每组人数', `执法人员 ${t.teamSize} 名${t.experts ? `，另加专家 ${t.experts} 名` : ''}`],
    ['检查对象池', `${a.pool.size} 个`],
    ['检查对象池哈希（SHA-256）', groupsOf4(a.pool.hash)],
    ['检查对象名录库快照', a.inputs.entities.snapshot],
    ['执法检查人员名录快照', a.inputs.inspectors.snapshot],
    ['随机抽查事项清单快照', a.inputs.items.snapshot],
    ['回避关系清单快照', a.inputs.conflicts.snapshot ?? '无'],
    ['抽取算法', a.algorithm],
    ['公开随机数来源', a.source.name],
    ['公开随机数公布日期', a.source.date],
    ['随机种子', `公布的随机数（按公布的原样，去掉首尾空格），其后依次加上现场见证人输入的数字（如有），以“/”连接`],
    ['熵', `覆盖全部可能结果需约 ${Math.ceil(neededBits)} 比特（约 ${digitsFor(neededBits)} 个十进制数字）`],
    ['公告记录哈希', groupsOf4(a.hash)],
    ['如何抽取', `${a.source.date} 公开随机数公布后，运行 ssj draw --announced ${a.id} --public 公布的随机数。抽取必须使用上列名录快照和参数，任何一项不同都会被拒绝。`],
    ['如何复核', `任何人可按 docs/draw-algorithm.md 用公布的随机数和上列名录重新抽取；ssj verify 会核对抽取与本公告一致，且公告在抽取之前记入台账。`],
  ];
  return rows;
}

export async function writeNotice(path: string, a: AnnouncementRecord, items: readonly NoticeItem[], neededBits: number): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('抽取公告', {
    pageSetup: {
      paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
      margins: { left: 0.6, right: 0.6, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&C${a.id}  第 &P 页，共 &N 页` },
  });
  ws.columns = [{ width: 24 }, { width: 62 }];
  ws.mergeCells(1, 1, 1, 2);
  const title = ws.getCell(1, 1);
  title.value = `${a.org} “双随机”抽查事先公告`;
  title.style = { font: { ...FONT, size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } };
  ws.getRow(1).height = 34;
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  noticeRows(a, items, neededBits).forEach(([label, value], i) => {
    const row = ws.getRow(i + 2);
    row.getCell(1).value = label;
    row.getCell(1).style = { font: { ...FONT, bold: true }, alignment: { vertical: 'middle', wrapText: true }, border };
    row.getCell(2).value = value;
    row.getCell(2).style = { font: FONT, alignment: { vertical: 'middle', wrapText: true }, border };
    const text = String(value);
    // about 31 Chinese characters (62 columns) a line; rows are not grown on opening, so the height is set
    let cols = 0;
    for (const ch of text) cols += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
    row.height = Math.max(20, Math.ceil(cols / 60) * 15 + 6);
  });
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  await writeFileOrExplain(path, buf);
}
