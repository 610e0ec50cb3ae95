// A TCP "printer" for the demo and tests: decodes ESC/POS back into text lines and QR payloads,
// answers DLE EOT status requests, and can play paper-out or offline.
import net from 'node:net';
import { EscPosDecoder, type DecodedReceipt } from './decode';

export interface SinkReceipt extends DecodedReceipt {
  receivedAt: string;
}

export interface PrinterSinkOptions {
  port?: number;
  host?: string;
}

export interface PrinterSink {
  port: number;
  host: string;
  /** e.g. tcp://127.0.0.1:9100 — pass to createReceiptPrinter. */
  url: string;
  receipts: SinkReceipt[];
  /** Bytes received while out of paper (a real printer would not print them). */
  discarded: number;
  onReceipt(cb: (r: SinkReceipt) => void): () => void;
  setPaperOut(out: boolean): void;
  setNearEnd(near: boolean): void;
  setOffline(offline: boolean): Promise<void>;
  /** Stop answering DLE EOT (a printer that does not report status). */
  setReportsStatus(reports: boolean): void;
  waitForReceipts(n: number, timeoutMs?: number): Promise<SinkReceipt[]>;
  close(): Promise<void>;
}

export async function startPrinterSink(opts: PrinterSinkOptions = {}): Promise<PrinterSink> {
  const host = opts.host ?? '127.0.0.1';
  const receipts: SinkReceipt[] = [];
  const listeners = new Set<(r: SinkReceipt) => void>();
  const sockets = new Set<net.Socket>();
  let paperOut = false;
  let nearEnd = false;
  let reportsStatus = true;
  let discarded = 0;

  const statusByte = (n: number): number => {
    // ESC/POS DLE EOT: fixed bits 1 and 4 set (0x12).
    if (n === 1) return 0x12 | (paperOut ? 0x08 : 0); // bit 3: offline
    if (n === 2) return 0x12 | (paperOut ? 0x20 : 0); // bit 5: stopped by paper end
    if (n === 4) return 0x12 | (nearEnd ? 0x0c : 0) | (paperOut ? 0x60 : 0); // bits 2-3 near end, 5-6 end
    return 0x12;
  };

  const accept = (r: DecodedReceipt) => {
    if (paperOut) {
      discarded += r.bytes;
      return;
    }
    const rec = { ...r, receivedAt: new Date().toISOString() };
    receipts.push(rec);
    for (const l of listeners) l(rec);
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    const dec = new EscPosDecoder();
    socket.on('data', (chunk) => {
      for (const ev of dec.push(chunk)) {
        if (ev.kind === 'status-request') {
          if (reportsStatus) socket.write(Buffer.from([statusByte(ev.n)]));
        } else accept(ev.receipt);
      }
    });
    const end = () => {
      sockets.delete(socket);
      const tail = dec.finish(false);
      if (tail) accept(tail);
    };
    socket.on('close', end);
    socket.on('error', () => undefined);
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });

  const port = await listen(opts.port ?? 0);
  let offline = false;
  return {
    port,
    host,
    url: `tcp://${host}:${port}`,
    receipts,
    get discarded() {
      return discarded;
    },
    onReceipt: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    setPaperOut: (v) => {
      paperOut = v;
    },
    setNearEnd: (v) => {
      nearEnd = v;
    },
    setReportsStatus: (v) => {
      reportsStatus = v;
    },
    setOffline: async (v) => {
      if (v === offline) return;
      offline = v;
      if (v) await stop();
      else await listen(port);
    },
    waitForReceipts: (n, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        if (receipts.length >= n) return resolve(receipts.slice(0, n));
        const timer = setTimeout(() => {
          listeners.delete(on);
          reject(new Error(`printer sink: ${receipts.length}/${n} receipts after ${timeoutMs} ms`));
        }, timeoutMs);
        const on = () => {
          if (receipts.length < n) return;
          clearTimeout(timer);
          listeners.delete(on);
          resolve(receipts.slice(0, n));
        };
        listeners.add(on);
      }),
    close: async () => {
      listeners.clear();
      if (!offline) await stop();
    },
  };
}
