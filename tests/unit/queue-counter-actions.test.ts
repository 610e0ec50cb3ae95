// The counter's F-key rule (domain/queue/counterActions): a called citizen who has not arrived is
// never ended as "served" by 叫下一位 or 无号办理; while serving, F1 finishes and calls next.
import { describe, expect, it } from 'vitest';
import {
  COUNTER_ACTIONS,
  COUNTER_BLOCKS,
  COUNTER_BLOCK_ZH,
  counterActions,
  type CounterAction,
  type CounterQueueState,
} from '../../domain/queue/counterActions';

const online = (ticket: CounterQueueState['ticket'], window: CounterQueueState['window'] = ticket ? 'serving' : 'open'): CounterQueueState => ({
  ticket,
  window,
  online: true,
});
const allowed = (s: CounterQueueState) => COUNTER_ACTIONS.filter((a) => counterActions(s).why[a] === null);

describe('counterActions', () => {
  it('a called ticket blocks F1 until the clerk starts, recalls or marks a no-show', () => {
    const r = counterActions(online('called'));
    expect(r.why.callNext).toBe('notArrived');
    expect(r.callNextFinishesCurrent).toBe(false);
    expect(allowed(online('called')).sort()).toEqual<CounterAction[]>(['noShow', 'rate', 'recall', 'start', 'suspend', 'transfer']);
    expect(COUNTER_BLOCK_ZH.notArrived).toBe('当前号尚未确认到号：请先按 开始办理 或 过号/重呼');
  });

  it('online walk-in is blocked the same way (the hall would end the called ticket as served)', () => {
    expect(counterActions(online('called')).why.walkIn).toBe('notArrived');
    expect(counterActions(online('serving')).why.walkIn).toBe('finishFirst');
    expect(counterActions(online(null)).why.walkIn).toBeNull();
    expect(counterActions(online(null)).walkInOffline).toBe(false);
  });

  it('while serving, F1 is the fast path that finishes the ticket as served and calls the next', () => {
    const r = counterActions(online('serving'));
    expect(r.why.callNext).toBeNull();
    expect(r.callNextFinishesCurrent).toBe(true);
    expect(r.why.finish).toBeNull();
    expect(r.why.start).toBe('notCalled');
    expect(r.why.noShow).toBe('notCalled');
    expect(r.why.recall).toBe('notCalled');
    expect(r.why.pause).toBe('handleCurrent');
  });

  it('no current ticket: call, walk-in and pause; nothing that needs a ticket', () => {
    const r = counterActions(online(null));
    expect(r.callNextFinishesCurrent).toBe(false);
    expect(allowed(online(null)).sort()).toEqual<CounterAction[]>(['callNext', 'pause', 'rate', 'walkIn']);
    expect(r.why.finish).toBe('notServing');
    expect(r.why.suspend).toBe('noCurrent');
    expect(r.why.resume).toBe('notPaused');
  });

  it('a paused window resumes before it calls or serves a walk-in', () => {
    const r = counterActions({ ticket: null, window: 'paused', online: true });
    expect(r.why.callNext).toBe('paused');
    expect(r.why.walkIn).toBe('paused');
    expect(r.why.pause).toBe('paused');
    expect(r.why.resume).toBeNull();
  });

  it('offline: only the local walk-in and ratings, whatever the (possibly stale) current ticket', () => {
    for (const ticket of [null, 'called', 'serving'] as const) {
      for (const window of ['open', 'serving', 'paused', null] as const) {
        const s: CounterQueueState = { ticket, window, online: false };
        const r = counterActions(s);
        expect(allowed(s).sort(), `${ticket}/${window}`).toEqual<CounterAction[]>(['rate', 'walkIn']);
        expect(r.walkInOffline).toBe(true);
        expect(r.callNextFinishesCurrent).toBe(false);
        for (const a of COUNTER_ACTIONS) if (a !== 'walkIn' && a !== 'rate') expect(r.why[a]).toBe('offline');
      }
    }
  });

  it('never lets F1 or an online walk-in end a called ticket, in any window state', () => {
    for (const window of ['open', 'serving', 'paused', 'closed', null] as const) {
      const r = counterActions({ ticket: 'called', window, online: true });
      expect(r.why.callNext).not.toBeNull();
      expect(r.why.walkIn).not.toBeNull();
      expect(r.callNextFinishesCurrent).toBe(false);
    }
  });

  it('every reason has a Chinese text', () => {
    for (const b of COUNTER_BLOCKS) expect(COUNTER_BLOCK_ZH[b]).toMatch(/[\u4e00-\u9fff]/);
  });
});
