// Sends one rendered receipt to a network ESC/POS printer (raw TCP, usually port 9100) and
// resolves only when every byte was handed to the printer and the connection closed cleanly.
// Any refusal, reset or timeout rejects: the kiosk then voids the ticket (print-then-issue).
import net from 'node:net';
import { CodedError } from '../../domain/api/errors';

export interface PrinterAddress {
  host: string;
  port: number;
}

export function parsePrinterAddress(address: string): PrinterAddress {
  const m = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(address.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    throw new CodedError('kiosk_printer_address', '打印机地址格式应为 tcp://主机:端口（例如 tcp://192.168.1.50:9100）', 400);
  }
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

export function sendToPrinter(addr: PrinterAddress, bytes: Uint8Array, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const socket = net.connect({ host: addr.host, port: addr.port });
    const timer = setTimeout(() => done(new Error('打印机无响应（超时）')), timeoutMs);
    socket.on('error', (e) => done(e));
    socket.on('connect', () => {
      socket.end(Buffer.from(bytes), () => {
        // end() callback: all data flushed to the OS; wait for the printer to close or a short grace.
        setTimeout(() => done(), 50);
      });
    });
    socket.on('close', (hadError) => (hadError ? done(new Error('打印机连接异常断开')) : done()));
  });
}
