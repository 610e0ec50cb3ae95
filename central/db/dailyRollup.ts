// The daily per-hall rollup (`hall_daily`, migration 003): what the city KPIs need per (hall, day),
// so a month city-wide reads ~30 rows per hall instead of scanning facts. It is kept EXACTLY equal
// to an aggregate of the fact tables: after each push writes its projections (same transaction),
// the days that push touched — the new rows' dates and the dates the rows had before — are
// recomputed from the facts (index range scans of one hall-day). Rebuild recomputes every day.
//
// Per day, each count is keyed by its own date: cases by accepted_on, completed/on_time by
// completed_on, ratings by rated_on (valid only), follow-ups by due_date (not invalidated;
// "decided" depends on today, so total / closed / closed on time are kept and the query picks),
// tickets by issued_on. Waits: exact sum and count, plus a histogram of 30-second buckets
// (`{"<floor(wait/30)>": n}`) from which a P90 over any range of days and halls is computed
// (central/city/queries.ts: each wait counted at its bucket's midpoint, so within ±15 s).
import { sql, type RawBuilder } from 'kysely';
import type { Db, ProjectionRows } from '../uplink/project';

export const WAIT_BUCKET_SECONDS = 30;

/**
 * Recompute the rollup rows of the (hall_id, day) pairs of relation `d` from the fact tables;
 * a day left with nothing is deleted (so incremental = fresh). Text: also used by migration 003.
 */
export const DAILY_REFRESH_BODY = `s AS (
  SELECT d.hall_id, d.day, c.cases, k.completed, k.on_time, r.ratings, r.good, r.bad, f.fu_total, f.fu_closed, f.fu_on_time,
    t.tickets, t.called, t.no_show, t.wait_sum, t.wait_n, coalesce(w.hist, '{}'::jsonb) AS wait_hist
  FROM d
  CROSS JOIN LATERAL (SELECT count(*)::int AS cases FROM cases WHERE hall_id = d.hall_id AND accepted_on = d.day) c
  CROSS JOIN LATERAL (SELECT count(*)::int AS completed, count(*) FILTER (WHERE overdue_days = 0)::int AS on_time FROM cases
    WHERE hall_id = d.hall_id AND completed_on = d.day AND overdue_days IS NOT NULL) k
  CROSS JOIN LATERAL (SELECT count(*)::int AS ratings, count(*) FILTER (WHERE polarity = 'good')::int AS good, count(*) FILTER (WHERE polarity = 'bad')::int AS bad
    FROM ratings WHERE hall_id = d.hall_id AND rated_on = d.day AND valid) r
  CROSS JOIN LATERAL (SELECT count(*)::int AS fu_total, count(*) FILTER (WHERE closed_on IS NOT NULL)::int AS fu_closed,
    count(*) FILTER (WHERE closed_on IS NOT NULL AND closed_on <= due_date)::int AS fu_on_time
    FROM follow_ups WHERE hall_id = d.hall_id AND due_date = d.day AND status <> 'invalidated') f
  CROSS JOIN LATERAL (SELECT count(*)::int AS tickets, count(called_at)::int AS called, count(no_show_at)::int AS no_show,
    coalesce(sum(wait_seconds), 0)::bigint AS wait_sum, count(wait_seconds)::int AS wait_n
    FROM ticket_facts WHERE hall_id = d.hall_id AND issued_on = d.day) t
  CROSS JOIN LATERAL (SELECT jsonb_object_agg(x.b::text, x.n) AS hist FROM (SELECT floor(wait_seconds / ${WAIT_BUCKET_SECONDS}.0)::int AS b, count(*)::int AS n
    FROM ticket_facts WHERE hall_id = d.hall_id AND issued_on = d.day AND wait_seconds IS NOT NULL GROUP BY 1) x) w
),
gone AS (DELETE FROM hall_daily h USING s WHERE h.hall_id = s.hall_id AND h.day = s.day AND s.cases + s.completed + s.ratings + s.fu_total + s.tickets = 0)
INSERT INTO hall_daily (hall_id, day, cases, completed, on_time, ratings, good, bad, fu_total, fu_closed, fu_on_time, tickets, called, no_show, wait_sum, wait_n, wait_hist)
SELECT hall_id, day, cases, completed, on_time, ratings, good, bad, fu_total, fu_closed, fu_on_time, tickets, called, no_show, wait_sum, wait_n, wait_hist
FROM s WHERE s.cases + s.completed + s.ratings + s.fu_total + s.tickets > 0
ON CONFLICT (hall_id, day) DO UPDATE SET cases = excluded.cases, completed = excluded.completed, on_time = excluded.on_time, ratings = excluded.ratings,
  good = excluded.good, bad = excluded.bad, fu_total = excluded.fu_total, fu_closed = excluded.fu_closed, fu_on_time = excluded.fu_on_time,
  tickets = excluded.tickets, called = excluded.called, no_show = excluded.no_show, wait_sum = excluded.wait_sum, wait_n = excluded.wait_n,
  wait_hist = excluded.wait_hist`;

