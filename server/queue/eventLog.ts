// The event log: every committed change appends a row; its `seq` is the hall's version, which
// clients are signalled after the commit (Transactions) and statistics are computed from.
import type { HallStore } from '../db/connection';
import type { EventSignal } from '../../domain/api/hall';
import type { Statements } from './statements';

export interface EventFields { ticketId?: string | null; windowNo?: number | null; category?: string | null; actor?: string | null; data?: unknown }

export class EventLog {
  constructor(private readonly store: HallStore, private readonly sql: Statements, private readonly now: () => number) {}

  emit(type: string, f: EventFields): void {
    this.sql.insertEvent.run(this.now(), type, f.ticketId ?? null, f.windowNo ?? null, f.category ?? null, f.actor ?? null, f.data === undefined ? null : JSON.stringify(f.data));
  }

  last(): { seq: number; type: string; at: number } | undefined {
    return this.sql.lastEvent.get() as { seq: number; type: string; at: number } | undefined;
  }

  since(since: number, limit: number): EventSignal[] {
    const q = this.store.q;
    return this.store.all(q.selectFrom('events').select(['seq', 'type', 'at']).where('seq', '>', since).orderBy('seq').limit(limit))
      .map((e) => ({ version: e.seq, type: e.type, at: new Date(e.at).toISOString() }));
  }
}
