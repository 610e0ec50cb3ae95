// Cases whose cached projection is behind their events: marked in the push transaction,
// re-projected right after commit (so ingest is not slowed by projection), and on read.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 602,
  name: 'sync_dirty_cases',
  sql: 'CREATE TABLE sync_dirty (case_id TEXT PRIMARY KEY);',
} satisfies Migration;
