// Print-then-issue for a kiosk with a printer. The ticket is created HELD (target_window = 0,
// a window that never exists, so no window can call it) in the same transaction that numbers
// it; the receipt is printed; only then is the hold released (the ticket joins the line at the
// position it was numbered at). If printing fails the ticket is voided (removed, outcome
// 'printFailed') and the citizen is told: no ticket is left waiting that nobody holds on paper.
// Held tickets left by a crash mid-print are voided at start-up.
import type { HallEngine, Actor } from '../queue/engine';
import type { HallStore } from '../db/connection';
import type { IssuedTicket, PriorityClass } from '../../domain/api/hall';
import { CodedError } from '../../domain/api/errors';

export const HOLD_WINDOW = 0;

const PRIORITY_LABEL: Partial<Record<PriorityClass, string>> = { elderly: '绿色通道（老年人）', disabled: '绿色通道', pregnant: '绿色通道', vip: '优先', appointment: '预约' };

export interface PrintJob { (ticket: IssuedTicket & { priorityLabel?: string }): Promise<void> }

export interface KioskIssueInput { category: string; idNumber?: string; priority?: PriorityClass; requestId?: string; appointmentAt?: string }

export function voidHeldTickets(engine: HallEngine, store: HallStore): number {
  const q = store.q;
  return engine.mutate(() => {
    const held = store.all(q.selectFrom('tickets').select(['id', 'number', 'category']).where('status', '=', 'waiting').where('target_window', '=', HOLD_WINDOW));
    for (const t of held) voidTicket(engine, store, t, 'kiosk', '启动时发现未完成打印的号');
    return held.length;
  });
}

/**
 * The engine keeps in-memory waiting counts that only its own mutations adjust. Until it offers
 * a public "void a waiting ticket" (asked for in docs/roles.md), a ticket voided here makes it
 * recount from the database after this transaction commits.
 */
function engineMustRecount(engine: HallEngine): void {
  const internals = engine as unknown as { recount?: boolean };
  if ('recount' in internals) internals.recount = true;
}

function voidTicket(engine: HallEngine, store: HallStore, t: { id: string; number: string; category: string }, actor: string, why: string): void {
  const q = store.q;
  engineMustRecount(engine);
  store.run(q.updateTable('tickets').set({ status: 'removed', outcome: 'printFailed', finished_at: Date.now(), target_window: null }).where('id', '=', t.id));
  store.run(q.insertInto('events').values({ at: Date.now(), type: 'kioskPrintFailed', ticket_id: t.id, window_no: null, category: t.category, actor, data: JSON.stringify({ number: t.number, why }) }));
}

export async function printThenIssue(engine: HallEngine, store: HallStore, actor: Actor, input: KioskIssueInput, print: PrintJob): Promise<IssuedTicket> {
  const q = store.q;
  const issued = engine.mutate(() => {
    // A retried request id that was already printed (or voided) is answered as it was, never reprinted.
    const prior = input.requestId ? store.get(q.selectFrom('tickets').select(['id', 'status']).where('request_id', '=', input.requestId)) : undefined;
    const t = engine.issueTicket({ ...input, channel: input.appointmentAt ? 'appointment' : 'kiosk' }, actor);
    const row = engine.ticketRow(t.id)!;
    if (prior) return { t, fresh: false, status: row.status };
    store.run(q.updateTable('tickets').set({ target_window: HOLD_WINDOW }).where('id', '=', t.id));
    // Its own event: the hold is in the audit trail and the version moves after the outer commit.
    store.run(q.insertInto('events').values({ at: Date.now(), type: 'kioskHold', ticket_id: t.id, window_no: null, category: t.category, actor: actor.subject, data: JSON.stringify({ number: t.number }) }));
    return { t, fresh: true, status: row.status };
  });
  if (!issued.fresh) {
    if (issued.status === 'removed') throw printFailed('该请求此前打印失败，未出号');
    return issued.t;
  }
  try {
    await print({ ...issued.t, priorityLabel: issued.t.priority ? PRIORITY_LABEL[issued.t.priority] : undefined });
  } catch (e) {
    engine.mutate(() => voidTicket(engine, store, { id: issued.t.id, number: issued.t.number, category: issued.t.category }, actor.subject, (e as Error).message));
    throw printFailed((e as Error).message);
  }
  engine.mutate(() => {
    store.run(q.updateTable('tickets').set({ target_window: null }).where('id', '=', issued.t.id).where('target_window', '=', HOLD_WINDOW));
    store.run(q.insertInto('events').values({ at: Date.now(), type: 'kioskPrinted', ticket_id: issued.t.id, window_no: null, category: issued.t.category, actor: actor.subject, data: JSON.stringify({ number: issued.t.number }) }));
  });
  return issued.t;
}

function printFailed(cause: string): CodedError {
  return new CodedError('kiosk_print_failed', '号票打印失败，本次没有出号。请重新取号或联系大厅工作人员。', 502, { cause });
}
