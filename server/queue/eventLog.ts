// The event log: every committed change appends a row; its `seq` is the hall's version, which
// clients are signalled after the commit (Transactions) and statistics are computed from.
import type { HallStore } from '../db/connection';
import type { EventSignal } from '../../domain/api/hall';
import type { Statements } from './statements';
import { outboxOf, type Outbox } from '../uplink/outbox';

export interface EventFields {
  ticketId?: string | null;
  windowNo?: number | null;
  category?: string | null;
  actor?: string | null;
  data?: unknown;
}

export class EventLog {
  private readonly outbox: Outbox;
  constructor(
    private readonly store: HallStore,
    private readonly sql: Statements,
    private readonly now: () => number,
  ) {
    this.outbox = outboxOf(store);
  }

  emit(type: string, f: EventFields): void {
    const at = this.now();
    this.sql.insertEvent.run(
      at,
      type,
      f.ticketId ?? null,
      f.windowNo ?? null,
      f.category ?? null,
      f.actor ?? null,
      f.data === undefined ? null : JSON.stringify(f.data),
    );
    // The city's ticket fact, in the same transaction (one prepared INSERT, only for ticket facts).
    this.outbox.queueEvent(type, at, f.ticketId ?? null, f.category ?? null, f.windowNo ?? null, f.actor ?? null);
  }

  last(): { seq: number; type: string; at: number } | undefined {
    return this.sql.lastEvent.get() as { seq: number; type: string; at: number } | undefined;
  }

  since(since: number, limit: number): EventSignal[] {
    const q = this.store.q;
    return this.store
      .all(q.selectFrom('events').select(['seq', 'type', 'at']).where('seq', '>', since).orderBy('seq').limit(limit))
      .map((e) => ({ version: e.seq, type: e.type, at: new Date(e.at).toISOString() }));
  }
}
