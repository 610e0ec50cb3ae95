// The five receipt templates: validated data → Doc. Field lists follow
// ../shared/reference/cases-and-evaluation.md (受理回执, 一次性告知书, 容缺受理, ticket) plus a
// clerk's daily summary.
import { CASE_TYPE_LABELS } from '../../domain/cases/caseTypes';
import { ORIGINAL_OR_COPY_LABELS, RATING_LEVEL_LABELS, receiptSchemas, type ReceiptData, type ReceiptTemplate } from '../../domain/receipts/schemas';
import type { Doc, DocLine } from './doc';
import { docDate, docDateTime } from '../../domain/calendar/hallClock';
import { hallDateTime, hallTime } from '../../domain/calendar/hallTime';
import { receiptWording } from '../../domain/receipts/wording';

type Applicant = ReceiptData<'acceptance'>['applicant'];
type Clerk = ReceiptData<'acceptance'>['clerk'];

// Dates and times: an instant with a zone (ISO …Z / +08:00) is printed in the hall's zone; a local
// "YYYY-MM-DD HH:mm" is already the hall's wall time. 文书 use one form throughout (2026年12月7日).
const isInstant = (dt: string) => /(Z|[+-]\d{2}:?\d{2})$/.test(dt);
const hm = (dt: string, zone?: string) => (isInstant(dt) ? hallDateTime(dt, zone) : dt.replace('T', ' ').slice(0, 16));
const cnDate = docDate;
/** The civil day of a time as printed (for the seal's date). */
const dayOf = (dt: string, zone?: string) => (isInstant(dt) ? hallTime(dt, zone).date : dt.slice(0, 10));
const clerkText = (c: Clerk) => `${c.name}（工号${c.workNo}）`;

// Shared blocks. Optional lines print only when their value is non-empty.
const field = (label: string, value: string): DocLine => ({ kind: 'field', label, value });
const optionalField = (label: string, value: string | undefined): DocLine[] => (value ? [field(label, value)] : []);
const optionalQr = (data: string | undefined, caption: string): DocLine[] => (data ? [{ kind: 'qr', data, caption }] : []);

function applicantFields(a: Applicant): DocLine[] {
  return [
    field('申请人', a.name),
    ...optionalField('单位名称', a.organisation),
    ...optionalField('统一社会信用代码', a.creditCode),
    ...optionalField('证件号码', a.idNumberMasked),
    ...optionalField('联系电话', a.contactMasked),
  ];
}

/** Head of every 文书: title, issuing unit, number, rule, then who applies for which item. */
function documentHead(d: { title: string; documentNo: string; applicant: Applicant; itemName: string }, unit: string): DocLine[] {
  return [
    { kind: 'text', text: d.title, align: 'center', bold: true, size: 'double' },
    { kind: 'text', text: unit, align: 'center' },
    field('文书编号', d.documentNo),
    { kind: 'rule' },
    ...applicantFields(d.applicant),
    field('办理事项', d.itemName),
  ];
}

/** Who handled it where, and whom to call: near the foot of every 文书. */
function staffFields(d: { clerk: Clerk; hallName: string; windowNo: number; contactPhone?: string }, clerkLabel: string, windowLabel: string): DocLine[] {
  return [field(clerkLabel, clerkText(d.clerk)), field(windowLabel, `${d.hallName} ${d.windowNo}号窗口`), ...optionalField('咨询电话', d.contactPhone)];
}

/** The foot of every 文书: the issuing unit with its seal (受理专用章) and the date, right-aligned. */
function sealLines(unit: string, civilDate: string): DocLine[] {
  return [
    { kind: 'feed' },
    { kind: 'text', text: `${unit}（${receiptWording().sealName}）`, align: 'right' },
    { kind: 'text', text: cnDate(civilDate), align: 'right' },
  ];
}

/** A reprint says so on top (补打), so the two papers for one act are told apart. */
export function withReprintMark(doc: Doc): Doc {
  return { lines: [{ kind: 'text', text: receiptWording().reprintMark, align: 'center', bold: true }, ...doc.lines] };
}

function ticket(d: ReceiptData<'ticket'>): Doc {
  return {
    lines: [
      { kind: 'text', text: d.hallName, align: 'center', bold: true },
      ...(d.title ? [{ kind: 'text', text: d.title, align: 'center', bold: true } as const] : []),
      { kind: 'rule' },
      { kind: 'text', text: d.ticketNumber, align: 'center', bold: true, size: 'large' },
      { kind: 'text', text: d.priorityLabel ? `${d.categoryName}（${d.priorityLabel}）` : d.categoryName, align: 'center' },
      ...(d.waitingAhead === undefined ? [] : [{ kind: 'text', text: `您前面还有 ${d.waitingAhead} 人等候`, align: 'center', bold: true } as const]),
      field('取号时间', hm(d.issuedAt, d.timeZone)),
      ...optionalQr(d.queueUrl, '扫码查看排队进度'),
      { kind: 'text', text: d.notice, align: 'center' },
    ],
  };
}

