// Clerk actions at a window: call-next (the hot path), recall, no-show, start, finish, transfer,
// suspend, call-back, walk-in, and the explanation of what call-next would pick. Each runs inside
// the caller's transaction (HallEngine.mutate / submit).
import { sql as ksql } from 'kysely';
import type { HallStore } from '../db/connection';
import type { TicketRow, WindowRow } from '../db/schema';
import { E } from '../errors';
import type { Actor } from '../auth';
import { pickNext, type Pick as Decision } from '../../domain/queue/select';
import type { PriorityClass, Ticket, WindowActionResponse, WindowView } from '../../domain/api/hall';
import type { EventLog } from './eventLog';
import type { Issuing } from './issuing';
import type { Lines } from './lines';
import type { Reference } from './reference';
import { WAITING, type ClosingRow, type HeadRow, type Statements } from './statements';
import { toTicket, toWindowView, type TicketViewRow } from './views';

export class ClerkActions {
  constructor(
    private readonly store: HallStore,
    private readonly sql: Statements,
    private readonly now: () => number,
    private readonly events: EventLog,
    private readonly lines: Lines,
    private readonly ref: Reference,
    private readonly issuing: Issuing,
  ) {}

  // ---- helpers the window administration shares ----------------------------------------

  /** The clerk must be the one signed in at this window. */
  ownWindow(no: number, actor: Actor): WindowRow {
    const w = this.ref.window(no);
    if (actor.role !== 'clerk' || actor.windowNo !== no || w.clerk_work_no !== actor.subject) throw E.notYourWindow(no);
    return w;
  }

  windowView(no: number, withMaskedId = true): WindowView {
    const w = this.ref.window(no);
    const clerk = w.clerk_work_no ? this.ref.staff(w.clerk_work_no) : undefined;
    const cur = w.current_ticket_id ? this.ref.ticketRow(w.current_ticket_id) : undefined;
    return toWindowView(w, this.ref.assignment(no), clerk, cur, { withMaskedId });
  }

  answer(no: number, ticket: TicketRow | undefined | null): WindowActionResponse {
    return { window: this.windowView(no), ticket: ticket ? toTicket(ticket) : null };
  }

  /**
   * Ends the window's current ticket (call-next implies the previous one is done). `reread`:
   * return the ended row (read back). `nextFollows`: the caller puts another ticket in service
   * at once, which rewrites the window row anyway.
   */
  endCurrent(w: WindowRow, outcome: string, actor: Actor, auto: boolean, reread = true, nextFollows = false): TicketRow | undefined {
    if (!w.current_ticket_id) return undefined;
    const status = outcome === 'served' || outcome === 'endedByLogout' ? 'done' : outcome === 'noShow' ? 'noShow' : 'removed';
    const now = this.now();
    const t = this.sql.closeTicket.get(status, outcome, now, w.current_ticket_id) as ClosingRow | undefined;
    if (!t) return undefined;
    this.events.emit(outcome === 'noShow' ? 'noShow' : 'finish', {
      ticketId: t.id,
      windowNo: w.no,
      category: t.category,
      actor: actor.subject,
      data: durations(t, now, { number: t.number, outcome, auto, priority: t.priority }),
    });
    if (!nextFollows) this.sql.windowFree.run(w.status === 'serving' ? 'open' : w.status, w.no);
    return reread ? this.ref.ticketRow(t.id) : undefined;
  }

  // ---- actions ---------------------------------------------------------------------------

  callNext(no: number, actor: Actor, input: { category?: string; ticketId?: string }): WindowActionResponse | null {
    const w = this.ownWindow(no, actor);
    callable(w);
    const cats = this.ref.assignment(no);
    if (input.category) {
      this.ref.category(input.category);
      if (!serves(cats, input.category)) throw E.categoryNotAssigned(input.category, no);
    }
    let picked: HeadRow;
    let rule: string;
    let ratioPos = w.ratio_pos;
    if (input.ticketId) {
      const t = this.ref.ticketRow(input.ticketId);
      if (!t) throw E.unknownTicket();
      if (t.status !== 'waiting') throw E.ticketNotWaiting();
      if (!serves(cats, t.category)) throw E.categoryNotAssigned(t.category, no);
      picked = t;
      rule = 'specific';
    } else {
      const rows = new Map<string, HeadRow>();
      const pick = this.decide(w, input.category, rows, false);
      if (!pick.ticket) {
        this.endCurrent(w, 'served', actor, true, false);
        return null;
      }
      picked = rows.get(pick.ticket.id)!;
      rule = pick.rule!;
      ratioPos = pick.ratioPos;
    }
    this.endCurrent(w, 'served', actor, true, false, true);
    return this.assignToWindow(w, picked, actor, 'call', rule, ratioPos);
  }

