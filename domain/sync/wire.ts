// Wire shapes of counter ⇄ hall-server sync (push / pull), shared by the counter's sync engine
// and the server's ingest, plus the one way both sides turn a stored case log into a CaseRow.
// Events travel as they were written (never edited); each side parses them with the domain's
// parseCaseEvent before projecting, so an older writer's payload gets the same defaults here
// and there, and a newer writer's unknown kind stays deferred on both sides.
import { z } from 'zod';
import { isoInstantSchema } from '../calendar/schemas';
import { parseCaseEvent, projectCase, type CaseEvent, type CaseEventEnvelope, type CaseRow, type ProjectOptions } from '../cases';

/** One event of the device's log on the wire (any stream: 'case', 'rating', …). */
export const wireEventSchema = z.object({
  id: z.string().min(8).max(64),
  stream: z.string().min(1).max(32),
  streamId: z.string().min(1).max(64),
  deviceId: z.string().min(1).max(64),
  seq: z.number().int().positive(),
  kind: z.string().min(1).max(64),
  at: isoInstantSchema,
  actor: z.object({ workNo: z.string().max(32), windowNo: z.number().int().nullable() }),
  payload: z.unknown(),
  schemaVersion: z.number().int().positive(),
  serverVersion: z.number().int().positive().optional(),
});
export type WireEvent = z.infer<typeof wireEventSchema>;

/**
 * Push body. `events` are validated one by one on the server (a malformed event becomes ONE
 * rejected result, never a 400 for the whole batch, so it cannot wedge the queue).
 */
export const pushRequestSchema = z.object({
  deviceId: z.string().min(1).max(64),
  schemaVersion: z.number().int().positive(),
  /** Device clock when sending: recorded to report skew, never used for order. */
  sentAt: isoInstantSchema.optional(),
  events: z.array(z.unknown()).max(5000),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResultSchema = z.discriminatedUnion('status', [
  z.object({ seq: z.number(), id: z.string().nullable(), status: z.literal('accepted'), serverVersion: z.number(), deferred: z.boolean() }),
  z.object({ seq: z.number(), id: z.string().nullable(), status: z.literal('duplicate'), serverVersion: z.number() }),
  z.object({ seq: z.number(), id: z.string().nullable(), status: z.literal('rejected'), code: z.string(), message: z.string() }),
]);
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({
  deviceId: z.string(),
  /** The device's last seq the server has applied (accepted or rejected). */
  lastSeq: z.number(),
  serverTime: z.string(),
  results: z.array(pushResultSchema),
  /** Set when the batch did not start at lastSeq + 1: the device should resend from here. */
  expectedSeq: z.number().nullable(),
  clockSkewMs: z.number().nullable(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pulledEventSchema = wireEventSchema.extend({ serverVersion: z.number().int().positive() });
export type PulledEvent = z.infer<typeof pulledEventSchema>;

export const pullResponseSchema = z.object({
  events: z.array(pulledEventSchema),
  /** Cursor for the next pull: the last server version included (or `since` when none). */
  next: z.number(),
  hasMore: z.boolean(),
  /** Hall-wide change signals: the queue/catalogue/assignment version, to re-fetch on change. */
  hall: z.object({ version: z.number() }),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** A stored case event (either side) as the domain's envelope, parsed so defaults apply. */
export function toCaseEnvelope(
  e: Pick<WireEvent, 'id' | 'streamId' | 'deviceId' | 'seq' | 'kind' | 'at' | 'actor' | 'payload' | 'schemaVersion'> & { serverVersion?: number | null },
): CaseEvent | CaseEventEnvelope {
  const env = {
    id: e.id,
    caseId: e.streamId,
    deviceId: e.deviceId,
    seq: e.seq,
    kind: e.kind,
    at: e.at,
    actor: e.actor,
    payload: e.payload,
    schemaVersion: e.schemaVersion,
    ...(e.serverVersion != null ? { serverVersion: e.serverVersion } : {}),
  };
  const p = parseCaseEvent(env);
  return p.status === 'invalid' ? (env as CaseEventEnvelope) : p.event;
}

/** The case row both sides compute from the events they hold (projectCase decides order). */
export function projectCaseLog(events: Parameters<typeof toCaseEnvelope>[0][], opts?: ProjectOptions): CaseRow {
  return projectCase(events.map(toCaseEnvelope), opts);
}

/** Comparable essence of a projection (for convergence checks): what a person would see. */
export function projectionDigest(row: CaseRow): string {
  return JSON.stringify({
    caseId: row.caseId,
    caseNo: row.caseNo,
    status: row.status,
    dueDate: row.dueDate,
    eventCount: row.eventCount,
    conflicts: row.conflicts.map((c) => c.eventId),
    deferred: row.deferred.map((d) => d.eventId),
    timeline: row.timeline.map((t) => [t.eventId, t.outcome, t.serverVersion]),
  });
}

/** Clock skew above this is reported to the manager. */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60_000;
