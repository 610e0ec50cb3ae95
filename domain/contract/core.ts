// THE contract between a counter core and its UIs (counter window, pad window / tablet).
// Every method: zod input schema + output type. Every pushed event: payload type.
// Hosts validate inputs against these schemas; the renderer sees only the generated bridge.
import { z } from 'zod';
import { civilDateSchema } from '../calendar/schemas';
import { method, event, type ApiOf, type EventHandlers } from './define';
import type { CategoryView, QueueSnapshot, RatingLevel, StaffCard, SuspendedTicket, Ticket, WindowView } from '../api/hall';
import { ratingLevelSchema, finishOutcomeSchema } from '../api/hall';
import { leavePhoneSchema, type TicketTrack } from '../api/track';
import { licenceTypeSchema, type LicenceType } from '../licences/types';
import { problemRecordSchema, type ProblemView, type ProxyServiceView } from '../api/practices';

export interface SessionState {
  windowNo: number;
  deviceId: string;
  hallUrl: string;
  online: boolean;
  clerk: StaffCard | null;
  /** true when the clerk signed in offline with the cached verifier. */
  offlineSignIn: boolean;
  /** A hall manager's authorisation for admin actions at this window, until `until` (ISO); null when locked. */
  managerUnlock?: ManagerUnlockState | null;
}

export interface ManagerUnlockState {
  workNo: string;
  name: string;
  until: string;
}

export interface QueueView {
  online: boolean;
  version: number;
  window: WindowView | null;
  categories: CategoryView[];
  current: Ticket | null;
  hallName: string;
  /** This window's 挂起 tickets (reason, time), oldest first: F6 or the list calls one back. */
  suspended: SuspendedTicket[];
  /** The hall's time zone (IANA) for times shown and printed. */
  timeZone: string;
}

export type PadPhase = 'idle' | 'rating' | 'thanks' | 'consent';

/** What the pad shows when the clerk asks the citizen to authorise fetching his e-licences. */
export interface PadConsentRequest {
  requestId: string;
  /** The holder as the pad may show him: masked name only. */
  holderMasked: string;
  itemName: string | null;
  licences: { licenceType: LicenceType; label: string }[];
  /** How long the consent will last once given (minutes). */
  validMinutes: number;
  /** ms epoch after which the question lapses. */
  expiresAt: number;
}

/** A recorded consent as the counter sees it (no holder data). */
export interface LicenceConsentView {
  consentId: string;
  caseRef: string;
  via: 'pad' | 'showCode';
  licenceTypes: LicenceType[];
  grantedAt: string;
  expiresAt: string;
  declined: boolean;
}

/** One fetched licence, for the checklist (number masked; the document stays in the core). */
export interface FetchedLicenceView {
  fetchId: string;
  material: string;
  licenceId: string;
  licenceType: LicenceType;
  name: string;
  numberMasked: string;
  issuer: string;
  validFrom: string;
  validTo: string | null;
  fetchedAt: string;
  consentId: string;
  mimeType: string;
  bytes: number;
}

export interface RatingReason {
  code: string;
  label: string;
}

export interface PadState {
  phase: PadPhase;
  windowNo: number;
  clerk: StaffCard | null;
  request: {
    requestId: string;
    ticketNumber: string | null;
    serviceName: string | null;
    /** ms epoch after which the request lapses back to idle. */
    expiresAt: number;
  } | null;
  reasons: { version: string; bad: RatingReason[] };
  /** Phase 'consent': the e-licence fetch the citizen is asked to authorise. */
  consent?: PadConsentRequest | null;
}

export interface DeviceStatus {
  kind: 'idReader' | 'printer' | 'evaluator' | 'led';
  state: 'ok' | 'offline' | 'error' | 'absent';
  message: string;
  code?: string;
}