  private decide(w: WindowRow, onlyCategory: string | undefined, rows: Map<string, HeadRow>, explain: boolean): Decision {
    const cats = this.ref.assignment(w.no);
    return pickNext(
      this.lines.candidates(w.no, w.clerk_work_no, cats, rows),
      { categories: cats, ratioPos: w.ratio_pos, onlyCategory },
      this.ref.rules().rules,
      this.now(),
      explain,
    );
  }

  /**
   * Puts `t` (as read in this transaction) in service at window `w`. The answer is built from
   * the rows in hand plus the columns just written: no re-read on the hot path.
   */
  private assignToWindow(
    w: WindowRow,
    t: HeadRow,
    actor: Actor,
    type: 'call' | 'callBack',
    rule: string | undefined,
    ratioPos = w.ratio_pos,
  ): WindowActionResponse {
    const now = this.now();
    const no = w.no;
    if (t.status === 'waiting') this.lines.bump(t, -1);
    const firstCalledAt = t.first_called_at ?? now;
    this.sql.callTicket.run(now, firstCalledAt, no, actor.subject, t.id);
    this.sql.windowServe.run(t.id, now, ratioPos, no);
    // The first call of a ticket carries its waiting time (statistics read it from the event log).
    const firstCall = t.first_called_at == null;
    this.events.emit(type, {
      ticketId: t.id,
      windowNo: no,
      category: t.category,
      actor: actor.subject,
      data: { number: t.number, priority: t.priority, firstCall, waitMs: firstCall ? now - t.issued_at : null, rule },
    });
    // Built field by field: spreading a database row (`...t`) costs several µs a call.
    const called: TicketViewRow = {
      id: t.id,
      number: t.number,
      category: t.category,
      status: 'called',
      priority: t.priority,
      channel: t.channel,
      issued_at: t.issued_at,
      called_at: now,
      started_at: null,
      window_no: no,
      recall_count: 0,
      id_masked: t.id_masked,
    };
    const win: WindowRow = {
      no,
      name: w.name,
      status: 'serving',
      pause_reason: w.pause_reason,
      clerk_work_no: w.clerk_work_no,
      current_ticket_id: t.id,
      ratio_pos: ratioPos,
      status_since: now,
    };
    const clerk = win.clerk_work_no ? this.ref.staff(win.clerk_work_no) : undefined;
    return { window: toWindowView(win, this.ref.assignment(no), clerk, called, { withMaskedId: true }), ticket: toTicket(called) };
  }

