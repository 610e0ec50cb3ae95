// 一件事 packages (一件事一次办): one row per package, its questions and items as JSON (the
// domain's servicePackageSchema validates it on the way in and out).
import type { Migration } from '../../../storage/migrate';

export default {
  id: 790,
  name: 'service-packages',
  sql: `
CREATE TABLE service_packages (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL, sort INTEGER NOT NULL DEFAULT 0);
`,
} satisfies Migration;
