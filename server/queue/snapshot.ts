// The queue snapshot every client re-fetches on a signal (GET /api/queue): cached and serialised
// once per version, so 5 displays and 200 counters re-fetching cost one computation, and rebuilt
// only for the windows the events since the last build touched.
import { sql as ksql } from 'kysely';
import type { HallStore } from '../db/connection';
import type { WindowRow } from '../db/schema';
import type { QueueSnapshot, WindowView } from '../../domain/api/hall';
import type { Lines } from './lines';
import type { Reference } from './reference';
import { HELD_WINDOW, WAITING, type Statements } from './statements';
import { estimateMinutes, toTicket, toWindowView, type TicketViewRow } from './views';
import { suspendedTickets } from './suspended';

/** Events that change windows without naming them in window_no (or all of them at once). */
const REBUILD_ALL = new Set(['dayReset', 'login', 'takeover', 'logout']);
// Unary + keeps SQLite walking the newest events backwards instead of sorting every call of the day.
const RECENT_CALLS = ksql<boolean>`+type in ('call', 'recall', 'callBack')`;

export interface SnapshotText {
  snap: QueueSnapshot;
  json: string;
  publicJson: string;
}

export class Snapshots {
  private snapCache: (SnapshotText & { version: number }) | null = null;
  private viewCache: { version: number; rows: Map<number, WindowRow>; views: Map<number, WindowView> } | null = null;

  constructor(
    private readonly store: HallStore,
    private readonly sql: Statements,
    private readonly lines: Lines,
    private readonly ref: Reference,
    private readonly version: () => number,
    private readonly timeZone?: string,
  ) {}

  /** Reference data changed (admin edit): build everything again. */
  drop(): void {
    this.snapCache = null;
    this.viewCache = null;
  }

  /** A cached snapshot when it is at least `minVersion`, else a fresh one. */
  atLeast(minVersion: number): SnapshotText {
    if (this.snapCache && this.snapCache.version >= minVersion) return this.snapCache;
    return this.current();
  }

  current(): SnapshotText {
    const version = this.version();
    if (this.snapCache?.version === version) return this.snapCache;
    const q = this.store.q;
    const cats = [...this.ref.categories().values()];
    const counts = new Map(cats.map((c) => [c.code, this.lines.counted(c.code)]));
    const { rows: windows, views } = this.windowViews(version);
    // Open windows per category (wait estimates), in one pass over the windows.
    const serving = new Map<string, number>();
    for (const w of windows) {
      if (w.status !== 'open' && w.status !== 'serving') continue;
      for (const a of this.ref.assignment(w.no)) if (a.weight > 0) serving.set(a.category, (serving.get(a.category) ?? 0) + 1);
    }
    const calls = this.store.all(
      q.selectFrom('events').select(['seq', 'ticket_id', 'window_no', 'type', 'at', 'data']).where(RECENT_CALLS).orderBy('seq', 'desc').limit(20),
    );
    const winName = new Map(windows.map((w) => [w.no, w.name]));
    const waiting = this.store
      .all(q.selectFrom('tickets').selectAll().where('status', '=', WAITING).orderBy('queue_pos').limit(50))
      .map((t) => toTicket(t, { withMaskedId: false }));
    // A public snapshot (displays read it): no masked ID numbers; devices get it without the
    // waiting list (smaller, and they do not show it).
    const publicSnap: Omit<QueueSnapshot, 'waiting'> = {
      version,
      hall: { name: this.ref.hallName(), notice: this.ref.hallNotice(), ...(this.timeZone ? { timeZone: this.timeZone } : {}) },
      categories: cats.map((c) => ({
        code: c.code,
        name: c.name,
        waiting: counts.get(c.code) ?? 0,
        estimatedWaitMinutes: estimateMinutes(counts.get(c.code) ?? 0, c, serving.get(c.code) ?? 0),
      })),
      windows: windows.map((w) => views.get(w.no)!),
      recentCalls: calls.map((e) => {
        const d = JSON.parse(e.data ?? '{}') as { number?: string; rule?: string };
        return {
          seq: e.seq,
          ticketId: e.ticket_id ?? '',
          ticketNumber: d.number ?? '',
          windowNo: e.window_no ?? 0,
          windowName: winName.get(e.window_no ?? 0),
          kind: e.type === 'recall' ? 'recall' : 'call',
          at: new Date(e.at).toISOString(),
          // A walk-in is served where it stands: the display does not announce it.
          ...(d.rule === 'walkIn' ? { walkIn: true } : {}),
        };
      }),
      // 挂起 tickets stay visible (board, display, counter) until called back: no name, no ID.
      suspended: suspendedTickets(this.store),
    };
    const publicJson = JSON.stringify(publicSnap);
    // The staff form is the public one plus the waiting list: serialised once, extended as text.
    const json = `${publicJson.slice(0, -1)},"waiting":${JSON.stringify(waiting)}}`;
    this.snapCache = { version, snap: { ...publicSnap, waiting }, json, publicJson };
    return this.snapCache;
  }

  /**
   * Every window's row and public view. Rebuilt only for the windows the events since the last
   * build touched (a busy hall re-fetches its snapshot ten times a second); events that can
   * change windows without naming them (a clerk seated elsewhere, day reset, admin edits) rebuild all.
   */
  private windowViews(version: number): { rows: WindowRow[]; views: Map<number, WindowView> } {
    const q = this.store.q;
    let cache = this.viewCache;
    let touched: Set<number> | null = null;
    if (cache) {
      touched = new Set();
      for (const e of this.sql.eventsAfter.all(cache.version) as { window_no: number | null; type: string }[]) {
        if (REBUILD_ALL.has(e.type) || e.type.startsWith('admin.')) {
          touched = null;
          break;
        }
        if (e.window_no != null) touched.add(e.window_no);
      }
    }
    if (!cache || !touched) {
      const rows = this.store.all(q.selectFrom('windows').selectAll().orderBy('no'));
      cache = { version: 0, rows: new Map(rows.map((w) => [w.no, w])), views: new Map() };
      touched = new Set(rows.map((w) => w.no));
    }
    const staff = this.ref.staffMap();
    for (const no of touched) {
      const w = no === HELD_WINDOW ? undefined : (this.sql.window.get(no) as WindowRow | undefined);
      if (!w) {
        cache.rows.delete(no);
        cache.views.delete(no);
        continue;
      }
      const cur = w.current_ticket_id ? (this.sql.ticketView.get(w.current_ticket_id) as TicketViewRow | undefined) : undefined;
      cache.rows.set(no, w);
      cache.views.set(no, toWindowView(w, this.ref.assignment(no), w.clerk_work_no ? staff.get(w.clerk_work_no) : undefined, cur, { withMaskedId: false }));
    }
    cache.version = version;
    this.viewCache = cache;
    return { rows: [...cache.rows.values()].sort((a, b) => a.no - b.no), views: cache.views };
  }
}
