// Kysely table types of the central database (see migrations/). bigint columns are read back
// through num() — pg hands them over as strings, PGlite as numbers.
import type { ColumnType, Generated } from 'kysely';

type Big = ColumnType<number | string, number, number>;
/** A bigint with a default. */
type BigD = ColumnType<number | string, number | undefined, number>;

export interface HallsTable {
  hall_id: string;
  code: string;
  name: string;
  enrollment_code_hash: string | null;
  enrollment_reusable: boolean;
  token_hash: string | null;
  enrolled_at: Big | null;
  last_seq: BigD;
  last_uplink_at: Big | null;
  backlog: BigD;
  clock_skew_ms: Big | null;
  accepted: BigD;
  rejected: BigD;
  catalogue_version: Big | null;
  created_at: Big;
  /** Migration 010: the city receives this hall's applicants in clear. */
  receive_personal_data: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface UplinkRecordsTable {
  hall_id: string;
  seq: Big;
  id: string | null;
  kind: string | null;
  ref: string | null;
  at: string | null;
  body: ColumnType<unknown, string | null, string | null>;
  status: 'accepted' | 'rejected';
  code: string | null;
  message: string | null;
  received_at: Big;
}

export interface CasesTable {
  hall_id: string;
  case_id: string;
  case_no: string | null;
  status: string;
  item_code: string | null;
  item_name: string | null;
  department: string | null;
  window_no: number | null;
  applicant_masked: string | null;
  accepted_on: string | null;
  due_date: string | null;
  completed_on: string | null;
  overdue_days: number | null;
  open: boolean;
  event_count: number;
  last_server_version: Big | null;
  updated_at: Big;
}

export interface RatingsTable {
  hall_id: string;
  rating_id: string;
  level: string;
  polarity: string;
  rated_on: string;
  rated_at: string;
  window_no: number | null;
  clerk_work_no: string | null;
  case_id: string | null;
  valid: boolean;
}

export interface FollowUpsTable {
  hall_id: string;
  follow_up_id: string;
  rating_id: string;
  status: string;
  opened_on: string;
  due_date: string;
  closed_on: string | null;
}

export interface TicketFactsTable {
  hall_id: string;
  ticket_id: string;
  category: string;
  issued_on: string | null;
  issued_at: Big | null;
  called_at: Big | null;
  started_at: Big | null;
  done_at: Big | null;
  no_show_at: Big | null;
  window_no: number | null;
  clerk_work_no: string | null;
  wait_seconds: number | null;
}

/** Migration 003: the daily per-hall rollup (central/db/dailyRollup.ts). */
export interface HallDailyTable {
  hall_id: string;
  day: string;
  cases: number;
  completed: number;
  on_time: number;
  ratings: number;
  good: number;
  bad: number;
  fu_total: number;
  fu_closed: number;
  fu_on_time: number;
  tickets: number;
  called: number;
  no_show: number;
  wait_sum: Big;
  wait_n: number;
  wait_hist: ColumnType<unknown, string, string>;
}

export interface HallStaffTable {
  hall_id: string;
  work_no: string;
  name: string;
  role: string;
  active: boolean;
  updated_seq: Big;
}
export interface HallWindowsTable {
  hall_id: string;
  window_no: number;
  name: string;
  active: boolean;
  categories: ColumnType<unknown, string, string>;
  updated_seq: Big;
}
export interface CityUsersTable {
  hall_id: string;
  work_no: string;
  name: string;
  role: string;
  password_hash: string;
}
export interface CitySessionsTable {
  hall_id: string;
  token_hash: string;
  work_no: string;
  role: string;
  expires_at: Big;
}
export interface CataloguesTable {
  hall_id: string;
  version: Big;
  body: ColumnType<unknown, string, string>;
  published_at: Big;
  published_by: string;
}
/** Migration 010: received applicants, encrypted by the central (central/personal/). */
export interface CaseApplicantsTable {
  hall_id: string;
  case_id: string;
  seq: Big;
  key_id: string;
  /** base64(iv ‖ tag ‖ AES-256-GCM ciphertext), aad = hall_id/case_id. */
  sealed: string;
  received_at: Big;
}
/** Migration 010: who changed a hall's personal-data setting, who opened which applicant. */
export interface CityAuditTable {
  hall_id: string;
  audit_id: string;
  at: Big;
  actor: string;
  action: string;
  detail: ColumnType<unknown, string, string>;
}
export interface CentralMigrationsTable {
  hall_id: Generated<string>;
  id: number;
  name: string;
  applied_at: Big;
}

export interface CentralDB {
  halls: HallsTable;
  uplink_records: UplinkRecordsTable;
  cases: CasesTable;
  ratings: RatingsTable;
  follow_ups: FollowUpsTable;
  ticket_facts: TicketFactsTable;
  hall_daily: HallDailyTable;
  hall_staff: HallStaffTable;
  hall_windows: HallWindowsTable;
  city_users: CityUsersTable;
  city_sessions: CitySessionsTable;
  catalogues: CataloguesTable;
  case_applicants: CaseApplicantsTable;
  city_audit: CityAuditTable;
  central_migrations: CentralMigrationsTable;
}

/** City-wide rows live under this hall_id (see migrations/001-init.ts). */
export const CITY = '';

export const num = (v: number | string | bigint | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: number | string | bigint | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
