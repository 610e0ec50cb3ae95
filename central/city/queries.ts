// City read models: KPIs per hall and city-wide over a date range, and the 电子监察 list of
// overdue / due-soon cases. Deadlines count working days (domain/calendar): the SQL narrows by
// date (indexed), the domain decides the state and the working days over/left.
import { sql, type Kysely } from 'kysely';
import { addWorkingDays, chinaDateOf, deadlineState, overdueWorkingDays, type WorkingCalendar } from '../../domain/calendar';
import type { CityCase, Kpi, KpiResponse } from '../../domain/api/city';
import { num, type CentralDB } from '../db/schema';
import { WAIT_BUCKET_SECONDS } from '../db/dailyRollup';

export interface Sums {
  cases: number;
  completed: number;
  onTime: number;
  ratings: number;
  good: number;
  bad: number;
  fuDue: number;
  fuOnTime: number;
  tickets: number;
  called: number;
  noShow: number;
  waitSum: number;
  waitN: number;
  p90: number | null;
}

export const emptySums = (): Sums => ({
  cases: 0,
  completed: 0,
  onTime: 0,
  ratings: 0,
  good: 0,
  bad: 0,
  fuDue: 0,
  fuOnTime: 0,
  tickets: 0,
  called: 0,
  noShow: 0,
  waitSum: 0,
  waitN: 0,
  p90: null,
});
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const round = (v: number | null, d = 4): number | null => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);

export function toKpi(s: Sums): Kpi {
  return {
    cases: s.cases,
    completed: s.completed,
    onTimeRate: round(ratio(s.onTime, s.completed)),
    ratings: s.ratings,
    goodRate: round(ratio(s.good, s.ratings)),
    badCount: s.bad,
    followUpOnTimeRate: round(ratio(s.fuOnTime, s.fuDue)),
    tickets: s.tickets,
    avgWaitMinutes: round(s.waitN ? s.waitSum / s.waitN / 60 : null, 2),
    p90WaitMinutes: round(s.p90 === null ? null : s.p90 / 60, 2),
    noShowRate: round(ratio(s.noShow, s.called)),
  };
}

interface KpiRow {
  hall_id: string;
  code: string;
  name: string;
  cases: number | string | null;
  completed: number | string | null;
  on_time: number | string | null;
  ratings: number | string | null;
  good: number | string | null;
  bad: number | string | null;
  fu_due: number | string | null;
  fu_on_time: number | string | null;
  tickets: number | string | null;
  called: number | string | null;
  no_show: number | string | null;
  wait_sum: number | string | null;
  wait_n: number | string | null;
  /** The days' wait histograms (30-second buckets), or null with no wait. */
  hists: Record<string, number>[] | string | null;
}

/** Histogram of waits: bucket index (floor(seconds / 30)) → count. */
type Hist = Map<number, number>;

function addHist(into: Hist, h: Record<string, number>): void {
  for (const k in h) {
    const b = Number(k);
    into.set(b, (into.get(b) ?? 0) + h[k]!);
  }
}

/**
 * percentile_cont(p) of the waits the histogram holds, each wait taken at its bucket's midpoint
 * (so the answer is within ±WAIT_BUCKET_SECONDS / 2 of percentile_cont over the exact waits).
 */
export function histPercentile(h: Hist, p: number): number | null {
  let n = 0;
  for (const c of h.values()) n += c;
  if (n === 0) return null;
  const buckets = [...h.keys()].sort((a, b) => a - b);
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const valueAt = (i: number): number => {
    let seen = 0;
    for (const b of buckets) {
      seen += h.get(b)!;
      if (i < seen) return (b + 0.5) * WAIT_BUCKET_SECONDS;
    }
    return (buckets[buckets.length - 1]! + 0.5) * WAIT_BUCKET_SECONDS;
  };
  const a = valueAt(lo);
  return pos === lo ? a : a + (pos - lo) * (valueAt(lo + 1) - a);
}

/**
 * Every KPI of every hall (or one) from the daily rollup (migration 003): per hall a range scan
 * of its (hall_id, day) rows — ~30 rows for a month whatever the volume of facts. Sums are exact;
 * the P90 wait comes from the days' 30-second histograms (per hall, and merged for the city: a
 * percentile over all the halls' waits, not an average of theirs).
 */
