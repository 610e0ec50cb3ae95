// The central's first schema. Rule (tested): every table has hall_id in its primary key, so
// Citus can distribute all of them by hall_id and keep one hall's rows on one node (colocated
// joins, single-shard transactions). City-wide rows (supervisors, sessions, the catalogue)
// use hall_id '' — one more "hall" whose shard holds the city's own data.
// Instants are ISO text as the hall sent them plus epoch-ms bigints where we compute; civil
// dates are 'YYYY-MM-DD' text (compares like a date, reads back the same on pg and PGlite).
import type { CentralMigration } from '../migrate';

export const migration: CentralMigration = {
  id: 1,
  name: 'init',
  sql: `
CREATE TABLE halls (
  hall_id text NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  enrollment_code_hash text,
  enrollment_reusable boolean NOT NULL DEFAULT false,
  token_hash text,
  enrolled_at bigint,
  last_seq bigint NOT NULL DEFAULT 0,
  last_uplink_at bigint,
  backlog bigint NOT NULL DEFAULT 0,
  clock_skew_ms bigint,
  accepted bigint NOT NULL DEFAULT 0,
  rejected bigint NOT NULL DEFAULT 0,
  catalogue_version bigint,
  created_at bigint NOT NULL,
  PRIMARY KEY (hall_id)
);
CREATE UNIQUE INDEX halls_code ON halls (code);

-- The hall's stream as it arrived: accepted and rejected records alike (exactly once by PK).
CREATE TABLE uplink_records (
  hall_id text NOT NULL,
  seq bigint NOT NULL,
  id text,
  kind text,
  ref text,
  at text,
  body jsonb,
  status text NOT NULL,
  code text,
  message text,
  received_at bigint NOT NULL,
  PRIMARY KEY (hall_id, seq)
);
CREATE INDEX uplink_records_ref ON uplink_records (hall_id, ref) WHERE kind = 'caseEvent' AND status = 'accepted';
CREATE INDEX uplink_records_rejected ON uplink_records (hall_id, seq) WHERE status = 'rejected';

CREATE TABLE cases (
  hall_id text NOT NULL,
  case_id text NOT NULL,
  case_no text,
  status text NOT NULL,
  item_code text,
  item_name text,
  department text,
  window_no integer,
  applicant_masked text,
  accepted_on text,
  due_date text,
  completed_on text,
  overdue_days integer,
  open boolean NOT NULL,
  event_count integer NOT NULL,
  last_server_version bigint,
  updated_at bigint NOT NULL,
  PRIMARY KEY (hall_id, case_id)
);
CREATE INDEX cases_accepted ON cases (accepted_on, hall_id);
CREATE INDEX cases_completed ON cases (completed_on, hall_id);
CREATE INDEX cases_open_due ON cases (due_date, hall_id) WHERE open;

CREATE TABLE ratings (
  hall_id text NOT NULL,
  rating_id text NOT NULL,
  level text NOT NULL,
  polarity text NOT NULL,
  rated_on text NOT NULL,
  rated_at text NOT NULL,
  window_no integer,
  clerk_work_no text,
  case_id text,
  valid boolean NOT NULL,
  PRIMARY KEY (hall_id, rating_id)
);
CREATE INDEX ratings_on ON ratings (rated_on, hall_id);

CREATE TABLE follow_ups (
  hall_id text NOT NULL,
  follow_up_id text NOT NULL,
  rating_id text NOT NULL,
  status text NOT NULL,
  opened_on text NOT NULL,
  due_date text NOT NULL,
  closed_on text,
  PRIMARY KEY (hall_id, follow_up_id)
);
CREATE INDEX follow_ups_due ON follow_ups (due_date, hall_id);

CREATE TABLE ticket_facts (
  hall_id text NOT NULL,
  ticket_id text NOT NULL,
  category text NOT NULL,
  issued_on text,
  issued_at bigint,
  called_at bigint,
  started_at bigint,
  done_at bigint,
  no_show_at bigint,
  window_no integer,
  clerk_work_no text,
  wait_seconds integer,
  PRIMARY KEY (hall_id, ticket_id)
);
CREATE INDEX ticket_facts_on ON ticket_facts (issued_on, hall_id);

CREATE TABLE hall_staff (
  hall_id text NOT NULL,
  work_no text NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  active boolean NOT NULL,
  updated_seq bigint NOT NULL,
  PRIMARY KEY (hall_id, work_no)
);

CREATE TABLE hall_windows (
  hall_id text NOT NULL,
  window_no integer NOT NULL,
  name text NOT NULL,
  active boolean NOT NULL,
  categories jsonb NOT NULL,
  updated_seq bigint NOT NULL,
  PRIMARY KEY (hall_id, window_no)
);

CREATE TABLE city_users (
  hall_id text NOT NULL,
  work_no text NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  password_hash text NOT NULL,
  PRIMARY KEY (hall_id, work_no)
);

CREATE TABLE city_sessions (
  hall_id text NOT NULL,
  token_hash text NOT NULL,
  work_no text NOT NULL,
  role text NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (hall_id, token_hash)
);

CREATE TABLE catalogues (
  hall_id text NOT NULL,
  version bigint NOT NULL,
  body jsonb NOT NULL,
  published_at bigint NOT NULL,
  published_by text NOT NULL,
  PRIMARY KEY (hall_id, version)
);
`,
};
