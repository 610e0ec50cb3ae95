// Database rows → wire shapes of domain/api/hall.ts.
import type { CategoryRow, StaffRow, TicketRow, WindowRow } from '../db/schema';
import type { PriorityClass, StaffCard, Ticket, TicketChannel, TicketStatus, WindowStatus, WindowView } from '../../domain/api/hall';
import { waitMinutes } from '../../domain/queue/waitTime';

export const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());

/** The columns a ticket's wire shape is made of. */
export type TicketViewRow = Pick<
  TicketRow,
  'id' | 'number' | 'category' | 'status' | 'priority' | 'channel' | 'issued_at' | 'called_at' | 'started_at' | 'window_no' | 'recall_count' | 'id_masked'
>;

export function toTicket(t: TicketViewRow, opts: { withMaskedId?: boolean } = {}): Ticket {
  return {
    id: t.id,
    number: t.number,
    category: t.category,
    status: t.status as TicketStatus,
    priority: t.priority as PriorityClass,
    channel: t.channel as TicketChannel,
    issuedAt: iso(t.issued_at)!,
    calledAt: iso(t.called_at),
    startedAt: iso(t.started_at),
    windowNo: t.window_no,
    recallCount: t.recall_count,
    idNumberMasked: opts.withMaskedId === false ? null : t.id_masked,
  };
}

export function toStaffCard(s: Pick<StaffRow, 'work_no' | 'name' | 'stars' | 'photo_url'>): StaffCard {
  return { workNo: s.work_no, name: s.name, stars: s.stars, photoUrl: s.photo_url };
}

export function toWindowView(
  w: WindowRow,
  categories: { category: string; weight: number }[],
  clerk: StaffRow | undefined,
  current: TicketViewRow | undefined,
  opts: { withMaskedId?: boolean } = {},
): WindowView {
  return {
    no: w.no,
    name: w.name,
    status: w.status as WindowStatus,
    pauseReason: w.pause_reason,
    clerk: clerk ? toStaffCard(clerk) : null,
    current: current ? toTicket(current, opts) : null,
    categories,
  };
}

export function estimateMinutes(ahead: number, cat: Pick<CategoryRow, 'avg_service_minutes'>, servingWindows: number): number {
  return waitMinutes(ahead, cat.avg_service_minutes, servingWindows);
}
