// Issuing tickets: numbers (serials per category and day, wrapping inside the category's range
// without reusing a number someone still holds), the green channel, ID numbers stored only
// hashed and masked, and the held tickets of the kiosk's print-then-issue.
import { v7 as uuidv7 } from 'uuid';
import type { HallStore } from '../db/connection';
import type { TicketRow } from '../db/schema';
import { E } from '../errors';
import type { Actor } from '../auth';
import { checkIdNumber, maskIdNumber } from '../../domain/idNumber';
import { derivePriority } from '../../domain/queue/priority';
import { formatTicketNumber, nextSerial, serialKey, serviceDay } from '../../domain/queue/numbering';
import type { IssuedTicket, PriorityClass, TicketChannel } from '../../domain/api/hall';
import type { HallDay } from './day';
import type { EventLog } from './eventLog';
import type { Lines } from './lines';
import type { Reference } from './reference';
import { HELD_WINDOW, TICKET_COLUMNS, WAITING, type Statements } from './statements';
import type { Transactions } from './transactions';
import { estimateMinutes, iso } from './views';
import { newTrackToken, ticketTrackUrl } from '../track/tokens';

export interface IssueInput {
  category: string;
  channel?: TicketChannel;
  priority?: PriorityClass;
  idNumber?: string;
  requestId?: string;
  appointmentAt?: string;
}

export class Issuing {
  /** The hall's public base URL (config or the listening address): trackUrl is built on it. */
  publicBaseUrl = '';

  constructor(
    private readonly store: HallStore,
    private readonly sql: Statements,
    private readonly now: () => number,
    private readonly tx: Transactions,
    private readonly events: EventLog,
    private readonly lines: Lines,
    private readonly ref: Reference,
    private readonly day: HallDay,
  ) {}

  /**
   * A walk-in a counter served while the hall was unreachable (its local L-number), arriving by
   * sync. Keyed by the request id the counter also used for its online attempt: if that attempt
   * reached the hall after all, this is the same ticket and nothing is added. Recorded as done at
   * that window (never queued, never called). Runs inside the sync transaction.
   */
  recordOfflineWalkIn(
    input: { requestId: string; number: string; category: string; windowNo: number; clerkWorkNo: string; issuedAt: string },
    timeZone: string,
  ): { ticketId: string; duplicate: boolean } {
    const q = this.store.q;
    const prior = this.store.get(q.selectFrom('tickets').select('id').where('request_id', '=', input.requestId));
    if (prior) return { ticketId: prior.id, duplicate: true };
    const at = Date.parse(input.issuedAt);
    const when = Number.isNaN(at) ? this.now() : at;
    const row: TicketRow = {
      id: uuidv7(),
      number: input.number,
      category: input.category,
      serial: 0,
      day: serviceDay(new Date(when), timeZone),
      status: 'done',
      priority: 'normal',
      channel: 'walkIn',
      issued_at: when,
      queue_pos: 0,
      called_at: when,
      first_called_at: when,
      started_at: when,
      finished_at: when,
      window_no: input.windowNo,
      clerk_work_no: input.clerkWorkNo,
      recall_count: 0,
      outcome: 'served',
      id_hash: null,
      id_masked: null,
      target_window: null,
      target_clerk: null,
      transferred_from: null,
      request_id: input.requestId,
    };
    this.sql.insertTicket.run(...TICKET_COLUMNS.map((c) => row[c]));
    this.events.emit('walkInOffline', {
      ticketId: row.id,
      windowNo: input.windowNo,
      category: input.category,
      actor: input.clerkWorkNo,
      data: { number: input.number },
    });
    return { ticketId: row.id, duplicate: false };
  }