export interface SyncStatus {
  online: boolean;
  pending: number;
  deadLetters: number;
  lastSuccessAt: string | null;
  /** A large backlog being flushed (for the progress bar); null when none. */
  backlog?: { total: number; sent: number } | null;
  /** Last transport problem, in Chinese (e.g. 无法连接大厅服务器); null when fine. */
  lastError?: string | null;
  /** Server version this counter has pulled up to. */
  pulledVersion?: number;
  /** This PC's clock minus the server's, as the server measured it (null before a push). */
  clockSkewMs?: number | null;
}

/** A local event the hall server rejected permanently (4xx): visible until a person resolves it. */
export interface DeadLetter {
  id: string;
  stream: string;
  streamId: string;
  kind: string;
  seq: number;
  at: string;
  code: string;
  message: string;
  resolvedAt: string | null;
  resolvedNote: string | null;
}

// ---- The counter's own shapes (issue 5) ----

/** What the renderer learns about the card on the reader: never the full ID number. */
export interface CardView {
  cardId: string;
  kindLabel: string;
  name: string;
  idMasked: string;
  sex: string;
  birthDate: string | null;
  expired: boolean;
  idNumberValid: boolean | null;
  problem: string | null;
  readAt: string;
  photo: 'unavailable' | 'available';
}

export interface CatalogueMaterialView {
  name: string;
  originalOrCopy: 'original' | 'copy' | 'both' | 'electronic';
  count: number;
  mayBeWaived: boolean;
  required: boolean;
  requirement: string;
  /** 免提交: the e-licence type that satisfies it, and its Chinese name. */
  licenceType?: LicenceType;
  licenceLabel?: string;
}

export interface CatalogueItemView {
  code: string;
  name: string;
  category: string;
  department: string | null;
  caseType: 'immediate' | 'committed' | 'reported' | 'joint' | 'other';
  caseTypeLabel: string;
  commitment: 'instant' | 'sameDay' | 'timeLimited' | 'agency' | null;
  commitmentLabel: string | null;
  promisedDays: number;
  legalDays: number;
  fee: string;
  legalBasis: string | null;
  materials: CatalogueMaterialView[];
}

/** A 一件事 package as the counter lists it. */
export interface PackageView {
  code: string;
  name: string;
  leadDepartment: string | null;
  description: string | null;
  questions: { id: string; text: string; defaultAnswer: boolean }[];
  itemCount: number;
}

/** A package with the clerk's answers: the chosen items and the merged materials list (一套材料). */
export interface PackagePlanView {
  code: string;
  name: string;
  items: CatalogueItemView[];
  materials: (CatalogueMaterialView & { usedBy: { code: string; name: string }[] })[];
}

/** The package a case belongs to, or the sub-cases of a package case (for the case drawer). */
export interface CasePackageView {
  caseId: string;
  caseNo: string;
  name: string;
  statusLabel: string | null;
  dueDate: string | null;
  subCases: {
    caseId: string;
    caseNo: string;
    itemName: string;
    department: string | null;
    promisedDays: number;
    status: string;
    statusLabel: string;
    dueDate: string | null;
  }[];
}

export interface CatalogueStatus {
  count: number;
  source: 'server' | 'cache' | 'none';
  fetchedAt: string | null;
  message: string | null;
}

export type DeadlineMark = 'ok' | 'dueSoon' | 'dueToday' | 'overdue' | 'notAccepted' | 'stopped' | 'completed' | 'closed';

export interface CaseListEntry {
  caseId: string;
  caseNo: string;
  itemName: string;
  status: string;
  statusLabel: string;
  caseTypeLabel: string | null;
  /** The case type's code (the UI labels it in its language; caseTypeLabel is the Chinese one). */
  caseType?: string | null;
  applicantMasked: string;
  idMasked: string;
  receivedAt: string;
  dueDate: string | null;
  mark: DeadlineMark;
  workingDaysLeft: number | null;
  overdueDays: number;
  clerkWorkNo: string;
  windowNo: number;
  rated: boolean;
  supplyOverdue: boolean;
}

