// Every 差评 reason list the city sent this hall (issue 14 downlink), by version: a rating made at
// an offline counter with an earlier list names that version, and the hall checks its codes
// against that list (domain/rating/cityReasons.ts reasonCodesProblem). Rows are never removed.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 810,
  name: 'rating reason lists',
  sql: `
CREATE TABLE rating_reason_lists (version TEXT PRIMARY KEY, body TEXT NOT NULL, received_at INTEGER NOT NULL);
`,
} satisfies Migration;
