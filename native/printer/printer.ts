// createReceiptPrinter: one printer behind tcp://host:port, serial:PATH?baud=N (a custom
// node-thermal-printer interface over serialport), or a device path (/dev/usb/lp0, \\.\COM1).
// Status comes from DLE EOT where the printer answers it; silence means "paper state unknown".
import net from 'node:net';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { CodedError } from '../../domain/api/errors';
import type { ReceiptInput, ReceiptTemplate } from '../../domain/receipts/schemas';
import { columnsFor } from './doc';
import { newThermalPrinter } from './escpos';
import { renderReceipt } from './render';

export interface PrinterStatus {
  online: boolean;
  paper: 'ok' | 'nearEnd' | 'out' | 'unknown';
  code: string;
  message: string;
}

export interface ReceiptPrinterOptions {
  /** tcp://host:port · serial:/dev/ttyUSB0?baud=9600 · /dev/usb/lp0 */
  interface: string;
  widthMm?: number;
  timeoutMs?: number;
}

export interface ReceiptPrinter {
  readonly interfaceName: string;
  readonly widthMm: number;
  readonly cols: number;
  print<T extends ReceiptTemplate>(template: T, data: ReceiptInput<T>): Promise<void>;
  printBytes(bytes: Buffer): Promise<void>;
  status(): Promise<PrinterStatus>;
  close(): Promise<void>;
}

const DLE_EOT_QUERY = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x04]);

export function interpretStatus(bytes: Buffer | null): PrinterStatus {
  if (!bytes || bytes.length < 2) return { online: true, paper: 'unknown', code: 'PRINTER_STATUS_UNKNOWN', message: '打印机已连接（未报告纸张状态）' };
  const printer = bytes[0]!;
  const paper = bytes[1]!;
  if (paper & 0x60) return { online: false, paper: 'out', code: 'PRINTER_PAPER_OUT', message: '打印机缺纸，请装纸后重试' };
  if (printer & 0x08) return { online: false, paper: 'unknown', code: 'PRINTER_NOT_READY', message: '打印机未就绪（可能开盖或故障）' };
  if (paper & 0x0c) return { online: true, paper: 'nearEnd', code: 'PRINTER_PAPER_NEAR_END', message: '打印纸即将用完，请准备换纸' };
  return { online: true, paper: 'ok', code: 'PRINTER_OK', message: '打印机正常' };
}

const offline = (where: string, why: string) => new CodedError('PRINTER_OFFLINE', `打印机离线（${where}：${why}），请检查打印机电源和连接线`, 503);

function tcpTarget(uri: string): { host: string; port: number } | null {
  const m = /^tcp:\/\/([^/:]+)(?::(\d+))?\/?$/i.exec(uri);
  return m ? { host: m[1]!, port: Number(m[2] ?? 9100) } : null;
}

function serialTarget(uri: string): { path: string; baudRate: number } | null {
  const m = /^serial:([^?]+)(?:\?baud=(\d+))?$/i.exec(uri);
  return m ? { path: m[1]!, baudRate: Number(m[2] ?? 9600) } : null;
}

/** A node-thermal-printer custom interface over serialport (the library has no baud control). */
export class SerialPrinterInterface {
  private port: SerialPort | null = null;
  constructor(
    readonly path: string,
    readonly baudRate: number,
    readonly timeoutMs = 3000,
  ) {}

  getPrinterName(): string {
    return `serial:${this.path}`;
  }

