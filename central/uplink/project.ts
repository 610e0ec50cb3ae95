// Projections of accepted uplink records into the city's tables. The same code serves ingest
// (inside the push transaction, so a projection is never behind its records) and a full rebuild
// from uplink_records (which must give the same rows: tested after the fault suite).
//
// Set-based: a batch is grouped in memory (by case, rating, ticket …), each touched case is
// projected once from all its events (the ones stored before the batch, read in ONE query, plus
// the batch's own, already parsed), and every table gets at most one upsert per batch — rows go
// to PostgreSQL as one JSON document per table (`jsonb_to_recordset`), not as thousands of bind
// parameters. See projectionCtes() for the SQL.
import type { Kysely, Transaction } from 'kysely';
import { sql, type RawBuilder } from 'kysely';
import { projectCase, type CaseEvent, type CaseEventEnvelope } from '../../domain/cases';
import { toCaseEnvelope } from '../../domain/sync/wire';
import { chinaDateOf, type WorkingCalendar } from '../../domain/calendar';
import { polarityOf } from '../../domain/rating/levels';
import type { UplinkBody } from '../../domain/api/uplink';
import type { CentralDB } from '../db/schema';
import { refreshAllDays } from '../db/dailyRollup';
import type { Slicer } from './slices';

export type Db = Kysely<CentralDB> | Transaction<CentralDB>;

/** A record that passed validation, ready to project. */
export type ParsedEvent = CaseEvent | CaseEventEnvelope;

export type AcceptedRecord =
  | { seq: number; kind: 'caseEvent'; body: UplinkBody<'caseEvent'> }
  /**
   * At ingest: the event as the domain parsed it (saves parsing it again), without the body as
   * sent (already in the stored row's JSON): a push keeps fewer live objects across its awaits.
   */
  | { seq: number; kind: 'caseEvent'; parsed: ParsedEvent }
  | { seq: number; kind: 'rating'; body: UplinkBody<'rating'> }
  | { seq: number; kind: 'followUp'; body: UplinkBody<'followUp'> }
  | { seq: number; kind: 'ticket'; body: UplinkBody<'ticket'> }
  | { seq: number; kind: 'staff'; body: UplinkBody<'staff'> }
  | { seq: number; kind: 'window'; body: UplinkBody<'window'> };

/** A record's body as validated (what a rebuild reads back). */
export type AcceptedBody = Extract<AcceptedRecord, { body: unknown }>['body'];

export interface ProjectionContext {
  calendar: WorkingCalendar;
  /** Department of an item code (implementation or basic code), from the current catalogue. */
  departmentOf: (itemCode: string | null) => string | null;
}

const FINAL = new Set(['handedOver', 'refused', 'withdrawn']);

/** The rows one batch writes, per projection table (hall_id is added in SQL). */
export interface ProjectionRows {
  cases: Record<string, unknown>[];
  ratings: Record<string, unknown>[];
  follow_ups: Record<string, unknown>[];
  ticket_facts: TicketPatch[];
  hall_staff: Record<string, unknown>[];
  hall_windows: Record<string, unknown>[];
}

interface TicketPatch {
  ticket_id: string;
  category: string;
  issued_on: string | null;
  issued_at: number | null;
  called_at: number | null;
  started_at: number | null;
  done_at: number | null;
  no_show_at: number | null;
  window_no: number | null;
  clerk_work_no: string | null;
}

/**
 * Group a batch of accepted records (in seq order) of one hall and compute its projection rows.
 * Cases touched by the batch are projected from ALL their accepted events: those stored with
 * seq < `before` are read in one query (the hall row is locked by the caller, so nothing else
 * writes this hall's stream meanwhile).
 */
