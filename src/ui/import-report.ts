// What the clerk sees after an import: a short verdict, the sheets read, the counts, what left, warnings.
import type { BuildOutcome, SheetReport } from '../core/list-builder.js';
import { SCHEMAS } from '../core/schema.js';
import type { ImportSummary } from '../core/summary.js';
import type { Conflict, InspectionItem, ListKind, Problem } from '../core/types.js';
import { c, err, out, sym } from './output.js';
import { problemLines } from './problems.js';
import { renderTable } from './table.js';
import { terminalWidth, wrapText } from './terminal.js';
import { dirname } from 'node:path';

const UNIT: Record<ListKind, string> = { entities: '家', inspectors: '人', items: '项', conflicts: '条' };
/** conflicts shown after an import; the rest with ssj list conflicts */
const CONFLICTS_SHOWN = 50;
/** gone entities shown after an import; the rest counted, with ssj list entities --status gone */
export const GONE_SHOWN = 10;

function sheetTable(sheets: SheetReport[]): string {
  const read = sheets.filter((s) => s.status === 'read');
  return renderTable(
    ['工作表', '表头行', '数据行', '导入', '未导入'],
    read.map((s) => [s.name ?? '（CSV）', s.headerRow ?? '', s.rows, s.imported, s.rejected]),
    { right: [1, 2, 3, 4] },
  );
}

function skipped(sheets: SheetReport[]): string[] {
  return sheets.filter((s) => s.status === 'skipped').map((s) => `  ${c.dim('·')} ${s.name === null ? '跳过此文件' : `跳过工作表「${s.name}」`}：${s.reason}`);
}

