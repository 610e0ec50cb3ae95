// Follows the hall server's event stream: each message is a signal with a version; on any
// signal (and on every reconnect) the caller re-fetches what it shows. Reconnects with backoff
// and resumes from the last version; falls back to polling while the socket is down.
import type { EventSignal } from './hall';
import { buildRequest } from './hallClient';

export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}

export interface HallEventsOptions {
  baseUrl: string;
  token: () => string | null;
  createSocket: (url: string) => SocketLike;
  onSignal: (signal: EventSignal) => void;
  onConnection?: (connected: boolean) => void;
  /** Fallback poll while disconnected, e.g. (since) => client.call('events.poll', { query: { since } }). */
  poll?: (since: number) => Promise<number | null>;
}

export function followHallEvents(opts: HallEventsOptions): { stop(): void; readonly version: number } {
  let version = 0;
  let socket: SocketLike | null = null;
  let stopped = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;

  const wsUrl = () => {
    const u = opts.baseUrl.replace(/^http/, 'ws').replace(/\/$/, '');
    const token = opts.token();
    return u + buildRequest('events.stream', { query: { since: version, ...(token ? { token } : {}) } }).url;
  };

  const startPolling = () => {
    if (pollTimer || !opts.poll) return;
    pollTimer = setInterval(async () => {
      try {
        const v = await opts.poll!(version);
        if (v !== null && v > version) {
          version = v;
          opts.onSignal({ version: v, type: 'poll' });
        }
      } catch {
        /* still down; the socket retry loop continues */
      }
    }, 3000);
  };
  const stopPolling = () => {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  };

  const connect = () => {
    if (stopped) return;
    let s: SocketLike;
    try {
      s = opts.createSocket(wsUrl());
    } catch {
      scheduleRetry();
      return;
    }
    socket = s;
    s.onopen = () => {
      attempt = 0;
      stopPolling();
      opts.onConnection?.(true);
      // A reconnect may have missed signals: always re-fetch once.
      opts.onSignal({ version, type: 'reconnected' });
    };
    s.onmessage = (ev) => {
      try {
        const sig = JSON.parse(String(ev.data)) as EventSignal;
        if (typeof sig.version === 'number' && sig.version > version) version = sig.version;
        opts.onSignal(sig);
      } catch {
        /* ignore a malformed signal: the next one or the poll catches up */
      }
    };
    s.onerror = () => undefined;
    s.onclose = () => {
      if (socket === s) socket = null;
      opts.onConnection?.(false);
      startPolling();
      scheduleRetry();
    };
  };

  const scheduleRetry = () => {
    if (stopped || retryTimer) return;
    const base = Math.min(30_000, 500 * 2 ** attempt++);
    const delay = base / 2 + Math.random() * (base / 2);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  connect();
  return {
    stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      stopPolling();
      socket?.close();
    },
    get version() {
      return version;
    },
  };
}
