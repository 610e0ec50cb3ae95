// Kiosk, display and manager pages talk to the hall server directly (they are served by it).
// A device page enrolls once with the code in its URL (?enroll=CODE) and keeps its token;
// the manager signs in with 工号 and password.
import { HallClient, type FetchLike } from '../../../domain/api/hallClient';
import { followHallEvents, type SocketLike } from '../../../domain/api/hallEvents';
import type { EventSignal } from '../../../domain/api/hall';

function hashParams(): URLSearchParams {
  return new URLSearchParams(location.hash.split('?')[1] ?? '');
}

export function hallBaseUrl(): string {
  return hashParams().get('hall') ?? location.origin;
}

const clients = new Map<string, HallClient>();

/** One client per role page; the token survives reloads in localStorage. */
export function hallClient(role: string): HallClient {
  let c = clients.get(role);
  if (!c) {
    c = new HallClient({
      baseUrl: hallBaseUrl(),
      fetch: globalThis.fetch.bind(globalThis) as unknown as FetchLike,
      token: localStorage.getItem(`hall-token:${role}`),
    });
    clients.set(role, c);
  }
  return c;
}

export function saveToken(role: string, token: string | null): void {
  if (token) localStorage.setItem(`hall-token:${role}`, token);
  else localStorage.removeItem(`hall-token:${role}`);
  const c = clients.get(role);
  if (c) c.token = token;
}

/** Enroll this page as a hall device if it has no token yet and its URL carries a code. */
export async function ensureDeviceToken(role: 'kiosk' | 'display' | 'pad'): Promise<HallClient> {
  const c = hallClient(role);
  const code = hashParams().get('enroll');
  if (!c.token && code) {
    const token = await c.enroll(code, role, `${role}-${navigator.userAgent.length}`);
    saveToken(role, token);
  }
  return c;
}

export function followHall(role: string, onSignal: (s: EventSignal) => void, onConnection?: (c: boolean) => void): () => void {
  const c = hallClient(role);
  const f = followHallEvents({
    baseUrl: c.baseUrl,
    token: () => c.token,
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    onSignal,
    onConnection,
    poll: async (since) => (await c.call('events.poll', { query: { since } })).version,
  });
  return () => f.stop();
}