/** Every (hall, day) with any fact (what a rebuild or the migration recomputes). */
export const ALL_DAYS = `SELECT hall_id, accepted_on AS day FROM cases WHERE accepted_on IS NOT NULL
  UNION SELECT hall_id, completed_on FROM cases WHERE completed_on IS NOT NULL
  UNION SELECT hall_id, rated_on FROM ratings
  UNION SELECT hall_id, due_date FROM follow_ups
  UNION SELECT hall_id, issued_on FROM ticket_facts WHERE issued_on IS NOT NULL`;

/** Recompute one hall's rollup for these days (one statement; nothing when no day). */
export async function refreshDaily(tx: Db, hallId: string, days: Iterable<string | null | undefined>): Promise<void> {
  const list = [...new Set([...days].filter((d): d is string => typeof d === 'string'))];
  if (!list.length) return;
  await sql`WITH d AS (SELECT ${hallId}::text AS hall_id, x AS day FROM unnest(${list}::text[]) AS x), ${sql.raw(DAILY_REFRESH_BODY)}`.execute(tx);
}

/** Recompute every day of one hall (rebuild; the hall filter is pushed into each UNION branch). */
export async function refreshAllDays(tx: Db, hallId: string): Promise<void> {
  await sql`WITH d AS (SELECT hall_id, day FROM (${sql.raw(ALL_DAYS)}) u WHERE hall_id = ${hallId}::text), ${sql.raw(DAILY_REFRESH_BODY)}`.execute(tx);
}

/**
 * A CTE reading the dates the batch's rows have BEFORE the push's write (a statement's CTEs see
 * the snapshot from before it): a row that moves to another day must refresh the old day too.
 */
export function priorDaysCte(
  keys: { cases: string[]; ratings: string[]; follow_ups: string[]; tickets: string[] },
  hallId: string,
): RawBuilder<unknown> | null {
  const parts: RawBuilder<unknown>[] = [];
  if (keys.cases.length)
    parts.push(sql`SELECT unnest(ARRAY[accepted_on, completed_on]) AS day FROM cases WHERE hall_id = ${hallId}::text AND case_id = ANY(${keys.cases}::text[])`);
  if (keys.ratings.length) parts.push(sql`SELECT rated_on AS day FROM ratings WHERE hall_id = ${hallId}::text AND rating_id = ANY(${keys.ratings}::text[])`);
  if (keys.follow_ups.length)
    parts.push(sql`SELECT due_date AS day FROM follow_ups WHERE hall_id = ${hallId}::text AND follow_up_id = ANY(${keys.follow_ups}::text[])`);
  if (keys.tickets.length)
    parts.push(sql`SELECT issued_on AS day FROM ticket_facts WHERE hall_id = ${hallId}::text AND ticket_id = ANY(${keys.tickets}::text[])`);
  return parts.length ? sql`prior_days AS (${sql.join(parts, sql` UNION `)})` : null;
}

/** The keys of a batch's rows (for priorDaysCte) and the days they now fall on. */
export function rollupKeys(rows: ProjectionRows): { keys: Parameters<typeof priorDaysCte>[0]; days: (string | null)[] } {
  const days: (string | null)[] = [];
  for (const r of rows.cases) days.push(r.accepted_on as string | null, r.completed_on as string | null);
  for (const r of rows.ratings) days.push(r.rated_on as string);
  for (const r of rows.follow_ups) days.push(r.due_date as string);
  for (const r of rows.ticket_facts) days.push(r.issued_on);
  return {
    keys: {
      cases: rows.cases.map((r) => r.case_id as string),
      ratings: rows.ratings.map((r) => r.rating_id as string),
      follow_ups: rows.follow_ups.map((r) => r.follow_up_id as string),
      tickets: rows.ticket_facts.map((r) => r.ticket_id),
    },
    days,
  };
}
