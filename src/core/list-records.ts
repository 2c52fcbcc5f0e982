// Each list kind's record (entity, inspector, item, 回避 declaration) from one normalised data row.
// With the checks that need the whole record: a missing key, an expired certificate, a ratio below the minimum …
import { cellText, type RawCell } from './cells.js';
import type { ListBuilder } from './list-builder.js';
import { classifyStatus } from './normalize.js';
import { cleanText, noSpaces } from './text.js';
import type { Conflict, Entity, InspectionItem, Inspector, ListRecord } from './types.js';

/** One data row: its row number, the cells of the schema's fields, and (registries) the extra columns' cells. */
export interface DataRow {
  row: number;
  vals: RawCell[];
  /** the registry's extra columns' cells, by column index */
  extra?: Record<number, RawCell>;
  /** columns read (fields or extras) whose cells hold a formula saved without its result: their values are unknown */
  unknown?: number[];
  /** cells read as the text their number format shows (RawRow.shown), each warned of */
  shown?: ShownCell[];
}

/** A number cell read as the text its format shows: its column, field (-1: a kept extra column) and label, the number and the text. */
export interface ShownCell {
  col: number;
  field: number;
  label: string;
  number: RawCell;
  text: string;
}

/** Where a row is read: the list being built, the sheet, the header's column of each field, the extra columns kept. */
export interface RowContext<R extends ListRecord> {
  list: ListBuilder<R>;
  sheet: string | null;
  /** the header's column of each schema field (-1: not in the sheet) */
  columns: readonly number[];
  /** entity registries: the unrecognised columns kept (see Entity extras) */
  extras: readonly { label: string; col: number }[];
}

/** A row's record and the key it claims. */
export interface BuiltRecord<R extends ListRecord> {
  record: R; key: string; keyLabel: string; keyColumn: string | null;
  /** the value shown with a duplicate (default: the key) */
  keyValue?: string;
  /** the duplicate message from _claim's "与第 N 行重复" (default: that message, the reason prefixed by keyLabel) */
  duplicate?: (dup: string) => string;
  /** checks run once the row is known to be imported (its warnings) */
  accepted?: () => void;
}

/**
 * The record of one row from its normalised values; null when it has none (a missing key, reported here).
 * Problems go to the list; `reasons` collects the row's faults for the rejects workbook.
 */
