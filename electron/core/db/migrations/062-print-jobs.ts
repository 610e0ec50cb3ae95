// The print queue's jobs (native/printer/queue.ts): written before anything is sent, retried
// until printed. The queue used to create this table itself, so counters already have it:
// IF NOT EXISTS.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 62,
  name: 'print jobs',
  sql: `
CREATE TABLE IF NOT EXISTS print_jobs (
  id TEXT PRIMARY KEY,
  template TEXT NOT NULL,
  data TEXT NOT NULL,
  bytes BLOB NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued','printing','done','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error_code TEXT,
  last_error TEXT,
  reprint_of TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  printed_at TEXT,
  next_attempt_at INTEGER
);
CREATE INDEX IF NOT EXISTS print_jobs_state ON print_jobs (state, created_at);
`,
} satisfies Migration;
