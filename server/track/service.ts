// What the citizen's phone sees of a ticket or a case, read from the hall's own records: the
// queue (tickets), what sync told us about cases (sync_cases, case_links) and the ratings. No
// name, ID number or phone number is ever put in a view (the phone only masked, to its owner).
import type { HallContext } from '../context';
import type { TicketRow, TicketTrackRow } from '../db/schema';
import { CodedError } from '../../domain/api/errors';
import { hallPadReasons } from '../ratings/reasonLists';
import type { CaseRow } from '../../domain/cases';
import type { TrackCase, TrackState, TrackView } from '../../domain/api/track';
import { syncServiceFor, type SyncService } from '../sync/service';
import { tokenHash } from './tokens';

export const trackErrors = {
  notFound: () => new CodedError('track_not_found', '找不到该号票或办件，请核对二维码', 404),
};

/** The rated service: who served (from the hall's records, never from the phone) and the keys of one-rating-per-service. */
export interface RatedTarget {
  ticketId: string | null;
  caseNo: string | null;
  windowNo: number;
  clerkWorkNo: string;
}

const FIELDS = ['id', 'number', 'category', 'status', 'queue_pos', 'window_no', 'clerk_work_no', 'called_at', 'outcome', 'issued_at'] as const;
export type TrackTicketRow = Pick<TicketRow, (typeof FIELDS)[number]>;

export class TrackService {
  private readonly sync: SyncService;
  private readonly sql;

  constructor(private readonly ctx: HallContext) {
    this.sync = syncServiceFor(ctx);
    const { store } = ctx;
    const q = store.q;
    this.sql = {
      byToken: store.prepare(q.selectFrom('ticket_tracks').selectAll().where('token', '=', '?'), 1),
      byTicket: store.prepare(q.selectFrom('ticket_tracks').selectAll().where('ticket_id', '=', '?'), 1),
      ticket: store.prepare(q.selectFrom('tickets').select(FIELDS).where('id', '=', '?'), 1),
      casesOfTicket: store.prepare(q.selectFrom('case_links').select('case_id').where('ticket_id', '=', '?'), 1),
      caseByHash: store.prepare(q.selectFrom('case_links').select(['case_id', 'ticket_id']).where('token_hash', '=', '?'), 1),
      caseRow: store.raw.prepare('SELECT row FROM sync_cases WHERE case_id = ?'),
      ratedCase: store.raw.prepare(`SELECT 1 FROM ratings WHERE json_extract(body, '$.caseNo') = ? LIMIT 1`),
      ratingsOfTicket: store.prepare(q.selectFrom('ratings').select(['id', 'ticket_id', 'body']).where('ticket_id', '=', '?'), 1),
    };
  }

  trackRow(token: string): TicketTrackRow | undefined {
    return this.sql.byToken.get(token) as TicketTrackRow | undefined;
  }

  trackOf(ticketId: string): TicketTrackRow | undefined {
    return this.sql.byTicket.get(ticketId) as TicketTrackRow | undefined;
  }

  ticket(id: string): TrackTicketRow | undefined {
    return this.sql.ticket.get(id) as TrackTicketRow | undefined;
  }

  /** One ticket's view. `ahead` may come from a bulk count (the tracking hub) or is counted here; `line` only on the WebSocket. */
  view(track: TicketTrackRow, t: TrackTicketRow, ahead?: number, line: TrackView['line'] = null): Omit<TrackView, 'rev'> {
    const { engine } = this.ctx;
    const cat = engine.categories().get(t.category);
    const state = stateOf(t);
    const n = state === 'waiting' ? (ahead ?? engine.aheadOf(t.category, t.queue_pos)) : 0;
    let windowName: string | null = null;
    if (t.window_no != null) {
      try {
        windowName = engine.window(t.window_no).name;
      } catch {
        windowName = null;
      }
    }
    const done = state === 'done';
    const cases = done ? this.casesOfTicket(t.id) : [];
    const rated = done && this.ratedTicket(t.id);
    // The list in force at the hall (the city's when it sent one): the same the pads offer.
    const REASONS = hallPadReasons(this.ctx.store);
    return {
      number: t.number,
      category: t.category,
      categoryName: cat?.name ?? t.category,
      hallName: engine.hallName(),
      state,
      ahead: n,
      estimatedWaitMinutes: state === 'waiting' ? engine.estimate(t.category, n) : 0,
      windowNo: state === 'waiting' ? null : t.window_no,
      windowName: state === 'waiting' ? null : windowName,
      calledAt: t.called_at ? new Date(t.called_at).toISOString() : null,
      cases,
      // The reason lists only while a rating can be given: every other view stays a few hundred bytes.
      rating:
        done && !rated && !!t.clerk_work_no
          ? { open: true, rated, reasonListVersion: REASONS.version, bad: REASONS.bad, good: REASONS.good }
          : { open: false, rated, reasonListVersion: REASONS.version, bad: [], good: [] },
      phoneMasked: track.phone_masked,
      line,
    };
  }

