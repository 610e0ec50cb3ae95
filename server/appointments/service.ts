// Booking and kiosk check-in. Check-in issues the ticket through the engine's one issuing path
// (priority 'appointment', merged into the line by the slot start) and marks the appointment
// checked in inside the same transaction. The engine's request id `appointment:<id>` makes a
// repeated check-in answer with the same ticket instead of a second one. A booking whose category
// no window serves any more is refused (category_retired) before anything is written, so it can
// still be checked in once a window serves the category again.
import { sql } from 'kysely';
import type { Actor } from '../auth';
import type { HallEngine } from '../queue/engine';
import type { IssuedTicket } from '../../domain/api/hall';
import { CodedError } from '../../domain/api/errors';
import { checkIdNumber, maskIdNumber, maskName } from '../../domain/idNumber';
import { serviceDay } from '../../domain/queue/numbering';
import { E } from '../errors';
import { AppointmentStore, type AppointmentRow, type AppointmentStatus } from './store';

/** Check-in opens this long before the slot and closes this long after its end. */
export const EARLY_MS = 60 * 60_000;
export const LATE_MS = 30 * 60_000;

export const AE = {
  notFound: () => new CodedError('appointment_not_found', '未找到今天的预约，请核对预约码或身份证号', 404),
  tooEarly: (opensAt: string, slot: string) =>
    new CodedError('appointment_too_early', `您预约的时间是 ${slot}，请于 ${opensAt} 以后再来签到`, 409, { opensAt }),
  expired: (slot: string) => new CodedError('appointment_expired', `您预约的时段（${slot}）已过去超过 30 分钟，预约已失效。您仍可以直接取普通号办理。`, 409),
  missingKey: () => new CodedError('appointment_key_missing', '请输入预约码或身份证号', 400),
  badSlot: () => new CodedError('appointment_bad_slot', '预约时段不正确：结束时间须晚于开始时间', 400),
};

export interface AppointmentView {
  id: string;
  category: string;
  categoryName?: string;
  slotStart: string;
  slotEnd: string;
  code: string;
  idNumberMasked: string | null;
  nameMasked: string | null;
  status: AppointmentStatus;
  ticketId: string | null;
  ticketNumber: string | null;
}

export interface CheckInResult {
  ticket: IssuedTicket;
  appointment: AppointmentView;
  repeated: boolean;
}

export class AppointmentService {
  readonly rows: AppointmentStore;
  private readonly now: () => number;
  constructor(
    private readonly engine: HallEngine,
    opts: { now?: () => number } = {},
  ) {
    this.rows = new AppointmentStore(engine.store);
    this.now = opts.now ?? Date.now;
  }

  get timeZone(): string {
    return this.engine.timeZone;
  }

