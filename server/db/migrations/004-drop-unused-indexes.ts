// Recent calls walk events backwards by seq; the day reset scans once a day. Every index
// dropped is a page less written per commit.
import type { Migration } from '../../../storage/migrate';

export default {
  id: 4,
  name: 'drop indexes no query uses',
  sql: 'DROP INDEX events_type_seq; DROP INDEX tickets_open_day;',
} satisfies Migration;
