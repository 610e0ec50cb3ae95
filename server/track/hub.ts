// Live updates for tracking pages and the SMS reminders, in one loop, off the request path: a
// queue change only kicks an evaluation (at most once per `intervalMs`, and every `idleMs`
// anyway: a case accepted at a counter arrives by sync, not by a queue signal).
//
// What an evaluation costs does not grow with the pages' "ahead" changing. The event log says
// which tickets and categories changed since the last one; only watched tickets among those are
// read again, and a page gets its whole view only when its own ticket changed (called, window,
// served, case, rating). "Ahead" moves by per-category `line` messages: which places left or
// joined the line since the last one, serialised ONCE and sent as the same bytes to every page
// waiting in that category, at most every `lineEveryMs` (2 s) per category (jittered, so
// categories fall due apart), 10 sockets per event-loop turn. The page applies them to
// the place its view told it (domain/queue/trackLine.ts). Long-poll waiters (few: the fallback)
// still get whole views. An SMS goes once when N or fewer are ahead, and once when called.
import type { WebSocket } from 'ws';
import type { HallContext } from '../context';
import type { TicketTrackRow } from '../db/schema';
import type { TrackLine, TrackView } from '../../domain/api/track';
import type { SmsSender } from '../notify/sms';
import { serviceDay } from '../../domain/queue/numbering';
import { countBelow, missingFrom } from '../../domain/queue/trackLine';
import type { PhoneVault } from './phoneVault';
import { stateOf, withRev, type TrackService, type TrackTicketRow } from './service';
import { readTrackSettings } from './settings';
import { hallPadReasons } from '../ratings/reasonLists';
import { WaitingPlaces } from './waitingPlaces';

interface Watch {
  ticketId: string;
  sockets: Set<WebSocket>;
  /** Long-poll waiters and the rev each one already has. */
  waiters: Map<(v: TrackView | null) => void, number>;
  /** The last whole view the sockets got, and what it was built from (state|window|calledAt|category|pos). */
  last: TrackView | null;
  key: string;
  track: TicketTrackRow | null;
  /** The category line whose messages this page follows (while waiting), or null. */
  line: string | null;
  /** After service: what its cases and rating looked like at the last full run (see `afterService`). */
  after?: string;
}

/** A category's line as the pages were last told it: `sent` is the sorted waiting places at `seq`. */
interface Line {
  category: string;
  seq: number;
  sent: number[];
  watches: Set<Watch>;
  dirty: boolean;
  dueAt: number;
}

export interface TrackHubOptions {
  intervalMs?: number;
  /** A category's line message goes at most this often (a call, a case, a rating reach the page at once). */
  lineEveryMs?: number;
  idleMs?: number;
  /** Tickets read, and sockets written, per event-loop turn. */
  slice?: number;
  now?: () => number;
  warn?: (obj: Record<string, unknown>, msg: string) => void;
}

/** More events than this since the last evaluation: read every watched ticket again instead. */
const MAX_EVENTS = 5000;

export class TrackHub {
  private readonly watches = new Map<string, Watch>();
  private readonly lines = new Map<string, Line>();
  private timer: NodeJS.Timeout | null = null;
  private later: NodeJS.Timeout | null = null;
  private readonly idle: NodeJS.Timeout;
  private running = false;
  private again = false;
  private closed = false;
  private lastRun = 0;
  /** The next evaluation also re-reads cases and ratings of served tickets and re-checks every line (idle tick, rating). */
  private full = true;
  /** The event log's seq up to which changes have been looked at. */
  private seenSeq: number;
  /** Tickets to read again whatever the log says (a phone number left). */
  private readonly forced = new Set<string>();
  readonly intervalMs: number;
  private readonly lineEveryMs: number;
  /** Messages pushed to pages (whole views, line messages), evaluations run, SMS (for the bench and tests). */
  stats = { pushed: 0, views: 0, lineMessages: 0, runs: 0, sms: 0, smsFailed: 0 };
  private readonly sql;
  /** Each followed category's waiting places, kept from the event log (not re-read per evaluation). */
  private readonly places: WaitingPlaces;

