// The queue, staff, devices, ratings and catalogue tables of the first release.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 1,
  name: 'initial',
  sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE categories (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, prefix TEXT NOT NULL, daily_reset INTEGER NOT NULL DEFAULT 1,
  range_start INTEGER NOT NULL DEFAULT 1, range_end INTEGER NOT NULL DEFAULT 999, number_width INTEGER NOT NULL DEFAULT 3,
  service_level_minutes INTEGER NOT NULL DEFAULT 30, avg_service_minutes REAL NOT NULL DEFAULT 6, sort INTEGER NOT NULL DEFAULT 0);
CREATE TABLE windows (
  no INTEGER PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'closed', pause_reason TEXT,
  clerk_work_no TEXT, current_ticket_id TEXT, ratio_pos INTEGER NOT NULL DEFAULT 0, status_since INTEGER NOT NULL DEFAULT 0);
CREATE TABLE window_categories (
  window_no INTEGER NOT NULL REFERENCES windows(no), category TEXT NOT NULL REFERENCES categories(code),
  weight REAL NOT NULL DEFAULT 1, PRIMARY KEY (window_no, category));
CREATE TABLE staff (
  work_no TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, stars REAL NOT NULL DEFAULT 3, photo_url TEXT,
  home_window INTEGER, backup_work_no TEXT, password_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL, role TEXT NOT NULL, window_no INTEGER,
  created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER);
CREATE TABLE devices (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, enrolled_at INTEGER NOT NULL, enrolled_with TEXT NOT NULL);
CREATE TABLE enrollment_codes (
  code TEXT PRIMARY KEY, kind TEXT, reusable INTEGER NOT NULL DEFAULT 0, used_at INTEGER, created_by TEXT NOT NULL, expires_at INTEGER);
CREATE TABLE serials (category TEXT NOT NULL, key TEXT NOT NULL, serial INTEGER NOT NULL, PRIMARY KEY (category, key));
CREATE TABLE tickets (
  id TEXT PRIMARY KEY, number TEXT NOT NULL, category TEXT NOT NULL, serial INTEGER NOT NULL, day TEXT NOT NULL,
  status TEXT NOT NULL, priority TEXT NOT NULL, channel TEXT NOT NULL, issued_at INTEGER NOT NULL, queue_pos INTEGER NOT NULL,
  called_at INTEGER, first_called_at INTEGER, started_at INTEGER, finished_at INTEGER, window_no INTEGER, clerk_work_no TEXT,
  recall_count INTEGER NOT NULL DEFAULT 0, outcome TEXT, id_hash TEXT, id_masked TEXT, target_window INTEGER, target_clerk TEXT,
  transferred_from TEXT, request_id TEXT);
CREATE INDEX tickets_line ON tickets (status, category, priority, queue_pos);
CREATE INDEX tickets_day ON tickets (day, category);
CREATE INDEX tickets_target_window ON tickets (target_window, status, queue_pos);
CREATE INDEX tickets_target_clerk ON tickets (target_clerk, status, queue_pos);
CREATE INDEX tickets_suspended ON tickets (window_no, status);
CREATE INDEX tickets_issued ON tickets (issued_at);
CREATE UNIQUE INDEX tickets_request ON tickets (request_id) WHERE request_id IS NOT NULL;
-- One waiting ticket per ID card per category, enforced by the database as well as the engine.
CREATE UNIQUE INDEX tickets_one_per_id ON tickets (id_hash, category) WHERE id_hash IS NOT NULL AND status = 'waiting';
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, type TEXT NOT NULL, ticket_id TEXT, window_no INTEGER,
  category TEXT, actor TEXT, data TEXT);
CREATE INDEX events_ticket ON events (ticket_id);
CREATE INDEX events_type_seq ON events (type, seq);
CREATE TABLE idempotency (key TEXT PRIMARY KEY, status INTEGER NOT NULL, body TEXT, at INTEGER NOT NULL);
CREATE TABLE ratings (
  id TEXT PRIMARY KEY, window_no INTEGER NOT NULL, clerk_work_no TEXT NOT NULL, ticket_id TEXT, level TEXT NOT NULL,
  body TEXT NOT NULL, rated_at TEXT NOT NULL, received_at INTEGER NOT NULL);
CREATE TABLE service_items (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, case_type TEXT NOT NULL, commitment TEXT NOT NULL,
  promised_days INTEGER NOT NULL, legal_days INTEGER NOT NULL, fee TEXT NOT NULL, department TEXT NOT NULL, materials TEXT NOT NULL);
CREATE TABLE ordering_rules (version INTEGER PRIMARY KEY, rules TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL);
`,
} satisfies Migration;