  issueTicket(input: IssueInput, actor: Actor): IssuedTicket {
    const q = this.store.q;
    return this.tx.mutate(() => {
      if (input.requestId) {
        const prior = this.store.get(q.selectFrom('tickets').selectAll().where('request_id', '=', input.requestId));
        if (prior) return this.issued(prior);
      }
      const cat = this.ref.category(input.category);
      // A category no window serves would wait forever (the manager retired it): refused here, in
      // the same transaction, for every way a ticket is issued (kiosk, manual, appointment).
      if (!this.inService(cat.code)) throw E.categoryRetired(cat.code);
      const rules = this.ref.rules().rules;
      let idHash: string | null = null;
      let idMasked: string | null = null;
      if (input.idNumber) {
        const check = checkIdNumber(input.idNumber);
        if (!check.ok) throw E.invalidIdNumber(check.message!);
        idHash = this.ref.hashId(input.idNumber);
        idMasked = maskIdNumber(input.idNumber);
        const dup = this.store.get(
          q.selectFrom('tickets').select('id').where('id_hash', '=', idHash).where('category', '=', cat.code).where('status', '=', WAITING),
        );
        if (dup) throw E.duplicateIdTicket();
      }
      const now = this.now();
      const day = this.day.current;
      const key = serialKey({ dailyReset: cat.daily_reset === 1 }, day);
      const last = this.sql.serialGet.get(cat.code, key) as { serial: number } | undefined;
      const range = { rangeStart: cat.range_start, rangeEnd: cat.range_end };
      let serial = nextSerial(range, last?.serial ?? null);
      // Past the end of its range the number wraps: skip numbers a citizen still holds (two
      // people must never hold the same number), and refuse when every number is in use.
      for (let tries = range.rangeEnd - range.rangeStart; this.sql.serialInUse.get(cat.code, serial); tries--) {
        if (tries <= 0) throw E.numberRangeExhausted(cat.code);
        serial = nextSerial(range, serial);
      }
      this.sql.serialUpsert.run(cat.code, key, serial);
      const appointmentMs = input.appointmentAt ? Date.parse(input.appointmentAt) : null;
      const priority = appointmentMs !== null ? 'appointment' : derivePriority(input.priority, input.idNumber, day, rules.elderlyAge);
      const channel: TicketChannel = input.channel ?? (appointmentMs !== null ? 'appointment' : actor.role === 'kiosk' ? 'kiosk' : 'manual');
      const row: TicketRow = {
        id: uuidv7(),
        number: formatTicketNumber({ prefix: cat.prefix, width: cat.number_width }, serial),
        category: cat.code,
        serial,
        day,
        status: 'waiting',
        priority,
        channel,
        issued_at: now,
        queue_pos: this.lines.nextPos(appointmentMs ?? now),
        called_at: null,
        first_called_at: null,
        started_at: null,
        finished_at: null,
        window_no: null,
        clerk_work_no: null,
        recall_count: 0,
        outcome: null,
        id_hash: idHash,
        id_masked: idMasked,
        target_window: null,
        target_clerk: null,
        transferred_from: null,
        request_id: input.requestId ?? null,
      };
      const ahead = this.lines.counted(cat.code);
      this.sql.insertTicket.run(...TICKET_COLUMNS.map((c) => row[c]));
      this.lines.bump(row, 1);
      const token = newTrackToken();
      this.sql.insertTrack.run(row.id, token, day);
      this.events.emit('issue', { ticketId: row.id, category: cat.code, actor: actor.subject, data: { number: row.number, priority, channel } });
      return this.issued(row, ahead, token);
    });
  }

  /** `ahead` is known for a fresh ticket (everyone waiting before it); a replay counts. */
  private issued(t: TicketRow, knownAhead?: number, knownToken?: string): IssuedTicket {
    const q = this.store.q;
    const cat = this.ref.category(t.category);
    const ahead =
      knownAhead ??
      (t.status === 'waiting'
        ? Number(
            this.store.get(
              q
                .selectFrom('tickets')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('status', '=', WAITING)
                .where('category', '=', t.category)
                .where('queue_pos', '<', t.queue_pos),
            )?.n ?? 0,
          )
        : 0);
    const token = knownToken ?? (this.sql.trackToken.get(t.id) as { token: string } | undefined)?.token;
    return {
      id: t.id,
      number: t.number,
      category: t.category,
      categoryName: cat.name,
      priority: t.priority as PriorityClass,
      ahead,
      estimatedWaitMinutes: estimateMinutes(ahead, cat, this.ref.servingWindows(t.category)),
      issuedAt: iso(t.issued_at)!,
      hallName: this.ref.hallName(),
      ...(token && this.publicBaseUrl ? { trackUrl: ticketTrackUrl(this.publicBaseUrl, token) } : {}),
    };
  }

