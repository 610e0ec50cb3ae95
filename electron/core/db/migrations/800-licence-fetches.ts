// 免提交 (docs/licences.md): the applicant's consents to fetch his e-licences, and each fetch.
// The holder is kept only as a keyed hash (subject_key); the fetched file and the licence's own
// metadata (its number is the ID number for an ID card) are sealed with the fetch's own data key
// (data_keys scope 'licence:<fetch_id>') and shredded when the case no longer needs them.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 800,
  name: 'licence consents and fetches',
  sql: `
CREATE TABLE licence_consents (
  consent_id TEXT PRIMARY KEY, window_no INTEGER NOT NULL, case_ref TEXT NOT NULL, subject_key TEXT NOT NULL,
  licence_types TEXT NOT NULL, via TEXT NOT NULL, granted_at TEXT NOT NULL, expires_at TEXT NOT NULL,
  declined INTEGER NOT NULL DEFAULT 0, work_no TEXT NOT NULL);
CREATE INDEX licence_consents_ref ON licence_consents (case_ref, granted_at);
CREATE TABLE licence_fetches (
  fetch_id TEXT PRIMARY KEY, consent_id TEXT NOT NULL, case_ref TEXT NOT NULL, case_id TEXT, material TEXT NOT NULL,
  licence_type TEXT NOT NULL, licence_id TEXT NOT NULL, sealed TEXT, fetched_at TEXT NOT NULL, shredded_at TEXT);
CREATE INDEX licence_fetches_ref ON licence_fetches (case_ref);
CREATE INDEX licence_fetches_case ON licence_fetches (case_id);
`,
} satisfies Migration;