export interface ReceiptRecord {
  jobId: string;
  template: string;
  label: string;
  state: string;
  at: string;
  attempts: number;
  error: string | null;
}

export interface CaseDetail extends CaseListEntry {
  itemCode: string;
  promisedDays: number | null;
  printedDueDate: string | null;
  clockStopped: boolean;
  workingDaysLeftAtStop: number | null;
  materials: {
    name: string;
    received: boolean;
    originalOrCopy?: string;
    count?: number;
    licence?: { licenceId: string; licenceType: string; consentId: string };
    paperFallback?: string;
  }[];
  missingMaterials: { name: string; problem: 'missing' | 'incorrect'; requirement: string }[];
  conditional: { waivedMaterials: string[]; outstanding: string[]; supplyDeadline: string } | null;
  refusal: { reason: string } | null;
  handover: { method: string; trackingNo: string | null; carrier: string | null } | null;
  timeline: {
    eventId: string;
    kind?: string;
    label: string;
    at: string;
    actor: { workNo: string; windowNo: number | null };
    summary: string;
    outcome: string;
    synced: boolean;
    remote: boolean;
  }[];
  warnings: { code: string; message: string }[];
  allowed: string[];
  /** Actions the case's state would allow but a rule refuses now, with the rule's Chinese message (容缺 materials owed …). */
  blocked: { action: string; code: string; message: string }[];
  termination: { reason: string; reasonCode: string } | null;
  /** 一件事: this case is a package (its sub-cases) or part of one (the package and its siblings). */
  package?: (CasePackageView & { role: 'package' | 'subCase' }) | null;
  receipts: ReceiptRecord[];
  agentName: string | null;
  companyName: string | null;
  phoneMasked: string | null;
}

export interface CaseResult {
  caseId: string;
  caseNo: string;
  status: string;
  statusLabel: string;
  dueDate: string | null;
  warnings: { code: string; message: string }[];
  printed: ReceiptRecord[];
  /** Accepted under a 代办 service: its lines on the receipt, and whether the hall has the link yet. */
  proxy?: ReceiptProxy & { link: 'linked' | 'pending' };
}

export interface SearchResult {
  items: CaseListEntry[];
  total: number | null;
  tookMs: number;
  by: string;
}

export interface MyDay {
  date: string;
  workNo: string;
  cases: { received: number; accepted: number; conditionallyAccepted: number; missingNotices: number; refused: number; completed: number };
  served: number;
  meanServiceMinutes: number | null;
  ratings: Record<RatingLevel, number>;
  ratingCount: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  workNo: string;
  windowNo: number;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

export interface WalkInTicket {
  id: string;
  number: string;
  category: string;
  createdAt: string;
  synced: boolean;
}

const empty = z.object({}).strict();

/** The 代办 lines of a 受理回执. */
export interface ReceiptProxy {
  serviceNo: string;
  agentName: string;
  agentWorkNo: string;
}
export interface ProxyMine {
  today: string;
  services: ProxyServiceView[];
  /** Cases accepted under a service whose hall link is still to be sent. */
  pendingLinks: number;
}
/** A 办不成事 problem recorded at this counter's window (the hall decides the window: the signed-in one). */
export const counterProblemInput = problemRecordSchema.omit({ windowNo: true }).strict();
export type CounterProblemInput = z.output<typeof counterProblemInput>;
export interface CounterProblemRecorded {
  problem: ProblemView;
  /** The 反映回执 as the hall laid it out (for the screen). */
  slipLines: string[];
  /** The slip's job on this counter's printer; null when the hall printed it itself. */
  print: ReceiptRecord | null;
  printedByHall: boolean;
}
const ticketAction = z.object({ requestId: z.string().max(64).optional() }).strict();

const caseIdSchema = z.string().min(8).max(64);

const personInput = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(50),
  idType: z.enum(['residentId', 'hkmtPermit', 'foreignPr', 'passport', 'other']).default('residentId'),
  idNumber: z.string().trim().min(1, '请填写证件号码').max(32),
});