  private async ensureOpen(): Promise<SerialPort> {
    if (this.port?.isOpen) return this.port;
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(offline(this.path, e.message)) : resolve())));
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.port === port) this.port = null;
    });
    this.port = port;
    return port;
  }

  async isPrinterConnected(): Promise<boolean> {
    try {
      await this.ensureOpen();
      return true;
    } catch {
      return false;
    }
  }

  async execute(buffer: Buffer): Promise<void> {
    const port = await this.ensureOpen();
    await new Promise<void>((resolve, reject) => {
      port.write(buffer, (e) => (e ? reject(offline(this.path, e.message)) : port.drain((e2) => (e2 ? reject(offline(this.path, e2.message)) : resolve()))));
    });
  }

  async query(request: Buffer, replyBytes: number, timeoutMs: number): Promise<Buffer | null> {
    const port = await this.ensureOpen();
    return new Promise((resolve) => {
      const got: Buffer[] = [];
      const onData = (d: Buffer) => {
        got.push(d);
        if (Buffer.concat(got).length >= replyBytes) done();
      };
      const done = () => {
        clearTimeout(timer);
        port.off('data', onData);
        const all = Buffer.concat(got);
        resolve(all.length >= replyBytes ? all.subarray(0, replyBytes) : null);
      };
      const timer = setTimeout(done, timeoutMs);
      port.on('data', onData);
      port.write(request);
    });
  }

  async close(): Promise<void> {
    const p = this.port;
    this.port = null;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
  }
}

function tcpQuery(host: string, port: number, request: Buffer, replyBytes: number, timeoutMs: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    const sock = net.connect({ host, port });
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      const all = Buffer.concat(got);
      resolve(all.length >= replyBytes ? all.subarray(0, replyBytes) : null);
    };
    const timer = setTimeout(finish, timeoutMs);
    sock.on('connect', () => sock.write(request));
    sock.on('data', (d) => {
      got.push(d);
      if (Buffer.concat(got).length >= replyBytes) finish();
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      sock.destroy();
      reject(offline(`${host}:${port}`, (e as NodeJS.ErrnoException).code ?? e.message));
    });
  });
}

export function createReceiptPrinter(opts: ReceiptPrinterOptions): ReceiptPrinter {
  const widthMm = opts.widthMm ?? 80;
  const cols = columnsFor(widthMm);
  const timeoutMs = opts.timeoutMs ?? 3000;
  const uri = opts.interface;
  const tcp = tcpTarget(uri);
  const serial = serialTarget(uri);
  const serialIface = serial ? new SerialPrinterInterface(serial.path, serial.baudRate, timeoutMs) : null;
  if (!tcp && !serial && !/^(\/|\\\\|[A-Za-z]:)/.test(uri)) {
    throw new CodedError('PRINTER_INTERFACE_INVALID', `打印机接口格式错误：${uri}（应为 tcp://主机:端口、serial:/dev/ttyUSB0?baud=9600 或设备路径）`);
  }

  const printBytes = async (bytes: Buffer) => {
    if (serialIface) return serialIface.execute(bytes);
    if (!tcp && !existsSync(uri)) throw offline(uri, '设备文件不存在');
    const p = newThermalPrinter(cols, tcp ? uri : uri);
    if (tcp) (p as unknown as { Interface: { timeout: number } }).Interface.timeout = timeoutMs;
    p.setBuffer(bytes);
    try {
      await p.execute();
    } catch (e) {
      const err = e as NodeJS.ErrnoException | string;
      const msg = typeof err === 'string' ? err : (err.code ?? err.message);
      if (/timeout/i.test(msg)) throw new CodedError('PRINTER_TIMEOUT', `打印机在 ${timeoutMs} 毫秒内没有响应，请检查打印机`, 504);
      throw offline(tcp ? `${tcp.host}:${tcp.port}` : uri, msg);
    }
  };

  return {
    interfaceName: uri,
    widthMm,
    cols,
    print: async (template, data) => printBytes(renderReceipt(template, data, { widthMm }).bytes),
    printBytes,
    status: async () => {
      try {
        if (tcp) return interpretStatus(await tcpQuery(tcp.host, tcp.port, DLE_EOT_QUERY, 2, Math.min(timeoutMs, 1000)));
        if (serialIface) return interpretStatus(await serialIface.query(DLE_EOT_QUERY, 2, Math.min(timeoutMs, 1000)));
        if (!existsSync(uri)) return { online: false, paper: 'unknown', code: 'PRINTER_OFFLINE', message: `打印机设备 ${uri} 不存在，请检查连接` };
        return interpretStatus(null);
      } catch (e) {
        const err = e as CodedError;
        return { online: false, paper: 'unknown', code: err.code ?? 'PRINTER_OFFLINE', message: err.message };
      }
    },
    close: async () => {
      await serialIface?.close();
    },
  };
}
