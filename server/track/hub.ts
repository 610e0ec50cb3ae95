// Live updates for tracking pages and the SMS reminders, in one loop. Pages subscribe per token
// (WebSocket, or a long-poll). After queue changes — at most once per `intervalMs`, and every
// `idleMs` anyway (a case accepted at a counter arrives by sync, not by a queue signal) — the
// hub works out the views of the watched tickets (subscribed pages plus tickets with a phone
// number left) in slices, so call-next never waits behind 2,000 views: "ahead" comes from one
// read of the waiting positions per category, not a count per ticket. A page gets a message only
// when its view changed; an SMS goes once when N or fewer are ahead, and once when called.
import type { WebSocket } from 'ws';
import type { HallContext } from '../context';
import type { TicketTrackRow } from '../db/schema';
import type { TrackView } from '../../domain/api/track';
import type { SmsSender } from '../notify/sms';
import { serviceDay } from '../../domain/queue/numbering';
import type { PhoneVault } from './phoneVault';
import { stateOf, withRev, type TrackService, type TrackTicketRow } from './service';
import { readTrackSettings } from './settings';

interface Watch {
  ticketId: string;
  sockets: Set<WebSocket>;
  waiters: Set<(v: TrackView) => void>;
  last: TrackView | null;
  /** state|ahead|window|calledAt last evaluated: an unchanged ticket costs no view at all. */
  quick: string;
  stateKey: string;
  sentAt: number;
  track: TicketTrackRow | null;
}

export interface TrackHubOptions {
  intervalMs?: number;
  /** A change of "ahead" alone reaches a page at most this often (a call, a case, a rating: at once). */
  aheadEveryMs?: number;
  idleMs?: number;
  slice?: number;
  now?: () => number;
  warn?: (obj: Record<string, unknown>, msg: string) => void;
}

export class TrackHub {
  private readonly watches = new Map<string, Watch>();
  private timer: NodeJS.Timeout | null = null;
  private readonly idle: NodeJS.Timeout;
  private running = false;
  private again = false;
  private closed = false;
  private lastRun = 0;
  /** The next evaluation also re-reads cases and ratings of served tickets (idle tick, rating). */
  private full = true;
  readonly intervalMs: number;
  private readonly aheadEveryMs: number;
  /** Messages pushed to pages, and evaluations run (for the bench and tests). */
  stats = { pushed: 0, runs: 0, sms: 0, smsFailed: 0 };
  private readonly sql;

