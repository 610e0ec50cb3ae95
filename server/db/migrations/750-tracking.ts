// The citizen's phone (issue 17): a tracking token per ticket (random, 128 bits, kept as-is so a
// replayed issue answers the same trackUrl; unique index for the lookup), the phone number a
// citizen may leave (AES-GCM ciphertext + masked form, purged with the day), which SMS were sent,
// and what the hall learns from sync about a case's ticket and its receipt token (SHA-256 only).
import type { Migration } from '../../../storage/migrate';

export default {
  id: 750,
  name: 'tracking',
  sql: `
CREATE TABLE ticket_tracks (
  ticket_id TEXT PRIMARY KEY, token TEXT NOT NULL, day TEXT NOT NULL, phone_enc TEXT, phone_masked TEXT,
  sms_ahead_at INTEGER, sms_called_at INTEGER);
CREATE UNIQUE INDEX ticket_tracks_token ON ticket_tracks (token);
CREATE INDEX ticket_tracks_phone ON ticket_tracks (day) WHERE phone_enc IS NOT NULL;
CREATE TABLE case_links (
  case_id TEXT PRIMARY KEY, ticket_id TEXT, token_hash TEXT);
CREATE INDEX case_links_ticket ON case_links (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE UNIQUE INDEX case_links_token ON case_links (token_hash) WHERE token_hash IS NOT NULL;
`,
} satisfies Migration;
