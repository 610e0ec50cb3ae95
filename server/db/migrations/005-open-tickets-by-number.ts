import type { Migration } from '../../../storage/migrate';

export default {
  id: 5,
  name: 'open tickets by number: a wrapped number range skips numbers still in use',
  sql: "CREATE INDEX tickets_open_serial ON tickets (category, serial) WHERE status IN ('waiting', 'called', 'serving', 'suspended');",
} satisfies Migration;
