// The appointments table: booked slots a citizen checks in to at the kiosk. Created on start
// (CREATE TABLE IF NOT EXISTS) like the kiosk's own table, so the hall migrations stay untouched.
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
interface AppointmentDB { appointments: AppointmentRow }

export class AppointmentStore {
  readonly q: Kysely<AppointmentDB>;
  constructor(readonly store: HallStore) {
    store.raw.exec(`CREATE TABLE IF NOT EXISTS appointments (
      id TEXT PRIMARY KEY, category TEXT NOT NULL, day TEXT NOT NULL, slot_start INTEGER NOT NULL, slot_end INTEGER NOT NULL,
      code TEXT NOT NULL, id_hash TEXT, id_masked TEXT, name_masked TEXT, status TEXT NOT NULL DEFAULT 'booked',
      ticket_id TEXT, created_at INTEGER NOT NULL, created_by TEXT NOT NULL, checked_in_at INTEGER)`);
    store.raw.exec('CREATE UNIQUE INDEX IF NOT EXISTS appointments_day_code ON appointments (day, code)');
    store.raw.exec('CREATE INDEX IF NOT EXISTS appointments_day_id ON appointments (day, id_hash)');
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
    return this.store.all(this.q.selectFrom('appointments').selectAll().where('day', '=', day).where('id_hash', '=', idHash).where('status', '!=', 'cancelled').orderBy('slot_start'));
  }

  markCheckedIn(id: string, ticketId: string, at: number): void {
    this.store.run(this.q.updateTable('appointments').set({ status: 'checkedIn', ticket_id: ticketId, checked_in_at: at }).where('id', '=', id));
  }
}