  aheadOf(category: string, pos: number): number {
    const q = this.store.q;
    return Number(
      this.store.get(
        q
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', WAITING)
          .where('category', '=', category)
          .where('queue_pos', '<', pos),
      )?.n ?? 0,
    );
  }

  estimate(category: string, ahead: number): number {
    return estimateMinutes(ahead, this.ref.category(category), this.ref.servingWindows(category));
  }

  /** The one rule for "the hall takes tickets for this category": some window serves it with weight > 0. */
  inService(category: string): boolean {
    return this.sql.inService.get(category) !== undefined;
  }

  /** Every category in service (the kiosk offers only these). */
  categoriesInService(): Set<string> {
    return new Set(this.store.all(this.store.q.selectFrom('window_categories').select('category').where('weight', '>', 0).distinct()).map((r) => r.category));
  }

  /**
   * Holds a waiting ticket: aimed at window 0, which never exists, so no window can call it (the
   * kiosk holds a fresh ticket until its receipt is printed). It keeps its place in line.
   */
  holdTicket(ticketId: string, actor: Actor, type: string, data: Record<string, unknown>): void {
    const t = this.ref.ticketRow(ticketId);
    if (!t || t.status !== 'waiting') throw E.ticketNotWaiting();
    if (t.target_window === HELD_WINDOW) return;
    this.retarget(t, HELD_WINDOW);
    this.events.emit(type, { ticketId: t.id, category: t.category, actor: actor.subject, data: { number: t.number, ...data } });
  }

  /** Releases a held ticket into its line (at the position it was numbered at). False when it is not held. */
  releaseTicket(ticketId: string, actor: Actor, type: string, data: Record<string, unknown>): boolean {
    const t = this.ref.ticketRow(ticketId);
    if (!t || t.status !== 'waiting' || t.target_window !== HELD_WINDOW) return false;
    this.retarget(t, null);
    this.events.emit(type, { ticketId: t.id, category: t.category, actor: actor.subject, data: { number: t.number, ...data } });
    return true;
  }

  private retarget(t: TicketRow, targetWindow: number | null): void {
    this.lines.bump(t, -1);
    this.lines.bump({ category: t.category, priority: t.priority, target_window: targetWindow, target_clerk: t.target_clerk }, 1);
    this.store.run(this.store.q.updateTable('tickets').set({ target_window: targetWindow }).where('id', '=', t.id));
  }

  /** Tickets still held (e.g. a kiosk crashed mid-print). */
  heldTickets(): TicketRow[] {
    return this.store.all(this.store.q.selectFrom('tickets').selectAll().where('status', '=', WAITING).where('target_window', '=', HELD_WINDOW));
  }

  /** Voids a waiting ticket (removed with `outcome`), e.g. its receipt could not be printed. False when it is not waiting. */
  voidTicket(ticketId: string, actor: Actor, outcome: string, type: string, data: Record<string, unknown>): boolean {
    const t = this.ref.ticketRow(ticketId);
    if (!t || t.status !== 'waiting') return false;
    this.lines.bump(t, -1);
    this.store.run(
      this.store.q
        .updateTable('tickets')
        .set({ status: 'removed', outcome, finished_at: this.now(), target_window: null, target_clerk: null })
        .where('id', '=', t.id),
    );
    this.events.emit(type, { ticketId: t.id, category: t.category, actor: actor.subject, data: { number: t.number, outcome, ...data } });
    return true;
  }
}
