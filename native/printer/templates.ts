// The five receipt templates: validated data → Doc. Field lists follow
// ../shared/reference/cases-and-evaluation.md (受理回执, 一次性告知书, 容缺受理, ticket) plus a
// clerk's daily summary.
import { CASE_TYPE_LABELS } from '../../domain/cases/caseTypes';
import {
  ORIGINAL_OR_COPY_LABELS,
  RATING_LEVEL_LABELS,
  receiptSchemas,
  type ReceiptData,
  type ReceiptTemplate,
} from '../../domain/receipts/schemas';
import type { Doc, DocLine } from './doc';

type Applicant = ReceiptData<'acceptance'>['applicant'];

function applicantFields(a: Applicant): DocLine[] {
  const out: DocLine[] = [{ kind: 'field', label: '申请人', value: a.name }];
  if (a.organisation) out.push({ kind: 'field', label: '单位名称', value: a.organisation });
  if (a.creditCode) out.push({ kind: 'field', label: '统一社会信用代码', value: a.creditCode });
  if (a.idNumberMasked) out.push({ kind: 'field', label: '证件号码', value: a.idNumberMasked });
  if (a.contactMasked) out.push({ kind: 'field', label: '联系电话', value: a.contactMasked });
  return out;
}

const hm = (dt: string) => dt.replace('T', ' ').slice(0, 16);
const cnDate = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

function ticket(d: ReceiptData<'ticket'>): Doc {
  return {
    lines: [
      { kind: 'text', text: d.hallName, align: 'center', bold: true },
      { kind: 'rule' },
      { kind: 'text', text: d.ticketNumber, align: 'center', bold: true, size: 'large' },
      { kind: 'text', text: d.priorityLabel ? `${d.categoryName}（${d.priorityLabel}）` : d.categoryName, align: 'center' },
      { kind: 'text', text: `您前面还有 ${d.waitingAhead} 人等候`, align: 'center', bold: true },
      { kind: 'field', label: '取号时间', value: hm(d.issuedAt) },
      ...(d.queueUrl ? ([{ kind: 'qr', data: d.queueUrl, caption: '扫码查看排队进度' }] as DocLine[]) : []),
      { kind: 'text', text: d.notice, align: 'center' },
    ],
  };
}

function acceptance(d: ReceiptData<'acceptance'>): Doc {
  return {
    lines: [
      { kind: 'text', text: d.title, align: 'center', bold: true, size: 'double' },
      { kind: 'text', text: d.acceptanceUnit, align: 'center' },
      { kind: 'field', label: '文书编号', value: d.documentNo },
      { kind: 'rule' },
      ...applicantFields(d.applicant),
      { kind: 'field', label: '办理事项', value: d.itemName },
      ...(d.itemCode ? ([{ kind: 'field', label: '事项编码', value: d.itemCode }] as DocLine[]) : []),
      { kind: 'field', label: '办件编号', value: d.caseNo },
      ...(d.queryCode ? ([{ kind: 'field', label: '查询码', value: d.queryCode }] as DocLine[]) : []),
      { kind: 'field', label: '办件类型', value: CASE_TYPE_LABELS[d.caseType] },
      { kind: 'field', label: '申请日期', value: d.applicationDate },
      { kind: 'field', label: '受理时间', value: hm(d.acceptedAt) },
      { kind: 'field', label: '承诺时限', value: d.promisedDays === 0 ? '即时办结' : `${d.promisedDays}个工作日` },
      { kind: 'field', label: '承诺办结日期', value: d.promisedDate ? cnDate(d.promisedDate) : '当场办结' },
      { kind: 'rule' },
      { kind: 'text', text: `已收材料（共${d.materials.length}项）：`, bold: true },
      ...d.materials.map(
        (m, i): DocLine => ({
          kind: 'text',
          hang: 3,
          text: `${i + 1}. ${m.name} ${ORIGINAL_OR_COPY_LABELS[m.originalOrCopy]}×${m.count}${m.note ? `（${m.note}）` : ''}`,
        }),
      ),
      { kind: 'rule' },
      { kind: 'field', label: '法律依据', value: d.legalBasis },
      { kind: 'field', label: '受理人', value: `${d.clerk.name}（工号${d.clerk.workNo}）` },
      { kind: 'field', label: '受理窗口', value: `${d.hallName} ${d.windowNo}号窗口` },
      ...(d.contactPhone ? ([{ kind: 'field', label: '咨询电话', value: d.contactPhone }] as DocLine[]) : []),
      ...d.notes.map((n): DocLine => ({ kind: 'text', hang: 3, text: `※ ${n}` })),
      { kind: 'qr', data: d.caseQrUrl, caption: '扫码查询办件进度' },
      { kind: 'qr', data: d.ratingQrUrl, caption: '扫码评价（好差评）' },
      { kind: 'signature', label: '申请人签字' },
    ],
  };
}

