// Case events: a case is an append-only log of these, written at a counter (or by the back
// office through the hall server) and never edited. The envelope is the same for every kind;
// the payload schema depends on the kind. A kind this build does not know is kept as an
// envelope and deferred (applied after an upgrade), never dropped.
import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { civilDateSchema, isIsoInstant, isoInstantSchema } from '../calendar/schemas';
import { checkIdNumber } from '../idNumber';
import { checkCreditCode } from '../creditCode';
import { ratingLevelSchema } from '../api/hall';
import { caseTypeSchema, commitmentSchema } from './caseTypes';
import { caseNoSchema } from './caseNumber';
import { licenceIdSchema, licenceTypeSchema } from '../licences/types';
import { caseEventFastPath } from './eventFastPath';

/** Bump when a new event kind or a payload field is added. */
export const CASE_SCHEMA_VERSION = 3; // 2: terminated (终止办理); 3: packageReceived + received.package (一件事一次办), material lines carry licence / paperFallback (免提交)

const civilDate = civilDateSchema;
const isoInstant = isoInstantSchema;

export const actorSchema = z.object({
  workNo: z.string().min(1).max(32),
  windowNo: z.number().int().nullable(),
});
export type Actor = z.infer<typeof actorSchema>;

export const idTypeSchema = z.enum(['residentId', 'hkmtPermit', 'foreignPr', 'passport', 'other']);

const personSchema = z
  .object({
    name: z.string().trim().min(1, '姓名不能为空').max(50),
    idType: idTypeSchema,
    idNumber: z.string().trim().min(1, '证件号码不能为空').max(32),
    phone: z.string().trim().max(20).optional(),
    /** Set when the hall sent this person masked (a case of another window): the ID is not checkable. */
    masked: z.literal(true).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.idType !== 'residentId' || p.masked) return;
    const check = checkIdNumber(p.idNumber);
    if (!check.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: check.message ?? '身份证号码无效' });
  });

export const applicantSchema = personSchema.and(
  z.object({
    /** 代理人, with his own ID. */
    agent: personSchema.optional(),
    company: z
      .object({ name: z.string().trim().min(1).max(100), creditCode: z.string().trim().max(18) })
      .superRefine((c, ctx) => {
        const check = checkCreditCode(c.creditCode);
        if (!check.ok) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: check.message ?? '统一社会信用代码无效' });
      })
      .optional(),
  }),
);
export type Applicant = z.infer<typeof applicantSchema>;

export const originalOrCopySchema = z.enum(['original', 'copy', 'both', 'electronic']);

const materialLineSchema = z.object({
  name: z.string().min(1).max(200),
  received: z.boolean(),
  originalOrCopy: originalOrCopySchema.optional(),
  count: z.number().int().min(0).max(999).optional(),
  /** 免提交: satisfied by an e-licence fetched with the applicant's consent (identifier only, no document). */
  licence: z
    .object({ licenceId: licenceIdSchema, licenceType: licenceTypeSchema, consentId: z.string().min(8).max(64), fetchedAt: isoInstantSchema })
    .optional(),
  /** The licence service was unavailable and the clerk took paper instead. */
  paperFallback: z.enum(['serviceDown', 'notFound', 'declined']).optional(),
});

export type MaterialLine = z.infer<typeof materialLineSchema>;

/** The receipt's QR token: 128 random bits, base64url. */
const TRACK_TOKEN = /^[A-Za-z0-9_-]{22}$/;

const packageRefSchema = z.object({
  caseId: z.string().min(8).max(64),
  caseNo: caseNoSchema,
  code: z.string().min(1).max(32),
  name: z.string().min(1).max(100),
});

