// The core's wrappers around native/ serial devices: the window LED bar (follows each call) and
// the evaluator key box (an adapter of the pad's "collect one rating" contract). Both open in the
// background and keep reconnecting; their health goes into the devices list.
import type { DeviceStatus } from '../../../domain/contract/core';
import { LedBar } from '../../../native/led/ledBar';
import { KeyBoxEvaluator } from '../../../native/evaluator/keybox';
import type { RatingOutcome, RatingRequest } from '../../../native/evaluator/contract';
import type { LedAdapter } from './deviceHub';

export function openLed(path: string, onStatus: () => void): LedAdapter {
  const bar = new LedBar({ path });
  let status: DeviceStatus = { kind: 'led', state: 'offline', message: '正在连接窗口屏' };
  bar.on('status', (s) => {
    status = { kind: 'led', state: s.state === 'connected' ? 'ok' : s.state === 'closed' ? 'absent' : 'offline', message: s.message, code: s.code };
    onStatus();
  });
  bar.open().catch(() => undefined);
  return {
    get status() {
      return status;
    },
    show: (text) => bar.show(text, { scroll: text.length > 8 ? 'left' : 'static' }),
    close: () => bar.close(),
  };
}

export interface KeyBoxAdapter {
  readonly status: DeviceStatus;
  showClerk(clerk: { name: string; workNo: string; stars: number } | null): Promise<void>;
  request(req: RatingRequest): Promise<RatingOutcome>;
  cancel(): Promise<void>;
  close(): Promise<void>;
}

export function openKeyBox(path: string, onStatus: () => void): KeyBoxAdapter {
  const box = new KeyBoxEvaluator({ path });
  let status: DeviceStatus = { kind: 'evaluator', state: 'offline', message: '正在连接按键评价器' };
  box.on('status', (s) => {
    status = { kind: 'evaluator', state: s.state, message: s.state === 'ok' ? '按键评价器与副屏评价器就绪' : s.message, code: s.code };
    onStatus();
  });
  box.open().catch(() => undefined);
  return {
    get status() {
      return status;
    },
    showClerk: async (clerk) => (clerk ? box.showClerk({ ...clerk, photo: null }) : box.clear()),
    request: (req) => box.requestRating(req),
    cancel: () => box.cancel(),
    close: () => box.close(),
  };
}