function missingMaterials(d: ReceiptData<'missing-materials'>): Doc {
  return {
    lines: [
      { kind: 'text', text: d.title, align: 'center', bold: true, size: 'double' },
      { kind: 'text', text: d.issuingUnit, align: 'center' },
      { kind: 'field', label: '文书编号', value: d.documentNo },
      { kind: 'rule' },
      ...applicantFields(d.applicant),
      { kind: 'field', label: '办理事项', value: d.itemName },
      ...(d.caseNo ? ([{ kind: 'field', label: '办件编号', value: d.caseNo }] as DocLine[]) : []),
      { kind: 'field', label: '告知日期', value: d.date },
      { kind: 'rule' },
      {
        kind: 'text',
        text: `您申请的事项材料不齐全或不符合法定形式，现一次性告知需补正的全部材料（共${d.items.length}项）：`,
      },
      ...d.items.flatMap((m, i): DocLine[] => [
        {
          kind: 'text',
          bold: true,
          hang: 3,
          text: `${i + 1}. ${m.name}【${m.problem === 'missing' ? '缺少' : '需更正'}】${m.originalOrCopy ? ORIGINAL_OR_COPY_LABELS[m.originalOrCopy] : ''}${m.count ? `×${m.count}` : ''}`,
        },
        { kind: 'text', hang: 9, text: `   要求：${m.requirement}` },
      ]),
      { kind: 'rule' },
      { kind: 'field', label: '补正期限', value: `请于${cnDate(d.supplyDeadline)}前补齐` },
      { kind: 'field', label: '法律依据', value: d.legalBasis },
      { kind: 'field', label: '经办人', value: `${d.clerk.name}（工号${d.clerk.workNo}）` },
      { kind: 'field', label: '窗口', value: `${d.hallName} ${d.windowNo}号窗口` },
      ...(d.contactPhone ? ([{ kind: 'field', label: '咨询电话', value: d.contactPhone }] as DocLine[]) : []),
      ...(d.caseQrUrl ? ([{ kind: 'qr', data: d.caseQrUrl, caption: '扫码查看补正要求' }] as DocLine[]) : []),
      { kind: 'signature', label: '申请人签收' },
    ],
  };
}

function conditionalAcceptance(d: ReceiptData<'conditional-acceptance'>): Doc {
  return {
    lines: [
      { kind: 'text', text: d.title, align: 'center', bold: true, size: 'double' },
      { kind: 'text', text: d.acceptanceUnit, align: 'center' },
      { kind: 'field', label: '文书编号', value: d.documentNo },
      { kind: 'rule' },
      ...applicantFields(d.applicant),
      { kind: 'field', label: '办理事项', value: d.itemName },
      { kind: 'field', label: '办件编号', value: d.caseNo },
      { kind: 'field', label: '受理时间', value: hm(d.acceptedAt) },
      ...(d.commitmentDocNo ? ([{ kind: 'field', label: '承诺书编号', value: d.commitmentDocNo }] as DocLine[]) : []),
      { kind: 'rule' },
      { kind: 'text', text: `经审查，您的申请符合容缺受理条件，现予容缺受理。以下材料（共${d.waived.length}项）须在期限内补交：` },
      ...d.waived.flatMap((m, i): DocLine[] => [
        { kind: 'text', bold: true, hang: 3, text: `${i + 1}. ${m.name}` },
        ...(m.requirement ? ([{ kind: 'text', hang: 9, text: `   要求：${m.requirement}` }] as DocLine[]) : []),
      ]),
      { kind: 'field', label: '补交期限', value: `${cnDate(d.supplyDeadline)}前` },
      { kind: 'field', label: '承诺办结日期', value: cnDate(d.promisedDate) },
      { kind: 'field', label: '逾期后果', value: d.consequence },
      ...(d.legalBasis ? ([{ kind: 'field', label: '依据', value: d.legalBasis }] as DocLine[]) : []),
      { kind: 'rule' },
      { kind: 'field', label: '受理人', value: `${d.clerk.name}（工号${d.clerk.workNo}）` },
      { kind: 'field', label: '窗口', value: `${d.hallName} ${d.windowNo}号窗口` },
      ...(d.contactPhone ? ([{ kind: 'field', label: '咨询电话', value: d.contactPhone }] as DocLine[]) : []),
      ...(d.caseQrUrl ? ([{ kind: 'qr', data: d.caseQrUrl, caption: '扫码查询办件进度' }] as DocLine[]) : []),
      { kind: 'signature', label: '申请人签字' },
    ],
  };
}