  constructor(
    private readonly ctx: HallContext,
    private readonly svc: TrackService,
    private readonly vault: PhoneVault,
    private readonly sms: SmsSender,
    private readonly opts: TrackHubOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 250;
    this.aheadEveryMs = opts.aheadEveryMs ?? 2000;
    const { store } = ctx;
    this.sql = {
      positions: store.raw.prepare(`SELECT category, queue_pos FROM tickets WHERE status = 'waiting' ORDER BY category, queue_pos`),
      phones: store.raw.prepare(`SELECT * FROM ticket_tracks WHERE day = ? AND phone_enc IS NOT NULL AND (sms_ahead_at IS NULL OR sms_called_at IS NULL)`),
      markAhead: store.raw.prepare('UPDATE ticket_tracks SET sms_ahead_at = ? WHERE ticket_id = ? AND sms_ahead_at IS NULL'),
      markCalled: store.raw.prepare(
        'UPDATE ticket_tracks SET sms_called_at = ?, sms_ahead_at = COALESCE(sms_ahead_at, ?) WHERE ticket_id = ? AND sms_called_at IS NULL',
      ),
      // One read per slice of watched tickets instead of one per page.
      tickets: store.raw.prepare(
        `SELECT id, number, category, status, queue_pos, window_no, clerk_work_no, called_at, outcome FROM tickets WHERE id IN (SELECT value FROM json_each(?))`,
      ),
      unmark: store.raw.prepare(
        'UPDATE ticket_tracks SET sms_ahead_at = CASE WHEN ? THEN NULL ELSE sms_ahead_at END, sms_called_at = CASE WHEN ? THEN NULL ELSE sms_called_at END WHERE ticket_id = ?',
      ),
    };
    ctx.engine.onSignal(() => this.kick());
    this.idle = setInterval(() => this.kick(true), opts.idleMs ?? 2000);
    this.idle.unref();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get subscribers(): number {
    let n = 0;
    for (const w of this.watches.values()) n += w.sockets.size + w.waiters.size;
    return n;
  }

  private watch(ticketId: string): Watch {
    let w = this.watches.get(ticketId);
    if (!w) this.watches.set(ticketId, (w = { ticketId, sockets: new Set(), waiters: new Set(), last: null, quick: '', stateKey: '', sentAt: 0, track: null }));
    return w;
  }

  private drop(w: Watch): void {
    if (!w.sockets.size && !w.waiters.size) this.watches.delete(w.ticketId);
  }

  /** A page's socket: gets the current view at once, then every change. */
  addSocket(ticketId: string, ws: WebSocket, first: TrackView): void {
    const w = this.watch(ticketId);
    w.sockets.add(ws);
    w.last ??= first;
    ws.send(JSON.stringify(first));
    const bye = () => {
      w.sockets.delete(ws);
      this.drop(w);
    };
    ws.on('close', bye);
    ws.on('error', bye);
  }

  /** Long-poll: resolves with the next view whose rev differs from `rev`, or null after `ms`. */
  nextView(ticketId: string, rev: number, current: TrackView, ms: number): Promise<TrackView | null> {
    if (current.rev !== rev) return Promise.resolve(current);
    const w = this.watch(ticketId);
    w.last ??= current;
    return new Promise((resolve) => {
      const done = (v: TrackView | null) => {
        clearTimeout(t);
        w.waiters.delete(onView);
        this.drop(w);
        resolve(v);
      };
      const onView = (v: TrackView) => done(v);
      const t = setTimeout(() => done(null), ms);
      w.waiters.add(onView);
    });
  }

  /** Something changed: evaluate soon (at most once per intervalMs). `full`: re-read cases and ratings too. */
  kick(full = false): void {
    if (this.closed) return;
    if (full) this.full = true;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastRun + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, wait);
  }

  /** One evaluation (exposed for tests). Slices yield to the event loop between them. */
  async run(): Promise<void> {
    if (this.running || this.closed) return;
    this.running = true;
    this.again = false;
    const full = this.full;
    this.full = false;
    this.lastRun = this.now();
    this.stats.runs++;
    try {
      const today = serviceDay(new Date(this.now()), this.ctx.engine.timeZone);
      const phones = this.sql.phones.all(today) as TicketTrackRow[];
      if (!this.watches.size && !phones.length) return;
      const positions = this.positions();
      const ahead = (t: TrackTicketRow) => countBelow(positions.get(t.category), t.queue_pos);
      const slice = this.opts.slice ?? 100;
      const ids = [...this.watches.keys()];
      for (let i = 0; i < ids.length; i += slice) {
        const rows = this.sql.tickets.all(JSON.stringify(ids.slice(i, i + slice))) as TrackTicketRow[];
        for (const t of rows) this.evaluate(t, ahead, full);
        if (i + slice < ids.length) await new Promise((r) => setImmediate(r));
        if (this.closed) return;
      }
      if (phones.length) this.notify(phones, ahead);
    } finally {
      this.running = false;
      if (this.again) this.kick();
    }
  }

  private positions(): Map<string, number[]> {
    const m = new Map<string, number[]>();
    for (const r of this.sql.positions.iterate() as Iterable<{ category: string; queue_pos: number }>) {
      let a = m.get(r.category);
      if (!a) m.set(r.category, (a = []));
      a.push(r.queue_pos);
    }
    return m;
  }