export async function projectionRows(
  tx: Db,
  hallId: string,
  records: readonly AcceptedRecord[],
  ctx: ProjectionContext,
  before: number,
  slice?: Slicer,
): Promise<ProjectionRows> {
  const cases = new Map<string, ParsedEvent[]>();
  const ratings = new Map<string, UplinkBody<'rating'>>();
  const followUps = new Map<string, UplinkBody<'followUp'>>();
  const tickets = new Map<string, TicketPatch>();
  const staff = new Map<string, { seq: number; b: UplinkBody<'staff'> }>();
  const windows = new Map<number, { seq: number; b: UplinkBody<'window'> }>();
  for (const r of records) {
    switch (r.kind) {
      case 'caseEvent': {
        const e = 'parsed' in r ? r.parsed : envelopeOf(r.body);
        const list = cases.get(e.caseId);
        if (list) list.push(e);
        else cases.set(e.caseId, [e]);
        break;
      }
      case 'rating':
        ratings.set(r.body.ratingId, r.body);
        break;
      case 'followUp':
        followUps.set(r.body.followUpId, r.body);
        break;
      case 'ticket':
        mergeTicket(tickets, r.body);
        break;
      case 'staff':
        staff.set(r.body.workNo, { seq: r.seq, b: r.body });
        break;
      case 'window':
        windows.set(r.body.windowNo, { seq: r.seq, b: r.body });
        break;
    }
  }
  return {
    cases: cases.size ? await caseRows(tx, hallId, cases, ctx, before, slice) : [],
    ratings: [...ratings.values()].map((b) => ({
      rating_id: b.ratingId,
      level: b.level,
      polarity: polarityOf(b.level),
      rated_on: chinaDateOf(b.ratedAt),
      rated_at: b.ratedAt,
      window_no: b.windowNo,
      clerk_work_no: b.clerkWorkNo,
      case_id: b.caseId,
      valid: b.valid,
    })),
    follow_ups: [...followUps.values()].map((b) => ({
      follow_up_id: b.followUpId,
      rating_id: b.ratingId,
      status: b.status,
      opened_on: b.openedOn,
      due_date: b.dueDate,
      closed_on: b.closedOn,
    })),
    ticket_facts: [...tickets.values()],
    hall_staff: [...staff.values()].map(({ seq, b }) => ({ work_no: b.workNo, name: b.name, role: b.role, active: b.active, updated_seq: seq })),
    hall_windows: [...windows.values()].map(({ seq, b }) => ({
      window_no: b.windowNo,
      name: b.name,
      active: b.active,
      categories: b.categories,
      updated_seq: seq,
    })),
  };
}

function mergeTicket(m: Map<string, TicketPatch>, b: UplinkBody<'ticket'>): void {
  const t = m.get(b.ticketId) ?? {
    ticket_id: b.ticketId,
    category: b.category,
    issued_on: null,
    issued_at: null,
    called_at: null,
    started_at: null,
    done_at: null,
    no_show_at: null,
    window_no: null,
    clerk_work_no: null,
  };
  const at = Date.parse(b.at);
  t.category = b.category;
  if (b.windowNo !== null) t.window_no = b.windowNo;
  if (b.clerkWorkNo !== null) t.clerk_work_no = b.clerkWorkNo;
  // The first time of each fact counts (a recall does not move the wait).
  if (b.fact === 'issued') {
    t.issued_at ??= at;
    t.issued_on ??= chinaDateOf(b.at);
  }
  if (b.fact === 'called') t.called_at ??= at;
  if (b.fact === 'started') t.started_at ??= at;
  if (b.fact === 'done') t.done_at ??= at;
  if (b.fact === 'noShow') t.no_show_at ??= at;
  m.set(b.ticketId, t);
}

const envelopeOf = (b: UplinkBody<'caseEvent'>): ParsedEvent => toCaseEnvelope({ ...b.event, streamId: b.event.caseId, serverVersion: b.serverVersion });

/**
 * The case rows of the touched cases. One query fetches the events stored before the batch for
 * all of them (a case with none is new: projected from the batch alone); the hall's server
 * version orders them inside projectCase.
 */
