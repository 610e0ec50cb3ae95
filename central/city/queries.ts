// City read models: KPIs per hall and city-wide over a date range, and the 电子监察 list of
// overdue / due-soon cases. Deadlines count working days (domain/calendar): the SQL narrows by
// date (indexed), the domain decides the state and the working days over/left.
import { sql, type Kysely } from 'kysely';
import { addWorkingDays, chinaDateOf, deadlineState, overdueWorkingDays, type WorkingCalendar } from '../../domain/calendar';
import type { CityCase, Kpi, KpiResponse } from '../../domain/api/city';
import { num, type CentralDB } from '../db/schema';

interface Sums {
  cases: number; completed: number; onTime: number; ratings: number; good: number; bad: number; fuDue: number; fuOnTime: number;
  tickets: number; called: number; noShow: number; waitSum: number; waitN: number; p90: number | null;
}

const empty = (): Sums => ({ cases: 0, completed: 0, onTime: 0, ratings: 0, good: 0, bad: 0, fuDue: 0, fuOnTime: 0, tickets: 0, called: 0, noShow: 0, waitSum: 0, waitN: 0, p90: null });
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const round = (v: number | null, d = 4): number | null => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);

function toKpi(s: Sums): Kpi {
  return {
    cases: s.cases, completed: s.completed, onTimeRate: round(ratio(s.onTime, s.completed)), ratings: s.ratings, goodRate: round(ratio(s.good, s.ratings)),
    badCount: s.bad, followUpOnTimeRate: round(ratio(s.fuOnTime, s.fuDue)), tickets: s.tickets,
    avgWaitMinutes: round(s.waitN ? s.waitSum / s.waitN / 60 : null, 2), p90WaitMinutes: round(s.p90 === null ? null : s.p90 / 60, 2), noShowRate: round(ratio(s.noShow, s.called)),
  };
}

export async function kpis(db: Kysely<CentralDB>, from: string, to: string, hall: string | undefined, today: string): Promise<KpiResponse> {
  const halls = await db.selectFrom('halls').select(['hall_id', 'code', 'name']).$if(!!hall, (q) => q.where('hall_id', '=', hall!)).orderBy('code').execute();
  const by = new Map<string, Sums>(halls.map((h) => [h.hall_id, empty()]));
  const hallFilter = hall ? sql`AND hall_id = ${hall}` : sql``;
  const [cases, done, ratings, fus, tickets, p90s, cityP90] = await Promise.all([
    sql<{ hall_id: string; n: number }>`SELECT hall_id, count(*)::int AS n FROM cases WHERE accepted_on BETWEEN ${from} AND ${to} ${hallFilter} GROUP BY hall_id`.execute(db),
    sql<{ hall_id: string; n: number; on_time: number }>`SELECT hall_id, count(*)::int AS n, count(*) FILTER (WHERE overdue_days = 0)::int AS on_time FROM cases
      WHERE completed_on BETWEEN ${from} AND ${to} AND overdue_days IS NOT NULL ${hallFilter} GROUP BY hall_id`.execute(db),
    sql<{ hall_id: string; n: number; good: number; bad: number }>`SELECT hall_id, count(*)::int AS n, count(*) FILTER (WHERE polarity = 'good')::int AS good,
      count(*) FILTER (WHERE polarity = 'bad')::int AS bad FROM ratings WHERE rated_on BETWEEN ${from} AND ${to} AND valid ${hallFilter} GROUP BY hall_id`.execute(db),
    // Due in the range and already decidable: closed (on time or late) or past due by today.
    sql<{ hall_id: string; n: number; on_time: number }>`SELECT hall_id, count(*)::int AS n, count(*) FILTER (WHERE closed_on IS NOT NULL AND closed_on <= due_date)::int AS on_time
      FROM follow_ups WHERE due_date BETWEEN ${from} AND ${to} AND status <> 'invalidated' AND (closed_on IS NOT NULL OR due_date < ${today}) ${hallFilter} GROUP BY hall_id`.execute(db),
    sql<{ hall_id: string; n: number; called: number; no_show: number; wait_sum: number | string | null; wait_n: number }>`SELECT hall_id, count(*)::int AS n,
      count(*) FILTER (WHERE called_at IS NOT NULL)::int AS called, count(*) FILTER (WHERE no_show_at IS NOT NULL)::int AS no_show,
      sum(wait_seconds) AS wait_sum, count(wait_seconds)::int AS wait_n FROM ticket_facts WHERE issued_on BETWEEN ${from} AND ${to} ${hallFilter} GROUP BY hall_id`.execute(db),
    sql<{ hall_id: string; p90: number | null }>`SELECT hall_id, percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_seconds) AS p90 FROM ticket_facts
      WHERE issued_on BETWEEN ${from} AND ${to} AND wait_seconds IS NOT NULL ${hallFilter} GROUP BY hall_id`.execute(db),
    sql<{ p90: number | null }>`SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_seconds) AS p90 FROM ticket_facts
      WHERE issued_on BETWEEN ${from} AND ${to} AND wait_seconds IS NOT NULL ${hallFilter}`.execute(db),
  ]);
  const at = (id: string) => by.get(id);
  for (const r of cases.rows) { const s = at(r.hall_id); if (s) s.cases = num(r.n); }
  for (const r of done.rows) { const s = at(r.hall_id); if (s) { s.completed = num(r.n); s.onTime = num(r.on_time); } }
  for (const r of ratings.rows) { const s = at(r.hall_id); if (s) { s.ratings = num(r.n); s.good = num(r.good); s.bad = num(r.bad); } }
  for (const r of fus.rows) { const s = at(r.hall_id); if (s) { s.fuDue = num(r.n); s.fuOnTime = num(r.on_time); } }
  for (const r of tickets.rows) { const s = at(r.hall_id); if (s) { s.tickets = num(r.n); s.called = num(r.called); s.noShow = num(r.no_show); s.waitSum = num(r.wait_sum); s.waitN = num(r.wait_n); } }
  for (const r of p90s.rows) { const s = at(r.hall_id); if (s) s.p90 = r.p90 === null ? null : Number(r.p90); }
  const city = empty();
  for (const s of by.values()) for (const k of Object.keys(city) as (keyof Sums)[]) if (k !== 'p90') city[k] += s[k] as number;
  city.p90 = cityP90.rows[0]?.p90 == null ? null : Number(cityP90.rows[0].p90);
  return { from, to, city: toKpi(city), halls: halls.map((h) => ({ hallId: h.hall_id, code: h.code, name: h.name, ...toKpi(by.get(h.hall_id)!) })) };
}

