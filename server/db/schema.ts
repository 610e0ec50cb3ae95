import type { Generated } from 'kysely';

// Row types of the hall database, for Kysely's query builder. Times are epoch milliseconds.
export interface MetaRow {
  key: string;
  value: string;
}
export interface CategoryRow {
  code: string;
  name: string;
  prefix: string;
  daily_reset: number;
  range_start: number;
  range_end: number;
  number_width: number;
  service_level_minutes: number;
  avg_service_minutes: number;
  sort: number;
}
export interface WindowRow {
  no: number;
  name: string;
  status: string;
  pause_reason: string | null;
  clerk_work_no: string | null;
  current_ticket_id: string | null;
  ratio_pos: number;
  status_since: number;
}
export interface WindowCategoryRow {
  window_no: number;
  category: string;
  weight: number;
}
export interface StaffRow {
  work_no: string;
  name: string;
  role: string;
  stars: number;
  photo_url: string | null;
  home_window: number | null;
  backup_work_no: string | null;
  password_hash: string;
  active: number;
}
export interface SessionRow {
  token_hash: string;
  kind: string;
  subject: string;
  role: string;
  window_no: number | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}
export interface DeviceRow {
  id: string;
  kind: string;
  name: string;
  enrolled_at: number;
  enrolled_with: string;
  window_no: number | null;
}
export interface EnrollmentCodeRow {
  code: string;
  kind: string | null;
  reusable: number;
  used_at: number | null;
  created_by: string;
  expires_at: number | null;
  window_no: number | null;
  takes_over: string | null;
}
export interface SerialRow {
  category: string;
  key: string;
  serial: number;
}
export interface TicketRow {
  id: string;
  number: string;
  category: string;
  serial: number;
  day: string;
  status: string;
  priority: string;
  channel: string;
  issued_at: number;
  queue_pos: number;
  called_at: number | null;
  first_called_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  window_no: number | null;
  clerk_work_no: string | null;
  recall_count: number;
  outcome: string | null;
  id_hash: string | null;
  id_masked: string | null;
  target_window: number | null;
  target_clerk: string | null;
  transferred_from: string | null;
  request_id: string | null;
}
export interface EventRow {
  seq: Generated<number>;
  at: number;
  type: string;
  ticket_id: string | null;
  window_no: number | null;
  category: string | null;
  actor: string | null;
  data: string | null;
}
export interface IdempotencyRow {
  key: string;
  status: number;
  body: string | null;
  at: number;
}
export interface RatingRow {
  id: string;
  window_no: number;
  clerk_work_no: string;
  ticket_id: string | null;
  level: string;
  body: string;
  rated_at: string;
  received_at: number;
  case_no: string | null;
  ticket_key: string | null;
  case_key: string | null;
}
export interface ServiceItemRow {
  code: string;
  name: string;
  category: string;
  case_type: string;
  commitment: string;
  promised_days: number;
  legal_days: number;
  fee: string;
  department: string;
  materials: string;
}
/** Migration 790: a 一件事 package (definition: domain/catalogue servicePackageSchema as JSON). */
export interface ServicePackageRow {
  code: string;
  name: string;
  definition: string;
  sort: number;
}
/** Migration 810: a 差评 reason list the city sent (domain/rating ReasonList as JSON), kept by version. */
export interface RatingReasonListRow {
  version: string;
  body: string;
  received_at: number;
}
/** Migration 750: a ticket's tracking token and the phone its holder left (encrypted, purged with the day). */
export interface TicketTrackRow {
  ticket_id: string;
  token: string;
  day: string;
  phone_enc: string | null;
  phone_masked: string | null;
  sms_ahead_at: number | null;
  sms_called_at: number | null;
}
/** Migration 750: what sync told the hall about a case: the ticket it was served under, the SHA-256 of its receipt token. */
export interface CaseLinkRow {
  case_id: string;
  ticket_id: string | null;
  token_hash: string | null;
}
export interface OrderingRulesRow {
  version: number;
  rules: string;
  created_at: number;
  created_by: string;
}

/** Sign-in failures of one key ('work:M001' or 'addr:10.0.0.5'); times in ms. */
export interface SignInThrottleRow {
  key: string;
  failures: number;
  last_failure_at: number;
  blocked_until: number;
  locked_until: number;
}

export interface RotaCellRow {
  date: string;
  window_no: number;
  a_work_no: string | null;
  b_work_no: string | null;
  leader_work_no: string | null;
  updated_at: number;
  updated_by: string;
}
export interface RotaDayRow {
  date: string;
  open: number | null;
  lunch: number;
  until: string | null;
  updated_at: number;
  updated_by: string;
}
export interface RotaLeaveRow {
  work_no: string;
  date: string;
  updated_at: number;
  updated_by: string;
}
export interface RotaHoursRow {
  id: number;
  open: string;
  close: string;
  lunch_start: string | null;
  lunch_end: string | null;
  updated_at: number;
  updated_by: string;
}
export interface HallDB {
  meta: MetaRow;
  categories: CategoryRow;
  windows: WindowRow;
  window_categories: WindowCategoryRow;
  staff: StaffRow;
  sessions: SessionRow;
  devices: DeviceRow;
  enrollment_codes: EnrollmentCodeRow;
  serials: SerialRow;
  tickets: TicketRow;
  events: EventRow;
  idempotency: IdempotencyRow;
  ratings: RatingRow;
  service_items: ServiceItemRow;
  service_packages: ServicePackageRow;
  rating_reason_lists: RatingReasonListRow;
  ordering_rules: OrderingRulesRow;
  ticket_tracks: TicketTrackRow;
  case_links: CaseLinkRow;
  signin_throttle: SignInThrottleRow;
  rota_cells: RotaCellRow;
  rota_days: RotaDayRow;
  rota_leave: RotaLeaveRow;
  rota_hours: RotaHoursRow;
}
