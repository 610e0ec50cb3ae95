// ID card reader driver over `serialport`: one command outstanding, a timeout per command, a
// presence loop (read once on arrival, report removal), and reconnect after unplug.
// Events carry personal data to the caller only; nothing here logs card contents.
import { EventEmitter } from 'node:events';
import { CodedError } from '../../domain/api/errors';
import { RequestLine, type OpenFailure } from '../serial/requestLine';
import { parseAppendedAddress, parseTextBlock, type IdCard } from './card';
import { buildCommand, FrameParser, toReply, type CommandName, type SamFrame, type SamReply } from './frame';
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
  private readonly line: RequestLine<SamFrame>;
  private readonly parser = new FrameParser();
  private pollTimer: NodeJS.Timeout | null = null;
  private presence: Presence = 'absent';
  private running = false;
  private polling = false;
  private readonly timeouts: Record<CommandName, number>;
  private readonly photoDecoder: PhotoDecoder;
  private _state: ReaderState = 'closed';
  private lastFailure: string | null = null;

  constructor(readonly options: IdCardReaderOptions) {
    super();
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.photoDecoder = new PhotoDecoder(options.photo);
    const path = options.path;
    this.line = new RequestLine<SamFrame>(
      {
        path,
        baudRate: options.baudRate ?? 115200,
        reconnectIntervalMs: options.reconnectIntervalMs,
        openError: (failure: OpenFailure, msg: string) => {
          if (failure === 'notFound') return new CodedError('IDCARD_PORT_NOT_FOUND', `找不到串口 ${path}，请检查阅读器连接`);
          if (failure === 'permission') return new CodedError('IDCARD_PORT_PERMISSION', `没有权限打开串口 ${path}（请把用户加入 dialout 组）`);
          if (failure === 'busy') return new CodedError('IDCARD_PORT_BUSY', `串口 ${path} 被其他程序占用`);
          return new CodedError('IDCARD_PORT_OPEN_FAILED', `无法打开串口 ${path}：${msg}`);
        },
        notConnectedError: () => new CodedError('IDCARD_NOT_CONNECTED', '身份证阅读器未连接'),
        unpluggedError: () => new CodedError('IDCARD_DISCONNECTED', '身份证阅读器已断开，请检查连接线'),
        closedError: () => new CodedError('IDCARD_CLOSED', '阅读器已关闭'),
      },
      {
        data: (chunk) => this.onData(chunk),
        // While reconnecting, stay 'disconnected' instead of flapping through 'connecting'.
        opening: () => {
          if (this._state !== 'disconnected') this.setState('connecting', 'IDCARD_CONNECTING', '正在连接身份证阅读器');
        },
        openFailed: (e) => {
          if (this._state !== 'disconnected' || this.lastFailure !== e.code) this.setState('disconnected', e.code, e.message);
          this.lastFailure = e.code;
        },
        connected: () => {
          this.lastFailure = null;
          this.parser.reset();
          this.setState('connected', 'IDCARD_CONNECTED', '身份证阅读器已连接');
        },
        unplugged: () => {
          if (this.presence === 'present') this.emit('removed');
          this.presence = 'absent';
          this.setState('disconnected', 'IDCARD_DISCONNECTED', '身份证阅读器已断开，正在尝试重新连接');
        },
      },
    );
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
    return this.line.open();
  }

  async close(): Promise<void> {
    this.stop();
    await this.line.close();
    this.setState('closed', 'IDCARD_CLOSED', '阅读器已关闭');
  }

  private onData(chunk: Buffer): void {
    for (const ev of this.parser.push(chunk)) {
      if ('error' in ev) {
        // Noise between frames is harmless; a broken frame fails the command it answers.
        if (ev.error.code !== 'IDCARD_FRAME_GARBAGE') this.line.fail(ev.error);
        continue;
      }
      this.line.answer(ev.frame); // false for a late reply to a command that already timed out
    }
  }

  /** Send one command and wait for its reply; commands are queued so only one is outstanding. */
  command(name: CommandName, timeoutMs?: number): Promise<SamReply> {
    return this.line.serial(async () => {
      const ms = timeoutMs ?? this.timeouts[name];
      const frame = await this.line.exchange(buildCommand(name), ms);
      if (frame === null) {
        // Runs before any further data arrives: drop a half-received reply so it cannot answer the next command.
        this.parser.reset();
        throw new CodedError('IDCARD_TIMEOUT', `阅读器在 ${ms} 毫秒内没有应答，请检查阅读器电源和连接线`, 504, { command: name });
      }
      return toReply(frame);
    });
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
    if (!this.line.hasPort) {
      this.open().catch((e: CodedError) => {
        this.emit('error', e);
        this.line.scheduleReconnect();
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
      if (this.line.isOpen) await this.tick();
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
