// Row types of the uplink's tables (migration 740).
import type { Generated, Selectable } from 'kysely';

export interface OutboxTable {
  seq: Generated<number>;
  id: string;
  kind: string;
  at_ms: number;
  body: string | null;
  ticket_id: string | null;
  fact: string | null;
  category: string | null;
  window_no: number | null;
  clerk: string | null;
  /** Migration 815: {"applicant": {"$sealed": …}} under the case's data key, until the central acknowledged the row. */
  personal: string | null;
}
export type OutboxRow = Selectable<OutboxTable>;
export interface UplinkStateRow {
  key: string;
  value: string;
}
export interface UplinkRejectionRow {
  seq: number;
  id: string | null;
  kind: string | null;
  code: string;
  message: string;
  at: number;
}
export type UplinkTables = { uplink_outbox: OutboxTable; uplink_state: UplinkStateRow; uplink_rejections: UplinkRejectionRow };
