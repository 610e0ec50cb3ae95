// A person resolving a dead letter (an event the hall rejected for good) leaves a note.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 60,
  name: 'dead letter notes',
  sql: 'ALTER TABLE events ADD COLUMN resolved_note TEXT;',
} satisfies Migration;
