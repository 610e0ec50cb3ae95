// The window's view of the shared queue. The hall server owns the queue; this service calls
// it for this window only, follows its event stream and tells the UIs when to re-fetch.
//
// 叫下一位 and an online walk-in are checked here against the counter's one rule
// (domain/queue/counterActions) before the hall is asked: the hall would end a ticket that is only
// 'called' as served, and any client of the core (not just the counter's own buttons) could skip a
// citizen who has not yet come to the window.
import { v7 as uuidv7 } from 'uuid';
import WebSocket from 'ws';
import { HallClient, HallUnreachableError, type HallClientOptions } from '../../../domain/api/hallClient';
import { DEFAULT_HALL_TIME_ZONE } from '../../../domain/calendar/hallTime';
import { followHallEvents } from '../../../domain/api/hallEvents';
import { type QueueSnapshot, type Ticket, type WindowView } from '../../../domain/api/hall';
import type { TicketTrack } from '../../../domain/api/track';
import type { QueueView } from '../../../domain/contract/core';
import { CodedError } from '../../../domain/api/errors';
import { COUNTER_BLOCK_ZH, counterActions, type CounterAction, type CounterBlock } from '../../../domain/queue/counterActions';

/** The core's error code for each reason the rule gives (message: COUNTER_BLOCK_ZH, details: { action, reason, ticket }). */
export const QUEUE_BLOCK_CODES: Record<CounterBlock, string> = {
  offline: 'QUEUE_OFFLINE',
  paused: 'QUEUE_WINDOW_PAUSED',
  notPaused: 'QUEUE_WINDOW_NOT_PAUSED',
  notArrived: 'QUEUE_NOT_ARRIVED',
  finishFirst: 'QUEUE_FINISH_FIRST',
  notCalled: 'QUEUE_NOT_CALLED',
  notServing: 'QUEUE_NOT_SERVING',
  noCurrent: 'QUEUE_NO_CURRENT',
  handleCurrent: 'QUEUE_HANDLE_CURRENT',
};

/** The counter's action names → the hall contract's window routes. */
const ACTION_ROUTE = {
  recall: 'windows.recall',
  'no-show': 'windows.noShow',
  start: 'windows.start',
  finish: 'windows.finish',
  pause: 'windows.pause',
  resume: 'windows.resume',
  transfer: 'windows.transfer',
  suspend: 'windows.suspend',
  'walk-in': 'windows.walkIn',
  'call-back': 'windows.callBack',
} as const;

export interface Liveness {
  /** Heartbeat period (ms). */
  heartbeatMs: number;
  /** No heartbeat answer for this long = the hall is offline (hung, not only down). */
  deadAfterMs: number;
  /** A request the counter gives up on after this long; the hall is told to refuse it after that too. */
  requestTimeoutMs: number;
}

export class QueueService {
  private snapshot: QueueSnapshot | null = null;
  /** The newest version a signal announced: a cached snapshot older than it is stale. */
  private latest = 0;
  private follower: { stop(): void } | null = null;
  /**
   * Liveness comes from the heartbeat, not from the socket: a frozen hall (SIGSTOP, a hung event
   * loop, a dead switch between) keeps the TCP connection open and the socket never closes.
   */
  private online = false;
  /** The hall's zone as its snapshot last said (hall setting); Asia/Shanghai until then. */
  timeZone = DEFAULT_HALL_TIME_ZONE;
  private lastBeat = 0;
  /** hall clock − counter clock (ms), from the last heartbeat's answer (midpoint of the round trip). */
  private skewMs = 0;
  private beatTimer: ReturnType<typeof setInterval> | null = null;
  private beating = false;
  private readonly beatClient: HallClient;

  constructor(
    private readonly hall: HallClient,
    private readonly windowNo: number,
    private readonly events: {
      onChange(version: number): void;
      onConnection(online: boolean): void;
      onSignal?(type: string): void;
      /** Every heartbeat's answer: the version the hall's reference data is at. */
      onReference?(catalogueVersion: number): void;
    },
    private readonly live: Liveness = { heartbeatMs: 2000, deadAfterMs: 6000, requestTimeoutMs: 5000 },
    /** Opens the event WebSocket (the core's pinned transport for an https hall). */
    private readonly openSocket: (url: string) => WebSocket = (url) => new WebSocket(url),
    /** The pinned fetch for the heartbeat's own client. */
    beatFetch?: HallClientOptions['fetch'],
  ) {
    // Its own client: a heartbeat must not wait behind (or for as long as) a normal request.
    this.beatClient = new HallClient({ baseUrl: hall.baseUrl, fetch: beatFetch, timeoutMs: Math.min(live.deadAfterMs, live.heartbeatMs * 2) });
  }

  /** True while the hall answered a heartbeat within deadAfterMs. */
  get alive(): boolean {
    return this.online;
  }

  /** The hall's clock now, as far as the last heartbeat tells. */
  hallNow(): number {
    return Date.now() + this.skewMs;
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.snapshot = null;
    this.events.onConnection(online);
    // Back online: whatever changed while the hall was away must be re-fetched.
    if (online) this.events.onChange(this.latest);
  }

  private async beat(): Promise<void> {
    if (this.beating) {
      // The previous beat is still out: a hung hall. Judge by the time of the last answer.
      if (Date.now() - this.lastBeat > this.live.deadAfterMs) this.setOnline(false);
      return;
    }
    this.beating = true;
    const t0 = Date.now();
    try {
      const r = await this.beatClient.call('meta.health');
      const t1 = Date.now();
      if (r?.ok) {
        this.lastBeat = t1;
        if (typeof r.now === 'number') this.skewMs = r.now - (t0 + t1) / 2;
        this.setOnline(true);
        if (typeof r.reference === 'number') this.events.onReference?.(r.reference);
      }
    } catch {
      /* judged below */
    } finally {
      this.beating = false;
    }
    if (Date.now() - this.lastBeat > this.live.deadAfterMs) this.setOnline(false);
  }

