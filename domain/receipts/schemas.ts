// The data each printed receipt is rendered from. The counter core builds these objects from its
// cases, tickets and statistics; native/printer renders them (ESC/POS + HTML preview). Everything a
// template prints is here, explicitly; nothing is looked up at print time.
import { z } from 'zod';
import { civilDateSchema, printedDateTimeSchema } from '../calendar/schemas';
import { caseTypeSchema } from '../cases/caseTypes';
import { originalOrCopySchema } from '../cases/events';
import { ratingLevelSchema } from '../api/hall';

/** QR payloads must be printable ASCII (node-thermal-printer sizes QR data by .length). */
export const asciiUrlSchema = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[\x20-\x7e]+$/, '二维码内容只能是 ASCII（例如带办件编号的网址）');

const civilDate = civilDateSchema;
/** ISO 8601 instant or local date-time as printed (YYYY-MM-DD HH:mm[:ss]). */
const dateTime = printedDateTimeSchema;

export const receiptClerkSchema = z.object({ name: z.string().min(1).max(50), workNo: z.string().min(1).max(32) });

export const receiptApplicantSchema = z.object({
  name: z.string().min(1).max(100),
  /** Already masked by the core (110105********002X); receipts never carry a full number. */
  idNumberMasked: z.string().max(40).optional(),
  /** Already masked (138****5678). */
  contactMasked: z.string().max(40).optional(),
  /** For organisations: the unit name and credit code. */
  organisation: z.string().max(200).optional(),
  creditCode: z.string().max(18).optional(),
});

export const receiptMaterialSchema = z.object({
  name: z.string().min(1).max(200),
  count: z.number().int().min(0).max(999).default(1),
  originalOrCopy: originalOrCopySchema.default('copy'),
  note: z.string().max(200).optional(),
});

/** 排队号: number, category, people waiting ahead, issue time, hall name. */
export const ticketReceiptSchema = z.object({
  hallName: z.string().min(1).max(100),
  ticketNumber: z.string().min(1).max(10),
  categoryName: z.string().min(1).max(50),
  /** Printed under the hall's name (the counter's 手机跟踪凭条); the kiosk's ticket has none. */
  title: z.string().min(1).max(40).optional(),
  /** Absent on a slip printed at the window (the citizen is already there). */
  waitingAhead: z.number().int().min(0).optional(),
  issuedAt: dateTime,
  /** e.g. 绿色通道 / 预约 */
  priorityLabel: z.string().max(20).optional(),
  /** Where to follow the queue on a phone. */
  queueUrl: asciiUrlSchema.optional(),
  notice: z.string().max(200).default('请留意叫号，过号请重新取号'),
  /** The hall's zone: an ISO issuedAt is printed in it. */
  timeZone: z.string().min(1).max(64).optional(),
});

/** 受理回执 / 受理通知书 */
export const acceptanceReceiptSchema = z.object({
  title: z.string().max(40).default('受理回执'),
  documentNo: z.string().min(1).max(64),
  hallName: z.string().min(1).max(100),
  /** 受理单位 */
  acceptanceUnit: z.string().min(1).max(100),
  applicant: receiptApplicantSchema,
  itemName: z.string().min(1).max(200),
  itemCode: z.string().max(64).optional(),
  caseNo: z.string().min(1).max(50),
  /** 查询码 for phone / web lookup */
  queryCode: z.string().max(32).optional(),
  caseType: caseTypeSchema,
  applicationDate: civilDate,
  acceptedAt: dateTime,
  /** The item's legal basis (catalogue field); absent for an item without one (none printed). */
  legalBasis: z.string().min(1).max(1000).optional(),
  /** 帮办代办: the service the case was accepted under and its 代办员 (issue 16). */
  proxy: z.object({ serviceNo: z.string().min(1).max(32), agentName: z.string().min(1).max(40), agentWorkNo: z.string().min(1).max(16) }).optional(),
  materials: z.array(receiptMaterialSchema).min(1),
  clerk: receiptClerkSchema,
  windowNo: z.number().int().min(1),
  /** Working days; 0 for 即办件. */
  promisedDays: z.number().int().min(0),
  /** 承诺办结日期; null for 即办件 finished on the spot. */
  promisedDate: civilDate.nullable(),
  caseQrUrl: asciiUrlSchema,
  ratingQrUrl: asciiUrlSchema,
  contactPhone: z.string().max(40).optional(),
  notes: z.array(z.string().max(200)).default([]),
});

