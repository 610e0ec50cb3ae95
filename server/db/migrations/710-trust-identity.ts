// Trust (issue 12): enrollment codes (and the devices enrolled with them) carry the window a
// counter or pad serves; a replacement code names the sync log (device id + seq) the new PC
// takes over. Ratings get the service they rate as keys with unique indexes (legacy duplicates
// keep NULL keys: only the first rating of a service is backfilled), and triggers make the
// table append-only: appeal and review are new records elsewhere. Staff sessions by window, for
// "was this clerk at that window then" (server/trust/presence.ts).
import type { Migration } from '../../../storage/migrate';

export default {
  id: 710,
  name: 'trust: devices bound to a window, one rating per service, ratings append-only',
  sql: `
ALTER TABLE enrollment_codes ADD COLUMN window_no INTEGER;
ALTER TABLE enrollment_codes ADD COLUMN takes_over TEXT;
ALTER TABLE devices ADD COLUMN window_no INTEGER;
ALTER TABLE ratings ADD COLUMN case_no TEXT;
ALTER TABLE ratings ADD COLUMN ticket_key TEXT;
ALTER TABLE ratings ADD COLUMN case_key TEXT;
UPDATE ratings SET case_no = json_extract(body, '$.caseNo') WHERE json_valid(body);
UPDATE ratings SET ticket_key = ticket_id WHERE ticket_id IS NOT NULL AND rowid IN (SELECT MIN(rowid) FROM ratings WHERE ticket_id IS NOT NULL GROUP BY ticket_id);
UPDATE ratings SET case_key = case_no WHERE case_no IS NOT NULL AND rowid IN (SELECT MIN(rowid) FROM ratings WHERE case_no IS NOT NULL GROUP BY case_no);
CREATE UNIQUE INDEX ratings_one_per_ticket ON ratings (ticket_key) WHERE ticket_key IS NOT NULL;
CREATE UNIQUE INDEX ratings_one_per_case ON ratings (case_key) WHERE case_key IS NOT NULL;
CREATE TRIGGER ratings_no_update BEFORE UPDATE ON ratings BEGIN SELECT RAISE(ABORT, 'ratings are append-only'); END;
CREATE TRIGGER ratings_no_delete BEFORE DELETE ON ratings BEGIN SELECT RAISE(ABORT, 'ratings are append-only'); END;
CREATE INDEX sessions_staff_window ON sessions (subject, window_no) WHERE kind = 'staff';
`,
} satisfies Migration;
