// LedBar: the window LED bar over serial (text, scroll, brightness), with ACKs and reconnect.
import { EventEmitter } from 'node:events';
import { CodedError } from '../../domain/api/errors';
import { gb18030 } from '../printer/text';
import { MAX_DATA } from '../serial/smallFrame';
import { SmallLink, type LinkStatus } from '../serial/smallLink';
import { LED_PREAMBLE, LedCmd, SCROLL_MODES, type ScrollMode } from './protocol';

export interface LedBarOptions {
  path: string;
  baudRate?: number;
  ackTimeoutMs?: number;
  retries?: number;
  reconnectIntervalMs?: number;
}

export class LedBar extends EventEmitter<{ status: [LinkStatus] }> {
  private readonly link: SmallLink;

  constructor(opts: LedBarOptions) {
    super();
    this.link = new SmallLink({
      path: opts.path,
      baudRate: opts.baudRate ?? 9600,
      preamble: LED_PREAMBLE,
      codePrefix: 'LED',
      deviceLabel: '窗口屏',
      ackTimeoutMs: opts.ackTimeoutMs,
      retries: opts.retries,
      reconnectIntervalMs: opts.reconnectIntervalMs,
    });
    this.link.on('status', (s) => this.emit('status', s));
  }

  get state(): LinkStatus['state'] {
    return this.link.state;
  }

  open(): Promise<void> {
    return this.link.open();
  }

  /** Show text; optionally set scrolling in the same call. */
  async show(text: string, opts: { scroll?: ScrollMode; speed?: number } = {}): Promise<void> {
    const bytes = gb18030(text);
    if (bytes.length > MAX_DATA) throw new CodedError('LED_TEXT_TOO_LONG', `窗口屏文字过长（${bytes.length} 字节，最多 ${MAX_DATA}）`);
    if (opts.scroll) await this.scroll(opts.scroll, opts.speed);
    await this.link.send(LedCmd.text, bytes);
  }

  async scroll(mode: ScrollMode, speed = 5): Promise<void> {
    const m = SCROLL_MODES.indexOf(mode);
    if (m < 0) throw new CodedError('LED_BAD_SCROLL', `滚动方式无效：${mode}`);
    await this.link.send(LedCmd.scroll, Buffer.from([m, Math.max(1, Math.min(9, Math.round(speed)))]));
  }

  async setBrightness(level: number): Promise<void> {
    if (!Number.isInteger(level) || level < 0 || level > 15) throw new CodedError('LED_BAD_BRIGHTNESS', '亮度应为 0–15 的整数');
    await this.link.send(LedCmd.brightness, Buffer.from([level]));
  }

  async clear(): Promise<void> {
    await this.link.send(LedCmd.clear);
  }

  async ping(): Promise<void> {
    await this.link.send(LedCmd.ping);
  }

  close(): Promise<void> {
    return this.link.close();
  }
}
