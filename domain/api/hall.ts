// Wire shapes of the hall server API (issue 3's contract). The server validates with these,
// the counter core, kiosk, display and manager parse answers with them. Extend, never fork.
import { z } from 'zod';
import { servicePackageSchema } from '../catalogue/packages';
import { signInUnlockSchema, windowRotaAheadSchema } from './rota';
import type { OrderingRules } from '../queue/rules';
import { civilDateSchema, isoInstantSchema } from '../calendar/schemas';
import { licenceTypeSchema } from '../licences/types';

export const priorityClassSchema = z.enum(['normal', 'elderly', 'disabled', 'pregnant', 'vip', 'appointment']);
export type PriorityClass = z.infer<typeof priorityClassSchema>;

export const channelSchema = z.enum(['kiosk', 'appointment', 'manual', 'walkIn']);
export type TicketChannel = z.infer<typeof channelSchema>;

export const ticketStatusSchema = z.enum(['waiting', 'called', 'serving', 'suspended', 'done', 'noShow', 'transferred', 'removed']);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

export const windowStatusSchema = z.enum(['open', 'serving', 'paused', 'closed']);
export type WindowStatus = z.infer<typeof windowStatusSchema>;

export const loginRequestSchema = z.object({ workNo: z.string().min(1).max(32), password: z.string().min(1).max(128) });
export const loginResponseSchema = z.object({
  token: z.string(),
  role: z.enum(['clerk', 'manager']),
  windowNo: z.number().int().optional(),
  staff: z.object({ workNo: z.string(), name: z.string(), stars: z.number().min(0).max(5), photoUrl: z.string().nullish() }).optional(),
  /** A clerk's window on the duty rota for the next days: the counter applies it to sign-ins while the hall is unreachable. */
  rotaAhead: windowRotaAheadSchema.optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;
/** POST /api/auth/verify: checks 工号 + password and answers the role, with no token and no seating
 *  (the counter's manager unlock must not sign anyone in or out). */
export const verifyCredentialsResponseSchema = loginResponseSchema.omit({ token: true, windowNo: true });

export const issueTicketRequestSchema = z.object({
  category: z.string().min(1).max(4),
  channel: channelSchema.optional(),
  priority: priorityClassSchema.optional(),
  idNumber: z.string().max(32).optional(),
  requestId: z.string().max(64).optional(),
  /** Appointment check-in: the booked time (ISO); the ticket is merged into the line by it. */
  appointmentAt: isoInstantSchema.optional(),
});
export const issuedTicketSchema = z.object({
  id: z.string(),
  number: z.string(),
  category: z.string(),
  categoryName: z.string().optional(),
  priority: priorityClassSchema.optional(),
  ahead: z.number().int(),
  estimatedWaitMinutes: z.number(),
  issuedAt: z.string().optional(),
  hallName: z.string().optional(),
  /** The citizen's tracking page (issue 17): an unguessable token, printed as a QR code on the ticket. */
  trackUrl: z.string().optional(),
});
export type IssuedTicket = z.infer<typeof issuedTicketSchema>;

export const ticketSchema = z.object({
  id: z.string(),
  number: z.string(),
  category: z.string(),
  status: ticketStatusSchema,
  priority: priorityClassSchema,
  channel: channelSchema,
  issuedAt: z.string(),
  calledAt: z.string().nullish(),
  startedAt: z.string().nullish(),
  windowNo: z.number().int().nullish(),
  recallCount: z.number().int().default(0),
  idNumberMasked: z.string().nullish(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const staffCardSchema = z.object({ workNo: z.string(), name: z.string(), stars: z.number(), photoUrl: z.string().nullish() });
export type StaffCard = z.infer<typeof staffCardSchema>;

export const windowViewSchema = z.object({
  no: z.number().int(),
  name: z.string(),
  status: windowStatusSchema,
  pauseReason: z.string().nullish(),
  clerk: staffCardSchema.nullish(),
  current: ticketSchema.nullish(),
  categories: z.array(z.object({ category: z.string(), weight: z.number() })),
});
export type WindowView = z.infer<typeof windowViewSchema>;

export const categoryViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  estimatedWaitMinutes: z.number(),
});
export type CategoryView = z.infer<typeof categoryViewSchema>;

export const callRecordSchema = z.object({
  seq: z.number().int(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  windowNo: z.number().int(),
  windowName: z.string().optional(),
  kind: z.enum(['call', 'recall']),
  /** A walk-in put straight into service: the citizen is already at the window, so nobody announces it. */
  walkIn: z.boolean().optional(),
  at: z.string(),
});
export type CallRecord = z.infer<typeof callRecordSchema>;

/** A ticket a window put on hold (挂起): shown on the counter, the board and the display until called back. */
export const suspendedTicketSchema = z.object({
  id: z.string(),
  number: z.string(),
  category: z.string(),
  windowNo: z.number().int(),
  reason: z.string().nullish(),
  suspendedAt: z.string(),
});
export type SuspendedTicket = z.infer<typeof suspendedTicketSchema>;

export const queueSnapshotSchema = z.object({
  version: z.number().int(),
  /** timeZone: the hall's zone (IANA), for every time shown or printed (domain/calendar/hallTime). */
  hall: z.object({ name: z.string(), notice: z.string().nullish(), timeZone: z.string().optional() }),
  categories: z.array(categoryViewSchema),
  windows: z.array(windowViewSchema),
  recentCalls: z.array(callRecordSchema),
  suspended: z.array(suspendedTicketSchema).optional(),
  waiting: z.array(ticketSchema).optional(),
});
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;

/** What the WebSocket stream carries: a signal with a version; clients re-fetch snapshots. */
export const eventSignalSchema = z.object({ version: z.number().int(), type: z.string(), at: z.string().optional() });
export type EventSignal = z.infer<typeof eventSignalSchema>;

export const callNextResponseSchema = z.object({ ticket: ticketSchema });

export const finishOutcomeSchema = z.enum(['served', 'transferred', 'removed', 'noShow']);

export const ratingLevelSchema = z.enum(['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied']);
export type RatingLevel = z.infer<typeof ratingLevelSchema>;

export const ratingSubmissionSchema = z.object({
  id: z.string().min(8).max(64),
  windowNo: z.number().int(),
  clerkWorkNo: z.string(),
  ticketId: z.string().nullish(),
  caseNo: z.string().nullish(),
  level: ratingLevelSchema,
  dimensions: z.object({ efficiency: ratingLevelSchema, competence: ratingLevelSchema, attitude: ratingLevelSchema }).partial().optional(),
  reasonCodes: z.array(z.string()).default([]),
  reasonListVersion: z.string().optional(),
  text: z.string().max(500).optional(),
  channel: z.enum(['hallTablet', 'hallTerminal', 'keyBox', 'qrCode']),
  ratedAt: isoInstantSchema,
});
export type RatingSubmission = z.infer<typeof ratingSubmissionSchema>;

// ---- Added with the hall server (issue 3). Existing names above are unchanged. ----

export const loginRequestWithWindowSchema = loginRequestSchema.extend({
  /** AB角: a backup clerk signs in at the window of the clerk he stands in for. Default: his own window. */
  windowNo: z.number().int().positive().optional(),
  /** Duty rota (issue 16): a manager's 工号 + password let a clerk off the rota sign in here (audited). */
  unlock: signInUnlockSchema.optional(),
});

export const windowActionRequestSchema = z.object({
  requestId: z.string().min(1).max(64).optional(),
  /**
   * Hall time (epoch ms) after which the hall must refuse the request (REQUEST_EXPIRED): the
   * counter gave up on it (timed out, maybe went offline and served the citizen locally), so a
   * late arrival after a hung hall wakes must not call or serve anyone. The counter computes it
   * from the hall clock it learns through the heartbeat, never from its own clock alone.
   */
  notAfter: z.number().int().positive().optional(),
});
export const callNextRequestSchema = windowActionRequestSchema.extend({
  category: z.string().min(1).max(4).optional(),
  /** Call a specific waiting ticket instead of the next one. */
  ticketId: z.string().min(1).max(64).optional(),
});
export const finishRequestSchema = windowActionRequestSchema.extend({
  ticketId: z.string().max(64).optional(),
  outcome: z.enum(['served', 'removed']).optional(),
});
export const transferRequestSchema = windowActionRequestSchema.extend({
  category: z.string().min(1).max(4).optional(),
  windowNo: z.number().int().positive().optional(),
  clerkWorkNo: z.string().min(1).max(32).optional(),
  /** head / tail of the target line, or keep: the citizen keeps the place their ticket was issued at. */
  position: z.enum(['head', 'tail', 'keep']).default('tail'),
  /** Why (kept in the transfer event with the ticket, which stays the same ticket). */
  reason: z.string().trim().min(1).max(100).optional(),
});
export const pauseRequestSchema = windowActionRequestSchema.extend({ reason: z.string().min(1).max(100).default('暂停服务') });
export const suspendRequestSchema = windowActionRequestSchema.extend({ reason: z.string().trim().min(1).max(100).default('挂起') });
export const callBackRequestSchema = windowActionRequestSchema.extend({ ticketId: z.string().min(1).max(64) });
export const walkInRequestSchema = windowActionRequestSchema.extend({
  category: z.string().min(1).max(4).optional(),
  priority: priorityClassSchema.optional(),
});
/**
 * Payload of a walk-in a counter served offline (sync stream `ticket`, kind `walkIn`). requestId is
 * the one its online attempt carried (if any): the hall keeps one ticket for both.
 */
export const offlineWalkInSchema = z.object({
  id: z.string().min(1).max(64),
  requestId: z.string().min(1).max(64).optional(),
  number: z.string().min(1).max(16),
  category: z.string().min(1).max(4),
  windowNo: z.number().int().positive(),
  issuedAt: z.string().min(10).max(40),
  channel: z.literal('walkIn').optional(),
  offline: z.boolean().optional(),
});
export type OfflineWalkIn = z.infer<typeof offlineWalkInSchema>;
export const takeoverRequestSchema = windowActionRequestSchema.extend({ workNo: z.string().min(1).max(32) });
export const assignmentRequestSchema = z.object({
  categories: z.array(z.object({ category: z.string().min(1).max(4), weight: z.number().min(0).max(100) })).max(50),
});

/** Answer of every window action: the window afterwards and the ticket acted on. */
export const windowActionResponseSchema = z.object({
  window: windowViewSchema,
  ticket: ticketSchema.nullish(),
  /** true when a recall went over the limit and the ticket became a no-show. */
  becameNoShow: z.boolean().optional(),
});
export type WindowActionResponse = z.infer<typeof windowActionResponseSchema>;

export const deviceKindSchema = z.enum(['counter', 'kiosk', 'display', 'pad']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;
export const deviceEnrollRequestSchema = z.object({ code: z.string().min(4).max(64), kind: deviceKindSchema, name: z.string().min(1).max(64) });
/** Devices that serve one window (a counter PC, its rating pad; the key box is driven by the counter): their code names the window. */
export const WINDOW_DEVICE_KINDS: readonly DeviceKind[] = ['counter', 'pad'];
export const deviceEnrollResponseSchema = z.object({
  token: z.string(),
  deviceId: z.string(),
  kind: deviceKindSchema,
  windowNo: z.number().int().nullish(),
  /** A replacement PC: continue this sync log (device id) after this seq. */
  takeOver: z.object({ syncDeviceId: z.string(), lastSeq: z.number().int() }).nullish(),
});
export const enrollmentCodeRequestSchema = z
  .object({
    kind: deviceKindSchema.optional(),
    windowNo: z.number().int().positive().optional(),
    ttlMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
  })
  .refine((b) => !(b.kind && WINDOW_DEVICE_KINDS.includes(b.kind)) || b.windowNo !== undefined, {
    path: ['windowNo'],
    message: '柜台和评价器的注册码须指定窗口',
  })
  .refine((b) => b.windowNo === undefined || (b.kind !== undefined && WINDOW_DEVICE_KINDS.includes(b.kind)), {
    path: ['windowNo'],
    message: '只有柜台和评价器的注册码绑定窗口',
  });
export const enrollmentCodeResponseSchema = z.object({
  code: z.string(),
  kind: deviceKindSchema.nullish(),
  windowNo: z.number().int().nullish(),
  expiresAt: z.string(),
});

export const materialSchema = z.object({
  name: z.string(),
  form: z.enum(['原件', '复印件', '原件及复印件', '电子件']),
  count: z.number().int().min(1),
  /** 容缺受理: may be accepted now and supplied later. */
  mayBeWaived: z.boolean(),
  note: z.string().optional(),
  /** 免提交: the e-licence (电子证照) type that satisfies this material. */
  licenceType: licenceTypeSchema.optional(),
});
export type Material = z.infer<typeof materialSchema>;
export const serviceItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  category: z.string(),
  department: z.string(),
  caseType: z.enum(['即办件', '承诺件']),
  /** 四办: 马上办 / 网上办 / 就近办 / 一次办. */
  commitment: z.enum(['马上办', '网上办', '就近办', '一次办']),
  promisedDays: z.number().int().min(0),
  legalDays: z.number().int().min(0),
  fee: z.string(),
  materials: z.array(materialSchema),
  /** GB/T 39554.1 item kind (01 行政许可, 07 行政确认, 20 公共服务…): only a licence falls back to 行政许可法 on paper. */
  itemKind: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  /** The item's legal basis, printed on its 受理回执 and notices. */
  legalBasis: z.string().max(1000).optional(),
});
export type ServiceItem = z.infer<typeof serviceItemSchema>;
/** Items, and the 一件事 packages built from them (absent from a hall older than packages). */
export const catalogueSchema = z.object({ items: z.array(serviceItemSchema), packages: z.array(servicePackageSchema).optional() });

export const ratingAcceptedSchema = z.object({ id: z.string(), accepted: z.literal(true), duplicate: z.boolean() });

export const eventsPollResponseSchema = z.object({ version: z.number().int(), events: z.array(eventSignalSchema) });

export const explainResponseSchema = z.object({
  windowNo: z.number().int(),
  rulesVersion: z.number().int(),
  next: ticketSchema.nullable(),
  rule: z.string().nullable(),
  steps: z.array(z.string()),
  candidates: z.array(
    z.object({ number: z.string(), category: z.string(), priority: priorityClassSchema, waitedMinutes: z.number(), score: z.number(), targeted: z.boolean() }),
  ),
});

/** The rules are the engine's own (domain/queue/rules.ts validates them on write). */
export const orderingRulesResponseSchema = z.object({
  version: z.number().int(),
  rules: z.custom<OrderingRules>(() => true),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const statsQuerySchema = z.object({
  from: civilDateSchema,
  to: civilDateSchema,
  groupBy: z.enum(['category', 'window', 'clerk', 'hour', 'day']).default('category'),
});
export const durationStatsSchema = z.object({ mean: z.number().nullable(), p90: z.number().nullable(), count: z.number().int() });
export const statsRowSchema = z.object({
  key: z.string(),
  issued: z.number().int(),
  called: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  noShowRate: z.number().nullable(),
  /** Minutes. */
  waiting: durationStatsSchema,
  walking: durationStatsSchema,
  service: durationStatsSchema,
  /** Share of called tickets that waited longer than their category's service level. */
  aboveServiceLevel: z.number().nullable(),
});
/** 免提交 KPI of the period (domain/licences/stats.ts). */
export const materialStatsSchema = z.object({
  cases: z.number().int(),
  received: z.number().int(),
  electronic: z.number().int(),
  casesWithElectronic: z.number().int(),
  paperFallback: z.number().int(),
});
export const statsResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.string(),
  timeZone: z.string(),
  rows: z.array(statsRowSchema),
  materials: materialStatsSchema.optional(),
});
export type StatsResponse = z.infer<typeof statsResponseSchema>;
