// The case projection (electron/core/cases/caseStore.ts), the per-date case-number serial and
// idempotent intake. No name or ID number in clear: masked for display, keyed-hashed for lookup.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 50,
  name: 'cases',
  sql: `
CREATE TABLE cases (
  case_id TEXT PRIMARY KEY,
  case_no TEXT NOT NULL UNIQUE,
  item_code TEXT NOT NULL,
  item_name TEXT NOT NULL,
  status TEXT NOT NULL,
  status_label TEXT NOT NULL,
  case_type TEXT,
  received_at TEXT NOT NULL,
  received_on TEXT NOT NULL,
  accepted_on TEXT,
  completed_on TEXT,
  due_date TEXT,
  days_left_at_stop INTEGER,
  overdue_days INTEGER,
  supply_deadline TEXT,
  outstanding INTEGER NOT NULL DEFAULT 0,
  clerk_work_no TEXT NOT NULL,
  window_no INTEGER NOT NULL,
  name_masked TEXT NOT NULL,
  id_masked TEXT NOT NULL,
  id_tail TEXT NOT NULL,
  id_hash TEXT NOT NULL,
  name_hash TEXT NOT NULL,
  rated INTEGER NOT NULL DEFAULT 0,
  open INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
-- my open cases by due date (NULL due dates = stopped clocks, listed last)
CREATE INDEX cases_mine ON cases(clerk_work_no, open, due_date);
CREATE INDEX cases_id_hash ON cases(id_hash, received_at);
CREATE INDEX cases_name_hash ON cases(name_hash, received_at);
CREATE INDEX cases_id_masked ON cases(id_masked, received_at);
CREATE INDEX cases_id_tail ON cases(id_tail, received_at);
CREATE INDEX cases_received ON cases(received_on, received_at);
-- per-device, per-date serial of the 21-digit case number (domain/cases/caseNumber.ts)
CREATE TABLE case_serials (date TEXT PRIMARY KEY, last INTEGER NOT NULL);
-- idempotent intake: the same requestId twice returns the first case
CREATE TABLE intake_requests (request_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, at TEXT NOT NULL);
`,
} satisfies Migration;
