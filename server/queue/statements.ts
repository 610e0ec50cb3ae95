// The engine's SQL: column lists, fragments, and the hot statements compiled once by Kysely and
// bound per call (compiling a query costs more than running it at thousands of calls a second).
import { sql as ksql } from 'kysely';
import type { HallStore } from '../db/connection';
import type { TicketRow } from '../db/schema';
import type { TicketViewRow } from './views';

const NULL = ksql<null>`null`;
/**
 * What call-next reads of a candidate (a line head): enough to rank it, put it in service and
 * answer. Every column read costs (better-sqlite3 builds an object per row), so not `*`.
 */
export const HEAD_COLUMNS = [
  'id',
  'number',
  'category',
  'priority',
  'queue_pos',
  'status',
  'channel',
  'issued_at',
  'called_at',
  'first_called_at',
  'started_at',
  'window_no',
  'recall_count',
  'id_masked',
  'target_window',
  'target_clerk',
] as const satisfies readonly (keyof TicketRow)[];
export type HeadRow = Pick<TicketRow, (typeof HEAD_COLUMNS)[number]>;
/** What ending a ticket reads of it (its event carries number, class and durations). */
const CLOSING_COLUMNS = [
  'id',
  'number',
  'category',
  'priority',
  'issued_at',
  'first_called_at',
  'called_at',
  'started_at',
] as const satisfies readonly (keyof TicketRow)[];
export type ClosingRow = Pick<TicketRow, (typeof CLOSING_COLUMNS)[number]>;
const VIEW_COLUMNS = [
  'id',
  'number',
  'category',
  'status',
  'priority',
  'channel',
  'issued_at',
  'called_at',
  'started_at',
  'window_no',
  'recall_count',
  'id_masked',
] as const satisfies readonly (keyof TicketViewRow)[];
export const TICKET_COLUMNS = [
  'id',
  'number',
  'category',
  'serial',
  'day',
  'status',
  'priority',
  'channel',
  'issued_at',
  'queue_pos',
  'called_at',
  'first_called_at',
  'started_at',
  'finished_at',
  'window_no',
  'clerk_work_no',
  'recall_count',
  'outcome',
  'id_hash',
  'id_masked',
  'target_window',
  'target_clerk',
  'transferred_from',
  'request_id',
] as const satisfies readonly (keyof TicketRow)[];
/** A literal, not a bound parameter, so SQLite can use the partial indexes on waiting tickets. */
export const WAITING = ksql.lit('waiting');
export const OPEN = ksql<boolean>`status in ('waiting', 'called', 'serving', 'suspended')`;
/** A window number that never exists: a ticket aimed at it is held (see Issuing.holdTicket). */
export const HELD_WINDOW = 0;

export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(store: HallStore) {
  const q = store.q;
  return {
    head: store.prepare(
      q
        .selectFrom('tickets')
        .select(HEAD_COLUMNS)
        .where('status', '=', WAITING)
        .where('category', '=', '?')
        .where('priority', '=', '?')
        .where('target_window', 'is', null)
        .where('target_clerk', 'is', null)
        .orderBy('queue_pos')
        .limit(ksql.lit(1)),
      2,
    ),
    targetedWindow: store.prepare(
      q.selectFrom('tickets').select(HEAD_COLUMNS).where('target_window', '=', 0).where('status', '=', WAITING).orderBy('queue_pos').limit(ksql.lit(20)),
      1,
    ),
    targetedClerk: store.prepare(
      q.selectFrom('tickets').select(HEAD_COLUMNS).where('target_clerk', '=', '?').where('status', '=', WAITING).orderBy('queue_pos').limit(ksql.lit(20)),
      1,
    ),
    ticket: store.prepare(q.selectFrom('tickets').selectAll().where('id', '=', '?'), 1),
    window: store.prepare(q.selectFrom('windows').selectAll().where('no', '=', 0), 1),
    assignment: store.prepare(q.selectFrom('window_categories').select(['category', 'weight']).where('window_no', '=', 0).orderBy('category'), 1),
    lastEvent: store.prepare(q.selectFrom('events').select(['seq', 'type', 'at']).orderBy('seq', 'desc').limit(ksql.lit(1)), 0),
    insertEvent: store.prepare(q.insertInto('events').values({ at: 0, type: '?', ticket_id: '?', window_no: 0, category: '?', actor: '?', data: '?' }), 7),
    // Parameters bind in SQL order: SET values first, then WHERE.
    serialGet: store.prepare(q.selectFrom('serials').select('serial').where('category', '=', '?').where('key', '=', '?'), 2),
    serialUpsert: store.prepare(
      q
        .insertInto('serials')
        .values({ category: '?', key: '?', serial: 0 })
        .onConflict((oc) => oc.columns(['category', 'key']).doUpdateSet({ serial: (eb) => eb.ref('excluded.serial') })),
      3,
    ),
    inService: store.prepare(
      q.selectFrom('window_categories').select(ksql.lit(1).as('x')).where('category', '=', '?').where('weight', '>', ksql.lit(0)).limit(ksql.lit(1)),
      1,
    ),
    serialInUse: store.prepare(
      q.selectFrom('tickets').select(ksql.lit(1).as('x')).where('category', '=', '?').where('serial', '=', 0).where(OPEN).limit(ksql.lit(1)),
      2,
    ),
    eventsAfter: store.prepare(q.selectFrom('events').select(['window_no', 'type']).where('seq', '>', 0), 1),
    ticketView: store.prepare(q.selectFrom('tickets').select(VIEW_COLUMNS).where('id', '=', '?'), 1),
    idemGet: store.prepare(q.selectFrom('idempotency').select(['status', 'body']).where('key', '=', '?'), 1),
    idemPut: store.prepare(q.insertInto('idempotency').values({ key: '?', status: 0, body: '?', at: 0 }), 4),
    insertTicket: store.prepare(
      q.insertInto('tickets').values(Object.fromEntries(TICKET_COLUMNS.map((c) => [c, '?'])) as unknown as TicketRow),
      TICKET_COLUMNS.length,
    ),
    // Ends a ticket and returns what its event needs, in one statement (RETURNING: no read before the write).
    closeTicket: store.prepare(q.updateTable('tickets').set({ status: '?', outcome: '?', finished_at: 0 }).where('id', '=', '?').returning(CLOSING_COLUMNS), 4),
    callTicket: store.prepare(
      q
        .updateTable('tickets')
        .set({
          status: ksql.lit('called'),
          called_at: 0,
          first_called_at: 0,
          started_at: NULL,
          window_no: 0,
          clerk_work_no: '?',
          recall_count: ksql.lit(0),
          target_window: NULL,
          target_clerk: NULL,
        })
        .where('id', '=', '?'),
      5,
    ),
    windowFree: store.prepare(q.updateTable('windows').set({ current_ticket_id: NULL, status: '?' }).where('no', '=', 0), 2),
    // Tracking tokens (issue 17), written with the ticket in the same transaction.
    insertTrack: store.prepare(q.insertInto('ticket_tracks').values({ ticket_id: '?', token: '?', day: '?' }), 3),
    trackToken: store.prepare(q.selectFrom('ticket_tracks').select('token').where('ticket_id', '=', '?'), 1),
    windowServe: store.prepare(
      q
        .updateTable('windows')
        .set({ current_ticket_id: '?', status: ksql.lit('serving'), status_since: 0, ratio_pos: 0 })
        .where('no', '=', 0),
      4,
    ),
  };
}
