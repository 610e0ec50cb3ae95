// The hall's reference data beside the catalogue (GET /api/catalogue/reference): the 差评 reason
// list in force and the calendar's holiday overrides, cached so an offline counter keeps offering
// the last list and counting the hall's working days.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 810,
  name: 'reference cache',
  sql: `
CREATE TABLE reference_cache (
  id INTEGER PRIMARY KEY CHECK (id = 1), catalogue_version INTEGER NOT NULL, reasons TEXT NOT NULL, holiday_overrides TEXT NOT NULL, fetched_at TEXT NOT NULL);
`,
} satisfies Migration;
