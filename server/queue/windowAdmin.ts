// Window administration: pause, resume, open and close (the window's clerk or a manager), the
// categories a window serves (manager), and seating clerks (login, AB角 takeover, logout).
import { outboxOf } from '../uplink/outbox';
import type { HallStore } from '../db/connection';
import type { WindowRow } from '../db/schema';
import { E } from '../errors';
import type { Actor } from '../auth';
import type { WindowActionResponse } from '../../domain/api/hall';
import type { ClerkActions } from './clerkActions';
import type { EventLog } from './eventLog';
import type { Assignment, Reference } from './reference';

export class WindowAdmin {
  constructor(
    private readonly store: HallStore,
    private readonly now: () => number,
    private readonly events: EventLog,
    private readonly ref: Reference,
    private readonly clerk: ClerkActions,
  ) {}

  /** A manager may act on any window; a clerk only on his own. */
  private windowOf(no: number, actor: Actor): WindowRow {
    if (actor.role === 'manager') return this.ref.window(no);
    return this.clerk.ownWindow(no, actor);
  }

  private setStatus(no: number, status: 'open' | 'paused' | 'closed', pauseReason: string | null, now = this.now()): void {
    this.store.run(this.store.q.updateTable('windows').set({ status, pause_reason: pauseReason, status_since: now }).where('no', '=', no));
  }

  pause(no: number, actor: Actor, reason: string): WindowActionResponse {
    const w = this.windowOf(no, actor);
    if (w.status === 'closed') throw E.windowClosed(no);
    if (w.current_ticket_id) throw E.windowBusy(no);
    if (w.status !== 'paused') {
      this.setStatus(no, 'paused', reason);
      this.events.emit('pause', { windowNo: no, actor: actor.subject, data: { reason } });
    }
    return this.clerk.answer(no, null);
  }

  resume(no: number, actor: Actor): WindowActionResponse {
    const w = this.windowOf(no, actor);
    if (w.status !== 'paused') throw E.windowNotPaused(no);
    const now = this.now();
    this.setStatus(no, 'open', null, now);
    this.events.emit('resume', { windowNo: no, actor: actor.subject, data: { reason: w.pause_reason, pausedMs: now - w.status_since } });
    return this.clerk.answer(no, null);
  }

  open(no: number, actor: Actor): WindowActionResponse {
    const w = this.windowOf(no, actor);
    if (w.status === 'closed') {
      this.setStatus(no, 'open', null);
      this.events.emit('open', { windowNo: no, actor: actor.subject });
    }
    return this.clerk.answer(no, null);
  }

  close(no: number, actor: Actor): WindowActionResponse {
    const w = this.windowOf(no, actor);
    if (w.current_ticket_id) throw E.windowBusy(no);
    if (w.status !== 'closed') {
      this.setStatus(no, 'closed', null);
      this.events.emit('close', { windowNo: no, actor: actor.subject });
    }
    return this.clerk.answer(no, null);
  }

  setAssignment(no: number, actor: Actor, categories: Assignment): WindowActionResponse {
    const q = this.store.q;
    this.ref.window(no);
    const seen = new Set<string>();
    for (const c of categories) {
      this.ref.category(c.category);
      if (seen.has(c.category)) throw E.invalidBody({ duplicate: c.category });
      seen.add(c.category);
    }
    this.ref.dropAssignment(no);
    this.store.run(q.deleteFrom('window_categories').where('window_no', '=', no));
    for (const c of categories) this.store.run(q.insertInto('window_categories').values({ window_no: no, category: c.category, weight: c.weight }));
    this.events.emit('assignment', { windowNo: no, actor: actor.subject, data: { categories } });
    const w = this.ref.window(no);
    outboxOf(this.store).append('window', Date.now(), { windowNo: no, name: w.name, active: true, categories: categories.map((c) => c.category) });
    return this.clerk.answer(no, null);
  }

  /** Sign a clerk in at a window (login, or AB角 takeover by a manager). */
  seatClerk(no: number, workNo: string, actor: Actor, type: 'login' | 'takeover'): void {
    const q = this.store.q;
    const w = this.ref.window(no);
    const prev = w.clerk_work_no;
    if (prev && prev !== workNo) this.clerk.endCurrent(w, 'endedByLogout', actor, true);
    // The clerk leaves any other window he was seated at.
    this.store.run(
      q
        .updateTable('windows')
        .set({ clerk_work_no: null, status: 'closed' })
        .where('clerk_work_no', '=', workNo)
        .where('no', '!=', no)
        .where('current_ticket_id', 'is', null),
    );
    const status = w.status === 'closed' ? 'open' : w.status;
    this.store.run(q.updateTable('windows').set({ clerk_work_no: workNo, status, status_since: this.now() }).where('no', '=', no));
    this.events.emit(type, { windowNo: no, actor: actor.subject, data: { workNo, replaced: prev !== workNo ? prev : null } });
  }

  unseatClerk(workNo: string, actor: Actor): void {
    const q = this.store.q;
    for (const w of this.store.all(q.selectFrom('windows').selectAll().where('clerk_work_no', '=', workNo))) {
      this.clerk.endCurrent(w, 'endedByLogout', actor, true);
      this.store.run(
        q.updateTable('windows').set({ clerk_work_no: null, status: 'closed', pause_reason: null, status_since: this.now() }).where('no', '=', w.no),
      );
      this.events.emit('logout', { windowNo: w.no, actor: actor.subject, data: { workNo } });
    }
  }
}
