// Every ticket this window called, with how long it had waited (hall clock: issued → first call;
// walk-ins have none) and how it left the window, so the 日结单's 过号 / 转移 / 平均等候 are counted
// (electron/core/cases/counterRecords.ts ticketCalled / ticketEnded / dayTickets). Issue 13.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 730,
  name: 'window tickets for the daily summary',
  sql: `
CREATE TABLE window_tickets (
  ticket_id TEXT PRIMARY KEY,
  ticket_number TEXT NOT NULL,
  clerk_work_no TEXT NOT NULL,
  day TEXT NOT NULL,
  called_at TEXT NOT NULL,
  waited_ms INTEGER,
  outcome TEXT,
  ended_at TEXT
);
CREATE INDEX window_tickets_clerk_day ON window_tickets(clerk_work_no, day);
`,
} satisfies Migration;
