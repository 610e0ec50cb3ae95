import type { Migration } from '../../../storage/migrate';

export default {
  id: 2,
  name: 'events by time (statistics)',
  sql: 'CREATE INDEX events_at ON events (at);',
} satisfies Migration;
