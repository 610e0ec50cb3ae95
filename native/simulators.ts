// Every device simulator, plus a per-window set for the demo and e2e tests.
import { startIdCardSimulator, type IdCardSimulator } from './idcard/simulator';
import { startPrinterSink, type PrinterSink } from './printer/sink';
import { startKeyBoxSimulator, type KeyBoxSimulator } from './evaluator/simulator';
import { startLedSimulator, type LedSimulator } from './led/simulator';

export { startIdCardSimulator, startPrinterSink, startKeyBoxSimulator, startLedSimulator };
export type { IdCardSimulator, PrinterSink, KeyBoxSimulator, LedSimulator };

export interface WindowDevices {
  windowNo: number;
  idCard: IdCardSimulator;
  printer: PrinterSink;
  keyBox: KeyBoxSimulator;
  led: LedSimulator;
  /** What the app opens. */
  config: { idCardPort: string; printer: string; keyBoxPort: string; ledPort: string };
}

export interface DeviceSet {
  windows: WindowDevices[];
  close(): Promise<void>;
}

/** One simulated reader, printer, key box and LED bar per window (windows numbered from 1). */
export async function startDeviceSet(windows: number, opts: { idCardBaud?: number | null } = {}): Promise<DeviceSet> {
  const out: WindowDevices[] = [];
  const close = async () => {
    for (const w of out) await Promise.allSettled([w.idCard.close(), w.printer.close(), w.keyBox.close(), w.led.close()]);
  };
  try {
    for (let n = 1; n <= windows; n++) {
      const idCard = await startIdCardSimulator({ baud: opts.idCardBaud, card: null });
      const printer = await startPrinterSink();
      const keyBox = await startKeyBoxSimulator();
      const led = await startLedSimulator();
      out.push({
        windowNo: n,
        idCard,
        printer,
        keyBox,
        led,
        config: { idCardPort: idCard.path, printer: printer.url, keyBoxPort: keyBox.path, ledPort: led.path },
      });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { windows: out, close };
}