/** Applicant: from the card on the reader (the core holds its data), or typed in as a fallback. */
export const applicantInput = z
  .object({
    fromCard: z.string().max(64).optional(),
    manual: personInput.optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\- ]{5,20}$/, '联系电话格式不正确')
      .optional(),
    agent: z.object({ fromCard: z.string().max(64).optional(), manual: personInput.optional() }).optional(),
    company: z.object({ name: z.string().trim().min(1, '请填写单位名称').max(100), creditCode: z.string().trim().max(18) }).optional(),
  })
  .strict();

export const decisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accept'), completeNow: z.boolean().default(true) }),
  z.object({
    kind: z.literal('conditional'),
    waived: z.array(z.string().min(1).max(200)).min(1, '请选择容缺材料'),
    supplyDeadline: civilDateSchema,
    commitmentSigned: z.boolean(),
  }),
  z.object({
    kind: z.literal('missing'),
    items: z
      .array(
        z.object({
          name: z.string().min(1).max(200),
          problem: z.enum(['missing', 'incorrect']).default('missing'),
          requirement: z.string().max(500).default(''),
        }),
      )
      .max(50),
    supplyBy: civilDateSchema.optional(),
  }),
  z.object({
    kind: z.literal('refuse'),
    reason: z.string().trim().min(1, '不予受理须写明理由').max(500),
    reasonCode: z.string().max(32).optional(),
    /** Required with reasonCode notCompetent: where the applicant must apply instead. */
    competentAuthority: z.string().trim().min(1).max(100).optional(),
  }),
]);
export type Decision = z.input<typeof decisionSchema>;

const intakeInput = z
  .object({
    itemCode: z.string().min(1).max(64),
    applicant: applicantInput,
    materials: z
      .array(
        z.object({
          name: z.string().min(1).max(200),
          received: z.boolean(),
          originalOrCopy: z.enum(['original', 'copy', 'both', 'electronic']).optional(),
          count: z.number().int().min(0).max(999).optional(),
          /** 免提交: the fetch (licences.fetch) that satisfies this material. */
          licenceFetchId: z.string().min(8).max(64).optional(),
          /** The licence service was down (or had nothing): paper taken instead. */
          paperFallback: z.enum(['serviceDown', 'notFound', 'declined']).optional(),
        }),
      )
      .max(100),
    decision: decisionSchema,
    ticketId: z.string().max(64).optional(),
    /** 帮办代办: accepted under this service (the clerk's own); the receipt prints it and the hall links the case. */
    proxyServiceId: z.string().min(1).max(64).optional(),
    /** Idempotency: the same requestId twice returns the first case. */
    requestId: z.string().min(8).max(64),
  })
  .strict();
export type IntakeInput = z.input<typeof intakeInput>;

const answersInput = z.record(z.string().max(32), z.boolean());

/** 一件事一次办: one application for a package — one form, one merged materials list, one decision. */
const packageIntakeInput = z
  .object({
    packageCode: z.string().min(1).max(32),
    answers: answersInput.default({}),
    applicant: applicantInput,
    materials: z.array(z.object({ name: z.string().min(1).max(200), received: z.boolean() })).max(100),
    /** accept, 容缺 (waived materials of the merged list) or 一次性告知 for the package as a whole. */
    decision: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('accept') }),
      z.object({
        kind: z.literal('conditional'),
        waived: z.array(z.string().min(1).max(200)).min(1, '请选择容缺材料'),
        supplyDeadline: civilDateSchema,
        commitmentSigned: z.boolean(),
      }),
      z.object({ kind: z.literal('missing'), supplyBy: civilDateSchema.optional() }),
    ]),
    ticketId: z.string().max(64).optional(),
    requestId: z.string().min(8).max(64),
  })
  .strict();
export type PackageIntakeInput = z.input<typeof packageIntakeInput>;

export interface PackageResult extends CaseResult {
  subCases: { caseId: string; caseNo: string; itemName: string; department: string | null; status: string; statusLabel: string; dueDate: string | null }[];
}