/** 电子监察: open cases overdue or due within `dueSoonDays` working days, worst first. */
export async function deadlineCases(
  db: Kysely<CentralDB>, opts: { hall?: string; deadline?: 'overdue' | 'dueSoon'; limit: number; asOf: string; calendar: WorkingCalendar; dueSoonDays?: number },
): Promise<CityCase[]> {
  const soonDays = opts.dueSoonDays ?? 2;
  const horizon = addWorkingDays(opts.asOf, soonDays, { calendar: opts.calendar }).date ?? opts.asOf;
  let q = db.selectFrom('cases').innerJoin('halls', 'halls.hall_id', 'cases.hall_id')
    .select(['cases.hall_id', 'halls.name as hall_name', 'case_id', 'case_no', 'status', 'item_code', 'item_name', 'department', 'accepted_on', 'due_date', 'applicant_masked'])
    .where('open', '=', true).where('due_date', 'is not', null);
  if (opts.hall) q = q.where('cases.hall_id', '=', opts.hall);
  if (opts.deadline === 'overdue') q = q.where('due_date', '<', opts.asOf);
  else if (opts.deadline === 'dueSoon') q = q.where('due_date', '>=', opts.asOf).where('due_date', '<=', horizon);
  else q = q.where('due_date', '<=', horizon);
  const rows = await q.orderBy('due_date').orderBy('cases.hall_id').orderBy('case_id').limit(opts.limit).execute();
  // Many cases share a due date: the working-day counting (about a millisecond each) once per date.
  const byDue = new Map<string, { state: ReturnType<typeof deadlineState>['state']; workingDaysLeft: number; overdueDays: number }>();
  const deadlineOf = (due: string) => {
    let v = byDue.get(due);
    if (!v) {
      const d = deadlineState(due, opts.asOf, { calendar: opts.calendar, dueSoonDays: soonDays });
      v = { state: d.state, workingDaysLeft: d.workingDaysLeft, overdueDays: d.state === 'overdue' ? overdueWorkingDays(due, opts.asOf, { calendar: opts.calendar }).days : 0 };
      byDue.set(due, v);
    }
    return v;
  };
  return rows.map((r) => {
    const d = deadlineOf(r.due_date!);
    const overdueDays = d.overdueDays;
    return {
      hallId: r.hall_id, hallName: r.hall_name, caseId: r.case_id, caseNo: r.case_no, status: r.status, itemCode: r.item_code, itemName: r.item_name,
      department: r.department, acceptedOn: r.accepted_on, dueDate: r.due_date, applicantMasked: r.applicant_masked, deadline: d.state,
      overdueDays, workingDaysLeft: d.state === 'overdue' ? null : d.workingDaysLeft,
    };
  });
}

export const todayInChina = (now = Date.now()): string => chinaDateOf(now);
