// Projections of accepted uplink records into the city's tables. The same function serves ingest
// (inside the push transaction, so a projection is never behind its records) and a full rebuild
// from uplink_records (which must give the same rows: tested after the fault suite).
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { projectCase, type CaseEvent, type CaseEventEnvelope } from '../../domain/cases';
import { toCaseEnvelope } from '../../domain/sync/wire';
import { chinaDateOf, type WorkingCalendar } from '../../domain/calendar';
import { polarityOf } from '../../domain/rating/levels';
import type { UplinkBody } from '../../domain/api/uplink';
import type { CentralDB } from '../db/schema';

export type Db = Kysely<CentralDB> | Transaction<CentralDB>;

/** A record that passed validation, ready to project. */
export type ParsedEvent = CaseEvent | CaseEventEnvelope;

export type AcceptedRecord =
  /** `parsed`: the event as the domain parsed it at ingest (saves parsing it again). */
  | { seq: number; kind: 'caseEvent'; body: UplinkBody<'caseEvent'>; parsed?: ParsedEvent }
  | { seq: number; kind: 'rating'; body: UplinkBody<'rating'> }
  | { seq: number; kind: 'followUp'; body: UplinkBody<'followUp'> }
  | { seq: number; kind: 'ticket'; body: UplinkBody<'ticket'> }
  | { seq: number; kind: 'staff'; body: UplinkBody<'staff'> }
  | { seq: number; kind: 'window'; body: UplinkBody<'window'> };

export interface ProjectionContext {
  calendar: WorkingCalendar;
  /** Department of an item code (implementation or basic code), from the current catalogue. */
  departmentOf: (itemCode: string | null) => string | null;
}

const FINAL = new Set(['handedOver', 'refused', 'withdrawn']);
const CHUNK = 500;

async function insertChunks<T>(rows: T[], run: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await run(rows.slice(i, i + CHUNK));
}