function dailySummary(d: ReceiptData<'daily-summary'>): Doc {
  const levels = Object.keys(RATING_LEVEL_LABELS) as Array<keyof typeof RATING_LEVEL_LABELS>;
  const total = levels.reduce((s, l) => s + (d.ratings[l] ?? 0), 0);
  const good = (d.ratings.verySatisfied ?? 0) + (d.ratings.satisfied ?? 0);
  const bad = (d.ratings.dissatisfied ?? 0) + (d.ratings.veryDissatisfied ?? 0);
  const n = (v: number) => String(v);
  const min = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}分钟`);
  return {
    lines: [
      { kind: 'text', text: '窗口日结单', align: 'center', bold: true, size: 'double' },
      { kind: 'text', text: d.hallName, align: 'center' },
      { kind: 'pair', left: `日期：${d.date}`, right: `${d.windowNo}号窗口` },
      { kind: 'field', label: '工作人员', value: `${d.clerk.name}（工号${d.clerk.workNo}）` },
      { kind: 'rule' },
      { kind: 'text', text: '叫号', bold: true },
      { kind: 'pair', left: '  办理完成', right: n(d.tickets.served) },
      { kind: 'pair', left: '  过号', right: n(d.tickets.noShow) },
      { kind: 'pair', left: '  转移', right: n(d.tickets.transferred) },
      { kind: 'pair', left: '  平均等候', right: min(d.avgWaitMinutes) },
      { kind: 'pair', left: '  平均办理', right: min(d.avgServiceMinutes) },
      { kind: 'text', text: '办件', bold: true },
      { kind: 'pair', left: '  收件', right: n(d.cases.received) },
      { kind: 'pair', left: '  受理', right: n(d.cases.accepted) },
      { kind: 'pair', left: '  容缺受理', right: n(d.cases.conditionallyAccepted) },
      { kind: 'pair', left: '  不予受理', right: n(d.cases.refused) },
      { kind: 'pair', left: '  一次性告知', right: n(d.cases.missingNotices) },
      { kind: 'pair', left: '  办结', right: n(d.cases.completed) },
      { kind: 'pair', left: '  超期', right: n(d.cases.overdue) },
      { kind: 'text', text: `好差评（共${total}条）`, bold: true },
      ...levels.map((l): DocLine => ({ kind: 'pair', left: `  ${RATING_LEVEL_LABELS[l]}`, right: n(d.ratings[l] ?? 0) })),
      { kind: 'pair', left: '  好评率', right: total ? `${((good / total) * 100).toFixed(1)}%` : '—' },
      { kind: 'pair', left: '  差评', right: n(bad) },
      { kind: 'rule' },
      { kind: 'field', label: '打印时间', value: hm(d.printedAt) },
      { kind: 'signature', label: '本人确认' },
    ],
  };
}

const BUILDERS: { [K in ReceiptTemplate]: (d: ReceiptData<K>) => Doc } = {
  ticket,
  acceptance,
  'missing-materials': missingMaterials,
  'conditional-acceptance': conditionalAcceptance,
  'daily-summary': dailySummary,
};

export function buildDoc<T extends ReceiptTemplate>(template: T, data: ReceiptData<T>): Doc {
  return BUILDERS[template](data);
}

export { receiptSchemas };
