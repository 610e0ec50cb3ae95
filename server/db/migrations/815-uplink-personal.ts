// The city may be configured to receive applicants in clear (issue 14, docs/central.md). The
// outbox row of a case event then also keeps the applicant SEALED with the case's data key
// (native/crypto/fieldSealer.ts — never plain at rest, shredded with the case), opened only at
// push time and only while the city wants it; erased from the row once the central acknowledged
// it. The partial index keeps that erase a short range walk.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 815,
  name: 'uplink_outbox: sealed personal fields',
  sql: `
ALTER TABLE uplink_outbox ADD COLUMN personal TEXT;
CREATE INDEX uplink_outbox_personal ON uplink_outbox (seq) WHERE personal IS NOT NULL;
`,
} satisfies Migration;
