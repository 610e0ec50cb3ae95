// The window's view of the shared queue. The hall server owns the queue; this service calls
// it for this window only, follows its event stream and tells the UIs when to re-fetch.
import { v7 as uuidv7 } from 'uuid';
import WebSocket from 'ws';
import type { HallClient } from '../../../domain/api/hallClient';
import { followHallEvents } from '../../../domain/api/hallEvents';
import type { QueueSnapshot, Ticket, WindowView } from '../../../domain/api/hall';
import type { QueueView } from '../../../domain/contract/core';
import { CodedError } from '../../../domain/api/errors';

export class QueueService {
  private snapshot: QueueSnapshot | null = null;
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
    if (!this.snapshot) this.snapshot = await this.hall.queue();
    return this.snapshot;
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
    };
  }

  async callNext(category?: string, requestId?: string): Promise<Ticket | null> {
    const t = await this.hall.callNext(this.windowNo, { category, requestId: requestId ?? uuidv7() });
    this.snapshot = null;
    return t;
  }

  async act(action: 'recall' | 'no-show' | 'start' | 'finish' | 'pause' | 'resume' | 'transfer' | 'suspend' | 'walk-in', body: Record<string, unknown>): Promise<Ticket | WindowView> {
    const r = await this.hall.windowAction<{ ticket?: Ticket; window?: WindowView }>(this.windowNo, action, { requestId: uuidv7(), ...body });
    this.snapshot = null;
    const out = r?.ticket ?? r?.window;
    if (!out) throw new CodedError('HALL_BAD_RESPONSE', '大厅服务器返回内容不完整', 502);
    return out;
  }
}
