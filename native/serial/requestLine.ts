// One serial port a host driver talks to: one exchange outstanding at a time, a timeout per
// exchange, reconnect after unplug, and a coded error (never a hang) when the device goes away.
// The ID card reader and the small-frame link (key box, LED bar) both sit on it.
import { SerialPort } from 'serialport';
import type { CodedError } from '../../domain/api/errors';

/** Why a port would not open, from the OS message (the drivers word the Chinese error). */
export type OpenFailure = 'notFound' | 'permission' | 'busy' | 'failed';

export function openFailure(osMessage: string): OpenFailure {
  if (/ENOENT|No such file/i.test(osMessage)) return 'notFound';
  if (/EACCES|Permission/i.test(osMessage)) return 'permission';
  if (/busy|lock/i.test(osMessage)) return 'busy';
  return 'failed';
}

export interface RequestLineOptions {
  path: string;
  baudRate: number;
  reconnectIntervalMs?: number;
  openError: (failure: OpenFailure, osMessage: string) => CodedError;
  notConnectedError: () => CodedError;
  /** When set, an exchange in flight fails with it at once on unplug / close; else it runs into its timeout. */
  unpluggedError?: () => CodedError;
  closedError?: () => CodedError;
}

export interface RequestLineHooks {
  data: (chunk: Buffer) => void;
  /** An open attempt starts (once for concurrent open() calls). */
  opening?: () => void;
  openFailed?: (err: CodedError) => void;
  connected: () => void;
  /** The port went away without close(); reconnecting follows. */
  unplugged: () => void;
}

interface Pending<R> {
  resolve: (reply: R | null) => void;
  reject: (err: Error) => void;
  accepts: (reply: R) => boolean;
  timer: NodeJS.Timeout;
}

export class RequestLine<R> {
  private port: SerialPort | null = null;
  private opening: Promise<void> | null = null;
  private wantOpen = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private pending: Pending<R> | null = null;

  constructor(
    private readonly opts: RequestLineOptions,
    private readonly hooks: RequestLineHooks,
  ) {}

  get hasPort(): boolean {
    return this.port !== null;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** Open the port once (no reconnect). Concurrent calls share one attempt. */
  open(): Promise<void> {
    this.wantOpen = true;
    if (this.port?.isOpen) return Promise.resolve();
    this.opening ??= this.doOpen().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async doOpen(): Promise<void> {
    this.hooks.opening?.();
    const port = new SerialPort({ path: this.opts.path, baudRate: this.opts.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(this.opts.openError(openFailure(err.message), err.message)) : resolve())),
    ).catch((e: CodedError) => {
      this.hooks.openFailed?.(e);
      throw e;
    });
    if (!this.wantOpen) {
      // close() was called while we were opening
      await new Promise<void>((r) => port.close(() => r()));
      return;
    }
    this.port = port;
    port.on('data', (chunk: Buffer) => this.hooks.data(chunk));
    port.on('error', () => undefined);
    port.on('close', () => this.onClose(port));
    this.hooks.connected();
  }

  private onClose(port: SerialPort): void {
    if (this.port !== port) return; // closed on purpose
    this.port = null;
    if (this.opts.unpluggedError) this.fail(this.opts.unpluggedError());
    this.hooks.unplugged();
    this.scheduleReconnect();
  }

  /** Keep trying to open until close(). */
  scheduleReconnect(): void {
    if (!this.wantOpen || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      if (!this.wantOpen || this.port) return;
      try {
        await this.open();
      } catch {
        this.scheduleReconnect();
      }
    }, this.opts.reconnectIntervalMs ?? 1000);
  }

  async close(): Promise<void> {
    this.wantOpen = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const port = this.port;
    this.port = null;
    if (this.opts.closedError) this.fail(this.opts.closedError());
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
  }

  /** Write without waiting for an answer (e.g. acknowledging a device event); dropped while unplugged. */
  write(bytes: Buffer): void {
    this.port?.write(bytes);
  }

  /** Run `job` once every earlier job settled, so one exchange at a time is on the wire. */
  serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.chain.then(job, job);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Write `bytes` and wait for the answer handed to answer(); null when none came within
   * `timeoutMs`. Call inside serial().
   */
  exchange(bytes: Buffer, timeoutMs: number, accepts: (reply: R) => boolean = () => true): Promise<R | null> {
    return new Promise<R | null>((resolve, reject) => {
      const port = this.port;
      if (!port?.isOpen) return reject(this.opts.notConnectedError());
      const timer = setTimeout(() => {
        if (this.pending?.timer !== timer) return;
        this.pending = null;
        resolve(null);
      }, timeoutMs);
      this.pending = { resolve, reject, accepts, timer };
      port.write(bytes);
    });
  }

  /** Hand a reply to the exchange in flight; false when none waits for it (a late or stray reply). */
  answer(reply: R): boolean {
    const p = this.pending;
    if (!p || !p.accepts(reply)) return false;
    this.pending = null;
    clearTimeout(p.timer);
    p.resolve(reply);
    return true;
  }

  /** Fail the exchange in flight, if any. */
  fail(err: Error): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.reject(err);
  }
}