export function toRecord<R extends ListRecord>(
  ctx: RowContext<R>,
  rec: Record<string, string | number | null>,
  category: string | undefined,
  idFromSeq: boolean,
  d: DataRow,
  at: (i: number) => string | null,
  reasons: string[],
): BuiltRecord<R> | null {
  const { list } = ctx;
  const row = d.row;
  const written = (key: string) => cellText(d.vals[list._field(key)] ?? null).trim();
  const s = (k: string) => (typeof rec[k] === 'string' ? (rec[k] as string) : rec[k] == null ? '' : String(rec[k]));
  switch (list.schema.kind) {
    case 'entities': {
      const creditCode = s('creditCode');
      const projectCode = s('projectCode');
      // Where the registry lists projects, the project code is the key: one firm builds several projects.
      const ci = list._field('creditCode');
      const pi = list._field('projectCode');
      const byProject = ctx.columns[pi] !== -1;
      const code = byProject ? projectCode : creditCode;
      const keyLabel = byProject ? '项目编号' : '统一社会信用代码';
      const keyColumn = byProject ? at(pi) : at(ci);
      if (!code) {
        const hasError = reasons.some((r) => r.startsWith(keyLabel));
        if (!hasError) {
          const msg = `${keyLabel}不能为空`;
          reasons.push(msg);
          list._problem('errors', { sheet: ctx.sheet, row, column: keyColumn, field: keyLabel, value: '', message: msg });
        }
        return null;
      }
      const statusText = s('statusText');
      const e: Entity = {
        code, creditCode, projectCode,
        name: s('name'), legalRep: s('legalRep'), contact: s('contact'), phone: s('phone'),
        section: s('section'), category: s('category') || category || '', region: s('region'), address: s('address'),
        risk: s('risk'), status: classifyStatus(statusText, list.opts.suspendedDrawable ?? true) ?? 'active',
        statusText,
      };
      // The registry's other columns (投诉举报次数, 重点监管 …), kept under their own names for --where and
      // --strata; columns that look like personal contact or identity data are not kept.
      for (const x of ctx.extras) {
        const v = d.extra?.[x.col];
        (e as unknown as Record<string, string>)[x.label] = v === undefined || v === null ? '' : cleanText(cellText(v));
      }
      return { record: e as R, key: code, keyLabel, keyColumn };
    }
    case 'inspectors': {
      const i: Inspector = {
        certNo: s('certNo'), name: s('name'), gender: s('gender'), unit: s('unit'), area: s('area'), issuer: s('issuer'),
        category: s('category'), phone: s('phone'), expertise: s('expertise'), section: s('section'),
        certExpiry: s('certExpiry'), kind: s('kind') || '执法人员', note: s('note'),
      };
      const dept = s('dept') || list.opts.dept || '';
      if (dept) i.dept = dept;
      if (i.certExpiry && i.certExpiry < list.opts.asOf) {
        list._problem('warnings', {
          sheet: ctx.sheet, row, column: at(list._field('certExpiry')), field: '证件有效期', value: written('certExpiry') || i.certExpiry, // (as the cell shows it: 2025.12.31, not 2025-12-31)
          message: `执法证已于 ${i.certExpiry} 过期，抽取时不会选派此人`,
        });
      }
      const ci = list._field('certNo');
      // 无, /, —, 暂无: a person without a certificate is no inspector, and the text would be taken for their number
      if (i.certNo && !/[0-9]/.test(i.certNo)) {
        const msg = `执法证号「${i.certNo}」中没有数字：没有执法证的人员不能参加检查，请填写证号，或删除这一行`;
        reasons.push(msg);
        list._problem('errors', { sheet: ctx.sheet, row, column: at(ci), field: '执法证号', value: i.certNo, message: msg });
        return null;
      }
      return { record: i as R, key: i.certNo, keyLabel: '执法证号', keyColumn: at(ci) };
    }
    case 'items': {
      let id = s('id');
      if (idFromSeq) id = noSpaces(s('_seq'));
      const idCol = idFromSeq ? at(0) : at(list._field('id'));
      if (!id) {
        const msg = '事项编号不能为空';
        reasons.push(msg);
        list._problem('errors', { sheet: ctx.sheet, row, column: idCol, field: '事项编号', value: '', message: msg });
        return null;
      }
      const ratio = rec['ratio'] === undefined ? null : (rec['ratio'] as number | null);
      const rounds = rec['rounds'] === undefined ? null : (rec['rounds'] as number | null);
      const it: InspectionItem = {
        id, name: s('name'), basis: s('basis'), target: s('target'), content: s('content'), method: s('method'),
        ratio, ratioText: written('ratio'),
        rounds, roundsText: written('rounds'),
        subject: s('subject'), section: s('section'),
      };
      const remark = s('remark');
      // 说明/备注 is often where a 不适用 item's reason is written when there is no reason column.
      const reason = s('reason') || (ratio === null && remark ? remark : '');
      if (list.opts.dept) it.dept = list.opts.dept;
      if (reason) it.reason = reason;
      if (remark) it.remark = remark;
      // (only when the row is otherwise sound: a ratio that is not a ratio, 150% or 百分之五, is an error, not 不适用)
      if (ratio === null && !reason && it.ratioText !== '' && reasons.length === 0) {
        list._problem('warnings', {
          sheet: ctx.sheet, row, column: at(list._field('reason')), field: '不适用理由', value: '',
          message: '此事项不进行随机抽查，但没有写理由：请在“不适用理由”（或“说明”）列写明充分的理由',
        });
      }
      const minRatio = list.opts.minRatio ?? 0.05;
      if (ratio !== null && ratio < minRatio) {
        list._problem('warnings', {
          sheet: ctx.sheet, row, column: at(list._field('ratio')), field: '抽查比例', value: it.ratioText,
          message: `抽查比例 ${+(ratio * 100).toFixed(4)}% 低于最低要求的 ${+(minRatio * 100).toFixed(4)}%，按清单执行；请确认有法律依据${s('remark') ? `（备注：${s('remark')}）` : '（可在“备注”列写明）'}`,
        });
      }
      if (ratio === null && it.ratioText === '') {
        list._problem('warnings', {
          sheet: ctx.sheet, row, column: at(list._field('ratio')), field: '抽查比例', value: '',
          message: ctx.columns[list._field('ratio')] === -1
            ? '清单没有“抽查比例”列，此事项按“不适用”（不抽查）处理'
            : '抽查比例为空，此事项按“不适用”（不抽查）处理；需要抽查的请写明比例，如 5%',
        });
      }
      if (ratio !== null && rounds === null && it.roundsText === '' && !reasons.some((r) => r.startsWith('抽查频次'))) {
        list._problem('warnings', {
          sheet: ctx.sheet, row, column: at(list._field('rounds')), field: '抽查频次', value: it.roundsText,
          message: `没有写抽查频次，年度计划按每年至少 ${list.opts.minRounds ?? 2} 次安排`,
        });
      }
      const minRounds = list.opts.minRounds ?? 2;
      if (ratio !== null && rounds !== null && rounds < minRounds) {
        list._problem('warnings', {
          sheet: ctx.sheet, row, column: at(list._field('rounds')), field: '抽查频次', value: it.roundsText,
          message: `抽查频次每年 ${rounds} 次，少于一般要求的每年 ${minRounds} 次，按清单执行；请确认有法律依据${s('remark') ? `（备注：${s('remark')}）` : '（可在“备注”列写明）'}`,
        });
      }
      return { record: it as R, key: id, keyLabel: '事项编号', keyColumn: idCol };
    }
    case 'conflicts': {
      const certNo = s('certNo');
      const creditCode = s('creditCode');
      const projectCode = s('projectCode');
      // The entity is named by its credit code, or by its project code where the registry lists projects.
      const code = creditCode || projectCode;
      const ci = list._field('creditCode');
      const pi = list._field('projectCode');
      const hasCredit = ctx.columns[ci] !== -1;
      const hasProject = ctx.columns[pi] !== -1;
      if (!code) {
        const faulty = reasons.some((r) => r.startsWith('统一社会信用代码') || r.startsWith('项目编号'));
        if (!faulty) {
          const field = hasCredit ? '统一社会信用代码' : '项目编号';
          const msg = hasCredit && hasProject ? '统一社会信用代码和项目编号不能都为空' : `${field}不能为空`;
          reasons.push(msg);
          list._problem('errors', { sheet: ctx.sheet, row, column: at(hasCredit ? ci : pi), field, value: '', message: msg });
        }
        return null;
      }
      if (!certNo) return null; // 执法证号不能为空 (or its own fault) is already reported
      const keyLabel = creditCode ? '统一社会信用代码' : '项目编号';
      const keyColumn = at(creditCode ? ci : pi);
      const c: Conflict = {
        id: `${certNo}|${code}`, certNo, code,
        inspectorName: s('inspectorName'), entityName: s('entityName'), reason: s('reason'),
      };
      return {
        record: c as R, key: c.id, keyLabel, keyColumn, keyValue: code,
        duplicate: (dup) => `执法证号「${certNo}」对此检查对象的回避关系${dup}`,
        accepted: () => checkKnown(ctx, c, row, at(list._field('certNo')), keyLabel, keyColumn, at),
      };
    }
  }
}

