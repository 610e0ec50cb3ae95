// Which printer each kiosk prints to ('*' = every kiosk without its own). The kiosk store used to
// create it on start, so databases written before this migration already have it: IF NOT EXISTS.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 6,
  name: 'kiosk_printers',
  sql: 'CREATE TABLE IF NOT EXISTS kiosk_printers (device_id TEXT PRIMARY KEY, address TEXT NOT NULL, width_mm INTEGER NOT NULL DEFAULT 80, updated_at INTEGER NOT NULL);',
} satisfies Migration;
