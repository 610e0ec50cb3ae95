// The hall's working day (in its time zone): numbers reset with it, and at the first action
// after midnight the tickets of earlier days still open end with outcome endedByDayReset.
import type { HallStore } from '../db/connection';
import { dayStart, nextDay, serviceDay } from '../../domain/queue/numbering';
import type { EventLog } from './eventLog';
import type { Lines } from './lines';
import { OPEN } from './statements';

export class HallDay {
  /** The current hall day ('' until the first transaction rolls it, or after a rollback). */
  current = '';
  /** When the current hall day ends (ms): checking it is cheaper than formatting a date per request. */
  private ends = 0;

  constructor(
    private readonly store: HallStore,
    private readonly timeZone: string,
    private readonly now: () => number,
    private readonly events: EventLog,
    private readonly lines: Lines,
  ) {}

  today(): string {
    return serviceDay(new Date(this.now()), this.timeZone);
  }

  /** A rollback may have undone a day reset: it runs again in the next transaction. */
  forget(): void {
    this.current = '';
  }

  /** Runs inside every transaction, before its work. */
  roll(): void {
    const now = this.now();
    if (now < this.ends && now >= this.ends - 86_400_000 * 1.5 && this.current) return;
    const day = this.today();
    this.ends = dayStart(nextDay(day), this.timeZone);
    if (day === this.current) return;
    this.current = day;
    const q = this.store.q;
    // Answers kept for retried request ids: a day is far longer than any client retries.
    this.store.run(q.deleteFrom('idempotency').where('at', '<', now - 86_400_000));
    const stale = this.store.all(q.selectFrom('tickets').select(['id', 'window_no']).where('day', '<', day).where(OPEN));
    if (!stale.length) return;
    this.store.run(q.updateTable('tickets').set({ status: 'removed', outcome: 'endedByDayReset', finished_at: now }).where('day', '<', day).where(OPEN));
    this.store.run(
      q
        .updateTable('windows')
        .set({ current_ticket_id: null })
        .where(
          'current_ticket_id',
          'in',
          stale.map((s) => s.id),
        ),
    );
    this.store.run(q.updateTable('windows').set({ status: 'open' }).where('status', '=', 'serving'));
    this.events.emit('dayReset', { data: { day, ended: stale.length } });
    this.lines.recountAll();
  }
}