export function renderImport(a: {
  kind: ListKind; file: string; outcome: BuildOutcome; summary: ImportSummary; snapshot: string; unchanged: boolean;
  rejects: string | null; root: string; snapshotRel: string;
}): void {
  const { kind, outcome, summary } = a;
  const label = SCHEMAS[kind].label;
  const u = UNIT[kind];
  const split =
    kind === 'entities' ? `正常 ${summary.active} ${u}，已退出 ${summary.gone} ${u}`
    : kind === 'inspectors' ? `证件有效 ${summary.active} 人，已过期 ${summary.gone} 人${summary.experts ? `，其中专家 ${summary.experts} 人` : ''}`
    : kind === 'items' ? `需抽查 ${summary.active} 项，不适用 ${summary.gone} 项`
    : `涉及执法人员 ${summary.inspectors ?? 0} 人、检查对象 ${summary.entities ?? 0} 个`;
  // two short lines rather than one that wraps at 80 columns
  for (const l of wrapText(`${sym.ok} 已导入${label}「${a.file}」`, terminalWidth())) out(l);
  out(`  共 ${outcome.records.length} ${u}（${split}）`);
  const { dropped } = outcome;
  if (outcome.rejects.length > 0) {
    const more = dropped.rejects > 0 ? `（只写了前 ${outcome.rejects.length} 行）` : '';
    out(`${sym.warn} ${c.warn(`有 ${outcome.rejects.length + dropped.rejects} 行有错误，未导入`)}，已写入 ${c.em(a.rejects ?? '')}${more}`);
  }
  out(`  快照 SHA-256 ${a.snapshot}`);
  out(c.dim(`  保存在 ${dirname(a.snapshotRel)}/ 中，文件名为 SHA-256 加 .csv`));
  if (a.unchanged) out(c.dim('  与上次导入的内容完全相同'));
  out();
  out(sheetTable(outcome.sheets));
  for (const l of skipped(outcome.sheets)) out(l);
  out();
  if (kind === 'items') {
    const items = outcome.records as InspectionItem[];
    out(renderTable(
      ['事项编号', '抽查事项', '检查对象', '比例', '频次', '责任股室'],
      items.map((it) => [it.id, it.name, it.target, it.ratio === null ? '不适用' : `${+(it.ratio * 100).toFixed(4)}%`, it.rounds === null ? '—' : `${it.rounds}次/年`, it.section]),
      { maxWidth: 28, fit: true, shrink: [1, 2, 5], drop: [5] },
    ));
  } else if (kind === 'conflicts') {
    const cs = outcome.records as Conflict[];
    out(renderTable(
      ['执法证号', '姓名', '检查对象代码', '检查对象名称', '回避原因'],
      cs.slice(0, CONFLICTS_SHOWN).map((x) => [x.certNo, x.inspectorName, x.code, x.entityName, x.reason]),
      { maxWidth: 28, fit: true, shrink: [3, 4, 1], drop: [2] },
    ));
    if (cs.length > CONFLICTS_SHOWN) out(c.dim(`  …… 另有 ${cs.length - CONFLICTS_SHOWN} 条，用 ssj list conflicts 查看全部`));
  } else {
    const [catLabel, secLabel] = kind === 'entities' ? ['行业类别', '监管责任股室'] : ['执法类别', '所属股室'];
    const [a1, g1] = kind === 'entities' ? ['正常', '已退出'] : ['证件有效', '已过期'];
    out(renderTable([catLabel, secLabel, a1, g1], summary.groups.map((g) => [g.category || '（未填）', g.section || '（未填）', g.active, g.gone]), { right: [2, 3] }));
  }
  if (summary.goneList.length > 0) {
    const gone = summary.goneList;
    out();
    out(`已退出的检查对象 ${gone.length} 个（保留在名录中，不参与抽取，年终需向上级报告）${gone.length > GONE_SHOWN ? `，前 ${GONE_SHOWN} 个：` : '：'}`);
    out(renderTable(['名称', '代码', '经营状态', '行业类别'], gone.slice(0, GONE_SHOWN).map((g) => [g.name, g.code, g.status, g.category]), { fit: true, shrink: [0, 3, 2], drop: [3] }));
    if (gone.length > GONE_SHOWN) {
      const by = new Map<string, number>();
      for (const g of gone) by.set(g.status, (by.get(g.status) ?? 0) + 1);
      out(c.dim(`  …… 另有 ${gone.length - GONE_SHOWN} 个。按经营状态：${[...by].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ${n}`).join('，')}`));
      out(c.dim(`  全部：ssj list entities --status gone --all（或 --json）`));
    }
  }
  if (outcome.warnings.length > 0) {
    out();
    out(`${sym.warn} ${c.warn(`${outcome.warnings.length + dropped.warnings} 条提醒`)}（不影响导入）：`);
    for (const l of problemLines(outcome.warnings, c.warn, 50, undefined, dropped.warnings)) out(l);
  }
  if (outcome.errors.length > 0) {
    out();
    out(`${sym.bad} 未导入的行（${outcome.errors.length + dropped.errors} 处错误）：`);
    for (const l of problemLines(outcome.errors, c.bad, 200, undefined, dropped.errors)) out(l);
  }
}

export function renderImportFailure(
  kind: ListKind, file: string, errors: Problem[], warnings: Problem[], skipInvalid: boolean, sheets: SheetReport[] = [],
  dropped: BuildOutcome['dropped'] = { errors: 0, warnings: 0, rejects: 0 },
): void {
  const label = SCHEMAS[kind].label;
  err(`${sym.bad} ${c.bad(`「${file}」有 ${errors.length + dropped.errors} 处错误`)}，没有导入任何内容（${label}保持不变）：`);
  for (const l of problemLines(errors, c.bad, 200, undefined, dropped.errors)) err(l);
  for (const l of skipped(sheets)) err(l);
  if (warnings.length + dropped.warnings > 0) {
    err(`${sym.warn} 另有 ${warnings.length + dropped.warnings} 条提醒：`);
    for (const l of problemLines(warnings, c.warn, 50, undefined, dropped.warnings)) err(l);
  }
  const fileLevel = errors.every((e) => e.row === null);
  if (!fileLevel) {
    err(c.dim(skipInvalid
      ? '提示：文件中没有任何可以导入的行，请改正后重新导入。'
      : '提示：请在原文件中改正后重新导入；或加 --skip-invalid 只导入正确的行（有错误的行会写入一个 Excel 文件，便于改正）。'));
  }
}
