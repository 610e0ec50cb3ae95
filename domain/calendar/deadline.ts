// Deadlines in working days (行政许可法 §82: periods count working days, not statutory
// holidays). Counting starts the day AFTER acceptance (day 1 = first working day after it).
// Clock stops (补齐补正 §32/§45, 挂起/特别程序 §45) are half-open intervals (from, to]: the day the
// clock stops still counts, days after it do not, and counting resumes the day after `to`
// — the same "from the next day" rule as for acceptance. A stop with to = null is still running.
import { toEpochDay, fromEpochDay, yearOf, type CivilDate } from './dates';
import { defaultCalendar, yearMissingWarning, type CalendarOverride, type CalendarWarning, type WorkingCalendar } from './calendar';

export interface StoppedInterval {
  from: CivilDate;
  /** null while the clock is still stopped. */
  to: CivilDate | null;
  reason?: 'supplementing' | 'suspended';
}

export interface DeadlineOptions {
  calendar?: WorkingCalendar;
  /** Extra overrides for this computation only (layered over the calendar's own). */
  overrides?: readonly CalendarOverride[];
  stoppedIntervals?: readonly StoppedInterval[];
}

export interface DeadlineResult {
  /** The due date, or null while an open stop keeps the clock from reaching it. */
  date: CivilDate | null;
  /** Working days still to count when date is null (0 otherwise). */
  remainingWorkingDays: number;
  /** Working days skipped because the clock was stopped. */
  stoppedWorkingDays: number;
  /** Loud notice for every year consulted that has no official holiday data. */
  warnings: CalendarWarning[];
}

export interface CountResult {
  days: number;
  warnings: CalendarWarning[];
}

/** A deadline search longer than this means the calendar has (almost) no working days: a data error. */
const MAX_SCAN_DAYS = 366 * 20;

interface Prepared {
  calendar: WorkingCalendar;
  stops: { from: number; to: number }[];
  missing: Map<number, CalendarWarning>;
  /** Epoch days of the last year noteYear looked at: a scan stays in one year for months (hot path). */
  yearLo: number;
  yearHi: number;
}

function prepare(opts: DeadlineOptions): Prepared {
  const base = opts.calendar ?? defaultCalendar;
  const calendar = opts.overrides && opts.overrides.length > 0 ? base.withOverrides(opts.overrides) : base;
  const stops = (opts.stoppedIntervals ?? []).map((s) => ({
    from: toEpochDay(s.from),
    to: s.to === null ? Number.POSITIVE_INFINITY : toEpochDay(s.to),
  }));
  return { calendar, stops, missing: new Map(), yearLo: 1, yearHi: 0 };
}

function isStopped(p: Prepared, day: number): boolean {
  for (const s of p.stops) if (day > s.from && day <= s.to) return true;
  return false;
}

function noteYear(p: Prepared, day: number): void {
  if (day >= p.yearLo && day <= p.yearHi) return;
  const year = yearOf(fromEpochDay(day));
  p.yearLo = Date.UTC(year, 0, 1) / 86_400_000;
  p.yearHi = Date.UTC(year, 11, 31) / 86_400_000;
  if (p.missing.has(year) || p.calendar.coversYear(year)) return;
  const count = p.calendar.overrides.filter((o) => yearOf(o.date) === year).length;
  p.missing.set(year, yearMissingWarning(year, count));
}

function warningsOf(p: Prepared): CalendarWarning[] {
  return [...p.missing.values()].sort((a, b) => a.year - b.year);
}

/**
 * The date on which `n` working days have passed after `start` (the acceptance date),
 * skipping holidays and stopped-clock days. n = 0 returns `start` itself.
 */
export function addWorkingDays(start: CivilDate, n: number, opts: DeadlineOptions = {}): DeadlineResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数应为非负整数：${n}`);
  const p = prepare(opts);
  const startDay = toEpochDay(start);
  if (n === 0) return { date: start, remainingWorkingDays: 0, stoppedWorkingDays: 0, warnings: [] };
  let counted = 0;
  let stoppedWorkingDays = 0;
  const openFrom = Math.min(...p.stops.filter((s) => s.to === Number.POSITIVE_INFINITY).map((s) => s.from));
  for (let day = startDay + 1; day <= startDay + MAX_SCAN_DAYS; day++) {
    if (day > openFrom) {
      return { date: null, remainingWorkingDays: n - counted, stoppedWorkingDays, warnings: warningsOf(p) };
    }
    noteYear(p, day);
    const working = p.calendar.isWorkingEpochDay(day);
    if (!working) continue;
    if (isStopped(p, day)) {
      stoppedWorkingDays++;
      continue;
    }
    counted++;
    if (counted === n) return { date: fromEpochDay(day), remainingWorkingDays: 0, stoppedWorkingDays, warnings: warningsOf(p) };
  }
  throw new RangeError(`在 ${MAX_SCAN_DAYS} 天内找不到 ${n} 个工作日，请检查节假日调整表`);
}

/**
 * Working days d with from < d ≤ to that are not in a stopped interval; negative when to < from.
 * workingDaysBetween(acceptance, completion) = working days used.
 */
export function workingDaysBetween(from: CivilDate, to: CivilDate, opts: DeadlineOptions = {}): CountResult {
  const p = prepare(opts);
  const a = toEpochDay(from);
  const b = toEpochDay(to);
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let days = 0;
  for (let day = lo + 1; day <= hi; day++) {
    noteYear(p, day);
    if (p.calendar.isWorkingEpochDay(day) && !isStopped(p, day)) days++;
  }
  return { days: days * sign, warnings: warningsOf(p) };
}

/** 超期天数: working days after the due date up to `date` (completion or today); 0 when on time. */
export function overdueWorkingDays(dueDate: CivilDate, date: CivilDate, opts: DeadlineOptions = {}): CountResult {
  if (toEpochDay(date) <= toEpochDay(dueDate)) return { days: 0, warnings: [] };
  return workingDaysBetween(dueDate, date, opts);
}

export type DeadlineState = 'ok' | 'dueSoon' | 'dueToday' | 'overdue';

/** For "my cases": due-soon = at most `dueSoonDays` working days left (default 2). */
export function deadlineState(
  dueDate: CivilDate,
  asOf: CivilDate,
  opts: DeadlineOptions & { dueSoonDays?: number } = {},
): { state: DeadlineState; workingDaysLeft: number; warnings: CalendarWarning[] } {
  const { days, warnings } = workingDaysBetween(asOf, dueDate, opts);
  const state: DeadlineState =
    toEpochDay(asOf) > toEpochDay(dueDate) ? 'overdue' : asOf === dueDate ? 'dueToday' : days <= (opts.dueSoonDays ?? 2) ? 'dueSoon' : 'ok';
  return { state, workingDaysLeft: days, warnings };
}
