// Print-then-issue for a kiosk with a printer. The ticket is created HELD (engine.holdTicket: no
// window can call it) in the same transaction that numbers it; the receipt is printed; only then
// is the hold released (the ticket joins the line at the position it was numbered at). If
// printing fails the ticket is voided (removed, outcome 'printFailed') and the citizen is told:
// no ticket is left waiting that nobody holds on paper. Held tickets left by a crash mid-print
// are voided at start-up.
import type { Actor } from '../auth';
import type { HallEngine } from '../queue/engine';
import type { HallStore } from '../db/connection';
import type { IssuedTicket, PriorityClass } from '../../domain/api/hall';
import { CodedError } from '../../domain/api/errors';

const PRIORITY_LABEL: Partial<Record<PriorityClass, string>> = {
  elderly: '绿色通道（老年人）',
  disabled: '绿色通道',
  pregnant: '绿色通道',
  vip: '优先',
  appointment: '预约',
};

export interface PrintJob {
  (ticket: IssuedTicket & { priorityLabel?: string }): Promise<void>;
}

export interface KioskIssueInput {
  category: string;
  idNumber?: string;
  priority?: PriorityClass;
  requestId?: string;
  appointmentAt?: string;
}

const SYSTEM: Actor = { kind: 'device', subject: 'kiosk', role: 'kiosk', windowNo: null };

export function voidHeldTickets(engine: HallEngine): number {
  return engine.mutate(() => {
    let n = 0;
    for (const t of engine.heldTickets()) if (engine.voidTicket(t.id, SYSTEM, 'printFailed', 'kioskPrintFailed', { why: '启动时发现未完成打印的号' })) n++;
    return n;
  });
}

export async function printThenIssue(engine: HallEngine, store: HallStore, actor: Actor, input: KioskIssueInput, print: PrintJob): Promise<IssuedTicket> {
  const q = store.q;
  const issued = engine.mutate(() => {
    // A retried request id that was already printed (or voided) is answered as it was, never reprinted.
    const prior = input.requestId ? store.get(q.selectFrom('tickets').select(['id', 'status']).where('request_id', '=', input.requestId)) : undefined;
    const t = engine.issueTicket({ ...input, channel: input.appointmentAt ? 'appointment' : 'kiosk' }, actor);
    const row = engine.ticketRow(t.id)!;
    if (prior) return { t, fresh: false, status: row.status };
    // Its own event: the hold is in the audit trail and the version moves after the outer commit.
    engine.holdTicket(t.id, actor, 'kioskHold');
    return { t, fresh: true, status: row.status };
  });
  if (!issued.fresh) {
    if (issued.status === 'removed') throw printFailed('该请求此前打印失败，未出号');
    return issued.t;
  }
  try {
    await print({ ...issued.t, priorityLabel: issued.t.priority ? PRIORITY_LABEL[issued.t.priority] : undefined });
  } catch (e) {
    engine.mutate(() => engine.voidTicket(issued.t.id, actor, 'printFailed', 'kioskPrintFailed', { why: (e as Error).message }));
    throw printFailed((e as Error).message);
  }
  engine.mutate(() => engine.releaseTicket(issued.t.id, actor, 'kioskPrinted'));
  return issued.t;
}

function printFailed(cause: string): CodedError {
  return new CodedError('kiosk_print_failed', '号票打印失败，本次没有出号。请重新取号或联系大厅工作人员。', 502, { cause });
}
