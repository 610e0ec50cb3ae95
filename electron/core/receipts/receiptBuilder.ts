// Case → receipt data for native/printer's templates (受理回执, 一次性告知书, 容缺受理通知书) and the
// 不予受理通知书, which has no shared template yet and is laid out here with the same Doc model.
// Receipts carry masked ID and phone only (the template schemas insist on it).
import { docDate, hallDateTime, hallTime } from '../../../domain/calendar';
import { NOT_COMPETENT, materialNote, receiptWording, refusalBasisFor } from '../../../domain/receipts/wording';
import { queryCodeOf, type CaseRow } from '../../../domain/cases';
import { maskIdNumber, maskPhone } from '../../../domain/idNumber';
import type { AcceptanceReceipt, ConditionalAcceptanceNotice, MissingMaterialsNotice } from '../../../domain/receipts/schemas';
import type { Doc, DocLine } from '../../../native/printer/doc';
import type { CounterItem } from '../catalogue/catalogueService';

export interface ReceiptContext {
  hallName: string;
  unit: string;
  windowNo: number;
  clerk: { name: string; workNo: string };
  /** Base of the QR links (case lookup, rating); ASCII. */
  publicBaseUrl: string;
  contactPhone?: string;
  /** The hall's zone (IANA): every time on paper is its wall time. */
  timeZone?: string;
}

/** 行政许可 (GB/T 39554.1 kind 01): only these fall back to the licence law when the item names no basis. */
const LICENCE_KIND = '01';

/** The legal basis printed for an item: its own (catalogue), else the licence law for a licence, else none. */
export function itemLegalBasis(item: Pick<CounterItem, 'legalBasis' | 'itemKind'> | null): string | undefined {
  if (item?.legalBasis) return item.legalBasis;
  return item?.itemKind === LICENCE_KIND ? receiptWording().licenceAcceptanceBasis : undefined;
}

function applicant(row: CaseRow) {
  const a = row.applicant!;
  return {
    name: a.company ? `${a.name}${a.agent ? `（代理人：${a.agent.name}）` : ''}` : a.agent ? `${a.name}（代理人：${a.agent.name}）` : a.name,
    idNumberMasked: maskIdNumber(a.idNumber),
    ...(a.phone ? { contactMasked: maskPhone(a.phone) } : {}),
    ...(a.company ? { organisation: a.company.name, creditCode: a.company.creditCode } : {}),
  };
}

const docNo = (prefix: string, row: CaseRow) => `${prefix}${row.caseNo}`;
// The QR codes carry the case's random token, never the sequential case number (anyone could
// walk those). A case received before tokens existed gets the hall's lookup page instead.
const caseUrl = (ctx: ReceiptContext, row: CaseRow) => (row.trackToken ? `${ctx.publicBaseUrl}/c/${row.trackToken}` : `${ctx.publicBaseUrl}/c/`);
const rateUrl = (ctx: ReceiptContext, row: CaseRow) => (row.trackToken ? `${ctx.publicBaseUrl}/r/${row.trackToken}` : `${ctx.publicBaseUrl}/c/`);

type Head<UnitKey extends string> = { title: string; documentNo: string; hallName: string; applicant: ReturnType<typeof applicant>; itemName: string } & Record<
  UnitKey,
  string
>;

/** The fields every 文书 opens with, in the schemas' order (the stored print job keeps it). */
function documentHead<UnitKey extends 'acceptanceUnit' | 'issuingUnit'>(
  title: string,
  prefix: string,
  unitKey: UnitKey,
  row: CaseRow,
  item: CounterItem | null,
  ctx: ReceiptContext,
): Head<UnitKey> {
  return {
    title,
    documentNo: docNo(prefix, row),
    hallName: ctx.hallName,
    [unitKey]: item?.department ?? ctx.unit,
    applicant: applicant(row),
    itemName: row.itemName!,
  } as Head<UnitKey>;
}

/** The item's catalogue entry for a material (count, form, requirement), looked up by name. */
function catalogueMaterial(item: CounterItem | null): (name: string) => CounterItem['materials'][number] | undefined {
  const byName = new Map(item?.materials.map((m) => [m.name, m]) ?? []);
  return (name) => byName.get(name);
}

export function acceptanceData(row: CaseRow, item: CounterItem | null, ctx: ReceiptContext): AcceptanceReceipt {
  const received = row.materials.filter((m) => m.received);
  const exempt = received.filter((m) => m.licence).length;
  return {
    ...documentHead('受理回执', 'SL', 'acceptanceUnit', row, item, ctx),
    itemCode: row.itemCode ?? undefined,
    caseNo: row.caseNo!,
    queryCode: queryCodeOf(row.caseNo!),
    caseType: row.caseType ?? 'committed',
    applicationDate: hallTime(row.receivedAt!, ctx.timeZone).date,
    acceptedAt: hallDateTime(row.acceptedAt ?? row.receivedAt!, ctx.timeZone),
    legalBasis: itemLegalBasis(item),
    materials: (received.length ? received : row.materials).map((m) => {
      const note = materialNote(m);
      return { name: m.name, count: m.count ?? 1, originalOrCopy: (m.originalOrCopy ?? 'copy') as 'copy', ...(note ? { note } : {}) };
    }),
    clerk: ctx.clerk,
    windowNo: ctx.windowNo,
    promisedDays: row.caseType === 'immediate' ? 0 : (row.promisedDays ?? 0),
    promisedDate: row.caseType === 'immediate' ? null : row.printedDueDate,
    caseQrUrl: caseUrl(ctx, row),
    ratingQrUrl: rateUrl(ctx, row),
    contactPhone: ctx.contactPhone,
    notes: [
      ...(row.conditional ? [`容缺受理：请于 ${row.conditional.supplyDeadline} 前补交容缺材料`] : []),
      ...(exempt ? [receiptWording().licenceExemptFootnote.replace('{n}', String(exempt))] : []),
    ],
  };
}

