// The duty rota (issue 16: AB角, 周末轮岗, 延时服务): pure rules over one month's rota. A window's
// day has an A (the clerk who sits there), a B (the backup who may sign in while A is on leave or
// not seated there) and a leader (领导坐班, e.g. at the 办不成事 window). Whether the hall opens on
// a day comes from the working-day calendar (2026 holidays and 调休 working days included) unless
// the rota says otherwise (周末轮岗 opens a weekend day; a day may also be closed). A month with no
// rota cells at all is "not configured": sign-in, opening hours and the kiosk behave as before; so
// does a window with no cell in the month (a window added mid-month is not locked out by a rota
// written before it existed) — the month view still warns that nobody covers it.
import { addCalendarDays, type CivilDate } from '../calendar/dates';
import type { WorkingCalendar } from '../calendar/calendar';
import { hallTime } from '../calendar/hallTime';

export type HhMm = string;
export interface RotaCell {
  date: CivilDate;
  windowNo: number;
  a: string | null;
  b: string | null;
  leader: string | null;
}
/** A day's deviation from the calendar: open (周末轮岗) or closed, and its extended hours (延时服务). */
export interface RotaDay {
  date: CivilDate;
  /** null: the working-day calendar decides. */
  open: boolean | null;
  /** 午间延时: served through the lunch break. */
  lunch: boolean;
  /** 延时至: served after closing until this time (e.g. 19:00). */
  until: HhMm | null;
}
export interface RotaLeave {
  workNo: string;
  date: CivilDate;
}
/** The hall's regular hours; null in a hall that never set them: open around the clock on open days. */
export interface HallHours {
  open: HhMm;
  close: HhMm;
  lunchStart: HhMm | null;
  lunchEnd: HhMm | null;
}
export interface RotaData {
  hours: HallHours | null;
  cells: readonly RotaCell[];
  days: readonly RotaDay[];
  leave: readonly RotaLeave[];
}
export interface RotaEnv {
  /** Only working days are asked (the manager's grid passes the hall's answers for the month). */
  calendar: Pick<WorkingCalendar, 'isWorkingDay'>;
  zone: string;
}

export type SignInVerdict =
  | { ok: true; as: 'A' | 'B' | 'leader' }
  /** No rota for this month: the caller applies the pre-rota rule (home window or AB backup). */
  | { ok: true; as: 'no_rota' }
  | { ok: false; code: 'off_rota' | 'on_leave' | 'a_present' | 'window_uncovered' };

