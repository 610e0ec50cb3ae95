// Real-time signals. Every committed queue change has a version (the event row's seq); the hub
// pushes {version, type, at} to every WebSocket. Under load signals are coalesced (at most one
// per `coalesceMs` per socket, always carrying the newest version): a signal only says "re-fetch
// what you show", so nothing is lost by coalescing. Long-poll is the fallback.
import type { WebSocket } from 'ws';
import type { EventSignal } from '../../domain/api/hall';
import { callListeners, type ProblemLog } from '../health/problems';

/** Changes made through engine.adminEvent (catalogue, settings, staff …): rarer than queue events, acted on by type. */
const isAdminType = (t: string) => t.startsWith('admin.') || t === 'settings';

export class EventHub {
  private readonly sockets = new Set<WebSocket>();
  private readonly waiters = new Set<(s: EventSignal) => void>();
  private pending: EventSignal | null = null;
  /**
   * The newest version told to anyone. Snapshots served are at least this new, and the
   * long-poll answers up to it, so what a client hears about it can always fetch.
   */
  announced = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly ping: NodeJS.Timeout;
  private readonly alive = new WeakMap<WebSocket, boolean>();
  /** Whose token opened each socket (staff 工号 or device id), so a revocation can close it. */
  private readonly owners = new WeakMap<WebSocket, string>();
  /** The SHA-256 of the token each socket was opened with: logout or revocation of that token closes it. */
  private readonly tokens = new WeakMap<WebSocket, string>();

  constructor(
    initialVersion: number,
    private readonly coalesceMs = 100,
    private readonly problems?: ProblemLog,
  ) {
    this.announced = initialVersion;
    this.ping = setInterval(() => {
      for (const ws of this.sockets) {
        if (this.alive.get(ws) === false) {
          ws.terminate();
          continue;
        }
        this.alive.set(ws, false);
        ws.ping();
      }
    }, 30_000);
    this.ping.unref();
  }

  get clients(): number {
    return this.sockets.size;
  }

  add(ws: WebSocket, catchUp: EventSignal | null, owner?: string, tokenHash?: string): void {
    this.sockets.add(ws);
    if (owner) this.owners.set(ws, owner);
    if (tokenHash) this.tokens.set(ws, tokenHash);
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => this.sockets.delete(ws));
    if (catchUp) ws.send(JSON.stringify(catchUp));
  }

  /** Closes every socket opened with `owner`'s token (4401: its token was revoked); a reconnect gets 401. */
  closeOwnedBy(owner: string): number {
    let n = 0;
    for (const ws of this.sockets) {
      if (this.owners.get(ws) !== owner) continue;
      this.sockets.delete(ws);
      ws.close(4401, 'revoked');
      n++;
    }
    return n;
  }

  /** Closes the sockets opened with any of these tokens (4401: signed out or revoked). */
  closeTokens(hashes: string[]): number {
    const set = new Set(hashes);
    let n = 0;
    for (const ws of this.sockets) {
      const h = this.tokens.get(ws);
      if (!h || !set.has(h)) continue;
      this.sockets.delete(ws);
      ws.close(4401, 'revoked');
      n++;
    }
    return n;
  }

  signal(s: EventSignal): void {
    // Coalesced: the newest version, but an admin change (catalogue, settings, staff) keeps its type
    // over a queue event that follows it in the same window — listeners act on those types.
    const keep = this.pending && isAdminType(this.pending.type) && !isAdminType(s.type);
    this.pending = keep ? { ...s, type: this.pending!.type } : s;
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.coalesceMs);
  }

  private flush(): void {
    this.timer = null;
    const s = this.pending;
    this.pending = null;
    if (!s) return;
    this.announced = s.version;
    // Runs in a timer: anything thrown here would take the process down, so each call is isolated.
    callListeners(this.waiters, s, this.problems, 'hub.waiter');
    this.waiters.clear();
    const msg = JSON.stringify(s);
    const send = (ws: WebSocket) => {
      if (ws.readyState === ws.OPEN) ws.send(msg);
    };
    callListeners(this.sockets, undefined, this.problems, 'hub.socket', send);
  }

  /** Resolves at the next signal, or null after `ms`. */
  next(ms: number): Promise<EventSignal | null> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiters.delete(done);
        resolve(null);
      }, ms);
      const done = (s: EventSignal) => {
        clearTimeout(t);
        resolve(s);
      };
      this.waiters.add(done);
    });
  }

  close(): void {
    clearInterval(this.ping);
    if (this.timer) clearTimeout(this.timer);
    for (const ws of this.sockets) ws.close(1001, 'server closing');
    for (const w of this.waiters) w({ version: -1, type: 'closing' });
    this.waiters.clear();
  }
}
