// The window's view of the shared queue. The hall server owns the queue; this service calls
// it for this window only, follows its event stream and tells the UIs when to re-fetch.
//
// 叫下一位 and an online walk-in are checked here against the counter's one rule
// (domain/queue/counterActions) before the hall is asked: the hall would end a ticket that is only
// 'called' as served, and any client of the core (not just the counter's own buttons) could skip a
// citizen who has not yet come to the window.
import { v7 as uuidv7 } from 'uuid';
import WebSocket from 'ws';
import type { HallClient } from '../../../domain/api/hallClient';
import { followHallEvents } from '../../../domain/api/hallEvents';
import { windowViewSchema, type QueueSnapshot, type Ticket, type WindowView } from '../../../domain/api/hall';
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

export class QueueService {
  private snapshot: QueueSnapshot | null = null;
  /** The newest version a signal announced: a cached snapshot older than it is stale. */
  private latest = 0;
  private follower: { stop(): void } | null = null;
  private online = false;

  constructor(
    private readonly hall: HallClient,
    private readonly windowNo: number,
    private readonly events: { onChange(version: number): void; onConnection(online: boolean): void },
  ) {}

  start(): void {
    this.follower = followHallEvents({
      baseUrl: this.hall.baseUrl,
      token: () => this.hall.token,
      createSocket: (url) => new WebSocket(url) as unknown as import('../../../domain/api/hallEvents').SocketLike,
      onSignal: (sig) => {
        this.latest = Math.max(this.latest, sig.version);
        this.snapshot = null;
        this.events.onChange(sig.version);
      },
      onConnection: (c) => {
        this.online = c;
        this.events.onConnection(c);
      },
      poll: async (since) => {
        const r = await this.hall.request<{ version: number }>('GET', `/api/events/poll?since=${since}`);
        return r?.version ?? null;
      },
    });
  }

  stop(): void {
    this.follower?.stop();
  }

  async hallSnapshot(): Promise<QueueSnapshot | null> {
    if (!this.hall.token) return null;
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
    if (!snap) return { online: false, version: 0, window: null, categories: [], current: null, hallName: '' };
    const window = snap.windows.find((w) => w.no === this.windowNo) ?? null;
    const mine = new Set(window?.categories.map((c) => c.category) ?? []);
    return {
      online: this.online || Boolean(snap),
      version: snap.version,
      window,
      categories: snap.categories.filter((c) => mine.has(c.code)),
      current: window?.current ?? null,
      hallName: snap.hall.name,
      timeZone: snap.hall.timeZone,
    };
  }

  /**
   * Refuses `action` when the rule forbids it for this window's state, read fresh from the hall
   * (GET /api/windows/:no: the engine's live view, not the snapshot, which may lag a signal). When
   * the hall cannot be read the call goes ahead: it fails as unreachable itself (walk-in then
   * issues a local ticket, which the rule allows offline).
   */
  private async assertAllowed(action: CounterAction): Promise<void> {
    let w: WindowView | null;
    try {
      w = await this.hall.request('GET', `/api/windows/${this.windowNo}`, undefined, windowViewSchema);
    } catch {
      return;
    }
    if (!w) return;
    const reason = counterActions({ ticket: w.current?.status ?? null, window: w.status, online: true }).why[action];
    if (reason) throw new CodedError(QUEUE_BLOCK_CODES[reason], COUNTER_BLOCK_ZH[reason], 409, { action, reason, ticket: w.current?.number ?? null });
  }

  async callNext(category?: string, requestId?: string): Promise<Ticket | null> {
    await this.assertAllowed('callNext');
    const t = await this.hall.callNext(this.windowNo, { category, requestId: requestId ?? uuidv7() });
    this.snapshot = null;
    return t;
  }

  async act(action: 'recall' | 'no-show' | 'start' | 'finish' | 'pause' | 'resume' | 'transfer' | 'suspend' | 'walk-in', body: Record<string, unknown>): Promise<Ticket | WindowView> {
    // The hall refuses the other actions itself when the ticket is not in the right state.
    if (action === 'walk-in') await this.assertAllowed('walkIn');
    const r = await this.hall.windowAction<{ ticket?: Ticket; window?: WindowView }>(this.windowNo, action, { requestId: uuidv7(), ...body });
    this.snapshot = null;
    const out = r?.ticket ?? r?.window;
    if (!out) throw new CodedError('HALL_BAD_RESPONSE', '大厅服务器返回内容不完整', 502);
    return out;
  }
}
