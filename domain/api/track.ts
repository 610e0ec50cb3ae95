// The citizen's phone (issue 17): what the public tracking page reads and sends. Nothing personal
// ever crosses this boundary: a ticket number, a category, a queue position, a window number,
// a case number with its status and due date, and a rating.
import { z } from 'zod';
import { ratingLevelSchema } from './hall';

/** 128 random bits, base64url: 22 characters. Anything else is refused before any lookup. */
export const TRACK_TOKEN_RE = /^[A-Za-z0-9_-]{22}$/;
export const trackTokenSchema = z.string().regex(TRACK_TOKEN_RE, '查询码格式不正确');

export const trackStateSchema = z.enum(['waiting', 'called', 'serving', 'done', 'missed', 'removed']);
export type TrackState = z.infer<typeof trackStateSchema>;

export const trackCaseSchema = z.object({
  caseNo: z.string(),
  itemName: z.string().nullable(),
  status: z.string(),
  statusLabel: z.string(),
  dueDate: z.string().nullable(),
  /** The receipt token's page (/c/<token>) is not known here: the receipt carries it. */
  steps: z.array(z.object({ label: z.string(), at: z.string() })),
});
export type TrackCase = z.infer<typeof trackCaseSchema>;

export const ratingOfferSchema = z.object({
  /** Whether this service can still be rated here (served, and not rated yet by any channel). */
  open: z.boolean(),
  rated: z.boolean(),
  reasonListVersion: z.string(),
  bad: z.array(z.object({ code: z.string(), label: z.string() })),
  good: z.array(z.object({ code: z.string(), label: z.string() })),
});

export const trackViewSchema = z.object({
  number: z.string(),
  category: z.string(),
  categoryName: z.string(),
  hallName: z.string(),
  state: trackStateSchema,
  ahead: z.number().int().min(0),
  estimatedWaitMinutes: z.number(),
  windowNo: z.number().int().nullable(),
  windowName: z.string().nullable(),
  calledAt: z.string().nullable(),
  /** Cases accepted during this visit (linked by the ticket id the counter recorded). */
  cases: z.array(trackCaseSchema),
  rating: ratingOfferSchema,
  /** Masked (138****0000) when the citizen left a number for SMS, else null. */
  phoneMasked: z.string().nullable(),
  /**
   * On the WebSocket only, while waiting: the ticket's place in its category's line and the line's
   * `seq` this view was counted at. Later `line` messages (one per category, the same bytes to
   * every page) say which places left or joined; the page works out "ahead" itself
   * (domain/queue/trackLine.ts). Null on plain GET and long-poll answers.
   */
  line: z.object({ seq: z.number().int(), pos: z.number() }).nullable().default(null),
  /** Bumped whenever what the page shows changes (long-poll `since`). */
  rev: z.number().int(),
});
export type TrackView = z.infer<typeof trackViewSchema>;

/**
 * A category's line moved (WebSocket): the places (`queue_pos`) that left it (called, removed)
 * and joined it since `seq - 1`, with what the wait estimate needs. Nothing else: no number, no id.
 */
export const trackLineSchema = z.object({
  t: z.literal('line'),
  category: z.string(),
  seq: z.number().int(),
  out: z.array(z.number()),
  in: z.array(z.number()),
  avgServiceMinutes: z.number(),
  servingWindows: z.number().int(),
});
export type TrackLine = z.infer<typeof trackLineSchema>;
/** What the tracking WebSocket sends: a ticket's whole view, or a category's line change. */
export const trackStreamMessageSchema = z.union([trackLineSchema, trackViewSchema]);
export type TrackStreamMessage = TrackLine | TrackView;

export const caseProgressSchema = z.object({
  hallName: z.string(),
  case: trackCaseSchema,
  rating: ratingOfferSchema,
});
export type CaseProgress = z.infer<typeof caseProgressSchema>;

/** A rating from the citizen's phone: channel qrCode; who is rated comes from the hall's records. */
export const phoneRatingSchema = z.strictObject({
  /** Client-made id: a retry with the same id is answered as a duplicate, not counted twice. */
  id: z.string().min(8).max(64),
  level: ratingLevelSchema,
  reasonCodes: z.array(z.string().max(32)).max(10).default([]),
  reasonListVersion: z.string().max(32).optional(),
  text: z.string().max(500).optional(),
  ratedAt: z.iso.datetime({ offset: true }),
});
export type PhoneRating = z.infer<typeof phoneRatingSchema>;
export const phoneRatingAcceptedSchema = z.object({ id: z.string(), accepted: z.literal(true), duplicate: z.boolean() });

/** Mainland mobile numbers only (SMS); spaces and dashes are dropped before checking. */
export const phoneNumberSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号码'));
export const leavePhoneSchema = z.strictObject({ phone: phoneNumberSchema });
export const leavePhoneResponseSchema = z.object({ ok: z.literal(true), phoneMasked: z.string() });
/** What a window may show of a ticket's tracking: the URL behind its QR and the masked phone left for SMS. */
export const ticketTrackResponseSchema = z.object({
  trackUrl: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  /** What the counter's 手机跟踪凭条 prints beside the QR (nothing personal); absent from an older hall. */
  number: z.string().optional(),
  categoryName: z.string().optional(),
  issuedAt: z.string().optional(),
});
export type TicketTrack = z.infer<typeof ticketTrackResponseSchema>;

export const NOTIFY_AHEAD = { min: 1, max: 50, default: 3 } as const;
export const trackSettingsSchema = z.object({
  /** SMS when this many people (or fewer) are ahead. */
  notifyAhead: z.number().int().min(NOTIFY_AHEAD.min, `至少提前 ${NOTIFY_AHEAD.min} 人提醒`).max(NOTIFY_AHEAD.max, `最多提前 ${NOTIFY_AHEAD.max} 人提醒`),
});
export type TrackSettings = z.infer<typeof trackSettingsSchema>;
export const trackSettingsUpdateSchema = z.strictObject(trackSettingsSchema.shape);
