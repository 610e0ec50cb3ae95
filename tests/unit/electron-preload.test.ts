// The preload with electron faked: it exposes exactly one object generated from the contract,
// asks main for a port with its role, queues calls until the port arrives, and maps errors.
import { describe, expect, it } from 'vitest';
import { exposeCoreBridge } from '../../electron/preload/bridge';
import { coreMethods } from '../../domain/contract/core';

function fakePort() {
  const sent: unknown[] = [];
  const port = {
    onmessage: null as ((e: { data: unknown }) => void) | null,
    postMessage: (m: unknown) => sent.push(m),
    start: () => undefined,
  };
  return { port, sent, deliver: (data: unknown) => port.onmessage?.({ data }) };
}

function setup(hash = '#/counter') {
  const exposed: Record<string, unknown> = {};
  const sends: unknown[][] = [];
  const handlers: Record<string, (e: unknown) => void> = {};
  exposeCoreBridge({
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => void (exposed[k] = v) },
    ipcRenderer: {
      send: (...a: unknown[]) => void sends.push(a),
      on: ((ch: string, fn: (e: unknown) => void) => {
        handlers[ch] = fn;
      }) as never,
    },
    location: { hash },
  });
  return {
    api: exposed.hallCounter as Record<string, (i?: unknown) => Promise<unknown>> & { on(e: string, f: (p: unknown) => void): () => void; role: string },
    sends,
    handlers,
    keys: Object.keys(exposed),
  };
}

describe('preload bridge', () => {
  it('exposes only hallCounter with one function per contract method', () => {
    const { api, keys } = setup();
    expect(keys).toEqual(['hallCounter']);
    for (const m of Object.keys(coreMethods)) expect(typeof api[m]).toBe('function');
    expect('ipcRenderer' in api).toBe(false);
  });

  it('asks main for a port with its role', () => {
    expect(setup('#/pad').sends).toEqual([['core:connect', 'pad']]);
    expect(setup('#/counter').sends).toEqual([['core:connect', 'counter']]);
  });

  it('queues calls until the port arrives, then resolves replies and rejects errors with their code', async () => {
    const { api, handlers } = setup();
    const p1 = api['queue.callNext']!({ category: 'A' });
    const p2 = api['queue.recall']!({});
    const { port, sent, deliver } = fakePort();
    handlers['core:port']!({ ports: [port] });
    expect(sent).toEqual([
      { t: 'call', id: 1, method: 'queue.callNext', input: { category: 'A' } },
      { t: 'call', id: 2, method: 'queue.recall', input: {} },
    ]);
    deliver({ t: 'reply', id: 1, result: { number: 'A001' } });
    deliver({ t: 'error', id: 2, error: { code: 'RECALL_LIMIT', message: '已达到重呼次数上限' } });
    await expect(p1).resolves.toEqual({ number: 'A001' });
    await expect(p2).rejects.toMatchObject({ code: 'RECALL_LIMIT', message: '已达到重呼次数上限' });
  });

  it('delivers pushed events to listeners of known events only', () => {
    const { api, handlers } = setup();
    const { port, deliver } = fakePort();
    handlers['core:port']!({ ports: [port] });
    const got: unknown[] = [];
    const off = api.on('queue', (p) => got.push(p));
    deliver({ t: 'event', event: 'queue', payload: { version: 5 } });
    off();
    deliver({ t: 'event', event: 'queue', payload: { version: 6 } });
    expect(got).toEqual([{ version: 5 }]);
    expect(() => api.on('not-an-event', () => undefined)).toThrow();
  });
});