  private evaluate(t: TrackTicketRow, ahead: (t: TrackTicketRow) => number, full: boolean): void {
    const w = this.watches.get(t.id);
    if (!w) return;
    const state = stateOf(t);
    const n = state === 'waiting' ? ahead(t) : 0;
    const stateKey = `${state}|${t.window_no}|${t.called_at}`;
    const quick = `${stateKey}|${n}`;
    // Nothing the page shows can have moved (a served ticket's case or rating: only on full runs).
    if (quick === w.quick && (!full || state === 'waiting' || state === 'called')) return;
    // Only "ahead" moved: at most every aheadEveryMs per page (the idle tick delivers the rest).
    const now = this.now();
    if (w.last && state === 'waiting' && stateKey === w.stateKey && now - w.sentAt < this.aheadEveryMs) return;
    w.track ??= this.svc.trackOf(t.id) ?? null;
    if (!w.track) return;
    const v = withRev(this.svc.view(w.track, t, n));
    if (w.last && w.last.rev === v.rev) {
      w.quick = quick;
      return;
    }
    const minor =
      !!w.last &&
      w.last.state === v.state &&
      w.last.windowNo === v.windowNo &&
      w.last.cases.length === v.cases.length &&
      w.last.rating.rated === v.rating.rated;
    if (minor && now - w.sentAt < this.aheadEveryMs) return;
    w.quick = quick;
    w.stateKey = stateKey;
    w.last = v;
    // A jittered next slot for "ahead"-only updates: pages opened together must not all fall due
    // in the same evaluation (a burst of 2,000 sends stalls call-next behind it).
    w.sentAt = minor || !w.sentAt ? now + Math.random() * this.aheadEveryMs : now;
    const msg = JSON.stringify(v);
    for (const ws of w.sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      ws.send(msg);
      this.stats.pushed++;
    }
    for (const f of [...w.waiters]) f(v);
  }

  /** A phone number was left or changed: the next view shows its masked form. */
  refreshTrack(ticketId: string): void {
    const w = this.watches.get(ticketId);
    if (w) {
      w.track = null;
      w.quick = '';
      w.stateKey = '';
    }
    this.kick();
  }

  private notify(phones: TicketTrackRow[], ahead: (t: TrackTicketRow) => number): void {
    const n = readTrackSettings(this.ctx.store).notifyAhead;
    const now = this.now();
    for (const p of phones) {
      const t = this.svc.ticket(p.ticket_id);
      if (!t) continue;
      const state = stateOf(t);
      if (state === 'called' && p.sms_called_at == null) {
        const windowNo = String(t.window_no ?? '');
        if (this.sql.markCalled.run(now, now, t.id).changes)
          this.send(p, 'called', { number: t.number, windowNo }, `【${this.ctx.engine.hallName()}】请 ${t.number} 号到 ${windowNo} 号窗口办理。`, true, true);
      } else if (state === 'waiting' && p.sms_ahead_at == null) {
        const k = ahead(t);
        if (k <= n && this.sql.markAhead.run(now, t.id).changes) {
          this.send(
            p,
            'ahead',
            { number: t.number, ahead: String(k) },
            `【${this.ctx.engine.hallName()}】您的 ${t.number} 号前面还有 ${k} 人，请回到大厅留意叫号。`,
            true,
            false,
          );
        }
      }
    }
  }

  /** Sent after marking (at most once); a failed send is unmarked and tried at the next evaluation. The number is never logged. */
  private send(p: TicketTrackRow, template: 'ahead' | 'called', params: Record<string, string>, text: string, ahead: boolean, called: boolean): void {
    let to: string;
    try {
      to = this.vault.open(p.phone_enc!);
    } catch {
      this.opts.warn?.({ ticketId: p.ticket_id }, 'sms: stored phone number cannot be decrypted');
      return;
    }
    this.sms.send({ to, template, params, text }).then(
      () => void this.stats.sms++,
      (err: unknown) => {
        this.stats.smsFailed++;
        this.sql.unmark.run(template === 'ahead' && ahead ? 1 : 0, template === 'called' && called ? 1 : 0, p.ticket_id);
        this.opts.warn?.(
          { ticketId: p.ticket_id, template, sender: this.sms.name, err: err instanceof Error ? err.message : String(err) },
          'sms: send failed, will retry',
        );
      },
    );
  }

  close(): void {
    this.closed = true;
    clearInterval(this.idle);
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watches.values()) {
      for (const ws of w.sockets) ws.close(1001, 'server closing');
      for (const f of w.waiters) f(w.last!);
    }
    this.watches.clear();
  }
}

/** How many of the sorted positions are below `pos`. */
function countBelow(sorted: number[] | undefined, pos: number): number {
  if (!sorted) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
