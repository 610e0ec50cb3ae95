// Row types of the sync ingest's tables. The tables themselves are created by the hall's
// migrations 601–602 (server/db/migrations/). sync_events.version is the server version: SQLite
// hands out AUTOINCREMENT ids inside the one writer transaction, so versions are monotonic AND
// commit-ordered (a reader never sees version 12 before version 11 is visible — the gap problem
// a PostgreSQL sequence would have).
import type { Generated } from 'kysely';

export type SyncEventRow = {
  version: number;
  id: string;
  stream: string;
  stream_id: string;
  device_id: string;
  seq: number;
  kind: string;
  at: string;
  actor: string;
  payload: string;
  schema_version: number;
  state: string;
  source: string;
  received_at: number;
};
export type SyncDeviceRow = {
  device_id: string;
  last_seq: number;
  owner: string | null;
  last_push_at: number | null;
  clock_skew_ms: number | null;
  schema_version: number | null;
  accepted: number;
  rejected: number;
};
export type SyncRejectionRow = {
  device_id: string;
  seq: number;
  id: string | null;
  stream: string | null;
  stream_id: string | null;
  kind: string | null;
  code: string;
  message: string;
  received_at: number;
};
export type SyncCaseRow = {
  case_id: string;
  case_no: string | null;
  status: string;
  item_name: string | null;
  window_no: number | null;
  received_at: string | null;
  due_date: string | null;
  open: number;
  conflicts: number;
  deferred: number;
  last_version: number;
  row: string;
  updated_at: number;
};
export type SyncTables = {
  sync_events: Omit<SyncEventRow, 'version'> & { version: Generated<number> };
  sync_devices: SyncDeviceRow;
  sync_rejections: SyncRejectionRow;
  sync_cases: SyncCaseRow;
  sync_dirty: { case_id: string };
};
