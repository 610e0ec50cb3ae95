// The renderer's only way to the counter core. In Electron the preload exposes
// `window.hallCounter` (generated from the contract); in browser mode we generate the same API
// over a WebSocket to the core's /bridge. Pages import `core` and `onCoreEvent`, nothing else.
import { coreMethods, type CoreApi, type CoreEventName, type CoreEvents } from '../../../domain/contract/core';
import { generateApi } from '../../../domain/contract/client';
import type { PayloadOf } from '../../../domain/contract/define';
import { CoreCallError, type WireToUi } from '../../../domain/contract/wire';

type Listener = (payload: unknown) => void;
interface ElectronBridge extends CoreApi {
  on(event: string, fn: Listener): () => void;
}

declare global {
  interface Window {
    hallCounter?: ElectronBridge;
  }
}

function browserBridge(role: 'counter' | 'pad'): { api: CoreApi; on(event: string, fn: Listener): () => void } {
  const listeners = new Map<string, Set<Listener>>();
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void; method: string; input: unknown }>();
  let ws: WebSocket | null = null;
  let open = false;
  let nextId = 1;
  let attempt = 0;
  const pair = new URLSearchParams(location.hash.split('?')[1] ?? '').get('pair');

  const fire = (event: string, payload: unknown) => {
    for (const fn of listeners.get(event) ?? []) fn(payload);
  };

  const connect = () => {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    ws = new WebSocket(`${proto}://${location.host}/bridge?role=${role}${pair ? `&pair=${encodeURIComponent(pair)}` : ''}`);
    ws.onopen = () => {
      open = true;
      attempt = 0;
      for (const [id, p] of pending) ws!.send(JSON.stringify({ t: 'call', id, method: p.method, input: p.input }));
      fire('__connected', true);
    };
    ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data)) as WireToUi;
      if (m.t === 'event') return fire(m.event, m.payload);
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.t === 'reply') p.resolve(m.result);
      else p.reject(new CoreCallError(m.error.code, m.error.message, m.error.details));
    };
    ws.onclose = () => {
      open = false;
      fire('__connected', false);
      setTimeout(connect, Math.min(5000, 300 * 2 ** attempt++));
    };
  };
  connect();

  const api = generateApi(
    coreMethods,
    (method, input) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, method, input });
        if (open && ws) ws.send(JSON.stringify({ t: 'call', id, method, input }));
      }),
  );
  return {
    api,
    on(event, fn) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return () => set!.delete(fn);
    },
  };
}

function electronBridge(b: ElectronBridge): { api: CoreApi; on(event: string, fn: Listener): () => void } {
  // Normalise errors to CoreCallError (contextBridge passes plain Error objects).
  const api = generateApi(coreMethods, async (method, input) => {
    try {
      return await (b[method as keyof CoreApi] as (i: unknown) => Promise<unknown>)(input);
    } catch (e) {
      const err = e as { code?: string; message?: string; details?: unknown };
      throw new CoreCallError(err.code ?? 'INTERNAL', err.message ?? '系统错误', err.details);
    }
  });
  return { api, on: (event, fn) => b.on(event, fn) };
}

let bridge: { api: CoreApi; on(event: string, fn: Listener): () => void } | null = null;

function getBridge() {
  if (!bridge) {
    const role = location.hash.startsWith('#/pad') ? 'pad' : 'counter';
    bridge = window.hallCounter ? electronBridge(window.hallCounter) : browserBridge(role);
  }
  return bridge;
}

export const core: CoreApi = new Proxy({} as CoreApi, {
  get: (_t, prop: string) => getBridge().api[prop as keyof CoreApi],
});

export function onCoreEvent<E extends CoreEventName>(event: E, fn: (payload: PayloadOf<CoreEvents, E>) => void): () => void {
  return getBridge().on(event, fn as Listener);
}

export function onCoreConnection(fn: (connected: boolean) => void): () => void {
  return getBridge().on('__connected', fn as Listener);
}
