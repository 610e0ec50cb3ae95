// Offline sign-in failures in a row per cached credential (reset by an online sign-in); 5 lock
// the offline sign-in. Verifiers cached before this count 0 (electron/core/session/credentialCache.ts).
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 700,
  name: 'cached credential failures',
  sql: 'ALTER TABLE cached_credentials ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;',
} satisfies Migration;