export const payloadSchemas = {
  received: z.object({
    caseNo: caseNoSchema,
    itemCode: z.string().min(1).max(64),
    itemName: z.string().min(1).max(200),
    applicant: applicantSchema,
    materials: z.array(materialLineSchema).default([]),
    ticketId: z.string().max(64).optional(),
    /** The receipt's QR token (128 random bits, base64url): /c/<token> and /r/<token> instead of the sequential case number. */
    trackToken: z.string().regex(TRACK_TOKEN).optional(),
    channel: z.enum(['window', 'online', 'mail', 'walkIn']).default('window'),
    /** A sub-case of a 一件事 package (v3): the package case it belongs to. An older build ignores it. */
    package: packageRefSchema.optional(),
  }),
  /**
   * 一件事一次办 (v3): opens a package case — one application for a life event, one merged
   * materials list, one receipt. Its sub-cases (one per chosen item) are ordinary cases whose
   * 收件 names this case; the package's status follows from theirs (packageStatus.ts).
   */
  packageReceived: z.object({
    caseNo: caseNoSchema,
    packageCode: z.string().min(1).max(32),
    packageName: z.string().min(1).max(100),
    applicant: applicantSchema,
    answers: z
      .array(z.object({ question: z.string().min(1).max(200), answer: z.boolean() }))
      .max(20)
      .default([]),
    subCases: z
      .array(
        z.object({
          caseId: z.string().min(8).max(64),
          caseNo: caseNoSchema,
          itemCode: z.string().min(1).max(64),
          itemName: z.string().min(1).max(200),
          department: z.string().max(100).nullable(),
          promisedDays: z.number().int().min(0).max(3650),
          caseType: caseTypeSchema,
        }),
      )
      .min(1, '一件事至少包含一个事项')
      .max(20),
    materials: z.array(materialLineSchema.extend({ usedBy: z.array(z.string().min(1).max(64)).default([]) })).default([]),
    ticketId: z.string().max(64).optional(),
    trackToken: z.string().regex(TRACK_TOKEN).optional(),
  }),
  accepted: z.object({
    caseType: caseTypeSchema,
    commitment: commitmentSchema.optional(),
    promisedDays: z.number().int().min(0).max(3650),
    sameDay: z.boolean().optional(),
    /** As printed on the receipt (承诺办结日期). The projection recomputes and flags a difference. */
    dueDate: civilDate.nullable(),
    acceptanceDocNo: z.string().max(64).optional(),
  }),
  conditionallyAccepted: z
    .object({
      caseType: caseTypeSchema,
      commitment: commitmentSchema.optional(),
      promisedDays: z.number().int().min(0).max(3650),
      sameDay: z.boolean().optional(),
      dueDate: civilDate.nullable(),
      acceptanceDocNo: z.string().max(64).optional(),
      waivedMaterials: z.array(z.string().min(1).max(200)).min(1, '容缺受理至少要选择一项容缺材料'),
      supplyDeadline: civilDate,
      /** The applicant signed the 容缺受理承诺书. */
      commitmentSigned: z.literal(true, { message: '容缺受理须由申请人签署承诺书' }),
      commitmentDocNo: z.string().max(64).optional(),
    })
    .refine((p) => p.dueDate === null || p.supplyDeadline <= p.dueDate, {
      path: ['supplyDeadline'],
      message: '容缺材料补交期限不能晚于承诺办结日期',
    }),
  materialsRequested: z.object({
    /** 一次性告知: the FULL list, each with what is wrong and what is required. */
    items: z
      .array(z.object({ name: z.string().min(1).max(200), problem: z.enum(['missing', 'incorrect']), requirement: z.string().max(500) }))
      .min(1, '一次性告知至少要列出一项材料'),
    noticeNo: z.string().max(64).optional(),
    supplyBy: civilDate.optional(),
  }),
  materialsSupplemented: z.object({
    materials: z.array(z.string().min(1).max(200)).min(1),
    /** All requested (or waived) materials are now in. */
    complete: z.boolean(),
  }),
  refused: z.object({
    reasonCode: z.string().max(32).optional(),
    reason: z.string().trim().min(1, '不予受理须写明理由').max(500),
    noticeNo: z.string().max(64).optional(),
    /** 不属于本机关职权范围 (reasonCode notCompetent): the authority the applicant must turn to (行政许可法 §32(1)(二)). */
    competentAuthority: z.string().trim().min(1).max(100).optional(),
  }),
  processingStep: z.object({
    step: z.string().min(1).max(50),
    outcome: z.enum(['pass', 'return']),
    handler: z.object({ workNo: z.string().min(1).max(32), name: z.string().max(50).optional() }),
    opinion: z.string().max(1000).default(''),
    startedAt: isoInstant.optional(),
  }),
  suspended: z.object({
    procedure: z.enum(['hearing', 'inspection', 'expertReview', 'testing', 'publicNotice', 'other']),
    reason: z.string().trim().min(1).max(500),
  }),
  resumed: z.object({ note: z.string().max(500).optional() }),
  completed: z.object({
    result: z.enum(['approved', 'denied', 'other']),
    resultText: z.string().max(500).optional(),
    licenceNo: z.string().max(64).optional(),
    mailed: z.boolean().default(false),
  }),
  handedOver: z
    .object({
      method: z.enum(['window', 'mail', 'electronic']),
      trackingNo: z.string().trim().max(64).optional(),
      carrier: z.string().max(50).optional(),
    })
    .refine((p) => p.method !== 'mail' || (p.trackingNo !== undefined && p.trackingNo.length > 0), {
      path: ['trackingNo'],
      message: '邮寄送达须填写快递单号',
    }),
  evaluated: z.object({
    ratingId: z.string().min(8).max(64),
    level: ratingLevelSchema,
    /** 1 first rating, 2 follow-up (追评). */
    ratingCount: z.union([z.literal(1), z.literal(2)]).default(1),
    reasonCodes: z.array(z.string()).default([]),
    reasonListVersion: z.string().optional(),
    channel: z.string().max(32).optional(),
  }),
  withdrawn: z.object({ reason: z.string().trim().min(1, '撤回须写明原因').max(500) }),
  /**
   * 终止办理: the authority ends an accepted case, typically a 容缺 case whose waived materials were
   * not supplied by the deadline (the applicant's commitment is broken). Never silently: a reason.
   */
  terminated: z.object({
    reasonCode: z.enum(['waivedNotSupplied', 'other']).default('other'),
    reason: z.string().trim().min(1, '终止办理须写明理由').max(500),
  }),
} as const;