  private hhmm(ms: number): string {
    return new Intl.DateTimeFormat('zh-CN', { timeZone: this.engine.timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(ms));
  }

  private slotText(a: AppointmentRow): string {
    return `${this.hhmm(a.slot_start)}–${this.hhmm(a.slot_end)}`;
  }

  /** 'expired' is derived: a booked slot whose check-in window has closed. */
  status(a: AppointmentRow): AppointmentStatus {
    return a.status === 'booked' && this.now() > a.slot_end + LATE_MS ? 'expired' : a.status;
  }

  view(a: AppointmentRow): AppointmentView {
    const t = a.ticket_id ? this.engine.ticketRow(a.ticket_id) : undefined;
    return {
      id: a.id,
      category: a.category,
      categoryName: this.engine.categories().get(a.category)?.name,
      slotStart: new Date(a.slot_start).toISOString(),
      slotEnd: new Date(a.slot_end).toISOString(),
      code: a.code,
      idNumberMasked: a.id_masked,
      nameMasked: a.name_masked,
      status: this.status(a),
      ticketId: a.ticket_id,
      ticketNumber: t?.number ?? null,
    };
  }

  create(input: { category: string; slotStart: string; slotEnd: string; idNumber?: string; name?: string; code?: string }, actor: Actor): AppointmentRow {
    if (!this.engine.categories().has(input.category)) throw E.unknownCategory(input.category);
    const start = Date.parse(input.slotStart);
    const end = Date.parse(input.slotEnd);
    if (!(end > start)) throw AE.badSlot();
    let idHash: string | null = null;
    let idMasked: string | null = null;
    if (input.idNumber) {
      const c = checkIdNumber(input.idNumber);
      if (!c.ok) throw E.invalidIdNumber(c.message!);
      idHash = this.engine.hashId(input.idNumber);
      idMasked = maskIdNumber(input.idNumber);
    }
    return this.rows.insert(
      {
        category: input.category,
        day: serviceDay(new Date(start), this.engine.timeZone),
        slot_start: start,
        slot_end: end,
        id_hash: idHash,
        id_masked: idMasked,
        name_masked: input.name ? maskName(input.name) : null,
        created_at: this.now(),
        created_by: actor.subject,
      },
      input.code,
    );
  }

  list(day: string): AppointmentView[] {
    return this.rows.onDay(day).map((a) => this.view(a));
  }

  /** Today's appointment for a code or an ID number; throws the citizen-facing reason otherwise. */
  private pick(key: { code?: string; idNumber?: string }): AppointmentRow {
    const day = serviceDay(new Date(this.now()), this.engine.timeZone);
    let found: AppointmentRow[];
    if (key.code) found = this.rows.byCode(day, key.code.trim());
    else if (key.idNumber) {
      const c = checkIdNumber(key.idNumber);
      if (!c.ok) throw E.invalidIdNumber(c.message!);
      found = this.rows.byIdHash(day, this.engine.hashId(key.idNumber));
    } else throw AE.missingKey();
    if (!found.length) throw AE.notFound();
    const now = this.now();
    // Several bookings under one ID: the one whose check-in window is open now, else one already
    // checked in (answered again), else the nearest reason why not.
    const open = found.find((a) => a.status === 'booked' && now >= a.slot_start - EARLY_MS && now <= a.slot_end + LATE_MS);
    if (open) return open;
    const done = found.filter((a) => a.status === 'checkedIn').at(-1);
    if (done) return done;
    const early = found.find((a) => now < a.slot_start - EARLY_MS);
    if (early) throw AE.tooEarly(this.hhmm(early.slot_start - EARLY_MS), this.slotText(early));
    throw AE.expired(this.slotText(found.at(-1)!));
  }

  /** Runs inside the engine's transaction (call through engine.submit or engine.mutate). */
  checkIn(key: { code?: string; idNumber?: string }, actor: Actor): CheckInResult {
    const a = this.pick(key);
    const requestId = `appointment:${a.id}`;
    const repeated = a.status === 'checkedIn';
    if (!repeated && a.id_hash) {
      // One waiting ticket per ID per category, as for tickets taken with an ID.
      const q = this.engine.store.q;
      const dup = this.engine.store.get(
        q.selectFrom('tickets').select('id').where('id_hash', '=', a.id_hash).where('category', '=', a.category).where('status', '=', sql.lit('waiting')),
      );
      if (dup) throw E.duplicateIdTicket();
    }
    const ticket = this.engine.issueTicket(
      { category: a.category, channel: 'appointment', appointmentAt: new Date(a.slot_start).toISOString(), requestId },
      actor,
    );
    if (!repeated) {
      if (a.id_hash) {
        const q = this.engine.store.q;
        this.engine.store.run(q.updateTable('tickets').set({ id_hash: a.id_hash, id_masked: a.id_masked }).where('id', '=', ticket.id));
      }
      this.rows.markCheckedIn(a.id, ticket.id, this.now());
    }
    const row = this.rows.byCode(a.day, a.code).find((r) => r.id === a.id)!;
    return { ticket, appointment: this.view(row), repeated };
  }
}