  start(): void {
    void this.beat();
    this.beatTimer = setInterval(() => void this.beat(), this.live.heartbeatMs);
    this.beatTimer.unref?.();
    this.follower = followHallEvents({
      baseUrl: this.hall.baseUrl,
      token: () => this.hall.token,
      createSocket: (url) => this.openSocket(url) as unknown as import('../../../domain/api/hallEvents').SocketLike,
      onSignal: (sig) => {
        this.latest = Math.max(this.latest, sig.version);
        this.snapshot = null;
        this.events.onChange(sig.version);
        this.events.onSignal?.(sig.type);
      },
      // The socket says only when to re-fetch; a reconnect is also a good moment to beat now.
      onConnection: (c) => {
        if (c) void this.beat();
      },
      poll: async (since) => {
        const r = await this.hall.call('events.poll', { query: { since } });
        return r.version;
      },
    });
  }

  stop(): void {
    this.follower?.stop();
    if (this.beatTimer) clearInterval(this.beatTimer);
    this.beatTimer = null;
  }

  /** Fails at once while the heartbeat says the hall is away (no 8-second hang per button). */
  private requireAlive(): void {
    if (!this.online) throw new HallUnreachableError('heartbeat: hall not answering');
  }

  /** Body fields every window action carries: a request id and the hall time after which it is void. */
  private envelope(requestId?: string): { requestId: string; notAfter: number } {
    return { requestId: requestId ?? uuidv7(), notAfter: Math.round(this.hallNow() + this.live.requestTimeoutMs) };
  }

  async hallSnapshot(): Promise<QueueSnapshot | null> {
    if (!this.hall.token || !this.online) return null;
    if (this.snapshot && this.snapshot.version >= this.latest) return this.snapshot;
    // A fetch that a newer signal overtook would otherwise be cached after the signal cleared
    // the cache, and the counter would show the old state until the next change in the hall.
    const snap = await this.hall.queue();
    if (snap && snap.version >= this.latest) this.snapshot = snap;
    return snap;
  }

  async view(): Promise<QueueView> {
    let snap: QueueSnapshot | null = null;
    try {
      snap = await this.hallSnapshot();
    } catch {
      snap = null;
    }
    if (!snap) return { online: false, version: 0, window: null, categories: [], current: null, hallName: '', suspended: [], timeZone: this.timeZone };
    const window = snap.windows.find((w) => w.no === this.windowNo) ?? null;
    const mine = new Set(window?.categories.map((c) => c.category) ?? []);
    if (snap.hall.timeZone) this.timeZone = snap.hall.timeZone;
    return {
      online: this.online,
      version: snap.version,
      window,
      categories: snap.categories.filter((c) => mine.has(c.code)),
      current: window?.current ?? null,
      hallName: snap.hall.name,
      suspended: (snap.suspended ?? []).filter((t) => t.windowNo === this.windowNo),
      timeZone: this.timeZone,
    };
  }

  /**
   * Refuses `action` when the rule forbids it for this window's state, read fresh from the hall
   * (GET /api/windows/:no: the engine's live view, not the snapshot, which may lag a signal). When
   * the hall cannot be read the call goes ahead: it fails as unreachable itself (walk-in then
   * issues a local ticket, which the rule allows offline).
   */
  private async assertAllowed(action: CounterAction, unreachableIsOffline = false): Promise<void> {
    let w: WindowView | null;
    try {
      w = await this.hall.call('windows.get', { params: { windowNo: this.windowNo } });
    } catch (err) {
      // A walk-in must not wait for a second timeout: unreachable now means serve offline now.
      if (unreachableIsOffline && err instanceof CodedError && err.code === 'HALL_UNREACHABLE') throw err;
      return;
    }
    if (!w) return;
    const reason = counterActions({ ticket: w.current?.status ?? null, window: w.status, online: true }).why[action];
    if (reason) throw new CodedError(QUEUE_BLOCK_CODES[reason], COUNTER_BLOCK_ZH[reason], 409, { action, reason, ticket: w.current?.number ?? null });
  }

  async callNext(category?: string, requestId?: string): Promise<Ticket | null> {
    this.requireAlive();
    await this.assertAllowed('callNext');
    const t = await this.hall.call('windows.callNext', { params: { windowNo: this.windowNo }, body: { category, ...this.envelope(requestId) } });
    this.snapshot = null;
    return t?.ticket ?? null;
  }

  /** A ticket's tracking URL and masked phone, from the hall (online only: the token lives there). */
  async track(ticketId: string): Promise<TicketTrack> {
    this.requireAlive();
    return this.hall.call('tickets.track', { params: { id: ticketId } });
  }

  async leavePhone(ticketId: string, phone: string): Promise<{ ok: true; phoneMasked: string }> {
    this.requireAlive();
    return this.hall.call('tickets.phone', { params: { id: ticketId }, body: { phone } });
  }

  async act(action: keyof typeof ACTION_ROUTE, body: Record<string, unknown> & { requestId?: string }): Promise<Ticket | WindowView> {
    this.requireAlive();
    // The hall refuses the other actions itself when the ticket is not in the right state.
    if (action === 'walk-in') await this.assertAllowed('walkIn', true);
    const { requestId, ...rest } = body;
    const r = await this.hall.windowAction(this.windowNo, ACTION_ROUTE[action], { ...rest, ...this.envelope(requestId) } as never);
    this.snapshot = null;
    const out = r.ticket ?? r.window;
    if (!out) throw new CodedError('HALL_BAD_RESPONSE', '大厅服务器返回内容不完整', 502);
    return out;
  }
}