/** A declaration naming someone not in the roster, or something not in the registry, is likely mistyped: a mistyped key recuses no one. */
function checkKnown<R extends ListRecord>(ctx: RowContext<R>, c: Conflict, row: number, certColumn: string | null, codeLabel: string, codeColumn: string | null, at: (i: number) => string | null) {
  const { list } = ctx;
  const { inspectors, entities } = list.opts.known ?? {};
  const warn = (column: string | null, field: string, value: string, message: string) =>
    list._problem('warnings', { sheet: ctx.sheet, row, column, field, value, message });
  if (inspectors) {
    const name = inspectors.get(c.certNo);
    if (name === undefined) {
      warn(certColumn, '执法证号', c.certNo, `执法证号「${c.certNo}」不在当前执法检查人员名录中：请核对是否写错（写错的证号不能让此人回避）`);
    } else if (c.inspectorName && name && noSpaces(c.inspectorName) !== noSpaces(name)) {
      warn(at(list._field('inspectorName')), '姓名', c.inspectorName, `执法检查人员名录中执法证号「${c.certNo}」的姓名是「${name}」，请核对`);
    }
  }
  if (entities) {
    const name = entities.get(c.code);
    if (name === undefined) {
      warn(codeColumn, codeLabel, c.code, `${codeLabel}「${c.code}」不在当前检查对象名录库中：请核对是否写错（写错的代码起不到回避作用）`);
    } else if (c.entityName && name && noSpaces(c.entityName) !== noSpaces(name)) {
      warn(at(list._field('entityName')), '检查对象名称', c.entityName, `检查对象名录库中「${c.code}」的名称是「${name}」，请核对`);
    }
  }
}
