// The duty rota in the hall server: the month view the manager edits, saving a month (checked
// against the hall's windows and staff), today's hours for the kiosk and display, the sign-in
// verdict and the categories served now. Rules: domain/rota/rules.ts; rows: ./store.ts.
import type { HallStore } from '../db/connection';
import type { HallEngine } from '../queue/engine';
import type { Actor } from '../auth';
import { E } from '../errors';
import { RotaStore } from './store';
import { problemDeskWindows } from '../practices/problemService';
import { defaultCalendar } from '../../domain/calendar/calendar';
import { hallTime } from '../../domain/calendar/hallTime';
import {
  checkSignIn,
  datesOfMonth,
  extendedHours,
  hallOpenAt,
  hallOpensOn,
  monthOf,
  rotaConfigured,
  servedCategories,
  servingIntervals,
  uncoveredWindows,
  type HallHours,
  type RotaData,
  type RotaEnv,
  type SignInVerdict,
} from '../../domain/rota/rules';
import type { RotaMonthView, RotaToday } from '../../domain/api/rota';
import { windowRotaAhead, type WindowRotaAhead } from '../../domain/rota/ahead';

const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** Months a rota may be written for: a year back (corrections) to a year ahead. */
const MONTHS_BACK = 12;
const MONTHS_AHEAD = 12;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

export class RotaService {
  readonly rows: RotaStore;
  constructor(
    private readonly store: HallStore,
    private readonly engine: HallEngine,
    private readonly now: () => number = Date.now,
  ) {
    this.rows = new RotaStore(store);
  }

  env(): RotaEnv {
    return { calendar: defaultCalendar, zone: this.engine.timeZone };
  }

  today(): string {
    return hallTime(this.now(), this.engine.timeZone).date;
  }

  private windows(): { no: number; name: string }[] {
    const q = this.store.q;
    return this.store.all(q.selectFrom('windows').select(['no', 'name']).orderBy('no'));
  }

  /** The 办不成事 windows (a problemDesk category, issue 16 ledger): where the leader on duty sits. */
  private problemDesks(): Set<number> {
    return new Set(problemDeskWindows(this.store));
  }

  /** Window → categories it serves (weight > 0). */
  private windowCategories(): Map<number, string[]> {
    const q = this.store.q;
    const out = new Map<number, string[]>();
    for (const w of this.windows()) out.set(w.no, []);
    for (const r of this.store.all(q.selectFrom('window_categories').select(['window_no', 'category']).where('weight', '>', 0)))
      out.get(r.window_no)?.push(r.category);
    return out;
  }

  monthView(month: string): RotaMonthView {
    const data = this.rows.month(month);
    const env = this.env();
    const q = this.store.q;
    const windows = this.windows();
    const desks = this.problemDesks();
    return {
      month,
      configured: rotaConfigured(data, month),
      hours: data.hours,
      calendar: datesOfMonth(month).map((date) => {
        const info = defaultCalendar.dayInfo(date);
        return { date, opens: hallOpensOn(data, env, date), working: info.working, name: info.name ?? null };
      }),
      windows: windows.map((w) => ({ ...w, problemDesk: desks.has(w.no) })),
      staff: this.store
        .all(q.selectFrom('staff').select(['work_no', 'name', 'role']).where('active', '=', 1).orderBy('work_no'))
        .map((s) => ({ workNo: s.work_no, name: s.name, role: s.role })),
      cells: [...data.cells],
      days: [...data.days],
      leave: [...data.leave],
      uncovered: uncoveredWindows(
        data,
        env,
        month,
        windows.map((w) => w.no),
      ),
    };
  }

