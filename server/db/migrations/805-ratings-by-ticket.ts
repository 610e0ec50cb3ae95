// Ratings looked up by ticket: the tracking page of every served ticket asks whether it was rated
// (server/track/service.ts ratedTicket, and the hub's served-page check every 2 s). The table is
// append-only and grows for ever; without this each lookup read all of it.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 805,
  name: 'ratings-by-ticket',
  sql: `
CREATE INDEX ratings_ticket ON ratings (ticket_id) WHERE ticket_id IS NOT NULL;
`,
} satisfies Migration;