  constructor(
    private readonly ctx: HallContext,
    private readonly svc: TrackService,
    private readonly vault: PhoneVault,
    private readonly sms: SmsSender,
    private readonly opts: TrackHubOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 250;
    this.lineEveryMs = opts.lineEveryMs ?? 2000;
    const { store } = ctx;
    this.sql = {
      line: store.raw.prepare(`SELECT id, queue_pos FROM tickets WHERE status = 'waiting' AND category = ?`),
      placeOf: store.raw.prepare(`SELECT id, category, status, queue_pos FROM tickets WHERE id IN (SELECT value FROM json_each(?))`),
      changes: store.raw.prepare('SELECT seq, type, ticket_id, category FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      maxSeq: store.raw.prepare('SELECT MAX(seq) FROM events').pluck(),
      phones: store.raw.prepare(`SELECT * FROM ticket_tracks WHERE day = ? AND phone_enc IS NOT NULL AND (sms_ahead_at IS NULL OR sms_called_at IS NULL)`),
      markAhead: store.raw.prepare('UPDATE ticket_tracks SET sms_ahead_at = ? WHERE ticket_id = ? AND sms_ahead_at IS NULL'),
      markCalled: store.raw.prepare(
        'UPDATE ticket_tracks SET sms_called_at = ?, sms_ahead_at = COALESCE(sms_ahead_at, ?) WHERE ticket_id = ? AND sms_called_at IS NULL',
      ),
      // One read per slice of tickets instead of one per page.
      tickets: store.raw.prepare(
        `SELECT id, number, category, status, queue_pos, window_no, clerk_work_no, called_at, outcome, issued_at FROM tickets WHERE id IN (SELECT value FROM json_each(?))`,
      ),
      // What a served ticket's view shows beyond its own row, as one comparable string per ticket:
      // each case by version and update time (a case waiting to be projected again marked '*'),
      // and how many ratings it has (and, in afterServiceChanged, the hall's reason list version). A full run rebuilds a view only when this changed: building
      // every served page's view every 2 s cost more than everything else the hub does.
      afterService: store.raw.prepare(
        `SELECT j.value AS id,
           (SELECT COUNT(*) FROM ratings r WHERE r.ticket_id = j.value) AS ratings,
           (SELECT group_concat(cl.case_id || '@' || IFNULL(sc.last_version, '-') || '.' || IFNULL(sc.updated_at, '-') ||
                   CASE WHEN EXISTS (SELECT 1 FROM sync_dirty d WHERE d.case_id = cl.case_id) THEN '*' ELSE '' END, ',')
              FROM case_links cl LEFT JOIN sync_cases sc ON sc.case_id = cl.case_id WHERE cl.ticket_id = j.value) AS cases
         FROM json_each(?) j`,
      ),
      unmark: store.raw.prepare(
        'UPDATE ticket_tracks SET sms_ahead_at = CASE WHEN ? THEN NULL ELSE sms_ahead_at END, sms_called_at = CASE WHEN ? THEN NULL ELSE sms_called_at END WHERE ticket_id = ?',
      ),
    };
    this.seenSeq = (this.sql.maxSeq.get() as number | null) ?? 0;
    const sql = this.sql;
    this.places = new WaitingPlaces({
      line: (category) => sql.line.all(category) as { id: string; queue_pos: number }[],
      tickets: (ids) => sql.placeOf.all(JSON.stringify(ids)) as { id: string; category: string; status: string; queue_pos: number }[],
    });
    ctx.engine.onSignal(() => this.kick());
    this.idle = setInterval(() => this.kick(true), opts.idleMs ?? 2000);
    this.idle.unref();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Whole lines read, and tickets read again, to keep the lines' places (waitingPlaces.ts). */
  get placeReads(): { lines: number; tickets: number } {
    return { ...this.places.stats };
  }

  get subscribers(): number {
    let n = 0;
    for (const w of this.watches.values()) n += w.sockets.size + w.waiters.size;
    return n;
  }

  private watch(ticketId: string): Watch {
    let w = this.watches.get(ticketId);
    if (!w) this.watches.set(ticketId, (w = { ticketId, sockets: new Set(), waiters: new Map(), last: null, key: '', track: null, line: null }));
    return w;
  }

  private drop(w: Watch): void {
    if (w.sockets.size || w.waiters.size) return;
    this.follow(w, null);
    this.watches.delete(w.ticketId);
  }

  /** Moves a page to the line of `category` (null: none). */
  private follow(w: Watch, category: string | null): void {
    if (w.line === category) return;
    if (w.line) this.lines.get(w.line)?.watches.delete(w);
    w.line = category;
    if (category) this.lineOf(category).watches.add(w);
  }

  /** A category's line, made from the database the first time a page needs it. */
  private lineOf(category: string): Line {
    let l = this.lines.get(category);
    if (!l) {
      const sent = this.places.of(category).slice();
      this.lines.set(category, (l = { category, seq: 0, sent, watches: new Set(), dirty: false, dueAt: 0 }));
    }
    return l;
  }

  /** A page's socket: gets its whole view at once, then every change. */
  addSocket(track: TicketTrackRow, t: TrackTicketRow, ws: WebSocket): void {
    const w = this.watch(t.id);
    w.track = track;
    w.sockets.add(ws);
    const { key, view } = this.socketView(w, t);
    ws.send(JSON.stringify(view));
    this.stats.views++;
    if (!w.last || w.last.rev !== view.rev) {
      // The ticket's other pages (the same QR scanned twice) get it too.
      const msg = JSON.stringify(view);
      for (const other of w.sockets) if (other !== ws && other.readyState === other.OPEN) other.send(msg);
    }
    w.last = view;
    w.key = key;
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
    return new Promise((resolve) => {
      const done = (v: TrackView | null) => {
        clearTimeout(t);
        w.waiters.delete(onView);
        this.drop(w);
        resolve(v);
      };
      const onView = (v: TrackView | null) => done(v);
      const t = setTimeout(() => done(null), ms);
      w.waiters.set(onView, rev);
    });
  }

  /** Something changed: evaluate soon (at most once per intervalMs). `full`: re-read cases, ratings and every line too. */
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

  /** One evaluation (exposed for tests). Reads and sends are sliced; the event loop runs between slices. */
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
      const { ids, categories } = this.changes();
      if (!this.watches.size && !phones.length) {
        this.places.clear();
        return;
      }
      for (const l of this.lines.values()) if (full || categories === 'all' || categories.has(l.category)) l.dirty = true;

      // Watched tickets that changed (or, on a full run, served tickets whose cases or rating changed).
      const after = full ? await this.afterServiceChanged() : new Set<string>();
      if (this.closed) return;
      const reread: string[] = [];
      for (const w of this.watches.values()) {
        if (ids === 'all' || ids.has(w.ticketId) || this.forced.has(w.ticketId) || after.has(w.ticketId) || w.waiters.size) reread.push(w.ticketId);
      }
      this.forced.clear();
      const positions = (category: string) => this.places.of(category);
      const slice = this.opts.slice ?? 25;
      for (let i = 0; i < reread.length; i += slice) {
        const rows = this.sql.tickets.all(JSON.stringify(reread.slice(i, i + slice))) as TrackTicketRow[];
        for (const t of rows) this.update(t, after.has(t.id), positions);
        if (i + slice < reread.length) await new Promise((r) => setImmediate(r));
        if (this.closed) return;
      }
      await this.broadcastLines(positions);
      if (this.closed) return;
      if (phones.length) this.notify(phones, (t) => countBelow(positions(t.category), t.queue_pos));
    } finally {
      this.running = false;
      if (this.again) this.kick();
      else this.wakeForLines();
    }
  }