  /** Checks a month's rota against the hall (bounds, windows, staff, duplicates) and replaces it. */
  save(month: string, body: Omit<RotaData, 'hours'>, actor: Actor): RotaMonthView {
    const cur = monthIndex(monthOf(this.today()));
    if (monthIndex(month) < cur - MONTHS_BACK || monthIndex(month) > cur + MONTHS_AHEAD) throw E.rotaMonthOutOfRange(month);
    const windows = new Set(this.windows().map((w) => w.no));
    const q = this.store.q;
    const staff = new Set(this.store.all(q.selectFrom('staff').select('work_no').where('active', '=', 1)).map((s) => s.work_no));
    const seen = new Set<string>();
    const once = (key: string) => {
      if (seen.has(key)) throw E.rotaDuplicate(key);
      seen.add(key);
    };
    const known = (w: string | null) => {
      if (w != null && !staff.has(w)) throw E.rotaUnknownStaff(w);
    };
    const inside = (date: string) => {
      if (monthOf(date) !== month) throw E.rotaDateOutsideMonth(date, month);
    };
    for (const c of body.cells) {
      inside(c.date);
      if (!windows.has(c.windowNo)) throw E.rotaUnknownWindow(c.windowNo);
      [c.a, c.b, c.leader].forEach(known);
      if (c.a != null && c.a === c.b) throw E.rotaAisB(c.date, c.windowNo);
      once(`cell ${c.date} ${c.windowNo}`);
    }
    for (const d of body.days) {
      inside(d.date);
      once(`day ${d.date}`);
    }
    for (const l of body.leave) {
      inside(l.date);
      known(l.workNo);
      once(`leave ${l.date} ${l.workNo}`);
    }
    this.rows.replaceMonth(month, body, actor.subject, this.now());
    this.engine.adminEvent('rota', actor, { month, cells: body.cells.length, days: body.days.length, leave: body.leave.length });
    return this.monthView(month);
  }

  setHours(h: HallHours | null, actor: Actor): void {
    this.rows.setHours(h, actor.subject, this.now());
    this.engine.adminEvent('rota', actor, { hours: h });
  }

  todayView(): RotaToday {
    const date = this.today();
    const data = this.rows.month(monthOf(date));
    const env = this.env();
    const configured = rotaConfigured(data, monthOf(date));
    return {
      date,
      configured,
      opens: configured ? hallOpensOn(data, env, date) : true,
      openNow: hallOpenAt(data, env, this.now()),
      intervals: configured ? servingIntervals(data, env, date).map(([s, e]) => [hm(s), hm(e)] as [string, string]) : [],
      extended: configured ? extendedHours(data, env, date) : null,
    };
  }

  /** The sign-in verdict for `workNo` at `windowNo` now (seatedAtWindow: who sits there now). */
  signIn(workNo: string, windowNo: number, seatedAtWindow: string | null): SignInVerdict {
    const date = this.today();
    return checkSignIn(this.rows.month(monthOf(date)), { workNo, windowNo, date, seatedAtWindow });
  }

  /** This window on the rota from today for the next days (the counter's offline sign-in follows it). */
  windowAhead(windowNo: number): WindowRotaAhead {
    const months = new Map<string, RotaData>();
    const month = (m: string) => {
      let d = months.get(m);
      if (!d) months.set(m, (d = this.rows.month(m)));
      return d;
    };
    return windowRotaAhead(month, windowNo, this.engine.timeZone, this.today());
  }

  /** Categories some rota'd window serves right now; null when this month has no rota (no filter). */
  servedNow(): Set<string> | null {
    const at = this.now();
    return servedCategories(this.rows.month(monthOf(this.today())), this.env(), at, this.windowCategories());
  }

  /**
   * Demo halls: each window's home clerk is A and his AB角 is B on every day of this month and the
   * next (weekends too, as 周末轮岗 days, so a demo works any day), no hour limits, 延时服务 to 19:00. Filled once per month.
   */
  seedDemo(): void {
    const q = this.store.q;
    const staff = this.store.all(
      q.selectFrom('staff').select(['work_no', 'home_window', 'backup_work_no']).where('role', '=', 'clerk').where('active', '=', 1),
    );
    const seed: Actor = { kind: 'staff', subject: 'seed', role: 'manager', windowNo: null };
    const first = this.today().slice(0, 7);
    const y = Number(first.slice(0, 4));
    const m = Number(first.slice(5, 7));
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    this.engine.mutate(() => {
      for (const month of [first, next]) {
        if (this.rows.hasMonth(month)) continue;
        const dates = datesOfMonth(month);
        // 领导坐班: the hall's first manager sits at each 办不成事 window (leaders sign in as managers).
        const leader =
          this.store.get(q.selectFrom('staff').select('work_no').where('role', '=', 'manager').where('active', '=', 1).orderBy('work_no'))?.work_no ?? null;
        const desks = this.problemDesks();
        const cells = dates.flatMap((date) =>
          staff
            .filter((s) => s.home_window != null)
            .map((s) => ({ date, windowNo: s.home_window!, a: s.work_no, b: s.backup_work_no ?? null, leader: desks.has(s.home_window!) ? leader : null })),
        );
        const days = dates.map((date) => ({ date, open: true, lunch: false, until: '19:00' }));
        this.rows.replaceMonth(month, { cells, days, leave: [] }, seed.subject, this.now());
      }
    });
  }
}
