// Which queue actions a window clerk may take right now, and why not. The counter's F-key
// buttons read it; the reasons are codes the UI translates (Chinese text below).
//
// Why 叫下一位 (F1) is blocked while the current ticket is only 'called': the hall server ends
// the window's current ticket as 'served' when the window calls next (or serves a walk-in), so
// a citizen who never came would be recorded as served and lose his turn. The clerk first says
// what happened: 开始办理 (he came), 重呼 (call him again) or 过号 (he did not come).
// While 'serving', F1 is the fast path: it finishes the ticket as served and calls the next.
import type { TicketStatus, WindowStatus } from '../api/hall';

export const COUNTER_ACTIONS = ['callNext', 'recall', 'start', 'noShow', 'finish', 'suspend', 'transfer', 'pause', 'resume', 'walkIn', 'rate'] as const;
export type CounterAction = (typeof COUNTER_ACTIONS)[number];

export const COUNTER_BLOCKS = ['offline', 'paused', 'notPaused', 'notArrived', 'finishFirst', 'notCalled', 'notServing', 'noCurrent', 'handleCurrent'] as const;
export type CounterBlock = (typeof COUNTER_BLOCKS)[number];

export interface CounterQueueState {
  /** Status of the window's current ticket; null when it has none. */
  ticket: TicketStatus | null;
  window: WindowStatus | null;
  /** The hall server is reachable (otherwise the counter works in walk-in mode). */
  online: boolean;
}

export interface CounterActions {
  /** null = allowed; otherwise the reason it is not. */
  why: Record<CounterAction, CounterBlock | null>;
  /** F1 will also end the ticket in service as served (the button says 办结并叫下一位). */
  callNextFinishesCurrent: boolean;
  /** F9 issues a local ticket (offline walk-in mode) instead of asking the hall. */
  walkInOffline: boolean;
}

/** The reasons in Chinese, for whoever shows them without the renderer's i18n (and as its zh-CN text). */
export const COUNTER_BLOCK_ZH: Record<CounterBlock, string> = {
  offline: '大厅服务器未连接',
  paused: '窗口已暂停，请先恢复服务',
  notPaused: '窗口没有暂停',
  notArrived: '当前号尚未确认到号：请先按 开始办理 或 过号/重呼',
  finishFirst: '请先办结当前号',
  notCalled: '没有已呼叫待到的号',
  notServing: '没有正在办理的号',
  noCurrent: '没有当前号',
  handleCurrent: '请先处理完当前号',
};

export function counterActions(s: CounterQueueState): CounterActions {
  const called = s.ticket === 'called';
  const serving = s.ticket === 'serving';
  const current = s.ticket !== null;
  const paused = s.window === 'paused';
  const off: CounterBlock | null = s.online ? null : 'offline';
  const ifOnline = (why: CounterBlock | null): CounterBlock | null => off ?? why;
  return {
    why: {
      callNext: ifOnline(paused ? 'paused' : called ? 'notArrived' : null),
      recall: ifOnline(called ? null : 'notCalled'),
      start: ifOnline(called ? null : 'notCalled'),
      noShow: ifOnline(called ? null : 'notCalled'),
      finish: ifOnline(serving ? null : 'notServing'),
      suspend: ifOnline(current ? null : 'noCurrent'),
      transfer: ifOnline(current ? null : 'noCurrent'),
      pause: ifOnline(paused ? 'paused' : current ? 'handleCurrent' : null),
      resume: ifOnline(paused ? null : 'notPaused'),
      // Offline the walk-in ticket is local and never touches the hall's current ticket (which
      // stays as it is until the hall is back), so it is always possible: the counter keeps
      // serving whoever stands at the window. Online the hall would end the current ticket as
      // served, hence the same rule as F1, and a ticket in service is finished first.
      walkIn: s.online ? (paused ? 'paused' : called ? 'notArrived' : serving ? 'finishFirst' : null) : null,
      rate: null,
    },
    callNextFinishesCurrent: s.online && serving && !paused,
    walkInOffline: !s.online,
  };
}
