// The local event log (electron/core/sync/eventLog.ts): every synced record with the device's
// gapless seq; local rows with server_version NULL are the outbox.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 10,
  name: 'event log',
  sql: `
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  stream TEXT NOT NULL,            -- 'case', 'rating', 'audit', ...
  stream_id TEXT NOT NULL,         -- e.g. the case id
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,                -- device clock: recorded, never trusted for order
  actor TEXT NOT NULL,             -- JSON {workNo, windowNo}
  payload TEXT NOT NULL,           -- JSON
  schema_version INTEGER NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
  server_version INTEGER,          -- set by the server's ack (local) or pull (remote)
  rejected_code TEXT,              -- set when the server rejected it permanently (dead letter)
  rejected_message TEXT,
  resolved_at TEXT,                -- a clerk/manager resolved the dead letter
  UNIQUE (device_id, seq)
);
CREATE INDEX events_stream ON events(stream, stream_id, seq);
CREATE INDEX events_pending ON events(origin, server_version, rejected_code, seq);
CREATE INDEX events_server_version ON events(server_version);
`,
} satisfies Migration;
