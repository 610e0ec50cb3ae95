// City read models: KPIs per hall and city-wide over a date range, and the 电子监察 list of
// overdue / due-soon cases. Deadlines count working days (domain/calendar): the SQL narrows by
// date (indexed), the domain decides the state and the working days over/left.
import { sql, type Kysely } from 'kysely';
import { addWorkingDays, chinaDateOf, deadlineState, overdueWorkingDays, type WorkingCalendar } from '../../domain/calendar';
import type { CityCase, Kpi, KpiResponse } from '../../domain/api/city';
import { num, type CentralDB } from '../db/schema';

interface Sums {
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

const empty = (): Sums => ({
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

function toKpi(s: Sums): Kpi {
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
  cases: number;
  completed: number;
  on_time: number;
  ratings: number;
  good: number;
  bad: number;
  fu_due: number;
  fu_on_time: number;
  tickets: number;
  called: number;
  no_show: number;
  wait_sum: number | string | null;
  wait_n: number;
  p90: number | string | null;
  city_p90: number | string | null;
}

/**
 * Every KPI of every hall (or one) in ONE statement: per hall, a LATERAL range scan of each fact
 * table on its (hall_id, date) index — index-only, the aggregated columns are INCLUDEd (migration
 * 002) — so one hall and the whole city use the same plan. The city-wide P90 is a percentile of
 * all the halls' waits (not an average of theirs).
 */
export async function kpis(db: Kysely<CentralDB>, from: string, to: string, hall: string | undefined, today: string): Promise<KpiResponse> {
  const hallFilter = hall ? sql`WHERE h.hall_id = ${hall}` : sql``;
  const rows = (
    await sql<KpiRow>`SELECT h.hall_id, h.code, h.name, c.cases, d.completed, d.on_time, r.ratings, r.good, r.bad, f.fu_due, f.fu_on_time,
      t.tickets, t.called, t.no_show, t.wait_sum, t.wait_n, t.p90,
      (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY w.wait_seconds) FROM halls h2
        CROSS JOIN LATERAL (SELECT wait_seconds FROM ticket_facts WHERE hall_id = h2.hall_id AND issued_on BETWEEN ${from} AND ${to}) w
        ${hall ? sql`WHERE h2.hall_id = ${hall}` : sql``}) AS city_p90
    FROM halls h
    CROSS JOIN LATERAL (SELECT count(*)::int AS cases FROM cases WHERE hall_id = h.hall_id AND accepted_on BETWEEN ${from} AND ${to}) c
    CROSS JOIN LATERAL (SELECT count(*)::int AS completed, count(*) FILTER (WHERE overdue_days = 0)::int AS on_time FROM cases
      WHERE hall_id = h.hall_id AND completed_on BETWEEN ${from} AND ${to} AND overdue_days IS NOT NULL) d
    CROSS JOIN LATERAL (SELECT count(*)::int AS ratings, count(*) FILTER (WHERE polarity = 'good')::int AS good, count(*) FILTER (WHERE polarity = 'bad')::int AS bad
      FROM ratings WHERE hall_id = h.hall_id AND rated_on BETWEEN ${from} AND ${to} AND valid) r
    -- Due in the range and already decidable: closed (on time or late) or past due by today.
    CROSS JOIN LATERAL (SELECT count(*)::int AS fu_due, count(*) FILTER (WHERE closed_on IS NOT NULL AND closed_on <= due_date)::int AS fu_on_time FROM follow_ups
      WHERE hall_id = h.hall_id AND due_date BETWEEN ${from} AND ${to} AND status <> 'invalidated' AND (closed_on IS NOT NULL OR due_date < ${today})) f
    CROSS JOIN LATERAL (SELECT count(*)::int AS tickets, count(*) FILTER (WHERE called_at IS NOT NULL)::int AS called, count(*) FILTER (WHERE no_show_at IS NOT NULL)::int AS no_show,
      sum(wait_seconds) AS wait_sum, count(wait_seconds)::int AS wait_n, percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_seconds) AS p90
      FROM ticket_facts WHERE hall_id = h.hall_id AND issued_on BETWEEN ${from} AND ${to}) t
    ${hallFilter}
    ORDER BY h.code`.execute(db)
  ).rows;
  const sums = (r: KpiRow): Sums => ({
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
    p90: r.p90 === null ? null : Number(r.p90),
  });
  const halls = rows.map((r) => ({ r, s: sums(r) }));
  const city = empty();
  for (const { s } of halls) for (const k of Object.keys(city) as (keyof Sums)[]) if (k !== 'p90') city[k] += s[k] as number;
  city.p90 = rows[0]?.city_p90 == null ? null : Number(rows[0].city_p90);
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
