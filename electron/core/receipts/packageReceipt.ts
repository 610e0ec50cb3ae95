// The one 受理回执 of a 一件事 package (一件事受理回执): the package, the applicant (masked), every
// sub-case with its 承办部门, 承诺时限 and due date, the one merged materials list, one QR for the
// package. Laid out with the shared Doc model (native/printer), like the 不予受理通知书.
import { docDate, hallDateTime, hallTime } from '../../../domain/calendar';
import { receiptWording } from '../../../domain/receipts/wording';
import { queryCodeOf, type CaseRow } from '../../../domain/cases';
import { maskIdNumber } from '../../../domain/idNumber';
import { ORIGINAL_OR_COPY_LABELS } from '../../../domain/receipts/schemas';
import type { Doc, DocLine } from '../../../native/printer/doc';
import type { ReceiptContext } from './receiptBuilder';

/** What a sub-case's line promises: a date, 当场办结, or why there is none yet. */
export function subCaseDueText(sub: Pick<CaseRow, 'status' | 'caseType' | 'dueDate' | 'completedOn'>): string {
  if (sub.status === 'supplementing') return '补齐补正中（补齐后计时）';
  if (sub.caseType === 'immediate') return sub.completedOn ? '当场办结' : '即办';
  if (sub.status === 'received') return '待受理';
  return sub.dueDate ? docDate(sub.dueDate) : '计时暂停';
}

export function packageReceiptDoc(pkg: CaseRow, subs: readonly CaseRow[], departments: Record<string, string | null>, ctx: ReceiptContext): Doc {
  const w = receiptWording();
  const a = pkg.applicant!;
  const info = pkg.packageInfo!;
  const received = pkg.materials.filter((m) => m.received);
  const lines: DocLine[] = [
    { kind: 'text', text: w.packageTitle, align: 'center', bold: true, size: 'double' },
    { kind: 'text', text: ctx.hallName, align: 'center' },
    { kind: 'field', label: '文书编号', value: `SL${pkg.caseNo}` },
    { kind: 'rule' },
    { kind: 'field', label: '一件事', value: info.name },
    { kind: 'field', label: '办件编号', value: pkg.caseNo! },
    { kind: 'field', label: '查询码', value: queryCodeOf(pkg.caseNo!) },
    { kind: 'field', label: '申请人', value: a.agent ? `${a.name}（代理人：${a.agent.name}）` : a.name },
    ...(a.company ? ([{ kind: 'field', label: '单位名称', value: a.company.name }] as DocLine[]) : []),
    { kind: 'field', label: '证件号码', value: maskIdNumber(a.idNumber) },
    { kind: 'field', label: '受理时间', value: hallDateTime(pkg.acceptedAt ?? pkg.receivedAt!, ctx.timeZone) },
    { kind: 'rule' },
    { kind: 'text', text: w.packageIntro },
  ];
  subs.forEach((s, i) => {
    lines.push(
      { kind: 'text', text: `${i + 1}. ${s.itemName ?? ''}`, bold: true },
      { kind: 'field', label: '办件编号', value: s.caseNo ?? '' },
      { kind: 'field', label: '承办部门', value: departments[s.caseId] ?? ctx.unit },
      { kind: 'field', label: '承诺时限', value: s.caseType === 'immediate' ? '即办' : `${s.promisedDays ?? 0}个工作日` },
      { kind: 'field', label: '承诺办结日期', value: subCaseDueText(s) },
    );
  });
  lines.push(
    { kind: 'rule' },
    { kind: 'field', label: '全部办结日期', value: pkg.dueDate ? `${docDate(pkg.dueDate)}前` : '以各事项为准' },
    { kind: 'text', text: `已收材料（一套材料，共${received.length}项）：`, bold: true },
    ...received.map((m, i): DocLine => ({
      kind: 'text',
      text: `${i + 1}. ${m.name}（${ORIGINAL_OR_COPY_LABELS[(m.originalOrCopy ?? 'copy') as keyof typeof ORIGINAL_OR_COPY_LABELS] ?? ''}${m.count ?? 1}份）${(info.usedBy[m.name]?.length ?? 0) > 1 ? `，${info.usedBy[m.name]!.length}个事项共用` : ''}`,
      hang: 3,
    })),
    { kind: 'field', label: '经办人', value: `${ctx.clerk.name}（工号${ctx.clerk.workNo}）` },
    { kind: 'field', label: '窗口', value: `${ctx.hallName} ${ctx.windowNo}号窗口` },
    ...(ctx.contactPhone ? ([{ kind: 'field', label: '咨询电话', value: ctx.contactPhone }] as DocLine[]) : []),
    { kind: 'qr', data: pkg.trackToken ? `${ctx.publicBaseUrl}/c/${pkg.trackToken}` : `${ctx.publicBaseUrl}/c/`, caption: '扫码查询办理进度' },
    { kind: 'signature', label: '申请人签收' },
    { kind: 'feed' },
    { kind: 'text', text: `${ctx.unit}（${w.sealName}）`, align: 'right' },
    { kind: 'text', text: docDate(hallTime(pkg.receivedAt!, ctx.timeZone).date), align: 'right' },
  );
  return { lines };
}
