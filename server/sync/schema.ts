// Tables of the sync ingest, migrated by this module (ids 600+ in the server's
// schema_migrations, so they never collide with the queue's own numbered migrations).
// sync_events.version is the server version: SQLite hands out AUTOINCREMENT ids inside the one
// writer transaction, so versions are monotonic AND commit-ordered (a reader never sees version
// 12 before version 11 is visible — the gap problem a PostgreSQL sequence would have).
import type Database from 'better-sqlite3';
import type { Generated } from 'kysely';

export type SyncEventRow = {
  version: number; id: string; stream: string; stream_id: string; device_id: string; seq: number; kind: string; at: string;
  actor: string; payload: string; schema_version: number; state: string; source: string; received_at: number;
};
export type SyncDeviceRow = {
  device_id: string; last_seq: number; owner: string | null; last_push_at: number | null; clock_skew_ms: number | null;
  schema_version: number | null; accepted: number; rejected: number;
};
export type SyncRejectionRow = {
  device_id: string; seq: number; id: string | null; stream: string | null; stream_id: string | null; kind: string | null;
  code: string; message: string; received_at: number;
};
export type SyncCaseRow = {
  case_id: string; case_no: string | null; status: string; item_name: string | null; window_no: number | null; received_at: string | null;
  due_date: string | null; open: number; conflicts: number; deferred: number; last_version: number; row: string; updated_at: number;
};
export type SyncTables = {
  sync_events: Omit<SyncEventRow, 'version'> & { version: Generated<number> };
  sync_devices: SyncDeviceRow;
  sync_rejections: SyncRejectionRow;
  sync_cases: SyncCaseRow;
  sync_dirty: { case_id: string };
};

const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  {
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
  },
  {
    id: 602,
    name: 'sync_dirty_cases',
    // Cases whose cached projection is behind their events: marked in the push transaction,
    // re-projected right after commit (so ingest is not slowed by projection), and on read.
    sql: 'CREATE TABLE sync_dirty (case_id TEXT PRIMARY KEY);',
  },
];

export function migrateSync(raw: Database.Database): void {
  raw.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const done = new Set((raw.prepare('SELECT id FROM schema_migrations WHERE id >= 600 AND id < 700').all() as { id: number }[]).map((r) => r.id));
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    raw.transaction(() => {
      raw.exec(m.sql);
      raw.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, Date.now());
    })();
  }
}
