// 全程留痕 (electron/core/audit/auditLog.ts): triggers make SQLite itself refuse UPDATE/DELETE.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 51,
  name: 'audit log',
  sql: `
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  work_no TEXT NOT NULL,
  window_no INTEGER NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  before_json TEXT,
  after_json TEXT,
  device_id TEXT NOT NULL
);
CREATE INDEX audit_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'AUDIT_IMMUTABLE: 审计记录不可修改'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'AUDIT_IMMUTABLE: 审计记录不可删除'); END;
`,
} satisfies Migration;
