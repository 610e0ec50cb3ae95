// Sign-in throttle (等保 登录失败处理): consecutive failures and locks per work number and per
// client address, kept in the database so a restart does not lift a lock (server/signin/throttle.ts).
import type { Migration } from '../../../storage/migrate';

export default {
  id: 700,
  name: 'sign-in throttle',
  sql: `
CREATE TABLE signin_throttle (
  key TEXT PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0, last_failure_at INTEGER NOT NULL DEFAULT 0,
  blocked_until INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0);
`,
} satisfies Migration;
