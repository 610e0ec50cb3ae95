// ID card reader driver over `serialport`: one command outstanding, a timeout per command, a
// presence loop (read once on arrival, report removal), and reconnect after unplug.
// Events carry personal data to the caller only; nothing here logs card contents.
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { CodedError } from '../../domain/api/errors';
import { parseAppendedAddress, parseTextBlock, type IdCard } from './card';
import { buildCommand, FrameParser, toReply, type CommandName, type SamReply } from './frame';
import { PhotoDecoder, type PhotoDecoderConfig, type PhotoResult } from './photo';
import { expectStatus, parseReadReply } from './replies';
import { parseSamId } from './samId';

export interface CardRead {
  card: IdCard;
  /** Raw WLT bytes: keep in memory for the current case only. */
  photoWlt: Buffer | null;
  photo: PhotoResult;
  fingerprint: Buffer | null;
  readAt: string;
}

export type ReaderState = 'closed' | 'connecting' | 'connected' | 'disconnected';

export interface ReaderStatus {
  state: ReaderState;
  code: string;
  message: string;
}

export interface IdCardReaderOptions {
  path: string;
  baudRate?: number;
  /** Presence poll interval, ms (default 500). */
  pollIntervalMs?: number;
  /** Per-command timeouts, ms; defaults follow the reference (find 300, select 200, read 2000, 30 10 3000). */
  timeouts?: Partial<Record<CommandName, number>>;
  reconnectIntervalMs?: number;
  /** Use 30 10 (with fingerprint) instead of 30 01. */
  withFingerprint?: boolean;
  /** Also ask for the appended address (30 03). Default true. */
  readAppendedAddress?: boolean;
  photo?: PhotoDecoderConfig;
  /** YYYY-MM-DD for the expired flag (tests). */
  today?: () => string;
}

const DEFAULT_TIMEOUTS: Record<CommandName, number> = {
  reset: 1000,
  status: 1000,
  samId: 1000,
  find: 300,
  select: 200,
  readTextPhoto: 2000,
  readAddress: 500,
  readTextPhotoFinger: 3000,
};

interface Pending {
  name: CommandName;
  resolve: (r: SamReply) => void;
  reject: (e: CodedError) => void;
  timer: NodeJS.Timeout;
}

export interface IdCardReaderEvents {
  card: [CardRead];
  removed: [];
  status: [ReaderStatus];
  error: [CodedError];
}

/** Errors already reported through 'status' (or caused by close()). */
const QUIET = new Set(['IDCARD_DISCONNECTED', 'IDCARD_NOT_CONNECTED', 'IDCARD_CLOSED']);

type Presence = 'absent' | 'present' | { retry: number };
const MAX_READ_RETRIES = 3;

export class IdCardReader extends EventEmitter<IdCardReaderEvents> {
  private port: SerialPort | null = null;
  private readonly parser = new FrameParser();
  private pending: Pending | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private presence: Presence = 'absent';
  private running = false;
  private wantOpen = false;
  private polling = false;
  private readonly timeouts: Record<CommandName, number>;
  private readonly photoDecoder: PhotoDecoder;
  private _state: ReaderState = 'closed';
  private opening: Promise<void> | null = null;
  private lastFailure: string | null = null;

  constructor(readonly options: IdCardReaderOptions) {
    super();
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.photoDecoder = new PhotoDecoder(options.photo);
    // An 'error' event with no listener would crash the process; the driver must never do that.
    this.on('error', () => undefined);
  }

  get state(): ReaderState {
    return this._state;
  }

  get cardPresent(): boolean {
    return this.presence === 'present';
  }

