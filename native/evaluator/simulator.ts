// Key box simulator on a pty: shows what the host sent and lets a test (or a technician) press keys.
import type { RatingLevel } from '../../domain/api/hall';
import { AckStatus } from '../serial/smallFrame';
import { startSmallDevice, type SmallDeviceOptions } from '../serial/smallDevice';
import { KEY_LEVELS, KEYBOX_PREAMBLE, KeyBoxCmd, splitFields } from './keyboxProtocol';

export interface KeyBoxDisplay {
  clerk: { name: string; workNo: string; stars: number } | null;
  caseLine: string;
  /** Rating window open until this ms epoch (0 = closed). */
  ratingUntil: number;
  reasons: string[];
}

export interface KeyBoxSimulator {
  path: string;
  display: KeyBoxDisplay;
  /** Press a level key (1–5 or a level name), with bad-rating reason indexes (1-based). */
  press(level: RatingLevel | number, reasons?: number[]): Promise<{ status: number | null }>;
  onChange(cb: (d: KeyBoxDisplay) => void): () => void;
  corruptNext(n: number): void;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function startKeyBoxSimulator(opts: SmallDeviceOptions = {}): Promise<KeyBoxSimulator> {
  const display: KeyBoxDisplay = { clerk: null, caseLine: '', ratingUntil: 0, reasons: [] };
  const listeners = new Set<(d: KeyBoxDisplay) => void>();
  const changed = () => listeners.forEach((l) => l({ ...display }));
  const dev = await startSmallDevice(
    KEYBOX_PREAMBLE,
    (f) => {
      switch (f.cmd) {
        case KeyBoxCmd.show: {
          const [name = '', workNo = '', stars = '0', caseLine = ''] = splitFields(f.data);
          display.clerk = { name, workNo, stars: Number(stars) };
          display.caseLine = caseLine;
          break;
        }
        case KeyBoxCmd.clear:
          display.clerk = null;
          display.caseLine = '';
          display.ratingUntil = 0;
          break;
        case KeyBoxCmd.requestRating:
          if (!f.data.length) return AckStatus.badData;
          display.ratingUntil = Date.now() + f.data[0]! * 1000;
          display.reasons = splitFields(f.data.subarray(1));
          break;
        case KeyBoxCmd.cancel:
          display.ratingUntil = 0;
          display.reasons = [];
          break;
        case KeyBoxCmd.ping:
          break;
        default:
          return AckStatus.unknownCommand;
      }
      changed();
      return AckStatus.ok;
    },
    opts,
  );
  return {
    path: dev.path,
    display,
    press: async (level, reasons = []) => {
      const key = typeof level === 'number' ? level : KEY_LEVELS.indexOf(level) + 1;
      const status = await dev.sendEvent(KeyBoxCmd.keyPressed, Buffer.from([key, reasons.length, ...reasons]));
      if (status === AckStatus.ok) {
        display.ratingUntil = 0;
        changed();
      }
      return { status };
    },
    onChange: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    corruptNext: (n) => dev.corruptNext(n),
    unplug: () => dev.unplug(),
    replug: () => dev.replug(),
    close: () => dev.close(),
  };
}
