// The appointments table (hall migration 8): booked slots a citizen checks in to at the kiosk.
// ID numbers are kept only as the engine's salted hash plus a masked form; names only masked.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { HallStore } from '../db/connection';

export type AppointmentStatus = 'booked' | 'checkedIn' | 'expired' | 'cancelled';

export interface AppointmentRow {
  id: string;
  category: string;
  /** Hall day (YYYY-MM-DD in the hall's zone) of the slot start: check-in looks up today's only. */
  day: string;
  slot_start: number;
  slot_end: number;
  code: string;
  id_hash: string | null;
  id_masked: string | null;
  name_masked: string | null;
  status: 'booked' | 'checkedIn' | 'cancelled';
  ticket_id: string | null;
  created_at: number;
  created_by: string;
  checked_in_at: number | null;
}
interface AppointmentDB {
  appointments: AppointmentRow;
}

export class AppointmentStore {
  readonly q: Kysely<AppointmentDB>;
  constructor(readonly store: HallStore) {
    this.q = store.q as unknown as Kysely<AppointmentDB>;
  }

  /** A 6-digit booking code not yet used on that day. */
  private freshCode(day: string): string {
    for (;;) {
      const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
      if (!this.store.get(this.q.selectFrom('appointments').select('id').where('day', '=', day).where('code', '=', code))) return code;
    }
  }

  /** `code` only for the demo seed's well-known codes; otherwise a fresh random one. */
  insert(a: Omit<AppointmentRow, 'id' | 'code' | 'status' | 'ticket_id' | 'checked_in_at'>, code?: string): AppointmentRow {
    const row: AppointmentRow = { ...a, id: uuidv7(), code: code ?? this.freshCode(a.day), status: 'booked', ticket_id: null, checked_in_at: null };
    this.store.run(this.q.insertInto('appointments').values(row));
    return row;
  }

  onDay(day: string): AppointmentRow[] {
    return this.store.all(this.q.selectFrom('appointments').selectAll().where('day', '=', day).orderBy('slot_start').orderBy('code'));
  }

  byCode(day: string, code: string): AppointmentRow[] {
    return this.store.all(this.q.selectFrom('appointments').selectAll().where('day', '=', day).where('code', '=', code).where('status', '!=', 'cancelled'));
  }

  byIdHash(day: string, idHash: string): AppointmentRow[] {
    return this.store.all(
      this.q
        .selectFrom('appointments')
        .selectAll()
        .where('day', '=', day)
        .where('id_hash', '=', idHash)
        .where('status', '!=', 'cancelled')
        .orderBy('slot_start'),
    );
  }

  markCheckedIn(id: string, ticketId: string, at: number): void {
    this.store.run(this.q.updateTable('appointments').set({ status: 'checkedIn', ticket_id: ticketId, checked_in_at: at }).where('id', '=', id));
  }
}
