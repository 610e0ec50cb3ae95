// The sync ingest (docs/sync.md). sync_events.version is the server version: SQLite hands out
// AUTOINCREMENT ids inside the one writer transaction, so versions are monotonic AND
// commit-ordered (a reader never sees version 12 before 11 is visible).
import type { Migration } from '../../../storage/migrate';

export default {
  id: 601,
  name: 'sync_initial',
  sql: `
CREATE TABLE sync_events (
  version INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, stream_id TEXT NOT NULL,
  device_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, payload TEXT NOT NULL,
  schema_version INTEGER NOT NULL, state TEXT NOT NULL, source TEXT NOT NULL, received_at INTEGER NOT NULL,
  UNIQUE (device_id, seq));
CREATE INDEX sync_events_stream ON sync_events (stream, stream_id, version);
CREATE INDEX sync_events_deferred ON sync_events (state) WHERE state = 'deferred';
CREATE TABLE sync_devices (
  device_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL DEFAULT 0, owner TEXT, last_push_at INTEGER, clock_skew_ms INTEGER,
  schema_version INTEGER, accepted INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0);
CREATE TABLE sync_rejections (
  device_id TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT, stream TEXT, stream_id TEXT, kind TEXT, code TEXT NOT NULL,
  message TEXT NOT NULL, received_at INTEGER NOT NULL, PRIMARY KEY (device_id, seq));
CREATE TABLE sync_cases (
  case_id TEXT PRIMARY KEY, case_no TEXT, status TEXT NOT NULL, item_name TEXT, window_no INTEGER, received_at TEXT,
  due_date TEXT, open INTEGER NOT NULL, conflicts INTEGER NOT NULL, deferred INTEGER NOT NULL, last_version INTEGER NOT NULL,
  row TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX sync_cases_open ON sync_cases (open, due_date);
`,
} satisfies Migration;
