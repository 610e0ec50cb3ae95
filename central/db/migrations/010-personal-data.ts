// Personal data at the city (issue 14): a hall's applicants go up masked plus keyed hashes unless
// the city configured that hall to receive them (halls.receive_personal_data, off by default).
// Received applicants live apart from the stream, encrypted by the central (AES-256-GCM, the
// central's key — central/personal/), one row per case (the latest applicant event wins),
// hall_id first in the key as every table. city_audit records who changed that setting and who
// opened which applicant, with the reason (hall_id = the hall concerned).
import type { CentralMigration } from '../migrate';

export const migration: CentralMigration = {
  id: 10,
  name: 'personal-data',
  sql: `
ALTER TABLE halls ADD COLUMN receive_personal_data boolean NOT NULL DEFAULT false;
CREATE TABLE case_applicants (
  hall_id text NOT NULL,
  case_id text NOT NULL,
  seq bigint NOT NULL,
  key_id text NOT NULL,
  sealed text NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (hall_id, case_id)
);
CREATE TABLE city_audit (
  hall_id text NOT NULL,
  audit_id text NOT NULL,
  at bigint NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  detail jsonb NOT NULL,
  PRIMARY KEY (hall_id, audit_id)
);
CREATE INDEX city_audit_at ON city_audit (hall_id, at);
`,
};
