// Preload logic, kept apart from the electron import so it can be unit-tested with fakes.
import type { ContextBridge, IpcRenderer } from 'electron';
import { coreMethods, coreEvents } from '../../domain/contract/core';
import { generateApi } from '../../domain/contract/client';
import type { WireToUi } from '../../domain/contract/wire';

type Listener = (payload: unknown) => void;
/** The DOM MessagePort the preload receives (typed here so this file needs no DOM lib). */
interface PortLike {
  onmessage: ((e: { data: unknown }) => void) | null;
  postMessage(data: unknown): void;
  start(): void;
}

export function exposeCoreBridge(deps: {
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>;
  ipcRenderer: Pick<IpcRenderer, 'send' | 'on'>;
  location: { hash: string };
}): void {
  const role = deps.location.hash.startsWith('#/pad') ? 'pad' : 'counter';
  let port: PortLike | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void; method: string; input: unknown }>();
  const listeners = new Map<string, Set<Listener>>();

  const post = (id: number, method: string, input: unknown) => port!.postMessage({ t: 'call', id, method, input });

  deps.ipcRenderer.on('core:port', (event) => {
    port = (event as unknown as { ports: PortLike[] }).ports[0] ?? null;
    if (!port) return;
    port.onmessage = (e) => {
      const m = e.data as WireToUi;
      if (m.t === 'event') {
        for (const fn of listeners.get(m.event) ?? []) fn(m.payload);
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.t === 'reply') p.resolve(m.result);
      else p.reject(Object.assign(new Error(m.error.message), { code: m.error.code, details: m.error.details }));
    };
    port.start();
    // Calls made before the port arrived, or in flight when a restarted core handed us a new
    // port, are (re)sent now; clerk operations carry requestIds, so a resend is harmless.
    for (const [id, p] of pending) post(id, p.method, p.input);
    for (const fn of listeners.get('__connected') ?? []) fn(true);
  });
  deps.ipcRenderer.send('core:connect', role);

  const api = generateApi(
    coreMethods,
    (method, input) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, method, input });
        if (port) post(id, method, input);
      }),
  );

  const on = (event: string, fn: Listener): (() => void) => {
    if (event !== '__connected' && !Object.hasOwn(coreEvents, event)) throw new Error(`unknown event ${event}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => set!.delete(fn);
  };

  deps.contextBridge.exposeInMainWorld('hallCounter', { ...api, on, role });
}
