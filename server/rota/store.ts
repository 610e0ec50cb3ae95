// The duty rota's rows (migration 780) read into the domain's RotaData and written back a month at
// a time. The rules live in domain/rota/rules.ts; this file only moves rows.
import type { HallStore } from '../db/connection';
import type { HallHours, RotaCell, RotaData, RotaDay, RotaLeave } from '../../domain/rota/rules';

const inMonth = (month: string) => `${month}-%`;

export class RotaStore {
  constructor(private readonly store: HallStore) {}

  hours(): HallHours | null {
    const q = this.store.q;
    const h = this.store.get(q.selectFrom('rota_hours').selectAll().where('id', '=', 1));
    return h ? { open: h.open, close: h.close, lunchStart: h.lunch_start, lunchEnd: h.lunch_end } : null;
  }

  /** The month's rota (cells, day overrides, leave) and the hall's hours. */
  month(month: string): RotaData {
    const q = this.store.q;
    const like = inMonth(month);
    const cells: RotaCell[] = this.store
      .all(q.selectFrom('rota_cells').selectAll().where('date', 'like', like).orderBy('date').orderBy('window_no'))
      .map((c) => ({ date: c.date, windowNo: c.window_no, a: c.a_work_no, b: c.b_work_no, leader: c.leader_work_no }));
    const days: RotaDay[] = this.store
      .all(q.selectFrom('rota_days').selectAll().where('date', 'like', like).orderBy('date'))
      .map((d) => ({ date: d.date, open: d.open == null ? null : d.open === 1, lunch: d.lunch === 1, until: d.until }));
    const leave: RotaLeave[] = this.store
      .all(q.selectFrom('rota_leave').selectAll().where('date', 'like', like).orderBy('date').orderBy('work_no'))
      .map((l) => ({ workNo: l.work_no, date: l.date }));
    return { hours: this.hours(), cells, days, leave };
  }

  /** Replaces the whole month (call inside the engine's transaction). */
  replaceMonth(month: string, data: Omit<RotaData, 'hours'>, by: string, now: number): void {
    const q = this.store.q;
    const like = inMonth(month);
    this.store.run(q.deleteFrom('rota_cells').where('date', 'like', like));
    this.store.run(q.deleteFrom('rota_days').where('date', 'like', like));
    this.store.run(q.deleteFrom('rota_leave').where('date', 'like', like));
    for (const c of data.cells) {
      this.store.run(
        q.insertInto('rota_cells').values({
          date: c.date,
          window_no: c.windowNo,
          a_work_no: c.a,
          b_work_no: c.b,
          leader_work_no: c.leader,
          updated_at: now,
          updated_by: by,
        }),
      );
    }
    for (const d of data.days) {
      // A day that says nothing beyond the calendar needs no row.
      if (d.open == null && !d.lunch && d.until == null) continue;
      this.store.run(
        q
          .insertInto('rota_days')
          .values({ date: d.date, open: d.open == null ? null : d.open ? 1 : 0, lunch: d.lunch ? 1 : 0, until: d.until, updated_at: now, updated_by: by }),
      );
    }
    for (const l of data.leave) this.store.run(q.insertInto('rota_leave').values({ work_no: l.workNo, date: l.date, updated_at: now, updated_by: by }));
  }

  setHours(h: HallHours | null, by: string, now: number): void {
    const q = this.store.q;
    this.store.run(q.deleteFrom('rota_hours').where('id', '=', 1));
    if (h) {
      this.store.run(
        q
          .insertInto('rota_hours')
          .values({ id: 1, open: h.open, close: h.close, lunch_start: h.lunchStart, lunch_end: h.lunchEnd, updated_at: now, updated_by: by }),
      );
    }
  }

  /** Is any month configured at all (the demo seed fills a month only once). */
  hasMonth(month: string): boolean {
    const q = this.store.q;
    return Boolean(this.store.get(q.selectFrom('rota_cells').select('date').where('date', 'like', inMonth(month)).limit(1)));
  }
}