export type CaseEventKind = keyof typeof payloadSchemas;
export const CASE_EVENT_KINDS = Object.keys(payloadSchemas) as CaseEventKind[];
export type CasePayload<K extends CaseEventKind> = z.infer<(typeof payloadSchemas)[K]>;

export const CASE_EVENT_LABELS: Record<CaseEventKind, string> = {
  received: '收件',
  packageReceived: '一件事收件',
  accepted: '受理',
  conditionallyAccepted: '容缺受理',
  materialsRequested: '一次性告知（补齐补正）',
  materialsSupplemented: '补交材料',
  refused: '不予受理',
  processingStep: '办理',
  suspended: '挂起（特别程序）',
  resumed: '恢复办理',
  completed: '办结',
  handedOver: '出件/送达',
  evaluated: '评价',
  withdrawn: '撤回',
  terminated: '终止办理',
};

export const eventEnvelopeSchema = z.object({
  id: z.string().min(8).max(64),
  caseId: z.string().min(8).max(64),
  deviceId: z.string().min(1).max(64),
  seq: z.number().int().positive(),
  kind: z.string().min(1).max(64),
  /** Device clock: recorded, never trusted for ordering. */
  at: isoInstant,
  actor: actorSchema,
  payload: z.unknown(),
  schemaVersion: z.number().int().positive(),
  /** Assigned by the hall server on ingest; the authoritative order. */
  serverVersion: z.number().int().positive().optional(),
});
export type CaseEventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export type CaseEvent = { [K in CaseEventKind]: Omit<CaseEventEnvelope, 'kind' | 'payload'> & { kind: K; payload: CasePayload<K> } }[CaseEventKind];
export type CaseEventOf<K extends CaseEventKind> = Extract<CaseEvent, { kind: K }>;

export function isKnownKind(kind: string): kind is CaseEventKind {
  return Object.prototype.hasOwnProperty.call(payloadSchemas, kind);
}

export type ParsedCaseEvent =
  | { status: 'ok'; event: CaseEvent }
  /** Unknown kind from a newer schema: store it, skip it in projection, apply after upgrade. */
  | { status: 'deferred'; event: CaseEventEnvelope }
  | { status: 'invalid'; code: string; message: string; issues: { path: string; message: string }[] };

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** What a build knows: its schema version and its kinds (tests stand in an older build with it). */
export interface CaseEventReader {
  version: number;
  knows: (kind: string) => boolean;
}
const THIS_BUILD: CaseEventReader = { version: CASE_SCHEMA_VERSION, knows: isKnownKind };

const optionsOf = (s: { options: readonly string[] } | { unwrap: () => unknown }): readonly string[] =>
  'options' in s ? s.options : optionsOf(s.unwrap() as { options: readonly string[] });
