// The counter's devices as the core sees them: the ID reader (presence → the card slot), the
// receipt printer (through the print service), the window LED and the evaluator. Each reports
// its health into one list, pushed to the UI as the 'devices' event whenever it changes.
import { CodedError } from '../../../domain/api/errors';
import type { CardView, DeviceStatus } from '../../../domain/contract/core';
import { IdCardReader, type ReaderStatus } from '../../../native/idcard/reader';
import type { PrinterStatus } from '../../../native/printer/printer';
import { CardSlot } from './cardSlot';
import { logger } from '../logger';

/** What the hub needs from a window LED driver (native/led), so the core does not depend on its internals. */
export interface LedAdapter {
  show(text: string): Promise<void>;
  close(): Promise<void>;
  readonly status: DeviceStatus;
}

export interface DeviceHubOptions {
  idCardPort?: string;
  idCardBaud: number;
  printerConfigured: boolean;
  led?: LedAdapter | null;
  ledConfigured: boolean;
  evaluator: () => DeviceStatus;
  simControl?: string;
  onDevices: (list: DeviceStatus[]) => void;
  onCard: (card: CardView | null) => void;
}

export class DeviceHub {
  readonly cards = new CardSlot();
  private reader: IdCardReader | null = null;
  private readerStatus: DeviceStatus;
  private printerStatus: DeviceStatus;

  constructor(private readonly opts: DeviceHubOptions) {
    this.readerStatus = opts.idCardPort
      ? { kind: 'idReader', state: 'offline', message: '正在连接身份证阅读器' }
      : { kind: 'idReader', state: 'absent', message: '未配置身份证阅读器（可手工录入）' };
    this.printerStatus = opts.printerConfigured
      ? { kind: 'printer', state: 'offline', message: '正在连接打印机' }
      : { kind: 'printer', state: 'absent', message: '未配置打印机（票据将保存待打印）' };
  }

  start(): void {
    if (!this.opts.idCardPort) return;
    const reader = new IdCardReader({ path: this.opts.idCardPort, baudRate: this.opts.idCardBaud, pollIntervalMs: 300 });
    this.reader = reader;
    reader.on('status', (s: ReaderStatus) => {
      this.readerStatus = {
        kind: 'idReader',
        state: s.state === 'connected' ? 'ok' : s.state === 'connecting' ? 'offline' : 'error',
        message: s.message,
        code: s.code,
      };
      this.push();
    });
    reader.on('card', (read) => {
      // No personal data in the log: only that a card was read.
      logger.info({ kind: read.card.kind }, 'id card read');
      this.opts.onCard(this.cards.put(read));
      if (this.readerStatus.state === 'ok' && this.readerStatus.code !== 'IDCARD_CONNECTED') {
        this.readerStatus = { kind: 'idReader', state: 'ok', message: '身份证阅读器已连接', code: 'IDCARD_CONNECTED' };
        this.push();
      }
    });
    reader.on('error', (e) => {
      // A failed read is transient (card moved too fast, no card): the reader itself stays usable,
      // so keep its state from the connection and show the last problem in the message.
      const state = reader.state === 'connected' ? 'ok' : 'error';
      this.readerStatus = { kind: 'idReader', state, message: state === 'ok' ? `身份证阅读器已连接（上次读卡：${e.message}）` : e.message, code: e.code };
      this.push();
    });
    reader.start();
  }

  setPrinterStatus(s: PrinterStatus): void {
    const state = s.code === 'PRINTER_NOT_CONFIGURED' ? 'absent' : s.online ? 'ok' : 'error';
    this.printerStatus = { kind: 'printer', state, message: state === 'absent' ? '未配置打印机（票据保存待打印）' : s.message, code: s.code };
    this.push();
  }

  list(): DeviceStatus[] {
    const led: DeviceStatus =
      this.opts.led?.status ??
      (this.opts.ledConfigured ? { kind: 'led', state: 'offline', message: '窗口屏未连接' } : { kind: 'led', state: 'absent', message: '未配置窗口屏' });
    return [this.readerStatus, this.printerStatus, this.opts.evaluator(), led];
  }

  push(): void {
    this.opts.onDevices(this.list());
  }

  /** The LED above the window follows each call ("请 A023 号到 5 号窗口"). */
  async showOnLed(text: string): Promise<void> {
    if (!this.opts.led) return;
    try {
      await this.opts.led.show(text);
    } catch (err) {
      logger.warn({ code: (err as CodedError).code }, 'LED update failed');
    } finally {
      this.push();
    }
  }

  clearCard(): boolean {
    const had = this.cards.clear();
    this.opts.onCard(null);
    return had;
  }

  /** Demo/test: ask the demo's simulator control to put a card on (or take it off) this window's reader. */
  async simulateCard(fixture: string, remove: boolean): Promise<{ ok: true }> {
    if (!this.opts.simControl) throw new CodedError('SIMULATOR_DISABLED', '仅在演示模式（模拟设备）下可用', 403);
    const res = await fetch(`${this.opts.simControl}/card`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fixture, remove }),
    }).catch(() => null);
    if (!res?.ok) throw new CodedError('SIMULATOR_UNREACHABLE', '无法连接模拟设备控制端', 502);
    return { ok: true };
  }

  async close(): Promise<void> {
    this.cards.clear();
    await this.reader?.close().catch(() => undefined);
    await this.opts.led?.close().catch(() => undefined);
  }
}
