// The counter's window on the duty rota for the next days, as the hall answered the last online
// sign-in here (domain/rota/ahead.ts): a sign-in while the hall is unreachable follows it.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 820,
  name: 'rota ahead',
  sql: `
CREATE TABLE rota_ahead (id INTEGER PRIMARY KEY CHECK (id = 1), window_no INTEGER NOT NULL, body TEXT NOT NULL, fetched_at TEXT NOT NULL);
`,
} satisfies Migration;