/** 一次性告知书 / 补正材料通知书: the FULL list, each with its requirement. */
export const missingMaterialsSchema = z.object({
  title: z.string().max(40).default('一次性告知书'),
  documentNo: z.string().min(1).max(64),
  hallName: z.string().min(1).max(100),
  issuingUnit: z.string().min(1).max(100),
  applicant: receiptApplicantSchema,
  itemName: z.string().min(1).max(200),
  caseNo: z.string().max(50).optional(),
  date: civilDate,
  clerk: receiptClerkSchema,
  windowNo: z.number().int().min(1),
  legalBasis: z.string().min(1).max(500),
  items: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        problem: z.enum(['missing', 'incorrect']),
        requirement: z.string().min(1).max(500),
        count: z.number().int().min(1).max(999).optional(),
        originalOrCopy: originalOrCopySchema.optional(),
      }),
    )
    .min(1, '一次性告知书至少要列出一项材料'),
  supplyDeadline: civilDate,
  /** What happens if the materials are not supplied in time (default: the hall's wording table). */
  consequence: z.string().min(1).max(500).optional(),
  contactPhone: z.string().max(40).optional(),
  caseQrUrl: asciiUrlSchema.optional(),
});

/** 容缺受理通知书 */
export const conditionalAcceptanceSchema = z
  .object({
    title: z.string().max(40).default('容缺受理通知书'),
    documentNo: z.string().min(1).max(64),
    hallName: z.string().min(1).max(100),
    acceptanceUnit: z.string().min(1).max(100),
    applicant: receiptApplicantSchema,
    itemName: z.string().min(1).max(200),
    caseNo: z.string().min(1).max(50),
    acceptedAt: dateTime,
    clerk: receiptClerkSchema,
    windowNo: z.number().int().min(1),
    legalBasis: z.string().max(500).optional(),
    waived: z.array(z.object({ name: z.string().min(1).max(200), requirement: z.string().max(500).default('') })).min(1, '容缺受理至少要列出一项容缺材料'),
    supplyDeadline: civilDate,
    promisedDate: civilDate,
    consequence: z.string().min(1).max(500),
    /** Number of the signed 容缺受理承诺书. */
    commitmentDocNo: z.string().max(64).optional(),
    caseQrUrl: asciiUrlSchema.optional(),
    contactPhone: z.string().max(40).optional(),
  })
  .refine((d) => d.supplyDeadline <= d.promisedDate, {
    path: ['supplyDeadline'],
    message: '容缺材料补交期限不能晚于承诺办结日期',
  });

/** Clerk's 日结单. */
export const dailySummarySchema = z.object({
  hallName: z.string().min(1).max(100),
  date: civilDate,
  clerk: receiptClerkSchema,
  windowNo: z.number().int().min(1),
  tickets: z.object({
    served: z.number().int().min(0),
    noShow: z.number().int().min(0),
    transferred: z.number().int().min(0),
  }),
  cases: z.object({
    received: z.number().int().min(0),
    accepted: z.number().int().min(0),
    conditionallyAccepted: z.number().int().min(0),
    refused: z.number().int().min(0),
    completed: z.number().int().min(0),
    missingNotices: z.number().int().min(0),
    overdue: z.number().int().min(0),
  }),
  avgServiceMinutes: z.number().min(0).nullable(),
  avgWaitMinutes: z.number().min(0).nullable(),
  ratings: z.record(ratingLevelSchema, z.number().int().min(0)),
  /** An instant (ISO); printed in `timeZone`, the hall's zone. */
  printedAt: dateTime,
  timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
});

export const receiptSchemas = {
  ticket: ticketReceiptSchema,
  acceptance: acceptanceReceiptSchema,
  'missing-materials': missingMaterialsSchema,
  'conditional-acceptance': conditionalAcceptanceSchema,
  'daily-summary': dailySummarySchema,
} as const;

export type ReceiptTemplate = keyof typeof receiptSchemas;
export const receiptTemplates = Object.keys(receiptSchemas) as ReceiptTemplate[];

export type TicketReceipt = z.input<typeof ticketReceiptSchema>;
export type AcceptanceReceipt = z.input<typeof acceptanceReceiptSchema>;
export type MissingMaterialsNotice = z.input<typeof missingMaterialsSchema>;
export type ConditionalAcceptanceNotice = z.input<typeof conditionalAcceptanceSchema>;
export type DailySummary = z.input<typeof dailySummarySchema>;

export type ReceiptInput<T extends ReceiptTemplate> = z.input<(typeof receiptSchemas)[T]>;
export type ReceiptData<T extends ReceiptTemplate> = z.output<(typeof receiptSchemas)[T]>;

export const RECEIPT_TEMPLATE_LABELS: Record<ReceiptTemplate, string> = {
  ticket: '排队号票',
  acceptance: '受理回执',
  'missing-materials': '一次性告知书',
  'conditional-acceptance': '容缺受理通知书',
  'daily-summary': '日结单',
};

export const ORIGINAL_OR_COPY_LABELS = { original: '原件', copy: '复印件', both: '原件及复印件', electronic: '电子件' } as const;

export const RATING_LEVEL_LABELS = {
  verySatisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  veryDissatisfied: '非常不满意',
} as const;
