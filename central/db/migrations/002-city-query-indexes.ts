// Indexes shaped like the city queries (central/city/queries.ts), hall_id first: the KPI query
// walks each hall's date range (a LATERAL per hall, so one hall or all of them use the same
// index, and under Citus each range stays on the hall's shard), and INCLUDE carries the columns
// the aggregates read, so they are index-only scans. They replace the date-first indexes of
// 001 (same number to maintain at ingest, except one partial index of OPEN cases for the
// per-hall 电子监察 list). The city-wide list keeps a date-first partial index that matches its
// ORDER BY (due_date, hall_id, case_id), so LIMIT stops early.
import type { CentralMigration } from '../migrate';

export const migration: CentralMigration = {
  id: 2,
  name: 'city-query-indexes',
  sql: `
DROP INDEX IF EXISTS cases_accepted;
DROP INDEX IF EXISTS cases_completed;
DROP INDEX IF EXISTS cases_open_due;
DROP INDEX IF EXISTS ratings_on;
DROP INDEX IF EXISTS follow_ups_due;
DROP INDEX IF EXISTS ticket_facts_on;
CREATE INDEX cases_hall_accepted ON cases (hall_id, accepted_on);
CREATE INDEX cases_hall_completed ON cases (hall_id, completed_on) INCLUDE (overdue_days);
CREATE INDEX cases_open_due ON cases (due_date, hall_id, case_id) WHERE open;
CREATE INDEX cases_hall_open_due ON cases (hall_id, due_date, case_id) WHERE open;
CREATE INDEX ratings_hall_on ON ratings (hall_id, rated_on) INCLUDE (polarity, valid);
CREATE INDEX follow_ups_hall_due ON follow_ups (hall_id, due_date) INCLUDE (status, closed_on);
CREATE INDEX ticket_facts_hall_on ON ticket_facts (hall_id, issued_on) INCLUDE (called_at, no_show_at, wait_seconds);
`,
};