  /** What the event log says changed since the last evaluation: ticket ids and categories (or everything). */
  private changes(): { ids: Set<string> | 'all'; categories: Set<string> | 'all' } {
    const rows = this.sql.changes.all(this.seenSeq, MAX_EVENTS) as { seq: number; type: string; ticket_id: string | null; category: string | null }[];
    if (rows.length) this.seenSeq = rows.at(-1)!.seq;
    // The day's reset ends tickets without naming them.
    const reset = rows.some((r) => r.type === 'dayReset');
    // Too long to follow, or the reset: the kept lines are read whole again.
    if (rows.length >= MAX_EVENTS || reset) this.places.clear();
    else this.places.apply(rows);
    if (rows.length >= MAX_EVENTS) {
      this.seenSeq = (this.sql.maxSeq.get() as number | null) ?? this.seenSeq;
      return { ids: 'all', categories: 'all' };
    }
    const ids = new Set<string>();
    let categories: Set<string> | 'all' = new Set<string>();
    for (const r of rows) {
      if (r.ticket_id) ids.add(r.ticket_id);
      // A change that names no category (a window opened or closed, rules, the day's reset) may move any line or estimate.
      if (categories !== 'all') {
        if (r.category) categories.add(r.category);
        else categories = 'all';
      }
    }
    return { ids: reset ? 'all' : ids, categories };
  }

