// The service catalogue fetched from the hall, cached so intake works offline.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 52,
  name: 'catalogue cache',
  sql: `
CREATE TABLE catalogue_cache (id INTEGER PRIMARY KEY CHECK (id = 1), items TEXT NOT NULL, fetched_at TEXT NOT NULL);
`,
} satisfies Migration;
