// The counter page's state: mirrors the core (session, queue view, sync) and refreshes on the
// core's pushed events. All actions go through the bridge.
import { create } from 'zustand';
import { core, onCoreEvent, onCoreConnection } from '../../bridge/coreBridge';
import type { QueueView, SessionState, SyncStatus } from '../../../../domain/contract/core';

interface CounterState {
  connected: boolean;
  session: SessionState | null;
  queue: QueueView | null;
  sync: SyncStatus | null;
  busy: string | null;
  error: { code: string; message: string } | null;
  refreshQueue(): Promise<void>;
  run<T>(label: string, fn: () => Promise<T>): Promise<T | undefined>;
  clearError(): void;
}

export const useCounter = create<CounterState>((set, get) => ({
  connected: false,
  session: null,
  queue: null,
  sync: null,
  busy: null,
  error: null,
  async refreshQueue() {
    try {
      set({ queue: await core['queue.get']({}) });
    } catch {
      /* shown through the session's online flag */
    }
  },
  async run(label, fn) {
    if (get().busy) return undefined;
    set({ busy: label, error: null });
    try {
      const r = await fn();
      await get().refreshQueue();
      return r;
    } catch (e) {
      const err = e as { code?: string; message?: string };
      set({ error: { code: err.code ?? 'INTERNAL', message: err.message ?? '操作失败' } });
      return undefined;
    } finally {
      set({ busy: null });
    }
  },
  clearError() {
    set({ error: null });
  },
}));

let started = false;
export function startCounterSync(): void {
  if (started) return;
  started = true;
  const s = useCounter;
  onCoreConnection((connected) => {
    s.setState({ connected });
    if (connected) {
      void core['session.get']({}).then((session) => s.setState({ session }));
      void core['sync.status']({}).then((sync) => s.setState({ sync }));
      void s.getState().refreshQueue();
    }
  });
  onCoreEvent('session', (session) => {
    s.setState({ session });
    void s.getState().refreshQueue();
  });
  onCoreEvent('queue', () => void s.getState().refreshQueue());
  onCoreEvent('sync', (sync) => s.setState({ sync }));
}