async function caseRows(
  tx: Db,
  hallId: string,
  batch: ReadonlyMap<string, ParsedEvent[]>,
  ctx: ProjectionContext,
  before: number,
  slice?: Slicer,
): Promise<Record<string, unknown>[]> {
  const prior = await sql<{ ref: string; body: unknown }>`SELECT ref, body FROM uplink_records
    WHERE hall_id = ${hallId} AND kind = 'caseEvent' AND status = 'accepted' AND ref = ANY(${[...batch.keys()]}::text[]) AND seq < ${before} ORDER BY seq`.execute(
    tx,
  );
  slice?.restart();
  const byCase = new Map<string, ParsedEvent[]>();
  for (const r of prior.rows) {
    if (slice?.due()) await slice.pause();
    const e = envelopeOf((typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as UplinkBody<'caseEvent'>);
    const list = byCase.get(r.ref);
    if (list) list.push(e);
    else byCase.set(r.ref, [e]);
  }
  const now = Date.now();
  const out: Record<string, unknown>[] = [];
  for (const [caseId, events] of batch) {
    if (slice?.due()) await slice.pause();
    const stored = byCase.get(caseId);
    const row = projectCase(stored ? stored.concat(events) : events, { calendar: ctx.calendar });
    const windowNo = row.timeline.find((t) => t.kind === 'received')?.actor.windowNo ?? null;
    out.push({
      case_id: caseId,
      case_no: row.caseNo,
      status: row.status,
      item_code: row.itemCode,
      item_name: row.itemName,
      department: ctx.departmentOf(row.itemCode),
      window_no: windowNo,
      applicant_masked: row.applicantMasked?.name ?? null,
      accepted_on: row.acceptedOn,
      due_date: row.dueDate,
      completed_on: row.completedOn,
      overdue_days: row.overdueDays,
      open: !FINAL.has(row.status) && row.completedOn === null,
      event_count: row.eventCount,
      last_server_version: row.lastServerVersion ?? 0,
      updated_at: now,
    });
  }
  return out;
}

/**
 * Data-modifying CTEs that upsert a batch's projection rows (only the non-empty tables), to be
 * prefixed to one statement: one round trip for every table. Each table's rows travel as one
 * JSON parameter; ON CONFLICT merges with what is stored (a batch never holds one key twice).
 */
export function projectionCtes(hallId: string, rows: ProjectionRows): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  const doc = (xs: unknown[]) => JSON.stringify(xs);
  if (rows.cases.length)
    out.push(sql`p_cases AS (INSERT INTO cases (hall_id, case_id, case_no, status, item_code, item_name, department, window_no, applicant_masked,
      accepted_on, due_date, completed_on, overdue_days, open, event_count, last_server_version, updated_at)
    SELECT ${hallId}, r.case_id, r.case_no, r.status, r.item_code, r.item_name, r.department, r.window_no, r.applicant_masked,
      r.accepted_on, r.due_date, r.completed_on, r.overdue_days, r.open, r.event_count, r.last_server_version, r.updated_at
    FROM jsonb_to_recordset(${doc(rows.cases)}::jsonb) AS r(case_id text, case_no text, status text, item_code text, item_name text, department text,
      window_no integer, applicant_masked text, accepted_on text, due_date text, completed_on text, overdue_days integer, open boolean, event_count integer,
      last_server_version bigint, updated_at bigint)
    ON CONFLICT (hall_id, case_id) DO UPDATE SET case_no = excluded.case_no, status = excluded.status, item_code = excluded.item_code,
      item_name = excluded.item_name, department = excluded.department, window_no = excluded.window_no, applicant_masked = excluded.applicant_masked,
      accepted_on = excluded.accepted_on, due_date = excluded.due_date, completed_on = excluded.completed_on, overdue_days = excluded.overdue_days,
      open = excluded.open, event_count = excluded.event_count, last_server_version = excluded.last_server_version, updated_at = excluded.updated_at)`);
  if (rows.ratings.length)
    out.push(sql`p_ratings AS (INSERT INTO ratings (hall_id, rating_id, level, polarity, rated_on, rated_at, window_no, clerk_work_no, case_id, valid)
    SELECT ${hallId}, r.rating_id, r.level, r.polarity, r.rated_on, r.rated_at, r.window_no, r.clerk_work_no, r.case_id, r.valid
    FROM jsonb_to_recordset(${doc(rows.ratings)}::jsonb) AS r(rating_id text, level text, polarity text, rated_on text, rated_at text, window_no integer,
      clerk_work_no text, case_id text, valid boolean)
    ON CONFLICT (hall_id, rating_id) DO UPDATE SET level = excluded.level, polarity = excluded.polarity, rated_on = excluded.rated_on,
      rated_at = excluded.rated_at, window_no = excluded.window_no, clerk_work_no = excluded.clerk_work_no, case_id = excluded.case_id, valid = excluded.valid)`);
  if (rows.follow_ups.length)
    out.push(sql`p_follow_ups AS (INSERT INTO follow_ups (hall_id, follow_up_id, rating_id, status, opened_on, due_date, closed_on)
    SELECT ${hallId}, r.follow_up_id, r.rating_id, r.status, r.opened_on, r.due_date, r.closed_on
    FROM jsonb_to_recordset(${doc(rows.follow_ups)}::jsonb) AS r(follow_up_id text, rating_id text, status text, opened_on text, due_date text, closed_on text)
    ON CONFLICT (hall_id, follow_up_id) DO UPDATE SET rating_id = excluded.rating_id, status = excluded.status, opened_on = excluded.opened_on,
      due_date = excluded.due_date, closed_on = excluded.closed_on)`);
  // A ticket's facts may span batches: keep the first time of each (coalesce with what is stored);
  // the wait is rounded the same way whichever batch completes it.
  if (rows.ticket_facts.length)
    out.push(sql`p_tickets AS (INSERT INTO ticket_facts AS t (hall_id, ticket_id, category, issued_on, issued_at, called_at, started_at,
      done_at, no_show_at, window_no, clerk_work_no, wait_seconds)
    SELECT ${hallId}, r.ticket_id, r.category, r.issued_on, r.issued_at, r.called_at, r.started_at, r.done_at, r.no_show_at, r.window_no, r.clerk_work_no,
      round((r.called_at - r.issued_at) / 1000.0)
    FROM jsonb_to_recordset(${doc(rows.ticket_facts)}::jsonb) AS r(ticket_id text, category text, issued_on text, issued_at bigint, called_at bigint,
      started_at bigint, done_at bigint, no_show_at bigint, window_no integer, clerk_work_no text)
    ON CONFLICT (hall_id, ticket_id) DO UPDATE SET category = excluded.category,
      issued_on = coalesce(excluded.issued_on, t.issued_on), issued_at = coalesce(excluded.issued_at, t.issued_at),
      called_at = coalesce(excluded.called_at, t.called_at), started_at = coalesce(excluded.started_at, t.started_at),
      done_at = coalesce(excluded.done_at, t.done_at), no_show_at = coalesce(excluded.no_show_at, t.no_show_at),
      window_no = coalesce(excluded.window_no, t.window_no), clerk_work_no = coalesce(excluded.clerk_work_no, t.clerk_work_no),
      wait_seconds = round((coalesce(excluded.called_at, t.called_at) - coalesce(excluded.issued_at, t.issued_at)) / 1000.0))`);
  if (rows.hall_staff.length)
    out.push(sql`p_staff AS (INSERT INTO hall_staff (hall_id, work_no, name, role, active, updated_seq)
    SELECT ${hallId}, r.work_no, r.name, r.role, r.active, r.updated_seq
    FROM jsonb_to_recordset(${doc(rows.hall_staff)}::jsonb) AS r(work_no text, name text, role text, active boolean, updated_seq bigint)
    ON CONFLICT (hall_id, work_no) DO UPDATE SET name = excluded.name, role = excluded.role, active = excluded.active, updated_seq = excluded.updated_seq)`);
  if (rows.hall_windows.length)
    out.push(sql`p_windows AS (INSERT INTO hall_windows (hall_id, window_no, name, active, categories, updated_seq)
    SELECT ${hallId}, r.window_no, r.name, r.active, r.categories, r.updated_seq
    FROM jsonb_to_recordset(${doc(rows.hall_windows)}::jsonb) AS r(window_no integer, name text, active boolean, categories jsonb, updated_seq bigint)
    ON CONFLICT (hall_id, window_no) DO UPDATE SET name = excluded.name, active = excluded.active, categories = excluded.categories, updated_seq = excluded.updated_seq)`);
  return out;
}

