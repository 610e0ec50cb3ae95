// The phone pages' link to the hall: plain fetch and one WebSocket per page. Live updates come
// over /api/track/<token>/ws; when the socket drops the page reconnects with exponential backoff
// (1 s … 30 s, jittered), and after repeated socket failures (a proxy that blocks WebSocket,
// WeChat's browser on a bad network) it falls back to the long-poll. The socket sends whole views
// of the ticket and its category's line changes, which domain/queue/trackLine.ts applies to the
// place the last view gave (one message per category instead of one per page). No antd, no zod: this role
// must stay small on a slow connection.
import type { CaseProgress, PhoneRating, TrackStreamMessage, TrackView } from '../../../../domain/api/track';
import { applyTrackMessage } from '../../../../domain/queue/trackLine';

export const TOKEN_RE = /^[A-Za-z0-9_-]{22}$/;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) }, cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (!res.ok) throw new ApiError(res.status, body.code ?? 'error', body.message ?? `HTTP ${res.status}`);
  return body;
}

export const getView = (token: string) => call<TrackView>(`/api/track/${token}`);
export const getCase = (token: string) => call<CaseProgress>(`/api/track/case/${token}`);
export const rateTicket = (token: string, r: PhoneRating) =>
  call<{ duplicate: boolean }>(`/api/track/${token}/rating`, { method: 'POST', body: JSON.stringify(r) });
export const rateCase = (token: string, r: PhoneRating) =>
  call<{ duplicate: boolean }>(`/api/track/case/${token}/rating`, { method: 'POST', body: JSON.stringify(r) });

export interface Live {
  close(): void;
}

/** Follows a ticket: `onView` with every new view, `onState` when the link goes up or down. */
export function follow(token: string, onView: (v: TrackView) => void, onState: (online: boolean) => void, onGone: () => void): Live {
  let closed = false;
  let attempt = 0;
  let wsFailures = 0;
  let ws: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let rev = 0;
  let current: TrackView | null = null;
  const seen = (v: TrackView) => {
    current = v;
    rev = v.rev;
    attempt = 0;
    onState(true);
    onView(v);
  };
  const backoff = () => Math.min(30_000, 1000 * 2 ** attempt++) * (0.5 + Math.random() / 2);
  const retry = (fn: () => void) => {
    if (closed) return;
    onState(false);
    timer = setTimeout(fn, backoff());
  };

  const socket = () => {
    if (closed) return;
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    ws = new WebSocket(`${proto}://${location.host}/api/track/${token}/ws`);
    let opened = false;
    ws.onopen = () => {
      opened = true;
      wsFailures = 0;
    };
    // Whole views of this ticket, and its category's line changes (the page works out "ahead").
    ws.onmessage = (e) => {
      const r = applyTrackMessage(current, JSON.parse(String(e.data)) as TrackStreamMessage);
      // A missed line change: reconnect, the hall answers with a whole view.
      if (r.stale) ws?.close();
      else if (r.view && r.view !== current) seen(r.view);
    };
    ws.onclose = (e) => {
      ws = null;
      if (closed) return;
      if (e.code === 4404) return onGone();
      if (!opened) wsFailures++;
      retry(wsFailures >= 3 ? () => void poll() : socket);
    };
  };

  const poll = async () => {
    if (closed) return;
    try {
      seen(await call<TrackView>(`/api/track/${token}/poll?rev=${rev}&wait=20000`));
      timer = setTimeout(() => void poll(), 0);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return onGone();
      // Every tenth poll failure tries the socket again: the network may have recovered.
      retry(attempt % 10 === 9 ? socket : () => void poll());
    }
  };

  // First paint from a plain GET (also tells a guessed or expired token at once), then live.
  call<TrackView>(`/api/track/${token}`).then(
    (v) => {
      if (closed) return;
      seen(v);
      if (typeof WebSocket === 'function') socket();
      else void poll();
    },
    (e: unknown) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 400)) onGone();
      else if (typeof WebSocket === 'function') retry(socket);
      else retry(() => void poll());
    },
  );
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    },
  };
}

export function newRatingId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `r${Date.now()}${Math.random().toString(36).slice(2, 12)}`;
}
