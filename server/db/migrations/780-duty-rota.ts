// Duty rota (issue 16: AB角, 周末轮岗, 延时服务; rules in domain/rota/rules.ts): one row per window
// and day (A, B, the leader on duty), day overrides (open on a weekend, closed, extended hours),
// leave days, and the hall's regular hours (one row; none: no hour limits, as before).
import type { Migration } from '../../../storage/migrate';

export default {
  id: 780,
  name: 'duty rota',
  sql: `
CREATE TABLE rota_cells (
  date TEXT NOT NULL, window_no INTEGER NOT NULL, a_work_no TEXT, b_work_no TEXT, leader_work_no TEXT,
  updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (date, window_no));
CREATE TABLE rota_days (
  date TEXT PRIMARY KEY, open INTEGER, lunch INTEGER NOT NULL DEFAULT 0, until TEXT,
  updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL);
CREATE TABLE rota_leave (work_no TEXT NOT NULL, date TEXT NOT NULL, updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (work_no, date));
CREATE INDEX rota_leave_by_date ON rota_leave(date);
CREATE TABLE rota_hours (
  id INTEGER PRIMARY KEY CHECK (id = 1), open TEXT NOT NULL, close TEXT NOT NULL, lunch_start TEXT, lunch_end TEXT,
  updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL);
`,
} satisfies Migration;
