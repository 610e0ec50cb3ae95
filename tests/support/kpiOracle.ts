// The city KPIs computed straight from the fact tables (the query the central ran before the
// daily rollup, migration 003): the oracle the rollup-served /api/city/kpis is compared with.
// Exact P90 (percentile_cont over every wait); everything else must match the rollup exactly.
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import { emptySums, toKpi, type Sums } from '../../central/city/queries';
import type { CentralDB } from '../../central/db/schema';
import type { Kpi } from '../../domain/api/city';

export async function kpisFromFacts(db: Kysely<CentralDB>, from: string, to: string, today: string): Promise<{ city: Kpi; halls: Record<string, Kpi> }> {
  const rows = (
    await sql<Record<string, number | string | null>>`SELECT h.hall_id, c.cases, d.completed, d.on_time, r.ratings, r.good, r.bad, f.fu_due, f.fu_on_time,
      t.tickets, t.called, t.no_show, t.wait_sum, t.wait_n, t.p90,
      (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_seconds) FROM ticket_facts WHERE issued_on BETWEEN ${from} AND ${to}) AS city_p90
    FROM halls h
    CROSS JOIN LATERAL (SELECT count(*)::int AS cases FROM cases WHERE hall_id = h.hall_id AND accepted_on BETWEEN ${from} AND ${to}) c
    CROSS JOIN LATERAL (SELECT count(*)::int AS completed, count(*) FILTER (WHERE overdue_days = 0)::int AS on_time FROM cases
      WHERE hall_id = h.hall_id AND completed_on BETWEEN ${from} AND ${to} AND overdue_days IS NOT NULL) d
    CROSS JOIN LATERAL (SELECT count(*)::int AS ratings, count(*) FILTER (WHERE polarity = 'good')::int AS good, count(*) FILTER (WHERE polarity = 'bad')::int AS bad
      FROM ratings WHERE hall_id = h.hall_id AND rated_on BETWEEN ${from} AND ${to} AND valid) r
    CROSS JOIN LATERAL (SELECT count(*)::int AS fu_due, count(*) FILTER (WHERE closed_on IS NOT NULL AND closed_on <= due_date)::int AS fu_on_time FROM follow_ups
      WHERE hall_id = h.hall_id AND due_date BETWEEN ${from} AND ${to} AND status <> 'invalidated' AND (closed_on IS NOT NULL OR due_date < ${today})) f
    CROSS JOIN LATERAL (SELECT count(*)::int AS tickets, count(*) FILTER (WHERE called_at IS NOT NULL)::int AS called, count(*) FILTER (WHERE no_show_at IS NOT NULL)::int AS no_show,
      sum(wait_seconds) AS wait_sum, count(wait_seconds)::int AS wait_n, percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_seconds) AS p90
      FROM ticket_facts WHERE hall_id = h.hall_id AND issued_on BETWEEN ${from} AND ${to}) t`.execute(db)
  ).rows;
  const n = (v: number | string | null | undefined) => Number(v ?? 0);
  const city = emptySums();
  const halls: Record<string, Kpi> = {};
  for (const r of rows) {
    const s: Sums = {
      cases: n(r.cases),
      completed: n(r.completed),
      onTime: n(r.on_time),
      ratings: n(r.ratings),
      good: n(r.good),
      bad: n(r.bad),
      fuDue: n(r.fu_due),
      fuOnTime: n(r.fu_on_time),
      tickets: n(r.tickets),
      called: n(r.called),
      noShow: n(r.no_show),
      waitSum: n(r.wait_sum),
      waitN: n(r.wait_n),
      p90: r.p90 === null ? null : Number(r.p90),
    };
    halls[String(r.hall_id)] = toKpi(s);
    for (const k of Object.keys(city) as (keyof Sums)[]) if (k !== 'p90') city[k] += s[k] as number;
  }
  city.p90 = rows[0]?.city_p90 == null ? null : Number(rows[0].city_p90);
  return { city: toKpi(city), halls };
}

/** Served KPIs equal the oracle's: every field exactly, the P90 within the rollup's ±15 s. */
export function expectKpiMatches(served: Kpi, exact: Kpi): void {
  const { p90WaitMinutes: b, ...restB } = exact;
  const a = served.p90WaitMinutes;
  // Only the KPI fields (a hall's row also carries hallId, code, name).
  expect(Object.fromEntries(Object.keys(restB).map((k) => [k, served[k as keyof Kpi]]))).toEqual(restB);
  if (a === null || b === null) expect(a).toEqual(b);
  else expect(Math.abs(a - b)).toBeLessThanOrEqual(0.25 + 0.005);
}
