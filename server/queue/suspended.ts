// Tickets on hold (挂起) with the reason and time of their last suspension: the counter lists its
// window's, the snapshot carries the hall's for the board and the display (no personal data).
// The reason lives in the `suspend` event's data, not in a ticket column.
import { sql as ksql } from 'kysely';
import type { HallStore } from '../db/connection';
import type { SuspendedTicket } from '../../domain/api/hall';

export function suspendedTickets(store: HallStore, windowNo?: number): SuspendedTicket[] {
  const q = store.q;
  let qb = q.selectFrom('tickets').select(['id', 'number', 'category', 'window_no', 'called_at']).where('status', '=', ksql.lit('suspended'));
  if (windowNo !== undefined) qb = qb.where('window_no', '=', windowNo);
  return store.all(qb.orderBy('called_at').limit(200)).map((t) => {
    const e = store.get(
      q.selectFrom('events').select(['at', 'data']).where('ticket_id', '=', t.id).where('type', '=', 'suspend').orderBy('seq', 'desc').limit(1),
    );
    const reason = e?.data ? ((JSON.parse(e.data) as { reason?: string }).reason ?? null) : null;
    return {
      id: t.id,
      number: t.number,
      category: t.category,
      windowNo: t.window_no ?? 0,
      reason,
      suspendedAt: new Date(e?.at ?? t.called_at ?? Date.now()).toISOString(),
    };
  });
}
