// The city uplink (issue 14, docs/central.md): the outbox the hall writes in the same transaction
// as its own change, and the uplink's own state. `seq` (AUTOINCREMENT: never reused, gapless
// because a rolled-back transaction rolls back sqlite_sequence too) is the outbox order; the wire
// seq is seq + seq_offset (uplink_state), moved only when the hall was restored from an older
// backup and must renumber. Ticket facts keep their few fields as columns so the queue's hot path
// is one prepared INSERT without JSON; every other kind keeps its (already masked) body as JSON.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 740,
  name: 'uplink_outbox',
  sql: `
CREATE TABLE uplink_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, kind TEXT NOT NULL, at_ms INTEGER NOT NULL, body TEXT,
  ticket_id TEXT, fact TEXT, category TEXT, window_no INTEGER, clerk TEXT);
CREATE TABLE uplink_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE uplink_rejections (
  seq INTEGER PRIMARY KEY, id TEXT, kind TEXT, code TEXT NOT NULL, message TEXT NOT NULL, at INTEGER NOT NULL);
`,
} satisfies Migration;