/** Apply a batch of accepted records (in seq order) of one hall. Case events must already be in uplink_records. */
export async function projectRecords(tx: Db, hallId: string, records: readonly AcceptedRecord[], ctx: ProjectionContext): Promise<void> {
  const cases = new Map<string, ParsedEvent[]>();
  const ratings = new Map<string, UplinkBody<'rating'>>();
  const followUps = new Map<string, UplinkBody<'followUp'>>();
  const tickets = new Map<string, TicketPatch>();
  const staff = new Map<string, { seq: number; b: UplinkBody<'staff'> }>();
  const windows = new Map<number, { seq: number; b: UplinkBody<'window'> }>();
  for (const r of records) {
    switch (r.kind) {
      case 'caseEvent': {
        const list = cases.get(r.body.event.caseId) ?? [];
        list.push(r.parsed ?? envelopeOf(r.body));
        cases.set(r.body.event.caseId, list);
        break;
      }
      case 'rating': ratings.set(r.body.ratingId, r.body); break;
      case 'followUp': followUps.set(r.body.followUpId, r.body); break;
      case 'ticket': mergeTicket(tickets, r.body); break;
      case 'staff': staff.set(r.body.workNo, { seq: r.seq, b: r.body }); break;
      case 'window': windows.set(r.body.windowNo, { seq: r.seq, b: r.body }); break;
    }
  }
  if (cases.size) await reprojectCases(tx, hallId, cases, ctx);
  await insertChunks([...ratings.values()], (chunk) => tx.insertInto('ratings').values(chunk.map((b) => ({
    hall_id: hallId, rating_id: b.ratingId, level: b.level, polarity: polarityOf(b.level), rated_on: chinaDateOf(b.ratedAt), rated_at: b.ratedAt,
    window_no: b.windowNo, clerk_work_no: b.clerkWorkNo, case_id: b.caseId, valid: b.valid,
  }))).onConflict((oc) => oc.columns(['hall_id', 'rating_id']).doUpdateSet((eb) => ({
    level: eb.ref('excluded.level'), polarity: eb.ref('excluded.polarity'), rated_on: eb.ref('excluded.rated_on'), rated_at: eb.ref('excluded.rated_at'),
    window_no: eb.ref('excluded.window_no'), clerk_work_no: eb.ref('excluded.clerk_work_no'), case_id: eb.ref('excluded.case_id'), valid: eb.ref('excluded.valid'),
  }))).execute());
  await insertChunks([...followUps.values()], (chunk) => tx.insertInto('follow_ups').values(chunk.map((b) => ({
    hall_id: hallId, follow_up_id: b.followUpId, rating_id: b.ratingId, status: b.status, opened_on: b.openedOn, due_date: b.dueDate, closed_on: b.closedOn,
  }))).onConflict((oc) => oc.columns(['hall_id', 'follow_up_id']).doUpdateSet((eb) => ({
    rating_id: eb.ref('excluded.rating_id'), status: eb.ref('excluded.status'), opened_on: eb.ref('excluded.opened_on'), due_date: eb.ref('excluded.due_date'), closed_on: eb.ref('excluded.closed_on'),
  }))).execute());
  await insertChunks([...tickets.values()], (chunk) => tx.insertInto('ticket_facts').values(chunk.map((t) => ({ hall_id: hallId, ...t, wait_seconds: waitOf(t.issued_at, t.called_at) })))
    .onConflict((oc) => oc.columns(['hall_id', 'ticket_id']).doUpdateSet({
      category: sql`excluded.category`,
      issued_on: sql`coalesce(excluded.issued_on, ticket_facts.issued_on)`,
      issued_at: sql`coalesce(excluded.issued_at, ticket_facts.issued_at)`,
      called_at: sql`coalesce(excluded.called_at, ticket_facts.called_at)`,
      started_at: sql`coalesce(excluded.started_at, ticket_facts.started_at)`,
      done_at: sql`coalesce(excluded.done_at, ticket_facts.done_at)`,
      no_show_at: sql`coalesce(excluded.no_show_at, ticket_facts.no_show_at)`,
      window_no: sql`coalesce(excluded.window_no, ticket_facts.window_no)`,
      clerk_work_no: sql`coalesce(excluded.clerk_work_no, ticket_facts.clerk_work_no)`,
      wait_seconds: sql`(coalesce(excluded.called_at, ticket_facts.called_at) - coalesce(excluded.issued_at, ticket_facts.issued_at)) / 1000`,
    })).execute());
  await insertChunks([...staff.values()], (chunk) => tx.insertInto('hall_staff').values(chunk.map(({ seq, b }) => ({ hall_id: hallId, work_no: b.workNo, name: b.name, role: b.role, active: b.active, updated_seq: seq })))
    .onConflict((oc) => oc.columns(['hall_id', 'work_no']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), role: eb.ref('excluded.role'), active: eb.ref('excluded.active'), updated_seq: eb.ref('excluded.updated_seq') }))).execute());
  await insertChunks([...windows.values()], (chunk) => tx.insertInto('hall_windows').values(chunk.map(({ seq, b }) => ({ hall_id: hallId, window_no: b.windowNo, name: b.name, active: b.active, categories: JSON.stringify(b.categories), updated_seq: seq })))
    .onConflict((oc) => oc.columns(['hall_id', 'window_no']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), active: eb.ref('excluded.active'), categories: eb.ref('excluded.categories'), updated_seq: eb.ref('excluded.updated_seq') }))).execute());
}

interface TicketPatch {
  ticket_id: string; category: string; issued_on: string | null; issued_at: number | null; called_at: number | null; started_at: number | null;
  done_at: number | null; no_show_at: number | null; window_no: number | null; clerk_work_no: string | null;
}

function mergeTicket(m: Map<string, TicketPatch>, b: UplinkBody<'ticket'>): void {
  const t = m.get(b.ticketId) ?? {
    ticket_id: b.ticketId, category: b.category, issued_on: null, issued_at: null, called_at: null, started_at: null, done_at: null, no_show_at: null, window_no: null, clerk_work_no: null,
  };
  const at = Date.parse(b.at);
  t.category = b.category;
  if (b.windowNo !== null) t.window_no = b.windowNo;
  if (b.clerkWorkNo !== null) t.clerk_work_no = b.clerkWorkNo;
  // The first time of each fact counts (a recall does not move the wait).
  if (b.fact === 'issued') { t.issued_at ??= at; t.issued_on ??= chinaDateOf(b.at); }
  if (b.fact === 'called') t.called_at ??= at;
  if (b.fact === 'started') t.started_at ??= at;
  if (b.fact === 'done') t.done_at ??= at;
  if (b.fact === 'noShow') t.no_show_at ??= at;
  m.set(b.ticketId, t);
}

const waitOf = (issued: number | null, called: number | null): number | null => (issued !== null && called !== null ? Math.round((called - issued) / 1000) : null);

