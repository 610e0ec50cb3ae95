// Ratings (一次一评), service sessions for the mean service time, and walk-in tickets issued
// while the hall is unreachable (electron/core/cases/counterRecords.ts).
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 54,
  name: 'ratings, service log, local tickets',
  sql: `
CREATE TABLE ratings_local (
  id TEXT PRIMARY KEY,
  ticket_id TEXT,
  case_id TEXT,
  case_no TEXT,
  rating_count INTEGER NOT NULL DEFAULT 1,
  level TEXT NOT NULL,
  clerk_work_no TEXT NOT NULL,
  window_no INTEGER NOT NULL,
  channel TEXT NOT NULL,
  rated_on TEXT NOT NULL,
  rated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ratings_one_per_ticket ON ratings_local(ticket_id, rating_count) WHERE ticket_id IS NOT NULL;
CREATE UNIQUE INDEX ratings_one_per_case ON ratings_local(case_no, rating_count) WHERE case_no IS NOT NULL AND ticket_id IS NULL;
CREATE INDEX ratings_clerk_day ON ratings_local(clerk_work_no, rated_on);
CREATE TABLE service_log (
  ticket_id TEXT PRIMARY KEY,
  ticket_number TEXT NOT NULL,
  clerk_work_no TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  day TEXT NOT NULL
);
CREATE INDEX service_log_clerk_day ON service_log(clerk_work_no, day);
CREATE TABLE local_tickets (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL,
  category TEXT NOT NULL,
  day TEXT NOT NULL,
  serial INTEGER NOT NULL,
  clerk_work_no TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE(day, serial)
);
`,
} satisfies Migration;