  /** The view for a token, with `rev` (changes exactly when what the page shows changes). */
  viewByToken(token: string): TrackView {
    const track = this.trackRow(token);
    const t = track && this.ticket(track.ticket_id);
    if (!track || !t) throw trackErrors.notFound();
    return withRev(this.view(track, t));
  }

  private caseRow(caseId: string): CaseRow | null {
    this.sync.ensureFresh(caseId);
    const r = this.sql.caseRow.get(caseId) as { row: string } | undefined;
    return r ? (JSON.parse(r.row) as CaseRow) : null;
  }

  casesOfTicket(ticketId: string): TrackCase[] {
    const ids = this.sql.casesOfTicket.all(ticketId) as { case_id: string }[];
    return ids
      .map((c) => this.caseRow(c.case_id))
      .filter((r): r is CaseRow => !!r && !!r.caseNo)
      .map(toTrackCase);
  }

  ratedTicket(ticketId: string): boolean {
    return (this.sql.ratingsOfTicket.all(ticketId) as unknown[]).length > 0;
  }

  /** A receipt token (/c/<token>, /r/<token>) → the case and what may be rated. */
  caseByToken(token: string): { row: CaseRow; target: RatedTarget | null; rated: boolean } {
    const link = this.sql.caseByHash.get(tokenHash(token)) as { case_id: string; ticket_id: string | null } | undefined;
    const row = link && this.caseRow(link.case_id);
    if (!row || !row.caseNo) throw trackErrors.notFound();
    const received = row.timeline.find((e) => e.kind === 'received');
    const target =
      received?.actor.windowNo != null
        ? { ticketId: row.ticketId, caseNo: row.caseNo, windowNo: received.actor.windowNo, clerkWorkNo: received.actor.workNo }
        : null;
    const rated = row.ratings.length > 0 || (row.ticketId ? this.ratedTicket(row.ticketId) : false) || this.ratedCase(row.caseNo);
    return { row, target, rated };
  }

  ratedCase(caseNo: string): boolean {
    return !!this.sql.ratedCase.get(caseNo);
  }

  /** The served ticket behind a tracking token, as a rating target (404 while not served). */
  ticketTarget(token: string): RatedTarget {
    const track = this.trackRow(token);
    const t = track && this.ticket(track.ticket_id);
    if (!track || !t) throw trackErrors.notFound();
    if (stateOf(t) !== 'done' || !t.clerk_work_no || t.window_no == null) throw new CodedError('not_served_yet', '办理结束后才能评价', 409);
    const first = this.casesOfTicket(t.id)[0];
    return { ticketId: t.id, caseNo: first?.caseNo ?? null, windowNo: t.window_no, clerkWorkNo: t.clerk_work_no };
  }
}

export function stateOf(t: Pick<TicketRow, 'status' | 'outcome'>): TrackState {
  switch (t.status) {
    case 'waiting':
    case 'transferred':
      return 'waiting';
    case 'called':
      return 'called';
    case 'serving':
    case 'suspended':
      return 'serving';
    case 'done':
      return 'done';
    case 'noShow':
      return 'missed';
    default:
      return 'removed';
  }
}

export function toTrackCase(r: CaseRow): TrackCase {
  return {
    caseNo: r.caseNo!,
    itemName: r.itemName,
    status: r.status,
    statusLabel: r.statusLabel,
    dueDate: r.dueDate ?? r.printedDueDate,
    // Labels and times only: a timeline summary may name a material or a reason.
    steps: r.timeline.filter((e) => e.outcome === 'applied' && e.kind !== 'evaluated').map((e) => ({ label: e.label, at: e.at })),
  };
}

/** FNV-1a of the view's JSON: the long-poll's `since` and the WebSocket's "did it change". */
export function withRev(v: Omit<TrackView, 'rev'>): TrackView {
  const s = JSON.stringify(v);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return { ...v, rev: (h >>> 0) & 0x7fffffff };
}
