// A loopback TCP proxy that injects network faults between a counter and the hall server:
// refuse (down), drop new connections, delay every chunk, duplicate a request (replayed later on
// a fresh connection, so it also arrives out of order), and cut the connection right when the
// server starts answering — i.e. after the server committed, before the counter heard.
import net from 'node:net';

export interface FaultMode {
  /** Refuse every connection (hall unreachable). */
  down?: boolean;
  /** Probability a new connection is dropped at once. */
  drop?: number;
  /** Extra latency per chunk, each direction (ms). */
  delayMs?: number;
  /** Probability a request is replayed to the server a second time. */
  duplicate?: number;
  /** The replay waits up to this long, so it lands after later requests (reordering). */
  reorderMs?: number;
  /** Probability the client connection is cut when the response starts (server already committed). */
  cutOnResponse?: number;
  /** Sees every chunk the client sends (what went over the wire). */
  tap?: (chunk: Buffer) => void;
}

export interface FaultStats {
  connections: number;
  dropped: number;
  duplicated: number;
  cut: number;
}

export class FaultProxy {
  mode: FaultMode = {};
  readonly stats: FaultStats = { connections: 0, dropped: 0, duplicated: 0, cut: 0 };
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private target: number,
    private readonly rand: () => number = Math.random,
  ) {
    this.server = net.createServer((c) => this.onClient(c));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setTarget(port: number): void {
    this.target = port;
  }

  setMode(m: FaultMode): void {
    this.mode = m;
    if (m.down) this.cutAll();
  }

  /** Cut every open connection now. */
  cutAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
  }

  /** Delay a chunk but keep byte order within one direction of one connection (TCP never reorders bytes). */
  private later(lane: { at: number }, fn: () => void): void {
    const d = this.mode.delayMs ?? 0;
    if (d <= 0 && lane.at <= Date.now()) return fn();
    lane.at = Math.max(Date.now() + d * (0.5 + this.rand()), lane.at);
    setTimeout(fn, lane.at - Date.now());
  }

  private onClient(client: net.Socket): void {
    this.stats.connections++;
    this.track(client);
    if (this.mode.down || this.rand() < (this.mode.drop ?? 0)) {
      this.stats.dropped++;
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target, '127.0.0.1');
    this.track(upstream);
    let request: Buffer[] = [];
    const up = { at: 0 };
    const down = { at: 0 };
    let awaitingResponse = false;
    client.on('data', (chunk) => {
      this.mode.tap?.(chunk);
      request.push(chunk);
      awaitingResponse = true;
      this.later(up, () => upstream.writable && upstream.write(chunk));
    });
    upstream.on('data', (chunk) => {
      if (awaitingResponse) {
        awaitingResponse = false;
        const req = Buffer.concat(request);
        request = [];
        if (this.rand() < (this.mode.duplicate ?? 0)) this.replay(req);
        if (this.rand() < (this.mode.cutOnResponse ?? 0)) {
          this.stats.cut++;
          client.destroy();
          upstream.destroy();
          return;
        }
      }
      this.later(down, () => client.writable && client.write(chunk));
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  /** Send the same request bytes again on a fresh connection, later; the answer is thrown away. */
  private replay(req: Buffer): void {
    this.stats.duplicated++;
    setTimeout(
      () => {
        const s = net.connect(this.target, '127.0.0.1', () => s.write(req));
        this.track(s);
        s.on('data', () => undefined);
        setTimeout(() => s.destroy(), 5000).unref();
      },
      this.rand() * (this.mode.reorderMs ?? 0),
    );
  }
}
