// Hall practices (issue 16). The 办不成事 problem ledger: one row per problem (the domain's record
// JSON with masked applicant, plus indexed columns) with the full applicant sealed per problem
// (native/crypto, scope `problem:<id>`), and an append-only event table (every step, its actor;
// triggers refuse UPDATE and DELETE). 帮办代办 services the same way, and which case is linked to
// which service. categories.kind marks a category's practice ('problemDesk' = 办不成事 window).
import type { Migration } from '../../../storage/migrate';

export default {
  id: 770,
  name: 'practices',
  sql: `
ALTER TABLE categories ADD COLUMN kind TEXT NOT NULL DEFAULT 'queue';
CREATE TABLE problems (
  id TEXT PRIMARY KEY, no TEXT NOT NULL UNIQUE, status TEXT NOT NULL, department TEXT NOT NULL, cause TEXT NOT NULL,
  recorded_on TEXT NOT NULL, due_on TEXT NOT NULL, body TEXT NOT NULL, applicant TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX problems_status ON problems (status, due_on);
CREATE INDEX problems_recorded ON problems (recorded_on);
CREATE TABLE problem_events (
  problem_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (problem_id, seq));
CREATE TRIGGER problem_events_no_update BEFORE UPDATE ON problem_events BEGIN SELECT RAISE(ABORT, 'problem_events is append-only'); END;
CREATE TRIGGER problem_events_no_delete BEFORE DELETE ON problem_events BEGIN SELECT RAISE(ABORT, 'problem_events is append-only'); END;
CREATE TABLE proxy_services (
  id TEXT PRIMARY KEY, no TEXT NOT NULL UNIQUE, agent_work_no TEXT NOT NULL, status TEXT NOT NULL, started_on TEXT NOT NULL,
  body TEXT NOT NULL, applicant TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX proxy_services_agent ON proxy_services (agent_work_no, status);
CREATE TABLE proxy_events (
  service_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (service_id, seq));
CREATE TRIGGER proxy_events_no_update BEFORE UPDATE ON proxy_events BEGIN SELECT RAISE(ABORT, 'proxy_events is append-only'); END;
CREATE TRIGGER proxy_events_no_delete BEFORE DELETE ON proxy_events BEGIN SELECT RAISE(ABORT, 'proxy_events is append-only'); END;
CREATE TABLE proxy_case_links (case_no TEXT PRIMARY KEY, service_id TEXT NOT NULL, linked_at INTEGER NOT NULL);
CREATE INDEX proxy_case_links_service ON proxy_case_links (service_id);
`,
} satisfies Migration;