export async function kpis(db: Kysely<CentralDB>, from: string, to: string, hall: string | undefined, today: string): Promise<KpiResponse> {
  const hallFilter = hall ? sql`WHERE h.hall_id = ${hall}` : sql``;
  const rows = (
    await sql<KpiRow>`SELECT h.hall_id, h.code, h.name, d.*
    FROM halls h
    CROSS JOIN LATERAL (SELECT sum(cases) AS cases, sum(completed) AS completed, sum(on_time) AS on_time, sum(ratings) AS ratings, sum(good) AS good, sum(bad) AS bad,
      -- A follow-up is decided once closed, or once its due date has passed (today).
      sum(CASE WHEN day < ${today} THEN fu_total ELSE fu_closed END) AS fu_due, sum(fu_on_time) AS fu_on_time,
      sum(tickets) AS tickets, sum(called) AS called, sum(no_show) AS no_show, sum(wait_sum) AS wait_sum, sum(wait_n) AS wait_n,
      jsonb_agg(wait_hist) FILTER (WHERE wait_n > 0) AS hists
      FROM hall_daily WHERE hall_id = h.hall_id AND day BETWEEN ${from} AND ${to}) d
    ${hallFilter}
    ORDER BY h.code`.execute(db)
  ).rows;
  const cityHist: Hist = new Map();
  const halls = rows.map((r) => {
    const hist: Hist = new Map();
    const hs = (typeof r.hists === 'string' ? JSON.parse(r.hists) : r.hists) as Record<string, number>[] | null;
    for (const x of hs ?? []) {
      addHist(hist, x);
      addHist(cityHist, x);
    }
    const s: Sums = {
      cases: num(r.cases),
      completed: num(r.completed),
      onTime: num(r.on_time),
      ratings: num(r.ratings),
      good: num(r.good),
      bad: num(r.bad),
      fuDue: num(r.fu_due),
      fuOnTime: num(r.fu_on_time),
      tickets: num(r.tickets),
      called: num(r.called),
      noShow: num(r.no_show),
      waitSum: num(r.wait_sum),
      waitN: num(r.wait_n),
      p90: histPercentile(hist, 0.9),
    };
    return { r, s };
  });
  const city = emptySums();
  for (const { s } of halls) for (const k of Object.keys(city) as (keyof Sums)[]) if (k !== 'p90') city[k] += s[k] as number;
  city.p90 = histPercentile(cityHist, 0.9);
  return { from, to, city: toKpi(city), halls: halls.map(({ r, s }) => ({ hallId: r.hall_id, code: r.code, name: r.name, ...toKpi(s) })) };
}

type DeadlineView = { state: ReturnType<typeof deadlineState>['state']; workingDaysLeft: number; overdueDays: number };
// Working-day counting per (as-of day, due date), kept across requests while the calendar is
// the same object (a published catalogue makes a new one); bounded.
const deadlineMemo = new WeakMap<WorkingCalendar, Map<string, DeadlineView>>();

/** 电子监察: open cases overdue or due within `dueSoonDays` working days, worst first. */
export async function deadlineCases(
  db: Kysely<CentralDB>,
  opts: { hall?: string; deadline?: 'overdue' | 'dueSoon'; limit: number; asOf: string; calendar: WorkingCalendar; dueSoonDays?: number },
): Promise<CityCase[]> {
  const soonDays = opts.dueSoonDays ?? 2;
  const horizon = addWorkingDays(opts.asOf, soonDays, { calendar: opts.calendar }).date ?? opts.asOf;
  let q = db
    .selectFrom('cases')
    .innerJoin('halls', 'halls.hall_id', 'cases.hall_id')
    .select([
      'cases.hall_id',
      'halls.name as hall_name',
      'case_id',
      'case_no',
      'status',
      'item_code',
      'item_name',
      'department',
      'accepted_on',
      'due_date',
      'applicant_masked',
    ])
    .where('open', '=', true)
    .where('due_date', 'is not', null);
  if (opts.hall) q = q.where('cases.hall_id', '=', opts.hall);
  if (opts.deadline === 'overdue') q = q.where('due_date', '<', opts.asOf);
  else if (opts.deadline === 'dueSoon') q = q.where('due_date', '>=', opts.asOf).where('due_date', '<=', horizon);
  else q = q.where('due_date', '<=', horizon);
  const rows = await q.orderBy('due_date').orderBy('cases.hall_id').orderBy('case_id').limit(opts.limit).execute();
  // Many cases share a due date: the working-day counting once per (day, due date).
  let byDue = deadlineMemo.get(opts.calendar);
  if (!byDue || byDue.size > 50_000) deadlineMemo.set(opts.calendar, (byDue = new Map()));
  const memo = byDue;
  const deadlineOf = (due: string) => {
    const key = `${opts.asOf}|${soonDays}|${due}`;
    let v = memo.get(key);
    if (!v) {
      const d = deadlineState(due, opts.asOf, { calendar: opts.calendar, dueSoonDays: soonDays });
      v = {
        state: d.state,
        workingDaysLeft: d.workingDaysLeft,
        overdueDays: d.state === 'overdue' ? overdueWorkingDays(due, opts.asOf, { calendar: opts.calendar }).days : 0,
      };
      memo.set(key, v);
    }
    return v;
  };
  return rows.map((r) => {
    const d = deadlineOf(r.due_date!);
    const overdueDays = d.overdueDays;
    return {
      hallId: r.hall_id,
      hallName: r.hall_name,
      caseId: r.case_id,
      caseNo: r.case_no,
      status: r.status,
      itemCode: r.item_code,
      itemName: r.item_name,
      department: r.department,
      acceptedOn: r.accepted_on,
      dueDate: r.due_date,
      applicantMasked: r.applicant_masked,
      deadline: d.state,
      overdueDays,
      workingDaysLeft: d.state === 'overdue' ? null : d.workingDaysLeft,
    };
  });
}

export const todayInChina = (now = Date.now()): string => chinaDateOf(now);
