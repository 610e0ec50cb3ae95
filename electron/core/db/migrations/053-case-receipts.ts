// Which print job printed which case's receipt (reprints).
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 53,
  name: 'case receipts',
  sql: `
CREATE TABLE case_receipts (job_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, template TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX case_receipts_case ON case_receipts(case_id, at);
`,
} satisfies Migration;
