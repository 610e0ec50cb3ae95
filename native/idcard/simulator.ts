// An ID card reader (SAM) on a socat pty pair, speaking GA/T 467 frames at a paced baud rate.
// Models: card insert/remove, halt after read (find returns 80 until the card leaves), select as a
// presence probe, bad checksums, slow replies, silence, and unplug/replug.
import { startSimulatedDevice, type SimulatedDevice } from '../serial/device';
import { pacedWrite, wireTimeMs } from '../serial/paced';
import type { PtyPairOptions } from '../serial/pty';
import { buildAppendedAddress, buildTextBlock, type CardFields } from './card';
import { cardFixtures, type CardFixtureName } from './fixtures';
import { buildReply, Cmd, FrameParser } from './frame';
import { buildReadReply } from './replies';
import { encodeSamId } from './samId';

export interface SimCard extends CardFields {
  appendedAddress?: string;
  /** Raw WLT bytes (1024); a deterministic fake when omitted. */
  photo?: Buffer;
  fingerprint?: Buffer;
}

export interface IdCardSimFaults {
  /** Corrupt the checksum of the next N replies. */
  badChecksum?: number;
  /** Extra delay before every reply, ms. */
  delayMs?: number;
  /** Answer nothing (a hung module). */
  silent?: boolean;
  /** Send a few garbage bytes before every reply. */
  noise?: boolean;
  /** SW3 to answer to the next read (e.g. 0x41 read failed, 0x33 verification error). */
  readStatus?: number;
}

export interface IdCardSimulatorOptions extends PtyPairOptions {
  /** Line speed to pace replies at; null = unpaced. Default 115200. */
  baud?: number | null;
  card?: SimCard | CardFixtureName | null;
  samId?: string;
}

export interface IdCardSimulator {
  /** The pty the app opens. */
  path: string;
  baud: number | null;
  insertCard(card: SimCard | CardFixtureName): void;
  removeCard(): void;
  setFaults(f: IdCardSimFaults): void;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
  /** Commands received (hex of CMD PARA), for tests. */
  readonly log: string[];
  /** Bytes the last read reply carried (wire-time accounting in the benchmark). */
  readonly bytesOut: number;
  readonly bytesIn: number;
}

export function fakeWlt(seed = 1): Buffer {
  const b = Buffer.alloc(1024);
  let x = seed * 2654435761;
  for (let i = 0; i < b.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** setTimeout rounds up to ≥ 1 ms; sub-millisecond waits spin on the clock instead. */
async function sleepMs(ms: number): Promise<void> {
  if (ms >= 2) return new Promise((r) => setTimeout(r, ms));
  const end = performance.now() + ms;
  while (performance.now() < end) await new Promise((r) => setImmediate(r));
}

const resolveCard = (c: SimCard | CardFixtureName): SimCard => (typeof c === 'string' ? { ...cardFixtures[c] } : c);

export async function startIdCardSimulator(opts: IdCardSimulatorOptions = {}): Promise<IdCardSimulator> {
  const baud = opts.baud === undefined ? 115200 : opts.baud;
  let card: SimCard | null = opts.card ? resolveCard(opts.card) : null;
  let halted = false;
  let faults: IdCardSimFaults = {};
  const samId = encodeSamId(opts.samId ?? '05.01-20201231-0001234567-2105181234');
  const parser = new FrameParser();
  const log: string[] = [];
  let bytesOut = 0;
  let bytesIn = 0;
  // Replies go out strictly in order, one at a time, like a UART.
  let chain: Promise<void> = Promise.resolve();

  const dev: SimulatedDevice = await startSimulatedDevice((chunk) => {
    bytesIn += chunk.length;
    for (const ev of parser.push(chunk)) {
      if ('error' in ev) {
        if (ev.error.code === 'IDCARD_FRAME_CHECKSUM') send(buildReply(0x10));
        else if (ev.error.code === 'IDCARD_FRAME_LENGTH') send(buildReply(0x11));
        continue;
      }
      const body = ev.frame.body;
      log.push(Buffer.from(body.subarray(0, 2)).toString('hex'));
      const reply = answer(body[0]!, body[1]!);
      // The command itself took line time to arrive; a pty delivers it at once, so wait for it.
      if (reply) send(reply, ev.frame.raw.length);
    }
  }, opts);

  function answer(cmd: number, para: number): Buffer | null {
    const is = (c: readonly [number, number]) => c[0] === cmd && c[1] === para;
    if (is(Cmd.reset)) {
      halted = false;
      return buildReply(0x90);
    }
    if (is(Cmd.status)) return buildReply(0x90);
    if (is(Cmd.samId)) return buildReply(0x90, samId);
    if (is(Cmd.find)) return card && !halted ? buildReply(0x9f, Buffer.alloc(4)) : buildReply(0x80);
    if (is(Cmd.select)) return card ? buildReply(0x90, Buffer.alloc(8)) : buildReply(0x81);
    if (is(Cmd.readTextPhoto) || is(Cmd.readTextPhotoFinger)) {
      if (!card) return buildReply(0x41);
      if (faults.readStatus !== undefined) {
        const sw3 = faults.readStatus;
        delete faults.readStatus;
        return buildReply(sw3);
      }
      halted = true;
      const text = buildTextBlock(card);
      const photo = card.photo ?? fakeWlt(card.idNumber.length);
      if (is(Cmd.readTextPhoto)) return buildReadReply(text, photo);
      return buildReadReply(text, photo, card.fingerprint ?? Buffer.alloc(0));
    }
    if (is(Cmd.readAddress)) {
      if (!card) return buildReply(0x41);
      return card.appendedAddress ? buildReply(0x90, buildAppendedAddress(card.appendedAddress)) : buildReply(0x91);
    }
    return buildReply(0x21);
  }

  function send(frame: Buffer, requestBytes = 0): void {
    chain = chain.then(async () => {
      if (faults.silent) return;
      if (baud && requestBytes) await sleepMs(wireTimeMs(requestBytes, baud));
      if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
      let out = frame;
      if (faults.badChecksum && faults.badChecksum > 0) {
        faults.badChecksum -= 1;
        out = Buffer.from(frame);
        out[out.length - 1] = out[out.length - 1]! ^ 0x5a;
      }
      if (faults.noise) out = Buffer.concat([Buffer.from([0x00, 0x13, 0xaa, 0x55]), out]);
      const port = dev.port();
      if (!port) return;
      bytesOut += out.length;
      await pacedWrite(port, out, baud, () => dev.port() === port && port.isOpen);
    });
  }

  return {
    path: dev.pair.appPath,
    baud,
    insertCard: (c) => {
      card = resolveCard(c);
      halted = false;
    },
    removeCard: () => {
      card = null;
      halted = false;
    },
    setFaults: (f) => {
      faults = { ...f };
    },
    unplug: async () => {
      await dev.unplug();
      parser.reset();
    },
    replug: async () => {
      halted = false; // a power cycle forgets the halted card
      await dev.replug();
    },
    close: () => dev.close(),
    log,
    get bytesOut() {
      return bytesOut;
    },
    get bytesIn() {
      return bytesIn;
    },
  };
}