/** The hand-written fast path (eventFastPath.ts): this file's schemas, without zod per field; null = ask zod. */
const fastCaseEvent = caseEventFastPath({
  isInstant: isIsoInstant,
  trackToken: TRACK_TOKEN,
  licence: materialLineSchema.shape.licence,
  enums: {
    idType: idTypeSchema.options,
    originalOrCopy: originalOrCopySchema.options,
    paperFallback: optionsOf(materialLineSchema.shape.paperFallback),
    channel: optionsOf(payloadSchemas.received.shape.channel),
    caseType: caseTypeSchema.options,
    commitment: commitmentSchema.options,
    problem: optionsOf(payloadSchemas.materialsRequested.shape.items.element.shape.problem),
    outcome: optionsOf(payloadSchemas.processingStep.shape.outcome),
    procedure: optionsOf(payloadSchemas.suspended.shape.procedure),
    result: optionsOf(payloadSchemas.completed.shape.result),
    method: optionsOf(payloadSchemas.handedOver.shape.method),
    ratingLevel: ratingLevelSchema.options,
    terminatedReason: optionsOf(payloadSchemas.terminated.shape.reasonCode),
  },
});

/** The fast path alone: the event, or null where parseCaseEvent asks zod (for the equivalence test). */
export const caseEventFast = (raw: unknown): CaseEvent | null => fastCaseEvent(raw);

/** Validate one event from the wire or the database. Never throws. */
export function parseCaseEvent(raw: unknown, reader: CaseEventReader = THIS_BUILD): ParsedCaseEvent {
  if (reader === THIS_BUILD) {
    const event = fastCaseEvent(raw);
    if (event) return { status: 'ok', event };
  }
  return parseCaseEventWithZod(raw, reader);
}

/**
 * parseCaseEvent of the event with `serverVersion` set (the uplink body carries it beside the
 * event): the same result as parseCaseEvent({ ...event, serverVersion }), without the copy.
 */
export function parseCaseEventAt(event: unknown, serverVersion: number): ParsedCaseEvent {
  const fast = fastCaseEvent(event, serverVersion);
  if (fast) return { status: 'ok', event: fast };
  return parseCaseEventWithZod({ ...(event as object), serverVersion });
}

/** parseCaseEvent by the zod schemas alone (what the fast path must equal; the tests compare them). */
export function parseCaseEventWithZod(raw: unknown, reader: CaseEventReader = THIS_BUILD): ParsedCaseEvent {
  const env = eventEnvelopeSchema.safeParse(raw);
  if (!env.success) {
    return { status: 'invalid', code: 'CASE_EVENT_INVALID', message: '办件事件格式不正确', issues: issuesOf(env.error) };
  }
  const e = env.data;
  if (!isKnownKind(e.kind) || !reader.knows(e.kind)) {
    if (e.schemaVersion > reader.version) return { status: 'deferred', event: e };
    return { status: 'invalid', code: 'CASE_EVENT_UNKNOWN_KIND', message: `未知的办件事件类型：${e.kind}`, issues: [] };
  }
  const payload = payloadSchemas[e.kind].safeParse(e.payload);
  if (!payload.success) {
    // A newer writer may have changed a known kind in a way this build cannot read: keep it.
    if (e.schemaVersion > reader.version) return { status: 'deferred', event: e };
    return {
      status: 'invalid',
      code: 'CASE_EVENT_PAYLOAD_INVALID',
      message: `“${CASE_EVENT_LABELS[e.kind]}”事件内容不正确：${payload.error.issues[0]?.message ?? ''}`,
      issues: issuesOf(payload.error),
    };
  }
  return { status: 'ok', event: { ...e, kind: e.kind, payload: payload.data } as CaseEvent };
}

export interface NewCaseEventInput<K extends CaseEventKind> {
  caseId: string;
  deviceId: string;
  seq: number;
  kind: K;
  at: string;
  actor: Actor;
  payload: z.input<(typeof payloadSchemas)[K]>;
}

export class CaseEventError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'CaseEventError';
  }
}

/** Build and validate a new event at a counter. Throws CaseEventError with a Chinese message. */
export function createCaseEvent<K extends CaseEventKind>(input: NewCaseEventInput<K>, newId: () => string = uuidv7): CaseEventOf<K> {
  const parsed = parseCaseEvent({ ...input, id: newId(), schemaVersion: CASE_SCHEMA_VERSION });
  if (parsed.status !== 'ok') {
    const p = parsed.status === 'invalid' ? parsed : { code: 'CASE_EVENT_INVALID', message: '办件事件格式不正确', issues: [] };
    throw new CaseEventError(p.code, p.message, p.issues);
  }
  return parsed.event as CaseEventOf<K>;
}

/** A new case id (UUIDv7: time-ordered, unique without coordination). */
export function newCaseId(newId: () => string = uuidv7): string {
  return newId();
}