  private setState(state: ReaderState, code: string, message: string): void {
    this._state = state;
    this.emit('status', { state, code, message });
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
    // While reconnecting, stay 'disconnected' instead of flapping through 'connecting'.
    if (this._state !== 'disconnected') this.setState('connecting', 'IDCARD_CONNECTING', '正在连接身份证阅读器');
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate ?? 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => {
        if (!err) return resolve();
        const msg = err.message;
        if (/ENOENT|No such file/i.test(msg)) reject(new CodedError('IDCARD_PORT_NOT_FOUND', `找不到串口 ${this.options.path}，请检查阅读器连接`));
        else if (/EACCES|Permission/i.test(msg)) reject(new CodedError('IDCARD_PORT_PERMISSION', `没有权限打开串口 ${this.options.path}（请把用户加入 dialout 组）`));
        else if (/busy|lock/i.test(msg)) reject(new CodedError('IDCARD_PORT_BUSY', `串口 ${this.options.path} 被其他程序占用`));
        else reject(new CodedError('IDCARD_PORT_OPEN_FAILED', `无法打开串口 ${this.options.path}：${msg}`));
      }),
    ).catch((e: CodedError) => {
      if (this._state !== 'disconnected' || this.lastFailure !== e.code) this.setState('disconnected', e.code, e.message);
      this.lastFailure = e.code;
      throw e;
    });
    if (!this.wantOpen) {
      // close() was called while we were opening
      await new Promise<void>((r) => port.close(() => r()));
      return;
    }
    this.lastFailure = null;
    this.port = port;
    this.parser.reset();
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('error', () => undefined);
    port.on('close', () => this.onClose(port));
    this.setState('connected', 'IDCARD_CONNECTED', '身份证阅读器已连接');
  }

  async close(): Promise<void> {
    this.wantOpen = false;
    this.stop();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const port = this.port;
    this.port = null;
    this.failPending(new CodedError('IDCARD_CLOSED', '阅读器已关闭'));
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
    this.setState('closed', 'IDCARD_CLOSED', '阅读器已关闭');
  }

  private onClose(port: SerialPort): void {
    if (this.port !== port) return; // closed on purpose
    this.port = null;
    this.failPending(new CodedError('IDCARD_DISCONNECTED', '身份证阅读器已断开，请检查连接线'));
    if (this.presence === 'present') this.emit('removed');
    this.presence = 'absent';
    this.setState('disconnected', 'IDCARD_DISCONNECTED', '身份证阅读器已断开，正在尝试重新连接');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.wantOpen || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      if (!this.wantOpen || this.port) return;
      try {
        await this.open();
      } catch {
        this.scheduleReconnect();
      }
    }, this.options.reconnectIntervalMs ?? 1000);
  }

  private failPending(err: CodedError): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.reject(err);
  }

  private onData(chunk: Buffer): void {
    for (const ev of this.parser.push(chunk)) {
      if ('error' in ev) {
        // Noise between frames is harmless; a broken frame fails the command it answers.
        if (ev.error.code !== 'IDCARD_FRAME_GARBAGE') this.failPending(ev.error);
        continue;
      }
      const p = this.pending;
      if (!p) continue; // a late reply to a command that already timed out
      this.pending = null;
      clearTimeout(p.timer);
      try {
        p.resolve(toReply(ev.frame));
      } catch (e) {
        p.reject(e as CodedError);
      }
    }
  }

  /** Send one command and wait for its reply; commands are queued so only one is outstanding. */
  command(name: CommandName, timeoutMs?: number): Promise<SamReply> {
    const run = () =>
      new Promise<SamReply>((resolve, reject) => {
        const port = this.port;
        if (!port?.isOpen) return reject(new CodedError('IDCARD_NOT_CONNECTED', '身份证阅读器未连接'));
        const ms = timeoutMs ?? this.timeouts[name];
        const timer = setTimeout(() => {
          if (this.pending?.timer !== timer) return;
          this.pending = null;
          this.parser.reset(); // drop a half-received reply so it cannot answer the next command
          reject(new CodedError('IDCARD_TIMEOUT', `阅读器在 ${ms} 毫秒内没有应答，请检查阅读器电源和连接线`, 504, { command: name }));
        }, ms);
        this.pending = { name, resolve, reject, timer };
        port.write(buildCommand(name));
      });
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  async reset(): Promise<void> {
    expectStatus(await this.command('reset'));
  }

  async status(): Promise<void> {
    expectStatus(await this.command('status'));
  }

  async samId(): Promise<string> {
    const r = await this.command('samId');
    expectStatus(r);
    return parseSamId(r.data);
  }

  /** true = a card answered; false = no card (SW3 80). */
  async find(): Promise<boolean> {
    const r = await this.command('find');
    if (r.sw3 === 0x80) return false;
    expectStatus(r, [0x9f]);
    return true;
  }

  async select(): Promise<boolean> {
    const r = await this.command('select');
    if (r.sw3 === 0x81) return false;
    expectStatus(r);
    return true;
  }

  /** Read the selected card (30 01 or 30 10, plus 30 03 when enabled). */
  async read(): Promise<CardRead> {
    const fp = this.options.withFingerprint ?? false;
    const payload = parseReadReply(await this.command(fp ? 'readTextPhotoFinger' : 'readTextPhoto'), fp);
    const card = parseTextBlock(payload.text, { today: this.options.today?.() });
    if (this.options.readAppendedAddress ?? true) {
      const r = await this.command('readAddress');
      if (r.sw3 === 0x90) card.appendedAddress = parseAppendedAddress(r.data);
      else if (r.sw3 !== 0x91) expectStatus(r);
    }
    const photo = await this.photoDecoder.decode(payload.photo);
    return { card, photoWlt: payload.photo, photo, fingerprint: payload.fingerprint, readAt: new Date().toISOString() };
  }

  /** find → select → read once, or wait up to `timeoutMs` for a card to be placed. */
  async readOnce(timeoutMs = 10_000, pollMs = 200): Promise<CardRead> {
    const deadline = Date.now() + timeoutMs;
    let lastError: CodedError | null = null;
    for (;;) {
      try {
        if ((await this.find()) || lastError) {
          if (await this.select()) return await this.read();
        }
      } catch (e) {
        lastError = e as CodedError;
      }
      if (Date.now() > deadline) {
        throw lastError ?? new CodedError('IDCARD_NO_CARD', `${Math.round(timeoutMs / 1000)} 秒内未检测到证件，请将证件放在阅读器上`);
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Start the presence loop (opens the port and keeps reconnecting). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.wantOpen = true;
    if (!this.port) {
      this.open().catch((e: CodedError) => {
        this.emit('error', e);
        this.scheduleReconnect();
      });
    }
    this.schedulePoll(0);
  }

  stop(): void {
    this.running = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private schedulePoll(ms: number): void {
    if (!this.running) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (this.port?.isOpen) await this.tick();
    } finally {
      this.polling = false;
      this.schedulePoll(this.options.pollIntervalMs ?? 500);
    }
  }

  private async readAndEmit(): Promise<void> {
    try {
      const read = await this.read();
      this.presence = 'present';
      this.emit('card', read);
    } catch (e) {
      const err = e as CodedError;
      const n = typeof this.presence === 'object' ? this.presence.retry + 1 : 1;
      if (QUIET.has(err.code)) return;
      if (n > MAX_READ_RETRIES) {
        this.presence = 'absent';
        this.emit('error', new CodedError(err.code, `${err.message}（已重试 ${MAX_READ_RETRIES} 次，请取下证件后重新放置）`, 502));
      } else {
        this.presence = { retry: n };
        this.emit('error', err);
      }
    }
  }

  /**
   * One presence step. After a read the SAM answers find with 80 while the card stays, so removal
   * is probed with select (answers 81 once the card left the field).
   */
  private async tick(): Promise<void> {
    try {
      const p = this.presence;
      if (p === 'present') {
        if (await this.find()) {
          // The card left and came back (or another card) between two polls.
          this.emit('removed');
          this.presence = 'absent';
          if (await this.select()) await this.readAndEmit();
        } else if (!(await this.select())) {
          this.presence = 'absent';
          this.emit('removed');
        }
      } else if (p === 'absent') {
        if ((await this.find()) && (await this.select())) await this.readAndEmit();
      } else {
        if (await this.select()) await this.readAndEmit();
        else this.presence = 'absent';
      }
    } catch (e) {
      const err = e as CodedError;
      if (!QUIET.has(err.code)) this.emit('error', err);
    }
  }
}

/** Probe one port with 11 FF; true when it answers `… 00 04 00 00 90 94` within `timeoutMs`. */
export async function probeIdCardPort(path: string, baudRate = 115200, timeoutMs = 2000): Promise<boolean> {
  const reader = new IdCardReader({ path, baudRate, timeouts: { status: timeoutMs } });
  try {
    await reader.open();
    await reader.status();
    return true;
  } catch {
    return false;
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/** The first candidate that answers the status command, or null. */
export async function discoverIdCardPort(candidates: string[], baudRate = 115200, timeoutMs = 2000): Promise<string | null> {
  for (const path of candidates) if (await probeIdCardPort(path, baudRate, timeoutMs)) return path;
  return null;
}
