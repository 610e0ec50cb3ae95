// The problem ledger as XLSX (exceljs, as the statistics export): every problem (applicant
// masked), then the counts by department and by cause.
import ExcelJS from 'exceljs';
import type { ProblemLedger } from '../../domain/api/practices';
import { ESCALATION_LABELS, PROBLEM_STATUS_LABELS, SATISFACTION_LABELS, type ProblemCause } from '../../domain/practices/problemLedger';

/** A cell a spreadsheet would read as a formula (= + - @) is kept as text. */
const safe = (s: string | null | undefined) => (s && /^[=+\-@]/.test(s) ? `'${s}` : (s ?? ''));

export async function problemExportXlsx(data: ProblemLedger, causeLabels: Record<ProblemCause, string>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '窗口通';
  const ws = wb.addWorksheet('问题台账');
  ws.addRow([`「办不成事」问题台账（截至 ${data.today}）`]).font = { bold: true };
  ws.addRow([
    '问题编号',
    '登记日期',
    '反映人',
    '单位',
    '反映渠道窗口',
    '办理未成的事项',
    '涉及部门',
    '办件编号',
    '原因',
    '诉求',
    '状态',
    '责任部门',
    '责任人',
    '承诺答复日期',
    '超期工作日',
    '督办',
    '办结日期',
    '办结情况',
    '回访满意度',
  ]).font = { bold: true };
  for (const p of data.problems) {
    ws.addRow([
      p.no,
      p.recordedOn,
      p.applicant.name,
      safe(p.applicant.organisation),
      p.windowNo ?? '',
      safe(p.tried),
      safe(p.failedAt.department),
      safe(p.failedAt.caseNo),
      causeLabels[p.cause],
      safe(p.asks),
      PROBLEM_STATUS_LABELS[p.status],
      safe(p.assignment?.department),
      safe(p.assignment?.assignee),
      p.dueOn,
      p.deadline.overdueDays,
      ESCALATION_LABELS[p.escalationLevel] || '',
      p.resolution?.on ?? '',
      safe(p.resolution?.note),
      p.callback ? SATISFACTION_LABELS[p.callback.satisfaction] : '',
    ]);
  }
  ws.columns.forEach((c) => (c.width = 14));

  const d = wb.addWorksheet('按部门');
  d.addRow(['部门', '未办结', '其中超期', '已办结']).font = { bold: true };
  for (const r of data.counts.byDepartment) d.addRow([safe(r.department), r.open, r.overdue, r.closed]);
  d.addRow(['合计', data.counts.open, data.counts.overdue, data.counts.closed]).font = { bold: true };
  d.columns.forEach((c) => (c.width = 16));

  const c = wb.addWorksheet('按原因');
  c.addRow(['原因', '件数']).font = { bold: true };
  for (const r of data.counts.byCause) c.addRow([causeLabels[r.cause], r.count]);
  c.addRow(['回访满意率', data.counts.satisfactionRate === null ? '' : data.counts.satisfactionRate]);
  c.columns.forEach((x) => (x.width = 16));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
