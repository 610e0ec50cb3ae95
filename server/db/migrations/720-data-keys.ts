// Per-case data keys (issue 12, native/crypto/fieldSealer.ts): applicant fields in stored events
// and cached projections are sealed with their case's key, wrapped by the keyring's master key
// (its id kept here for rotation). Retention deletes a key to crypto-shred the case's applicant.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 720,
  name: 'per-case data keys (applicant fields encrypted at rest)',
  sql: `
CREATE TABLE data_keys (
  scope TEXT PRIMARY KEY,           -- the case id
  key_id TEXT,                      -- master key that wrapped it (NULL once shredded)
  cipher TEXT NOT NULL,             -- cipher of the data key
  wrapped BLOB,                     -- NULL once shredded
  created_at INTEGER NOT NULL,
  shredded_at INTEGER
);
`,
} satisfies Migration;
