// Device side of a small-frame simulator on a pty: ACKs host commands (status from the handler),
// sends its own events and waits for the host's ACK (resending on silence), supports unplug/replug.
import { startSimulatedDevice } from './device';
import { pacedWrite } from './paced';
import type { PtyPairOptions } from './pty';
import { ACK, AckStatus, encodeSmallFrame, SmallFrameParser, type SmallFrame } from './smallFrame';

export interface SmallDeviceOptions extends PtyPairOptions {
  baud?: number | null;
}

export interface SmallDevice {
  path: string;
  /** Send an event; resolves with the host's ACK status, or null when the host never ACKed. */
  sendEvent(cmd: number, data: Buffer, opts?: { retries?: number; ackTimeoutMs?: number }): Promise<number | null>;
  /** Corrupt the checksum of the next N frames the device sends. */
  corruptNext(n: number): void;
  /** Frames received from the host (after checksum), for tests. */
  readonly received: SmallFrame[];
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmallDevice(
  preamble: readonly [number, number],
  handle: (f: SmallFrame) => number,
  opts: SmallDeviceOptions = {},
): Promise<SmallDevice> {
  const baud = opts.baud === undefined ? 9600 : opts.baud;
  const parser = new SmallFrameParser(preamble);
  const received: SmallFrame[] = [];
  const acks = new Map<number, (s: number) => void>();
  let corrupt = 0;
  let seq = 0x80;
  let lastHostSeq: number | null = null;
  let chain: Promise<void> = Promise.resolve();

  const write = (frame: Buffer) => {
    chain = chain.then(async () => {
      const port = dev.port();
      if (!port) return;
      let out = frame;
      if (corrupt > 0) {
        corrupt--;
        out = Buffer.from(frame);
        out[out.length - 1] = out[out.length - 1]! ^ 0xff;
      }
      await pacedWrite(port, out, baud, () => dev.port() === port && port.isOpen);
    });
  };

  const dev = await startSimulatedDevice((chunk) => {
    for (const ev of parser.push(chunk)) {
      if ('error' in ev) {
        if (ev.error.code === 'FRAME_CHECKSUM') write(encodeSmallFrame(preamble, { cmd: ACK, seq: 0, data: Buffer.from([0, AckStatus.badChecksum]) }));
        continue;
      }
      const f = ev.frame;
      if (f.cmd === ACK) {
        acks.get(f.data[0]!)?.(f.data[1] ?? 0);
        continue;
      }
      // A resent command (same SEQ) is acknowledged again but not applied twice.
      let status: number = AckStatus.ok;
      if (f.seq !== lastHostSeq) {
        received.push(f);
        status = handle(f);
        lastHostSeq = status === AckStatus.ok ? f.seq : null;
      }
      write(encodeSmallFrame(preamble, { cmd: ACK, seq: 0, data: Buffer.from([f.seq, status]) }));
    }
  }, opts);

  return {
    path: dev.pair.appPath,
    received,
    corruptNext: (n) => {
      corrupt = n;
    },
    sendEvent: async (cmd, data, o = {}) => {
      seq = seq >= 0xfe ? 0x80 : seq + 1;
      const mySeq = seq;
      const frame = encodeSmallFrame(preamble, { cmd, seq: mySeq, data });
      for (let i = 0; i <= (o.retries ?? 2); i++) {
        const status = await new Promise<number | null>((resolve) => {
          const t = setTimeout(() => {
            acks.delete(mySeq);
            resolve(null);
          }, o.ackTimeoutMs ?? 500);
          acks.set(mySeq, (s) => {
            clearTimeout(t);
            acks.delete(mySeq);
            resolve(s);
          });
          write(frame);
        });
        if (status !== null && status !== AckStatus.badChecksum) return status;
      }
      return null;
    },
    unplug: () => dev.unplug(),
    replug: () => dev.replug(),
    close: () => dev.close(),
  };
}
