// The counter page's state: mirrors the core (session, queue, devices, card on the reader,
// sync, my cases) and refreshes on the core's pushed events. All actions go through the bridge.
import { create } from 'zustand';
import i18n from '../../i18n';
import { setHallZone } from '../../hooks/hallZone';
import { errorText } from '../../i18n/errorText';
import { core, onCoreEvent, onCoreConnection } from '../../bridge/coreBridge';
import type {
  CardView,
  CaseListEntry,
  CatalogueStatus,
  DeviceStatus,
  MyDay,
  QueueView,
  ReceiptRecord,
  SessionState,
  SyncStatus,
} from '../../../../domain/contract/core';

export interface CounterError {
  code: string;
  message: string;
}

interface CounterState {
  connected: boolean;
  session: SessionState | null;
  queue: QueueView | null;
  sync: SyncStatus | null;
  devices: DeviceStatus[];
  card: CardView | null;
  catalogue: CatalogueStatus | null;
  mine: CaseListEntry[];
  myDay: MyDay | null;
  lastPrint: ReceiptRecord | null;
  /** Case shown in the detail drawer. */
  openCaseId: string | null;
  busy: string | null;
  /** error.source: the action label that failed (intake decisions show their error next to the buttons). */
  error: (CounterError & { source: string }) | null;
  notice: string | null;
  refreshQueue(): Promise<void>;
  refreshMine(): Promise<void>;
  run<T>(label: string, fn: () => Promise<T>): Promise<T | undefined>;
  clearError(): void;
  openCase(id: string | null): void;
  say(notice: string | null): void;
}

export const useCounter = create<CounterState>((set, get) => ({
  connected: false,
  session: null,
  queue: null,
  sync: null,
  devices: [],
  card: null,
  catalogue: null,
  mine: [],
  myDay: null,
  lastPrint: null,
  openCaseId: null,
  busy: null,
  error: null,
  notice: null,
  async refreshQueue() {
    try {
      const queue = await core['queue.get']({});
      setHallZone(queue.timeZone);
      set({ queue });
    } catch {
      /* shown through the session's online flag */
    }
  },
  async refreshMine() {
    if (!get().session?.clerk) return;
    try {
      const [mine, myDay] = await Promise.all([core['cases.mine']({ scope: 'open', limit: 200 }), core['myDay.get']({})]);
      set({ mine, myDay });
    } catch {
      /* not signed in yet */
    }
  },
  async run(label, fn) {
    if (get().busy) return undefined;
    set({ busy: label, error: null });
    try {
      const r = await fn();
      // Online, released only once the panel shows the new state: a stale one would keep F1 enabled
      // right after a call, and a second F1 (double press, key repeat) would end the fresh call as
      // served. Offline the refresh may wait for the hall's timeout, so it is not awaited.
      if (get().session?.online) await get().refreshQueue();
      else void get().refreshQueue();
      return r;
    } catch (e) {
      const err = e as { code?: string; message?: string };
      // Shown by code through the errors table (zh-CN / en), never as a raw code.
      set({ error: { code: err.code ?? 'INTERNAL', message: err.message ? errorText(e) : i18n.t('counter:store.failed'), source: label } });
      return undefined;
    } finally {
      set({ busy: null });
    }
  },
  clearError() {
    set({ error: null });
  },
  openCase(id) {
    set({ openCaseId: id });
  },
  say(notice) {
    set({ notice });
  },
}));

let started = false;
export function startCounterSync(): void {
  if (started) return;
  started = true;
  const s = useCounter;
  const refreshAll = () => {
    void core['session.get']({}).then((session) => {
      s.setState({ session });
      void s.getState().refreshMine();
    });
    void core['sync.status']({}).then((sync) => s.setState({ sync }));
    void core['devices.status']({}).then((devices) => s.setState({ devices }));
    void core['devices.card']({}).then((card) => s.setState({ card }));
    void core['catalogue.status']({}).then((catalogue) => s.setState({ catalogue }));
    void s.getState().refreshQueue();
  };
  onCoreConnection((connected) => {
    s.setState({ connected });
    if (connected) refreshAll();
  });
  onCoreEvent('session', (session) => {
    s.setState({ session });
    void s.getState().refreshQueue();
    void s.getState().refreshMine();
    void core['catalogue.status']({}).then((catalogue) => s.setState({ catalogue }));
  });
  onCoreEvent('queue', () => void s.getState().refreshQueue());
  onCoreEvent('sync', (sync) => s.setState({ sync }));
  onCoreEvent('devices', (devices) => s.setState({ devices }));
  onCoreEvent('card', (card) => s.setState({ card }));
  onCoreEvent('print', (lastPrint) => s.setState({ lastPrint }));
  onCoreEvent('cases', () => {
    void s.getState().refreshMine();
    void core['catalogue.status']({}).then((catalogue) => s.setState({ catalogue }));
  });
  onCoreEvent('rated', () => void s.getState().refreshMine());
}