  recall(no: number, actor: Actor): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    const t = this.calledTicket(w);
    const { recallLimit, recallCooldownSeconds } = this.ref.rules().rules;
    const now = this.now();
    const since = (now - (t.called_at ?? 0)) / 1000;
    if (since < recallCooldownSeconds) throw E.recallTooSoon(Math.ceil(recallCooldownSeconds - since));
    if (t.recall_count >= recallLimit) {
      const ended = this.endCurrent(w, 'noShow', actor, true);
      return { ...this.answer(no, ended), becameNoShow: true };
    }
    this.store.run(
      this.store.q
        .updateTable('tickets')
        .set({ recall_count: t.recall_count + 1, called_at: now })
        .where('id', '=', t.id),
    );
    this.events.emit('recall', {
      ticketId: t.id,
      windowNo: no,
      category: t.category,
      actor: actor.subject,
      data: { number: t.number, recall: t.recall_count + 1 },
    });
    return this.answer(no, this.ref.ticketRow(t.id));
  }

  noShow(no: number, actor: Actor): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    this.calledTicket(w);
    return this.answer(no, this.endCurrent(w, 'noShow', actor, false));
  }

  start(no: number, actor: Actor): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    const t = this.calledTicket(w);
    this.store.run(this.store.q.updateTable('tickets').set({ status: 'serving', started_at: this.now() }).where('id', '=', t.id));
    this.events.emit('start', { ticketId: t.id, windowNo: no, category: t.category, actor: actor.subject, data: { number: t.number } });
    return this.answer(no, this.ref.ticketRow(t.id));
  }

  finish(no: number, actor: Actor, input: { ticketId?: string; outcome?: 'served' | 'removed' }): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    const t = this.current(w);
    if (input.ticketId && t?.id !== input.ticketId) throw E.ticketNotYours();
    if (!t) throw E.noCurrentTicket(no);
    return this.answer(no, this.endCurrent(w, input.outcome ?? 'served', actor, false));
  }

  transfer(
    no: number,
    actor: Actor,
    input: { category?: string; windowNo?: number; clerkWorkNo?: string; position: 'head' | 'tail' | 'keep'; reason?: string },
  ): WindowActionResponse {
    const q = this.store.q;
    const w = this.ownWindow(no, actor);
    const t = this.current(w);
    if (!t) throw E.noCurrentTicket(no);
    if (!input.category && input.windowNo === undefined && !input.clerkWorkNo) throw E.transferTargetMissing();
    const category = input.category ?? t.category;
    this.ref.category(category);
    if (input.windowNo !== undefined) {
      this.ref.window(input.windowNo);
      if (!serves(this.ref.assignment(input.windowNo), category)) throw E.categoryNotAssigned(category, input.windowNo);
    }
    if (input.clerkWorkNo && !this.ref.staff(input.clerkWorkNo)) throw E.unknownStaff(input.clerkWorkNo);
    const now = this.now();
    let pos: number;
    // keep: the place the ticket was numbered at, so a citizen sent on is not sent to the back.
    if (input.position === 'keep') pos = t.queue_pos;
    else if (input.position === 'head') {
      const head = this.store.get(
        q
          .selectFrom('tickets')
          .select((eb) => eb.fn.min('queue_pos').as('p'))
          .where('status', '=', WAITING)
          .where('category', '=', category),
      );
      pos = Math.min(head?.p ?? now * 1000, now * 1000) - 1;
    } else pos = this.lines.nextPos(now);
    // The service segment at this window ends here (counted in stats as "transferred").
    this.events.emit('finish', {
      ticketId: t.id,
      windowNo: no,
      category: t.category,
      actor: actor.subject,
      data: durations(t, now, { number: t.number, outcome: 'transferred', priority: t.priority }),
    });
    this.lines.bump({ category, priority: t.priority, target_window: input.windowNo ?? null, target_clerk: input.clerkWorkNo ?? null }, 1);
    this.store.run(
      q
        .updateTable('tickets')
        .set({
          status: 'waiting',
          category,
          queue_pos: pos,
          target_window: input.windowNo ?? null,
          target_clerk: input.clerkWorkNo ?? null,
          transferred_from: `${no}`,
          window_no: null,
          called_at: null,
          started_at: null,
          recall_count: 0,
        })
        .where('id', '=', t.id),
    );
    this.store.run(q.updateTable('windows').set({ current_ticket_id: null, status: 'open', status_since: now }).where('no', '=', no));
    this.events.emit('transfer', {
      ticketId: t.id,
      windowNo: no,
      category,
      actor: actor.subject,
      data: {
        number: t.number,
        from: t.category,
        to: category,
        toWindow: input.windowNo ?? null,
        toClerk: input.clerkWorkNo ?? null,
        position: input.position,
        reason: input.reason ?? null,
      },
    });
    return this.answer(no, this.ref.ticketRow(t.id));
  }

  suspend(no: number, actor: Actor, reason = '挂起'): WindowActionResponse {
    const q = this.store.q;
    const w = this.ownWindow(no, actor);
    const t = this.current(w);
    if (!t) throw E.noCurrentTicket(no);
    this.store.run(q.updateTable('tickets').set({ status: 'suspended' }).where('id', '=', t.id));
    this.store.run(q.updateTable('windows').set({ current_ticket_id: null, status: 'open', status_since: this.now() }).where('no', '=', no));
    // The reason and time live in the event (no ticket column): suspended.ts reads them back.
    this.events.emit('suspend', { ticketId: t.id, windowNo: no, category: t.category, actor: actor.subject, data: { number: t.number, reason } });
    return this.answer(no, this.ref.ticketRow(t.id));
  }

  /** 回呼: take back a ticket this window suspended. */
  callBack(no: number, actor: Actor, ticketId: string): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    callable(w);
    const t = this.ref.ticketRow(ticketId);
    if (!t || t.status !== 'suspended' || t.window_no !== no) throw E.ticketNotSuspended();
    this.endCurrent(w, 'served', actor, true, false, true);
    return this.assignToWindow(w, t, actor, 'callBack', undefined);
  }

  suspended(no: number): Ticket[] {
    const q = this.store.q;
    return this.store
      .all(q.selectFrom('tickets').selectAll().where('window_no', '=', no).where('status', '=', ksql.lit('suspended')).orderBy('called_at'))
      .map((t) => toTicket(t));
  }

  /** A citizen served without a ticket: issued and put straight in service at this window. */
  walkIn(no: number, actor: Actor, input: { category?: string; priority?: PriorityClass; requestId?: string }): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    if (input.requestId) {
      // The counter already recorded this walk-in offline (its sync arrived first): one ticket, and
      // the window is left as it is (the citizen was served while the hall was unreachable).
      const prior = this.store.get(this.store.q.selectFrom('tickets').selectAll().where('request_id', '=', input.requestId));
      if (prior) return this.answer(no, prior);
    }
    callable(w);
    const cats = this.ref.assignment(no).filter((c) => c.weight > 0);
    const category = input.category ?? cats[0]?.category;
    if (!category) throw E.categoryNotAssigned('-', no);
    this.ref.category(category);
    if (!cats.some((c) => c.category === category)) throw E.categoryNotAssigned(category, no);
    this.endCurrent(w, 'served', actor, true, false);
    const issued = this.issuing.issueTicket({ category, channel: 'walkIn', priority: input.priority, requestId: input.requestId }, actor);
    this.assignToWindow(w, this.ref.ticketRow(issued.id)!, actor, 'call', 'walkIn');
    this.store.run(this.store.q.updateTable('tickets').set({ status: 'serving', started_at: this.now() }).where('id', '=', issued.id));
    this.events.emit('start', { ticketId: issued.id, windowNo: no, category, actor: actor.subject, data: { number: issued.number, walkIn: true } });
    return this.answer(no, this.ref.ticketRow(issued.id));
  }

  /** What call-next would pick at this window now, with the ordering's steps in Chinese. */
  explain(no: number) {
    const w = this.ref.window(no);
    const pick = this.decide(w, undefined, new Map(), true);
    const t = pick.ticket ? this.ref.ticketRow(pick.ticket.id) : undefined;
    return {
      windowNo: no,
      rulesVersion: this.ref.rules().version,
      next: t ? toTicket(t, { withMaskedId: false }) : null,
      rule: pick.rule,
      steps: pick.steps,
      candidates: pick.ranked.slice(0, 20).map((c) => ({
        number: c.number,
        category: c.category,
        priority: c.priority,
        waitedMinutes: Math.round(c.waitedMinutes * 10) / 10,
        score: Math.round(c.score * 100) / 100,
        targeted: c.targeted,
      })),
    };
  }

  private current(w: WindowRow): TicketRow | undefined {
    return w.current_ticket_id ? this.ref.ticketRow(w.current_ticket_id) : undefined;
  }

  /** The window's current ticket, which must be called (not yet started). */
  private calledTicket(w: WindowRow): TicketRow {
    const t = this.current(w);
    if (!t) throw E.noCurrentTicket(w.no);
    if (t.status !== 'called') throw E.ticketNotCalled();
    return t;
  }
}

function callable(w: WindowRow): void {
  if (w.status === 'closed') throw E.windowClosed(w.no);
  if (w.status === 'paused') throw E.windowPaused(w.no);
}

/** The window takes tickets of this category (assigned with weight > 0). */
function serves(cats: { category: string; weight: number }[], category: string): boolean {
  for (const c of cats) if (c.category === category && c.weight > 0) return true;
  return false;
}

/**
 * Waiting (issue → first call), walking (call → start) and service (start → end) in ms, added to
 * `into` (an event's data): assigned, not spread, on the call-next path.
 */
function durations<T extends object>(
  t: Pick<TicketRow, 'first_called_at' | 'issued_at' | 'started_at' | 'called_at'>,
  end: number,
  into: T,
): T & { waitMs: number | null; walkMs: number | null; serviceMs: number | null } {
  return Object.assign(into, {
    waitMs: t.first_called_at != null ? t.first_called_at - t.issued_at : null,
    walkMs: t.started_at != null && t.called_at != null ? t.started_at - t.called_at : null,
    serviceMs: t.started_at != null ? end - t.started_at : null,
  });
}