  /** Served (or otherwise ended) tickets with open pages whose cases or rating changed since the last full run. */
  private async afterServiceChanged(): Promise<Set<string>> {
    const ended = [...this.watches.values()].filter((w) => w.sockets.size && w.last && w.last.state !== 'waiting' && w.last.state !== 'called');
    const changed = new Set<string>();
    // The rating offer follows the hall's reason list (the city may send a new one): its version is part of every answer.
    const reasons = hallPadReasons(this.ctx.store).version;
    const slice = 8 * (this.opts.slice ?? 25);
    for (let i = 0; i < ended.length; i += slice) {
      const part = ended.slice(i, i + slice);
      const rows = this.sql.afterService.all(JSON.stringify(part.map((w) => w.ticketId))) as { id: string; ratings: number; cases: string | null }[];
      const sig = new Map(rows.map((r) => [r.id, `${reasons}|${r.ratings}|${r.cases ?? ''}`]));
      for (const w of part) {
        const now = sig.get(w.ticketId) ?? '';
        if (w.after !== now) changed.add(w.ticketId);
        w.after = now;
      }
      if (i + slice < ended.length) await new Promise((r) => setImmediate(r));
    }
    return changed;
  }

  /** A watched ticket was read again: its pages get a whole view if what they show changed (`after`: its cases or rating did); waiters too. */
  private update(t: TrackTicketRow, after: boolean, positions: (category: string) => readonly number[]): void {
    const w = this.watches.get(t.id);
    if (!w) return;
    if (w.sockets.size) {
      const key = keyOf(t);
      if (key !== w.key || !w.track || after) {
        const { view } = this.socketView(w, t);
        w.key = key;
        if (!w.last || w.last.rev !== view.rev) {
          w.last = view;
          this.send(w, JSON.stringify(view));
          this.stats.views++;
        }
      }
    }
    if (w.waiters.size && w.track) {
      const state = stateOf(t);
      const v = withRev(this.svc.view(w.track, t, state === 'waiting' ? countBelow(positions(t.category), t.queue_pos) : 0));
      for (const [f, rev] of [...w.waiters]) if (rev !== v.rev) f(v);
    }
  }

  /** The whole view for the WebSocket: "ahead" counted on the line as its pages know it, stamped with the line's seq. */
  private socketView(w: Watch, t: TrackTicketRow): { key: string; view: TrackView } {
    w.track ??= this.svc.trackOf(t.id) ?? null;
    const state = stateOf(t);
    let view: TrackView;
    if (state === 'waiting' && t.status === 'waiting') {
      this.follow(w, t.category);
      const l = this.lineOf(t.category);
      view = withRev(this.svc.view(w.track!, t, countBelow(l.sent, t.queue_pos), { seq: l.seq, pos: t.queue_pos }));
    } else {
      this.follow(w, null);
      view = withRev(this.svc.view(w.track!, t));
    }
    return { key: keyOf(t), view };
  }