export function missingMaterialsData(row: CaseRow, item: CounterItem | null, ctx: ReceiptContext, supplyDeadline: string): MissingMaterialsNotice {
  const fromCatalogue = catalogueMaterial(item);
  return {
    ...documentHead('一次性告知书', 'GZ', 'issuingUnit', row, item, ctx),
    caseNo: row.caseNo!,
    date: hallTime(row.timeline.at(-1)?.at ?? row.receivedAt!, ctx.timeZone).date,
    clerk: ctx.clerk,
    windowNo: ctx.windowNo,
    legalBasis: receiptWording().missingMaterialsBasis,
    consequence: receiptWording().missingMaterialsConsequence,
    items: row.missingMaterials.map((m) => {
      const cat = fromCatalogue(m.name);
      return {
        name: m.name,
        problem: m.problem,
        requirement: m.requirement || cat?.requirement || '请按要求提供',
        ...(cat ? { count: Math.max(1, cat.count), originalOrCopy: cat.originalOrCopy } : {}),
      };
    }),
    supplyDeadline,
    contactPhone: ctx.contactPhone,
    caseQrUrl: caseUrl(ctx, row),
  };
}

export function conditionalData(row: CaseRow, item: CounterItem | null, ctx: ReceiptContext): ConditionalAcceptanceNotice {
  const fromCatalogue = catalogueMaterial(item);
  return {
    ...documentHead('容缺受理通知书', 'RQ', 'acceptanceUnit', row, item, ctx),
    caseNo: row.caseNo!,
    acceptedAt: hallDateTime(row.acceptedAt!, ctx.timeZone),
    clerk: ctx.clerk,
    windowNo: ctx.windowNo,
    legalBasis: itemLegalBasis(item),
    waived: row.conditional!.waivedMaterials.map((n) => ({ name: n, requirement: fromCatalogue(n)?.requirement ?? '' })),
    supplyDeadline: row.conditional!.supplyDeadline,
    promisedDate: row.printedDueDate!,
    consequence: receiptWording().conditionalConsequence,
    commitmentDocNo: docNo('CN', row),
    caseQrUrl: caseUrl(ctx, row),
    contactPhone: ctx.contactPhone,
  };
}

/**
 * 不予受理通知书 (laid out with the shared Doc model): the reason, its legal basis by reason code
 * (行政许可法 §32(1)), for 不属于本机关职权范围 the authority to apply to, the appeal notice, the seal.
 */
export function refusalDoc(row: CaseRow, item: CounterItem | null, ctx: ReceiptContext): Doc {
  const a = applicant(row);
  const w = receiptWording();
  const unit = item?.department ?? ctx.unit;
  const day = hallTime(row.timeline.at(-1)?.at ?? row.receivedAt!, ctx.timeZone).date;
  const authority = row.refusal?.reasonCode === NOT_COMPETENT ? row.refusal.competentAuthority : null;
  const lines: DocLine[] = [
    { kind: 'text', text: '不予受理通知书', align: 'center', bold: true, size: 'double' },
    { kind: 'text', text: unit, align: 'center' },
    { kind: 'field', label: '文书编号', value: docNo('BY', row) },
    { kind: 'rule' },
    { kind: 'field', label: '申请人', value: a.name },
    ...(a.organisation ? ([{ kind: 'field', label: '单位名称', value: a.organisation }] as DocLine[]) : []),
    { kind: 'field', label: '证件号码', value: a.idNumberMasked },
    { kind: 'field', label: '申请事项', value: row.itemName! },
    { kind: 'field', label: '办件编号', value: row.caseNo! },
    { kind: 'field', label: '日期', value: docDate(day) },
    { kind: 'rule' },
    { kind: 'text', text: '经审查，您的申请不予受理，理由如下：', bold: true },
    { kind: 'text', text: row.refusal?.reason ?? '', hang: 2 },
    ...(authority ? ([{ kind: 'text', text: w.competentAuthorityText.replace('{authority}', authority), bold: true, hang: 2 }] as DocLine[]) : []),
    { kind: 'field', label: '法律依据', value: refusalBasisFor(row.refusal?.reasonCode) },
    { kind: 'text', text: w.appeal, hang: 0 },
    { kind: 'field', label: '经办人', value: `${ctx.clerk.name}（工号${ctx.clerk.workNo}）` },
    { kind: 'field', label: '窗口', value: `${ctx.hallName} ${ctx.windowNo}号窗口` },
    { kind: 'signature', label: '申请人签收' },
    { kind: 'feed' },
    { kind: 'text', text: `${unit}（${w.sealName}）`, align: 'right' },
    { kind: 'text', text: docDate(day), align: 'right' },
  ];
  return { lines };
}
