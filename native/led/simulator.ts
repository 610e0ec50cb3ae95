// LED bar simulator on a pty: keeps what the bar would show.
import { fromGb18030 } from '../printer/text';
import { AckStatus } from '../serial/smallFrame';
import { startSmallDevice, type SmallDeviceOptions } from '../serial/smallDevice';
import { LED_PREAMBLE, LedCmd, SCROLL_MODES, type ScrollMode } from './protocol';

export interface LedDisplay {
  text: string;
  scroll: ScrollMode;
  speed: number;
  brightness: number;
}

export interface LedSimulator {
  path: string;
  display: LedDisplay;
  onChange(cb: (d: LedDisplay) => void): () => void;
  corruptNext(n: number): void;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function startLedSimulator(opts: SmallDeviceOptions = {}): Promise<LedSimulator> {
  const display: LedDisplay = { text: '', scroll: 'static', speed: 5, brightness: 8 };
  const listeners = new Set<(d: LedDisplay) => void>();
  const dev = await startSmallDevice(
    LED_PREAMBLE,
    (f) => {
      switch (f.cmd) {
        case LedCmd.text:
          display.text = fromGb18030(f.data);
          break;
        case LedCmd.scroll: {
          const mode = SCROLL_MODES[f.data[0] ?? 99];
          const speed = f.data[1] ?? 0;
          if (!mode || speed < 1 || speed > 9) return AckStatus.badData;
          display.scroll = mode;
          display.speed = speed;
          break;
        }
        case LedCmd.brightness:
          if ((f.data[0] ?? 99) > 15) return AckStatus.badData;
          display.brightness = f.data[0]!;
          break;
        case LedCmd.clear:
          display.text = '';
          break;
        case LedCmd.ping:
          return AckStatus.ok;
        default:
          return AckStatus.unknownCommand;
      }
      listeners.forEach((l) => l({ ...display }));
      return AckStatus.ok;
    },
    opts,
  );
  return {
    path: dev.path,
    display,
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