const envelopeOf = (b: UplinkBody<'caseEvent'>): ParsedEvent => toCaseEnvelope({ ...b.event, streamId: b.event.caseId, serverVersion: b.serverVersion });

/**
 * Re-project the touched cases. A case seen for the first time is projected from this batch's
 * events (already parsed); a case with earlier events is re-read from uplink_records (the batch's
 * rows are already there) and projected from all of them — the hall's server version orders them.
 */
export async function reprojectCases(tx: Db, hallId: string, batch: ReadonlyMap<string, ParsedEvent[]>, ctx: ProjectionContext): Promise<void> {
  const caseIds = [...batch.keys()];
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const ids = caseIds.slice(i, i + CHUNK);
    const known = new Set((await tx.selectFrom('cases').select('case_id').where('hall_id', '=', hallId).where('case_id', 'in', ids).execute()).map((r) => r.case_id));
    const byCase = new Map<string, ParsedEvent[]>();
    for (const id of ids) if (!known.has(id)) byCase.set(id, batch.get(id)!);
    if (known.size) {
      const rows = await tx.selectFrom('uplink_records').select(['ref', 'body']).where('hall_id', '=', hallId).where('kind', '=', 'caseEvent').where('status', '=', 'accepted')
        .where('ref', 'in', [...known]).orderBy('seq').execute();
      for (const r of rows) {
        const list = byCase.get(r.ref!) ?? [];
        list.push(envelopeOf((typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as UplinkBody<'caseEvent'>));
        byCase.set(r.ref!, list);
      }
    }
    const now = Date.now();
    const values = [...byCase.entries()].map(([caseId, events]) => {
      const row = projectCase(events, { calendar: ctx.calendar });
      const windowNo = row.timeline.find((t) => t.kind === 'received')?.actor.windowNo ?? null;
      return {
        hall_id: hallId, case_id: caseId, case_no: row.caseNo, status: row.status, item_code: row.itemCode, item_name: row.itemName,
        department: ctx.departmentOf(row.itemCode), window_no: windowNo, applicant_masked: row.applicantMasked?.name ?? null,
        accepted_on: row.acceptedOn, due_date: row.dueDate, completed_on: row.completedOn, overdue_days: row.overdueDays,
        open: !FINAL.has(row.status) && row.completedOn === null, event_count: row.eventCount, last_server_version: row.lastServerVersion ?? 0, updated_at: now,
      };
    });
    if (!values.length) continue;
    await tx.insertInto('cases').values(values).onConflict((oc) => oc.columns(['hall_id', 'case_id']).doUpdateSet((eb) => ({
      case_no: eb.ref('excluded.case_no'), status: eb.ref('excluded.status'), item_code: eb.ref('excluded.item_code'), item_name: eb.ref('excluded.item_name'),
      department: eb.ref('excluded.department'), window_no: eb.ref('excluded.window_no'), applicant_masked: eb.ref('excluded.applicant_masked'),
      accepted_on: eb.ref('excluded.accepted_on'), due_date: eb.ref('excluded.due_date'), completed_on: eb.ref('excluded.completed_on'),
      overdue_days: eb.ref('excluded.overdue_days'), open: eb.ref('excluded.open'), event_count: eb.ref('excluded.event_count'),
      last_server_version: eb.ref('excluded.last_server_version'), updated_at: eb.ref('excluded.updated_at'),
    }))).execute();
  }
}

export const PROJECTION_TABLES = ['cases', 'ratings', 'follow_ups', 'ticket_facts', 'hall_staff', 'hall_windows'] as const;

/** Throw away every projection of one hall and rebuild it from its accepted records. */
export async function rebuildHall(db: Kysely<CentralDB>, hallId: string, ctx: ProjectionContext, parse: (kind: string, body: unknown) => AcceptedRecord['body']): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const t of PROJECTION_TABLES) await tx.deleteFrom(t).where('hall_id', '=', hallId).execute();
    let after = 0;
    for (;;) {
      const rows = await tx.selectFrom('uplink_records').select(['seq', 'kind', 'body']).where('hall_id', '=', hallId).where('status', '=', 'accepted').where('seq', '>', after).orderBy('seq').limit(5000).execute();
      if (!rows.length) break;
      const recs = rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, body: parse(r.kind!, typeof r.body === 'string' ? JSON.parse(r.body) : r.body) }) as AcceptedRecord);
      await projectRecords(tx, hallId, recs, ctx);
      after = Number(rows[rows.length - 1]!.seq);
    }
  });
}
