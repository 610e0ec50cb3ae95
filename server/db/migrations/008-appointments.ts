// Booked slots a citizen checks in to at the kiosk. ID numbers only as the engine's salted hash
// plus a masked form; names only masked. Created on start before this migration existed, hence
// IF NOT EXISTS.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 8,
  name: 'appointments',
  sql: `
CREATE TABLE IF NOT EXISTS appointments (
  id TEXT PRIMARY KEY, category TEXT NOT NULL, day TEXT NOT NULL, slot_start INTEGER NOT NULL, slot_end INTEGER NOT NULL,
  code TEXT NOT NULL, id_hash TEXT, id_masked TEXT, name_masked TEXT, status TEXT NOT NULL DEFAULT 'booked',
  ticket_id TEXT, created_at INTEGER NOT NULL, created_by TEXT NOT NULL, checked_in_at INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS appointments_day_code ON appointments (day, code);
CREATE INDEX IF NOT EXISTS appointments_day_id ON appointments (day, id_hash);
`,
} satisfies Migration;
