// Wire shapes of the hall → central uplink (issue 14) and the catalogue downlink. The central
// validates with these; the hall's outbox/uplink client writes against them. Same exactly-once
// rules as counter sync (domain/sync/wire.ts, docs/sync.md): records carry the hall's own
// `seq` (1, 2, 3 … with no holes), the central keeps `lastSeq` per hall in the transaction
// that applies the records, answers a resent record with its first result, answers a gap with
// `expectedSeq`, and keeps rejections (visible to the city) while still advancing lastSeq.
import { z } from 'zod';
import { ratingLevelSchema } from './hall';
import { calendarOverrideSchema } from '../calendar';
import { serviceItemSchema } from '../catalogue/schema';
import { ratingReasonSchema } from '../rating/reasons';
import { maskIdNumber, maskName, maskPhone } from '../idNumber';
import { applicantSchema } from '../cases/events';

const isoInstant = z.string().datetime({ offset: true });
const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

// ---- enrollment -------------------------------------------------------------------------------

/** POST /api/uplink/enroll (no token): the hall trades its one-time code for a hall token. */
export const enrollRequestSchema = z.object({
  enrollmentCode: z.string().min(4).max(64),
  /** What the hall calls itself (recorded; the central's name wins). */
  hallName: z.string().max(100).optional(),
});
export const enrollResponseSchema = z.object({
  hallId: z.string(),
  /** 区划/机构 code assigned by the city. */
  code: z.string(),
  name: z.string(),
  /** Bearer token for /api/uplink/* and GET /api/city/catalogue. Shown once. */
  hallToken: z.string(),
  /** Where to resume: the central's lastSeq for this hall (0 for a new hall). */
  lastSeq: z.number().int(),
  serverTime: z.string(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

// ---- records ----------------------------------------------------------------------------------

/** Keyed hashes (HMAC-SHA256, hex, key known to the hall and the city only) of personal fields. */
export const personKeysSchema = z.object({ idType: z.string().max(16), idNumberHash: z.string().max(128), phoneHash: z.string().max(128).nullable() });

/**
 * A case event exactly as the hall ingested it (domain/cases envelope), with the hall server's
 * version (the authoritative order). In a `received` event the applicant is masked before it
 * leaves the hall (see maskReceivedPayload); `applicantKeys` carries the keyed hashes.
 */
export const caseEventBodySchema = z.object({
  serverVersion: z.number().int().positive(),
  event: z.object({
    id: z.string().min(8).max(64),
    caseId: z.string().min(8).max(64),
    deviceId: z.string().min(1).max(64),
    seq: z.number().int().positive(),
    kind: z.string().min(1).max(64),
    at: z.string().max(40),
    actor: z.object({ workNo: z.string().max(32), windowNo: z.number().int().nullable() }),
    payload: z.unknown(),
    schemaVersion: z.number().int().positive(),
  }),
  applicantKeys: personKeysSchema.optional(),
});
export type CaseEventBody = z.infer<typeof caseEventBodySchema>;

/** A rating (好差评) — level and reasons, never the rater's text or phone. */
export const ratingBodySchema = z.object({
  ratingId: z.string().min(8).max(64),
  level: ratingLevelSchema,
  ratedAt: isoInstant,
  windowNo: z.number().int().nullable(),
  clerkWorkNo: z.string().max(32).nullable(),
  ticketId: z.string().max(64).nullable().default(null),
  caseId: z.string().max(64).nullable().default(null),
  reasonCodes: z.array(z.string().max(16)).max(20).default([]),
  /** false when the rating was invalidated on appeal (申诉复核): it leaves the statistics. */
  valid: z.boolean().default(true),
});

/** A 差评 follow-up after one action: its whole state (the latest record wins). */
export const followUpBodySchema = z.object({
  followUpId: z.string().min(1).max(64),
  ratingId: z.string().min(8).max(64),
  status: z.enum(['open', 'appealed', 'closed', 'invalidated']),
  openedOn: civilDate,
  /** Final stage's due date (整改反馈期限). */
  dueDate: civilDate,
  closedOn: civilDate.nullable(),
  action: z.string().max(32),
});

export const TICKET_FACTS = ['issued', 'called', 'started', 'done', 'noShow'] as const;
/** One ticket fact, no personal data (no ID number, no name). */
export const ticketBodySchema = z.object({
  ticketId: z.string().min(1).max(64),
  fact: z.enum(TICKET_FACTS),
  at: isoInstant,
  category: z.string().min(1).max(4),
  windowNo: z.number().int().nullable().default(null),
  clerkWorkNo: z.string().max(32).nullable().default(null),
});

export const staffBodySchema = z.object({
  workNo: z.string().min(1).max(32),
  name: z.string().max(50),
  role: z.string().max(16),
  active: z.boolean(),
});

export const windowBodySchema = z.object({
  windowNo: z.number().int().min(0),
  name: z.string().max(50),
  active: z.boolean(),
  categories: z.array(z.string().max(4)).max(50).default([]),
});

export const UPLINK_KINDS = ['caseEvent', 'rating', 'followUp', 'ticket', 'staff', 'window'] as const;
export type UplinkKind = (typeof UPLINK_KINDS)[number];

export const uplinkBodySchemas = {
  caseEvent: caseEventBodySchema,
  rating: ratingBodySchema,
  followUp: followUpBodySchema,
  ticket: ticketBodySchema,
  staff: staffBodySchema,
  window: windowBodySchema,
} as const;
export type UplinkBody<K extends UplinkKind> = z.infer<(typeof uplinkBodySchemas)[K]>;

/**
 * A `received` / `packageReceived` case event's applicant in clear: sent ONLY while the city has
 * configured this hall to receive personal data (the push answer's `receivePersonalData`). The
 * body stays masked either way; the central keeps this apart, encrypted, and only for a hall it
 * configured (docs/central.md, "Personal data").
 */
export const uplinkPersonalSchema = z.object({ applicant: applicantSchema });
export type UplinkPersonal = z.infer<typeof uplinkPersonalSchema>;

/** The outbox record envelope. `id` is the hall's unique id of the record (uuid), used to tell a
 *  genuine resend from a seq reused after the hall was restored from an older backup. */
export const uplinkRecordSchema = z.object({
  seq: z.number().int().positive(),
  id: z.string().min(8).max(64),
  kind: z.enum(UPLINK_KINDS),
  /** When the hall committed it (hall clock; recorded, never used for order). */
  at: isoInstant,
  body: z.unknown(),
  /** Case events only, and only when the city receives personal data (see uplinkPersonalSchema). */
  personal: uplinkPersonalSchema.optional(),
});
export type UplinkRecord = z.infer<typeof uplinkRecordSchema>;
export type UplinkRecordOf<K extends UplinkKind> = Omit<UplinkRecord, 'kind' | 'body'> & { kind: K; body: UplinkBody<K> };

/** POST /api/uplink/push (hall token). Records are checked one by one: a bad one becomes ONE
 *  rejected result, never a 400 for the batch. */
export const uplinkPushRequestSchema = z.object({
  hallId: z.string().min(1).max(64),
  /** Hall clock when sending: for the clock-skew column only. */
  sentAt: isoInstant,
  /** Records still waiting in the hall's outbox after this batch (progress on the city's list). */
  backlog: z.number().int().min(0),
  records: z.array(z.unknown()).max(5000),
});
export type UplinkPushRequest = z.infer<typeof uplinkPushRequestSchema>;

export const uplinkResultSchema = z.discriminatedUnion('status', [
  z.object({ seq: z.number(), id: z.string().nullable(), status: z.literal('accepted') }),
  /** Resent: the first answer was `accepted`. */
  z.object({ seq: z.number(), id: z.string().nullable(), status: z.literal('duplicate') }),
  z.object({ seq: z.number(), id: z.string().nullable(), status: z.literal('rejected'), code: z.string(), message: z.string() }),
]);
export type UplinkResult = z.infer<typeof uplinkResultSchema>;

export const uplinkPushResponseSchema = z.object({
  hallId: z.string(),
  /** The last seq the central applied (accepted or rejected) for this hall. */
  lastSeq: z.number().int(),
  /** Set when the batch skipped ahead: resend from this seq. */
  expectedSeq: z.number().int().nullable(),
  results: z.array(uplinkResultSchema),
  serverTime: z.string(),
  clockSkewMs: z.number().nullable(),
  /** The newest catalogue version: pull GET /api/city/catalogue?since=… when above yours. */
  catalogueVersion: z.number().int(),
  /** Whether the city wants this hall's applicants in clear (optional: an older central never does). */
  receivePersonalData: z.boolean().optional(),
});
export type UplinkPushResponse = z.infer<typeof uplinkPushResponseSchema>;

/** GET /api/uplink/state (hall token): where to resume after a restart or a restore. */
export const uplinkStateSchema = z.object({
  hallId: z.string(),
  code: z.string(),
  name: z.string(),
  lastSeq: z.number().int(),
  catalogueVersion: z.number().int(),
  serverTime: z.string(),
  receivePersonalData: z.boolean().optional(),
});
export type UplinkState = z.infer<typeof uplinkStateSchema>;

/**
 * Result codes the hall must understand:
 * - UPLINK_SEQ_REUSED: a seq ≤ lastSeq came with another record id — the hall was restored from
 *   an older backup. Nothing was stored; renumber the unsent records from lastSeq + 1 and resend.
 * - UPLINK_RECORD_INVALID / UPLINK_BODY_INVALID / CASE_EVENT_*: kept as a rejection, lastSeq
 *   moved on (do not resend; the city sees it in GET /api/city/halls/:hallId/rejections).
 */
export const UPLINK_CODES = ['UPLINK_SEQ_REUSED', 'UPLINK_SEQ_SKIPPED', 'UPLINK_RECORD_INVALID', 'UPLINK_BODY_INVALID'] as const;

// ---- catalogue downlink -------------------------------------------------------------------------

export const departmentSchema = z.object({ code: z.string().min(1).max(32), name: z.string().min(1).max(100) });

/** What the city publishes: 事项/实施清单 with 承诺时限, departments, holiday overrides, 差评 reasons. */
export const cityCatalogueBodySchema = z.object({
  items: z.array(serviceItemSchema).max(5000),
  departments: z.array(departmentSchema).max(500),
  holidayOverrides: z.array(calendarOverrideSchema).max(1000),
  badReasons: z.array(ratingReasonSchema).max(200),
});
export type CityCatalogueBody = z.infer<typeof cityCatalogueBodySchema>;

/** POST /api/city/catalogue (supervisor): publish on top of baseVersion (optimistic: a stale
 *  base is 409 CATALOGUE_VERSION_CONFLICT, so a replayed publish cannot make a second version). */
export const publishCatalogueRequestSchema = cityCatalogueBodySchema.extend({ baseVersion: z.number().int().min(0) });
export const publishCatalogueResponseSchema = z.object({ version: z.number().int(), publishedAt: z.string() });

/** GET /api/city/catalogue?since=N (hall token or supervisor): `catalogue` only when newer than N. */
export const catalogueQuerySchema = z.object({ since: z.coerce.number().int().min(0).default(0) });
export const catalogueResponseSchema = z.object({
  version: z.number().int(),
  publishedAt: z.string().nullable(),
  catalogue: cityCatalogueBodySchema.nullable(),
});
export type CatalogueResponse = z.infer<typeof catalogueResponseSchema>;

// ---- masking (the hall calls this before a `received` event leaves the building) ---------------

interface PersonLike {
  name: string;
  idType: string;
  idNumber: string;
  phone?: string;
}

/**
 * The received-payload as the city gets it by default: names, ID numbers and phones masked, the
 * ID type set to 'other' (a masked number has no checksum), `hash` is the hall's keyed hash
 * (HMAC with the city key) so the city can count repeat applicants without knowing them.
 */
export function maskReceivedPayload(
  payload: { applicant: PersonLike & { agent?: PersonLike; company?: unknown } } & Record<string, unknown>,
  hash: (value: string) => string,
): { payload: Record<string, unknown>; applicantKeys: z.infer<typeof personKeysSchema> } {
  const a = payload.applicant;
  const person = (p: PersonLike) => ({
    name: maskName(p.name),
    idType: 'other',
    idNumber: maskIdNumber(p.idNumber),
    ...(p.phone ? { phone: maskPhone(p.phone) } : {}),
  });
  return {
    payload: { ...payload, applicant: { ...person(a), ...(a.agent ? { agent: person(a.agent) } : {}), ...(a.company ? { company: a.company } : {}) } },
    applicantKeys: { idType: a.idType, idNumberHash: hash(a.idNumber), phoneHash: a.phone ? hash(a.phone) : null },
  };
}
