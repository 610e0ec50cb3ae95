// 差评 follow-up tasks (the domain's FollowUpTask JSON plus indexed columns) and their deadline
// settings. Created on start before this migration existed, hence IF NOT EXISTS.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 9,
  name: 'followups',
  sql: `
CREATE TABLE IF NOT EXISTS followup_tasks (
  id TEXT PRIMARY KEY, rating_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, clerk_work_no TEXT NOT NULL, window_no INTEGER,
  opened_on TEXT NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS followup_tasks_status ON followup_tasks (status, opened_on);
CREATE TABLE IF NOT EXISTS followup_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
} satisfies Migration;