  private send(w: Watch, msg: string | Buffer): void {
    for (const ws of w.sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      ws.send(msg, { binary: false });
      this.stats.pushed++;
    }
  }

  /** Lines that changed and are due: one message each, the same bytes to every page in the line, in slices. */
  private async broadcastLines(positions: (category: string) => readonly number[]): Promise<void> {
    const now = this.now();
    const out: [Buffer, Watch[]][] = [];
    for (const l of this.lines.values()) {
      if (!l.watches.size) {
        this.lines.delete(l.category);
        continue;
      }
      if (!l.dirty || now < l.dueAt) continue;
      l.dirty = false;
      const cur = positions(l.category);
      const gone = missingFrom(l.sent, cur);
      const joined = missingFrom(cur, l.sent);
      if (!gone.length && !joined.length) continue;
      l.seq++;
      l.sent = cur.slice();
      // Jittered, so lines that changed together fall due apart next time.
      l.dueAt = now + this.lineEveryMs * (0.75 + Math.random() / 2);
      const cat = this.ctx.engine.categories().get(l.category);
      const msg: TrackLine = {
        t: 'line',
        category: l.category,
        seq: l.seq,
        out: gone,
        in: joined,
        avgServiceMinutes: cat?.avg_service_minutes ?? 0,
        servingWindows: this.ctx.engine.servingWindows(l.category),
      };
      out.push([Buffer.from(JSON.stringify(msg)), [...l.watches]]);
      this.stats.lineMessages++;
    }
    // Smaller than the read slices: on a busy host a slice preempted half way holds call-next behind it.
    const slice = Math.max(1, Math.floor((this.opts.slice ?? 40) / 4));
    let n = 0;
    for (const [buf, watches] of out) {
      for (const w of watches) {
        this.send(w, buf);
        if (++n % slice === 0) {
          await new Promise((r) => setImmediate(r));
          if (this.closed) return;
        }
      }
    }
  }

  /** A line changed but was not due yet: evaluate again when the first one falls due. */
  private wakeForLines(): void {
    if (this.closed || this.later) return;
    let due = Infinity;
    for (const l of this.lines.values()) if (l.dirty && l.watches.size) due = Math.min(due, l.dueAt);
    if (due === Infinity) return;
    this.later = setTimeout(
      () => {
        this.later = null;
        this.kick();
      },
      Math.max(0, due - this.now()),
    );
  }

  /** A phone number was left or changed: the next view shows its masked form. */
  refreshTrack(ticketId: string): void {
    const w = this.watches.get(ticketId);
    if (w) {
      w.track = null;
      w.key = '';
    }
    this.forced.add(ticketId);
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
          this.sendSms(
            p,
            'called',
            { number: t.number, windowNo },
            `【${this.ctx.engine.hallName()}】请 ${t.number} 号到 ${windowNo} 号窗口办理。`,
            true,
            true,
          );
      } else if (state === 'waiting' && p.sms_ahead_at == null) {
        const k = ahead(t);
        if (k <= n && this.sql.markAhead.run(now, t.id).changes) {
          this.sendSms(
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
  private sendSms(p: TicketTrackRow, template: 'ahead' | 'called', params: Record<string, string>, text: string, ahead: boolean, called: boolean): void {
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
    if (this.later) clearTimeout(this.later);
    for (const w of this.watches.values()) {
      for (const ws of w.sockets) ws.close(1001, 'server closing');
      for (const f of [...w.waiters.keys()]) f(null);
    }
    this.watches.clear();
    this.lines.clear();
    this.places.clear();
  }
}

/** What a page's whole view is built from, apart from cases and ratings (re-checked on full runs). */
function keyOf(t: TrackTicketRow): string {
  return `${t.status}|${t.outcome}|${t.window_no}|${t.called_at}|${t.category}|${t.status === 'waiting' ? t.queue_pos : ''}`;
}