const searchInput = z
  .object({
    query: z.string().trim().max(50).optional(),
    dateFrom: civilDateSchema.optional(),
    dateTo: civilDateSchema.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const coreMethods = {
  'session.get': method<SessionState>()(empty),
  'session.login': method<SessionState>()(
    z
      .object({
        workNo: z.string().min(1).max(32),
        password: z.string().min(1).max(128),
        /** Duty rota: a manager's credentials when the rota does not seat this clerk at this window. */
        unlock: z
          .object({ workNo: z.string().min(1).max(32), password: z.string().min(1).max(128) })
          .strict()
          .optional(),
      })
      .strict(),
  ),
  'session.logout': method<SessionState>()(empty),
  /** A hall manager authorises admin actions (dead-letter resolve…) at this window for a few minutes. */
  'session.managerUnlock': method<SessionState>()(
    z.object({ workNo: z.string().trim().min(1, '请输入管理员工号').max(32), password: z.string().min(1, '请输入密码').max(128) }).strict(),
  ),
  'session.managerLock': method<SessionState>()(empty),

  'queue.get': method<QueueView>()(empty),
  'queue.hall': method<QueueSnapshot | null>()(empty),
  'queue.callNext': method<Ticket | null>()(z.object({ category: z.string().max(4).optional(), requestId: z.string().max(64).optional() }).strict()),
  'queue.recall': method<Ticket>()(ticketAction),
  'queue.noShow': method<Ticket>()(ticketAction),
  'queue.start': method<Ticket>()(ticketAction),
  'queue.finish': method<Ticket>()(ticketAction.extend({ outcome: finishOutcomeSchema.default('served') })),
  'queue.pause': method<WindowView>()(z.object({ reason: z.string().min(1).max(100), requestId: z.string().max(64).optional() }).strict()),
  'queue.resume': method<WindowView>()(ticketAction),

  'pad.get': method<PadState>()(empty),
  'pad.rate': method<{ accepted: true }>()(
    z
      .object({
        requestId: z.string().min(1).max(64),
        level: ratingLevelSchema,
        dimensions: z.object({ efficiency: ratingLevelSchema, competence: ratingLevelSchema, attitude: ratingLevelSchema }).partial().optional(),
        reasonCodes: z.array(z.string().max(32)).max(10).default([]),
        text: z.string().max(500).optional(),
      })
      .strict(),
  ),
  'rating.request': method<{ requestId: string }>()(
    z
      .object({
        ticketId: z.string().optional(),
        caseNo: z.string().optional(),
        caseId: z.string().max(64).optional(),
        serviceName: z.string().max(100).optional(),
      })
      .strict(),
  ),
  'rating.cancel': method<{ cancelled: boolean }>()(empty),

  /** 免提交 (docs/licences.md): the citizen confirms on the pad which licences may be fetched for this intake. */
  'licences.requestConsent': method<{ requestId: string }>()(
    z
      .object({
        caseRef: z.string().min(8).max(64),
        licenceTypes: z.array(licenceTypeSchema).min(1, '请至少选择一种电子证照').max(10),
        applicant: applicantInput,
        itemName: z.string().max(200).optional(),
      })
      .strict(),
  ),
  /** The 亮证 code the applicant shows on his phone, scanned or typed by the clerk. */
  'licences.redeemCode': method<LicenceConsentView>()(
    z
      .object({
        caseRef: z.string().min(8).max(64),
        code: z
          .string()
          .trim()
          .regex(/^LZ[0-9]{10}$/, '亮证码应为 LZ 加 10 位数字'),
        applicant: applicantInput,
      })
      .strict(),
  ),
  'licences.consent': method<LicenceConsentView | null>()(z.object({ caseRef: z.string().min(8).max(64) }).strict()),
  'licences.fetch': method<FetchedLicenceView>()(
    z
      .object({
        caseRef: z.string().min(8).max(64),
        material: z.string().min(1).max(200),
        licenceType: licenceTypeSchema,
        applicant: applicantInput,
      })
      .strict(),
  ),
  /** The citizen's answer on the pad. */
  'pad.consent': method<{ recorded: true }>()(z.object({ requestId: z.string().min(1).max(64), agree: z.boolean() }).strict()),

  'devices.status': method<DeviceStatus[]>()(empty),
  'devices.card': method<CardView | null>()(empty),
  'devices.clearCard': method<{ cleared: boolean }>()(empty),
  /** Demo/test only: puts a fixture card on the simulated reader (core started with --sim-control). */
  'devices.simulateCard': method<{ ok: true }>()(z.object({ fixture: z.string().max(40).default('resident'), remove: z.boolean().default(false) }).strict()),
  'devices.testPrint': method<ReceiptRecord>()(empty),

  'catalogue.status': method<CatalogueStatus>()(empty),
  'catalogue.refresh': method<CatalogueStatus>()(empty),
  'catalogue.search': method<CatalogueItemView[]>()(z.object({ query: z.string().max(50), limit: z.number().int().min(1).max(100).default(20) }).strict()),
  'catalogue.get': method<CatalogueItemView>()(z.object({ code: z.string().min(1).max(64) }).strict()),

  'catalogue.packages': method<PackageView[]>()(empty),
  'catalogue.packagePlan': method<PackagePlanView>()(z.object({ code: z.string().min(1).max(32), answers: answersInput.default({}) }).strict()),

  'cases.intake': method<CaseResult>()(intakeInput),
  'cases.intakePackage': method<PackageResult>()(packageIntakeInput),
  'cases.accept': method<CaseResult>()(
    z.object({ caseId: caseIdSchema, decision: decisionSchema, proxyServiceId: z.string().min(1).max(64).optional() }).strict(),
  ),
  /** 我的代办: the signed-in clerk's 代办 services from the hall (online only) and links not yet taken by the hall. */
  'proxy.mine': method<ProxyMine>()(empty),
  /** Is this window the hall's 办不成事 window (the form shows only there)? Offline: the last answer. */
  'problems.desk': method<{ problemDesk: boolean; windowNo: number }>()(empty),
  /** 「办不成事」登记 (online only): recorded on the hall, the 反映回执 printed here. */
  'problems.record': method<CounterProblemRecorded>()(counterProblemInput),
  'cases.supplement': method<CaseResult>()(
    z.object({ caseId: caseIdSchema, materials: z.array(z.string().min(1).max(200)).min(1).max(50), complete: z.boolean() }).strict(),
  ),
  'cases.complete': method<CaseResult>()(
    z
      .object({
        caseId: caseIdSchema,
        result: z.enum(['approved', 'denied', 'other']).default('approved'),
        licenceNo: z.string().max(64).optional(),
        resultText: z.string().max(500).optional(),
      })
      .strict(),
  ),
  'cases.terminate': method<CaseResult>()(
    z
      .object({
        caseId: caseIdSchema,
        reasonCode: z.enum(['waivedNotSupplied', 'other']).default('waivedNotSupplied'),
        reason: z.string().trim().min(1, '终止办理须写明理由').max(500),
      })
      .strict(),
  ),
  'cases.handover': method<CaseResult>()(
    z
      .object({
        caseId: caseIdSchema,
        method: z.enum(['window', 'mail', 'electronic']),
        trackingNo: z.string().max(64).optional(),
        carrier: z.string().max(50).optional(),
      })
      .strict(),
  ),
  'cases.get': method<CaseDetail>()(z.object({ caseId: caseIdSchema }).strict()),
  'cases.mine': method<CaseListEntry[]>()(
    z.object({ scope: z.enum(['open', 'today', 'all']).default('open'), limit: z.number().int().min(1).max(500).default(100) }).strict(),
  ),
  'cases.search': method<SearchResult>()(searchInput),
  'receipts.reprint': method<ReceiptRecord>()(
    z
      .object({ caseId: caseIdSchema, template: z.enum(['acceptance', 'missing-materials', 'conditional-acceptance', 'refusal', 'package-acceptance']) })
      .strict(),
  ),
  'receipts.preview': method<{ html: string; lines: string[] }>()(
    z
      .object({ caseId: caseIdSchema, template: z.enum(['acceptance', 'missing-materials', 'conditional-acceptance', 'refusal', 'package-acceptance']) })
      .strict(),
  ),
  'receipts.printDay': method<ReceiptRecord>()(empty),

  'myDay.get': method<MyDay>()(z.object({ date: civilDateSchema.optional() }).strict()),
  'audit.list': method<AuditEntry[]>()(z.object({ limit: z.number().int().min(1).max(500).default(100), beforeId: z.string().max(64).optional() }).strict()),

  'queue.transfer': method<Ticket>()(
    ticketAction.extend({
      category: z.string().min(1).max(4).optional(),
      windowNo: z.number().int().positive().optional(),
      clerkWorkNo: z.string().min(1).max(32).optional(),
      position: z.enum(['head', 'tail', 'keep']).default('tail'),
      reason: z.string().trim().min(1, '请填写转移原因').max(100).default('转窗口办理'),
    }),
  ),
  'queue.suspend': method<Ticket>()(ticketAction.extend({ reason: z.string().trim().min(1, '请选择或填写挂起原因').max(100) })),
  'queue.callBack': method<Ticket>()(ticketAction.extend({ ticketId: z.string().min(1).max(64) })),
  'queue.walkIn': method<Ticket | WalkInTicket>()(ticketAction.extend({ category: z.string().min(1).max(4).optional() })),
  'queue.localTickets': method<WalkInTicket[]>()(empty),
  /** The tracking QR of a ticket at this window (the citizen scans it to follow a transfer, see the case, rate). */
  'queue.track': method<TicketTrack>()(z.object({ ticketId: z.string().min(1).max(64) }).strict()),
  /** Leave the citizen's phone for SMS (e.g. before a 转移: told when N are ahead and when called). */
  'queue.leavePhone': method<{ ok: true; phoneMasked: string }>()(leavePhoneSchema.extend({ ticketId: z.string().min(1).max(64) })),
  /**
   * 打印跟踪凭条: the ticket's number, category and tracking QR on the counter's printer (the kiosk
   * ticket's layout). Answers once the printer took it; a printer that failed throws
   * TRACK_SLIP_NOT_PRINTED and the job stays queued (printed when the printer is back).
   */
  'queue.printTrack': method<ReceiptRecord>()(z.object({ ticketId: z.string().min(1).max(64) }).strict()),
  'sync.status': method<SyncStatus>()(empty),
  'sync.deadLetters': method<DeadLetter[]>()(z.object({ includeResolved: z.boolean().default(false) }).strict()),
  'sync.resolveDeadLetter': method<{ resolved: boolean }>()(
    z.object({ id: z.string().min(8).max(64), note: z.string().trim().min(1, '请填写处理说明').max(500) }).strict(),
  ),
};

export const coreEvents = {
  session: event<SessionState>(),
  queue: event<{ version: number }>(),
  pad: event<PadState>(),
  rated: event<{ requestId: string; level: RatingLevel }>(),
  devices: event<DeviceStatus[]>(),
  sync: event<SyncStatus>(),
  card: event<CardView | null>(),
  cases: event<{ caseId: string | null }>(),
  print: event<ReceiptRecord>(),
  /** A consent was recorded (or declined) for an intake. */
  licences: event<{ caseRef: string; consent: LicenceConsentView | null }>(),
};

export type CoreMethods = typeof coreMethods;
export type CoreEvents = typeof coreEvents;
export type CoreMethodName = keyof CoreMethods;
export type CoreEventName = keyof CoreEvents;
export type CoreApi = ApiOf<CoreMethods>;
export type CoreEventHandlers = EventHandlers<CoreEvents>;