/** 帮办代办: the service a case was accepted under and who handles it for the applicant. */
export function proxyFields(p: { serviceNo: string; agentName: string; agentWorkNo: string } | undefined): DocLine[] {
  return p ? [field('代办服务', p.serviceNo), field('代办员', `${p.agentName}（工号${p.agentWorkNo}）`)] : [];
}

function acceptance(d: ReceiptData<'acceptance'>): Doc {
  return {
    lines: [
      ...documentHead(d, d.acceptanceUnit),
      ...optionalField('事项编码', d.itemCode),
      field('办件编号', d.caseNo),
      ...optionalField('查询码', d.queryCode),
      field('办件类型', CASE_TYPE_LABELS[d.caseType]),
      field('申请日期', cnDate(d.applicationDate)),
      field('受理时间', docDateTime(d.acceptedAt)),
      field('承诺时限', d.promisedDays === 0 ? '即时办结' : `${d.promisedDays}个工作日`),
      field('承诺办结日期', d.promisedDate ? cnDate(d.promisedDate) : '当场办结'),
      { kind: 'rule' },
      { kind: 'text', text: `已收材料（共${d.materials.length}项）：`, bold: true },
      ...d.materials.map((m, i): DocLine => ({
        kind: 'text',
        hang: 3,
        text: `${i + 1}. ${m.name} ${ORIGINAL_OR_COPY_LABELS[m.originalOrCopy]}×${m.count}${m.note ? `（${m.note}）` : ''}`,
      })),
      { kind: 'rule' },
      // The item's own basis (catalogue); none printed rather than a licence law for a non-licence item.
      ...optionalField('法律依据', d.legalBasis),
      ...staffFields(d, '受理人', '受理窗口'),
      ...proxyFields(d.proxy),
      ...d.notes.map((n): DocLine => ({ kind: 'text', hang: 3, text: `※ ${n}` })),
      { kind: 'qr', data: d.caseQrUrl, caption: '扫码查询办件进度' },
      { kind: 'qr', data: d.ratingQrUrl, caption: '扫码评价（好差评）' },
      { kind: 'signature', label: '申请人签字' },
      ...sealLines(d.acceptanceUnit, dayOf(d.acceptedAt)),
    ],
  };
}

function missingMaterials(d: ReceiptData<'missing-materials'>): Doc {
  return {
    lines: [
      ...documentHead(d, d.issuingUnit),
      ...optionalField('办件编号', d.caseNo),
      field('告知日期', cnDate(d.date)),
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
      field('补正期限', `请于${cnDate(d.supplyDeadline)}前补齐`),
      field('逾期后果', d.consequence ?? receiptWording().missingMaterialsConsequence),
      field('法律依据', d.legalBasis),
      ...staffFields(d, '经办人', '窗口'),
      ...optionalQr(d.caseQrUrl, '扫码查看补正要求'),
      { kind: 'signature', label: '申请人签收' },
      ...sealLines(d.issuingUnit, d.date),
    ],
  };
}

function conditionalAcceptance(d: ReceiptData<'conditional-acceptance'>): Doc {
  return {
    lines: [
      ...documentHead(d, d.acceptanceUnit),
      field('办件编号', d.caseNo),
      field('受理时间', docDateTime(d.acceptedAt)),
      ...optionalField('承诺书编号', d.commitmentDocNo),
      { kind: 'rule' },
      { kind: 'text', text: `经审查，您的申请符合容缺受理条件，现予容缺受理。以下材料（共${d.waived.length}项）须在期限内补交：` },
      ...d.waived.flatMap((m, i): DocLine[] => [
        { kind: 'text', bold: true, hang: 3, text: `${i + 1}. ${m.name}` },
        ...(m.requirement ? ([{ kind: 'text', hang: 9, text: `   要求：${m.requirement}` }] as DocLine[]) : []),
      ]),
      field('补交期限', `${cnDate(d.supplyDeadline)}前`),
      field('承诺办结日期', cnDate(d.promisedDate)),
      field('逾期后果', d.consequence),
      ...optionalField('依据', d.legalBasis),
      { kind: 'rule' },
      ...staffFields(d, '受理人', '窗口'),
      ...optionalQr(d.caseQrUrl, '扫码查询办件进度'),
      { kind: 'signature', label: '申请人签字' },
      ...sealLines(d.acceptanceUnit, dayOf(d.acceptedAt)),
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
      field('工作人员', clerkText(d.clerk)),
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
      // An instant: printed in the hall's zone, not the PC's (a UTC build box printed 8 hours off).
      field('打印时间', hallDateTime(d.printedAt, d.timeZone)),
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
