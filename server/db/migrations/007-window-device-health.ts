// The latest device health each window reported (a restart still shows the last report). Created
// on start before this migration existed, hence IF NOT EXISTS.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 7,
  name: 'window_device_health',
  sql: 'CREATE TABLE IF NOT EXISTS window_device_health (window_no INTEGER PRIMARY KEY, devices TEXT NOT NULL, reported_at INTEGER NOT NULL, reported_by TEXT NOT NULL);',
} satisfies Migration;
