// The 一件事 packages fetched from the hall with the catalogue, cached so package intake works offline.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 790,
  name: 'package cache',
  sql: `
CREATE TABLE catalogue_package_cache (id INTEGER PRIMARY KEY CHECK (id = 1), packages TEXT NOT NULL, fetched_at TEXT NOT NULL);
`,
} satisfies Migration;
