// The simulator's end of a pty pair: a SerialPort on `devicePath` that survives unplug/replug.
import { SerialPort } from 'serialport';
import { openPtyPair, type PtyPair, type PtyPairOptions } from './pty';

export interface SimulatedDevice {
  pair: PtyPair;
  /** Current port on the device side, null while unplugged. */
  port(): SerialPort | null;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

function openPort(path: string, onData: (b: Buffer) => void): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const p = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    p.open((err) => (err ? reject(err) : resolve(p)));
    p.on('data', onData);
    p.on('error', () => undefined);
  });
}

function closePort(p: SerialPort | null): Promise<void> {
  if (!p || !p.isOpen) return Promise.resolve();
  return new Promise((r) => p.close(() => r()));
}

export async function startSimulatedDevice(onData: (b: Buffer) => void, opts: PtyPairOptions = {}): Promise<SimulatedDevice> {
  const pair = await openPtyPair(opts);
  let port: SerialPort | null = await openPort(pair.devicePath, onData);
  let closed = false;
  return {
    pair,
    port: () => port,
    unplug: async () => {
      const p = port;
      port = null;
      await closePort(p);
      await pair.unplug();
    },
    replug: async () => {
      if (closed || port) return;
      await pair.replug();
      port = await openPort(pair.devicePath, onData);
    },
    close: async () => {
      closed = true;
      const p = port;
      port = null;
      await closePort(p);
      await pair.close();
    },
  };
}
