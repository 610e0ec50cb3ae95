// The counter's first tables: key/value meta, the (legacy) outbox and the offline sign-in cache.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 1,
  name: 'initial',
  sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  state TEXT NOT NULL DEFAULT 'pending'
);
CREATE INDEX outbox_state ON outbox(state, created_at);
CREATE TABLE cached_credentials (
  work_no TEXT PRIMARY KEY,
  verifier TEXT NOT NULL,
  salt TEXT NOT NULL,
  staff_json TEXT NOT NULL,
  window_no INTEGER,
  updated_at TEXT NOT NULL
);
`,
} satisfies Migration;