export type UncoveredReason = 'nobody' | 'a_on_leave_no_b' | 'no_a';
export interface Uncovered {
  date: CivilDate;
  windowNo: number;
  reason: UncoveredReason;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const isHhMm = (s: string): boolean => HHMM.test(s);
export const minutesOf = (s: HhMm): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

export const monthOf = (date: CivilDate): string => date.slice(0, 7);
/** Every date of a month 'YYYY-MM', in order. */
export function datesOfMonth(month: string): CivilDate[] {
  const out: CivilDate[] = [];
  for (let d = `${month}-01`; monthOf(d) === month; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

/** A month is configured once it has at least one cell; until then the hall works as before. */
export const rotaConfigured = (data: RotaData, month: string): boolean => data.cells.some((c) => monthOf(c.date) === month);
/** Is this window under the month's rota (at least one cell in the month)? */
export const windowRostered = (data: RotaData, month: string, windowNo: number): boolean =>
  data.cells.some((c) => c.windowNo === windowNo && monthOf(c.date) === month);

const dayOf = (data: RotaData, date: CivilDate) => data.days.find((d) => d.date === date);
export const cellOf = (data: RotaData, date: CivilDate, windowNo: number) => data.cells.find((c) => c.date === date && c.windowNo === windowNo);
export const onLeave = (data: RotaData, workNo: string | null, date: CivilDate): boolean =>
  workNo != null && data.leave.some((l) => l.workNo === workNo && l.date === date);

/** Does the hall open on this date: the rota's override, else the working-day calendar. */
export function hallOpensOn(data: RotaData, env: RotaEnv, date: CivilDate): boolean {
  return dayOf(data, date)?.open ?? env.calendar.isWorkingDay(date);
}

/** The day's serving intervals in minutes since hall midnight ([start, end) pairs), extended hours included. */
export function servingIntervals(data: RotaData, env: RotaEnv, date: CivilDate): [number, number][] {
  if (!hallOpensOn(data, env, date)) return [];
  const h = data.hours;
  if (!h) return [[0, 1440]];
  const day = dayOf(data, date);
  const open = minutesOf(h.open);
  const close = minutesOf(h.close);
  const end = day?.until && minutesOf(day.until) > close ? minutesOf(day.until) : close;
  if (h.lunchStart && h.lunchEnd && !day?.lunch) {
    return [
      [open, minutesOf(h.lunchStart)],
      [minutesOf(h.lunchEnd), end],
    ];
  }
  return [[open, end]];
}

/** Today's extended hours (延时服务) as shown on the display and the kiosk; null when none. */
export function extendedHours(data: RotaData, env: RotaEnv, date: CivilDate): { lunch: HhMm[] | null; until: HhMm | null } | null {
  if (!hallOpensOn(data, env, date)) return null;
  const day = dayOf(data, date);
  const h = data.hours;
  const lunch = day?.lunch && h?.lunchStart && h.lunchEnd ? [h.lunchStart, h.lunchEnd] : null;
  const until = day?.until && (!h || minutesOf(day.until) > minutesOf(h.close)) ? day.until : null;
  return lunch || until ? { lunch, until } : null;
}

const civilAndMinute = (at: number, zone: string) => {
  const t = hallTime(at, zone);
  return { date: t.date, minute: minutesOf(t.time) };
};

/** Is the hall serving at this instant (a month without a rota: always, as before). */
export function hallOpenAt(data: RotaData, env: RotaEnv, at: number): boolean {
  const { date, minute } = civilAndMinute(at, env.zone);
  if (!rotaConfigured(data, monthOf(date))) return true;
  return servingIntervals(data, env, date).some(([s, e]) => minute >= s && minute < e);
}

/** Somebody may sit at the window that day: A (not on leave), else B (not on leave), else the leader. */
export function windowCovered(data: RotaData, date: CivilDate, windowNo: number): boolean {
  const c = cellOf(data, date, windowNo);
  if (!c) return false;
  return [c.a, c.b, c.leader].some((w) => w != null && !onLeave(data, w, date));
}

/**
 * May `workNo` sign in at `windowNo` on `date`? A may (unless on leave); B may while A is on leave
 * or not seated there (B never pushes a present A off his chair); the leader on duty may.
 */
export function checkSignIn(data: RotaData, q: { workNo: string; windowNo: number; date: CivilDate; seatedAtWindow: string | null }): SignInVerdict {
  const rostered = windowRostered(data, monthOf(q.date), q.windowNo);
  return signInVerdict(rostered, cellOf(data, q.date, q.windowNo) ?? null, (w) => onLeave(data, w, q.date), q);
}

/** The same verdict from one window-day: whether the window is under the rota that month, its cell, and who is on leave that day. */
export function signInVerdict(
  rostered: boolean,
  c: Pick<RotaCell, 'a' | 'b' | 'leader'> | null,
  isAway: (workNo: string) => boolean,
  q: { workNo: string; seatedAtWindow: string | null },
): SignInVerdict {
  if (!rostered) return { ok: true, as: 'no_rota' };
  if (!c || (c.a == null && c.b == null && c.leader == null)) return { ok: false, code: 'window_uncovered' };
  const away = isAway(q.workNo);
  if (c.leader === q.workNo && !away) return { ok: true, as: 'leader' };
  if (c.a === q.workNo) return away ? { ok: false, code: 'on_leave' } : { ok: true, as: 'A' };
  if (c.b === q.workNo) {
    if (away) return { ok: false, code: 'on_leave' };
    const aAway = c.a == null || isAway(c.a) || q.seatedAtWindow !== c.a;
    return aAway ? { ok: true, as: 'B' } : { ok: false, code: 'a_present' };
  }
  return { ok: false, code: 'off_rota' };
}

/**
 * The categories served at this instant: those of windows covered on the rota (or not under it at
 * all) while the hall is open. null when the month has no rota (the caller offers what it offered before).
 */
export function servedCategories(data: RotaData, env: RotaEnv, at: number, windowCategories: ReadonlyMap<number, readonly string[]>): Set<string> | null {
  const { date } = civilAndMinute(at, env.zone);
  if (!rotaConfigured(data, monthOf(date))) return null;
  const out = new Set<string>();
  if (!hallOpenAt(data, env, at)) return out;
  for (const [no, cats] of windowCategories) {
    if (windowCovered(data, date, no) || !windowRostered(data, monthOf(date), no)) for (const c of cats) out.add(c);
  }
  return out;
}

/** The month's gaps on open days: a window nobody covers, A on leave with no B, or B alone without an A. */
export function uncoveredWindows(data: RotaData, env: RotaEnv, month: string, windows: readonly number[]): Uncovered[] {
  const out: Uncovered[] = [];
  for (const date of datesOfMonth(month)) {
    if (!hallOpensOn(data, env, date)) continue;
    for (const windowNo of windows) {
      const c = cellOf(data, date, windowNo);
      if (!windowCovered(data, date, windowNo)) {
        const reason: UncoveredReason = c?.a && onLeave(data, c.a, date) ? 'a_on_leave_no_b' : 'nobody';
        out.push({ date, windowNo, reason });
      } else if (c && c.a == null && c.leader == null) out.push({ date, windowNo, reason: 'no_a' });
    }
  }
  return out;
}

/** The cells of the week starting `fromMonday` copied onto the week starting `toMonday` (replacing it), within `month`. */
export function copyWeek(cells: readonly RotaCell[], fromMonday: CivilDate, toMonday: CivilDate, month: string): RotaCell[] {
  const shift = (d: CivilDate, from: CivilDate, to: CivilDate) => addCalendarDays(to, Math.round((Date.parse(d) - Date.parse(from)) / 86_400_000));
  const inWeek = (d: CivilDate, monday: CivilDate) => d >= monday && d < addCalendarDays(monday, 7);
  const kept = cells.filter((c) => !inWeek(c.date, toMonday));
  const copied = cells
    .filter((c) => inWeek(c.date, fromMonday))
    .map((c) => ({ ...c, date: shift(c.date, fromMonday, toMonday) }))
    .filter((c) => monthOf(c.date) === month);
  return [...kept, ...copied];
}

/** AB互换: A and B trade places in the given cells (one window over a range of days, say). */
export function swapAB(cells: readonly RotaCell[], pick: (c: RotaCell) => boolean): RotaCell[] {
  return cells.map((c) => (pick(c) ? { ...c, a: c.b, b: c.a } : c));
}
