// Additive: rows cached before this column existed have role NULL and never count as a manager.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 61,
  name: 'cached credential role',
  sql: 'ALTER TABLE cached_credentials ADD COLUMN role TEXT;',
} satisfies Migration;