/** `WITH cte, cte … <final>` — or just `<final>` with no CTE. */
export function withCtes(ctes: RawBuilder<unknown>[], final: RawBuilder<unknown>): RawBuilder<unknown> {
  return ctes.length ? sql`WITH ${sql.join(ctes, sql`, `)} ${final}` : final;
}

export const PROJECTION_TABLES = ['cases', 'ratings', 'follow_ups', 'ticket_facts', 'hall_daily', 'hall_staff', 'hall_windows'] as const;

/** Throw away every projection of one hall and rebuild it from its accepted records. */
export async function rebuildHall(
  db: Kysely<CentralDB>,
  hallId: string,
  ctx: ProjectionContext,
  parse: (kind: string, body: unknown) => AcceptedBody,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`SELECT 1 FROM halls WHERE hall_id = ${hallId} FOR UPDATE`.execute(tx);
    for (const t of PROJECTION_TABLES) await tx.deleteFrom(t).where('hall_id', '=', hallId).execute();
    let after = 0;
    for (;;) {
      const rows = await tx
        .selectFrom('uplink_records')
        .select(['seq', 'kind', 'body'])
        .where('hall_id', '=', hallId)
        .where('status', '=', 'accepted')
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(5000)
        .execute();
      if (!rows.length) break;
      const recs = rows.map(
        (r) => ({ seq: Number(r.seq), kind: r.kind, body: parse(r.kind!, typeof r.body === 'string' ? JSON.parse(r.body) : r.body) }) as AcceptedRecord,
      );
      const ctes = projectionCtes(hallId, await projectionRows(tx, hallId, recs, ctx, recs[0]!.seq));
      if (ctes.length) await withCtes(ctes, sql`SELECT 1`).execute(tx);
      after = recs[recs.length - 1]!.seq;
    }
    await refreshAllDays(tx, hallId);
  });
}
