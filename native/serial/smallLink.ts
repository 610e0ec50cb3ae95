// Host side of a small-frame device on a serial port: one command at a time, ACK with retries,
// reconnect after unplug, and unsolicited device events handed to the adapter.
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { CodedError } from '../../domain/api/errors';
import { ACK, ACK_STATUS_MESSAGE, AckStatus, encodeSmallFrame, SmallFrameParser, type SmallFrame } from './smallFrame';

export interface SmallLinkOptions {
  path: string;
  baudRate: number;
  preamble: readonly [number, number];
  /** Code prefix for errors, e.g. EVALUATOR or LED. */
  codePrefix: string;
  deviceLabel: string;
  ackTimeoutMs?: number;
  retries?: number;
  reconnectIntervalMs?: number;
}

export interface LinkStatus {
  state: 'connected' | 'disconnected' | 'closed';
  code: string;
  message: string;
}

export interface SmallLinkEvents {
  frame: [SmallFrame];
  status: [LinkStatus];
}

export class SmallLink extends EventEmitter<SmallLinkEvents> {
  private port: SerialPort | null = null;
  private parser: SmallFrameParser;
  private seq = 0;
  private waiting: { seq: number; resolve: (status: number) => void } | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private reconnectTimer: NodeJS.Timeout | null = null;
  private wantOpen = false;
  private opening: Promise<void> | null = null;
  state: LinkStatus['state'] = 'closed';

  constructor(readonly opts: SmallLinkOptions) {
    super();
    this.parser = new SmallFrameParser(opts.preamble);
  }

  private err(code: string, message: string): CodedError {
    return new CodedError(`${this.opts.codePrefix}_${code}`, message, 503);
  }

  private setStatus(state: LinkStatus['state'], code: string, message: string) {
    this.state = state;
    this.emit('status', { state, code: `${this.opts.codePrefix}_${code}`, message });
  }

  open(): Promise<void> {
    this.wantOpen = true;
    if (this.port?.isOpen) return Promise.resolve();
    this.opening ??= this.doOpen().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async doOpen(): Promise<void> {
    const port = new SerialPort({ path: this.opts.path, baudRate: this.opts.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((e) => {
        if (!e) return resolve();
        if (/ENOENT|No such file/i.test(e.message)) reject(this.err('PORT_NOT_FOUND', `找不到串口 ${this.opts.path}，请检查${this.opts.deviceLabel}连接`));
        else if (/EACCES|Permission/i.test(e.message)) reject(this.err('PORT_PERMISSION', `没有权限打开串口 ${this.opts.path}（请把用户加入 dialout 组）`));
        else reject(this.err('PORT_OPEN_FAILED', `无法打开串口 ${this.opts.path}：${e.message}`));
      }),
    );
    if (!this.wantOpen) {
      await new Promise<void>((r) => port.close(() => r()));
      return;
    }
    this.port = port;
    this.parser.reset();
    port.on('data', (c: Buffer) => this.onData(c));
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.port !== port) return;
      this.port = null;
      this.setStatus('disconnected', 'DISCONNECTED', `${this.opts.deviceLabel}已断开，正在尝试重新连接`);
      this.scheduleReconnect();
    });
    this.setStatus('connected', 'CONNECTED', `${this.opts.deviceLabel}已连接`);
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
    }, this.opts.reconnectIntervalMs ?? 1000);
  }

  private onData(chunk: Buffer): void {
    for (const ev of this.parser.push(chunk)) {
      if ('error' in ev) continue; // the sender retries when it gets no ACK
      const f = ev.frame;
      if (f.cmd === ACK) {
        if (this.waiting && f.data[0] === this.waiting.seq) {
          const w = this.waiting;
          this.waiting = null;
          w.resolve(f.data[1] ?? AckStatus.ok);
        }
        continue;
      }
      this.emit('frame', f);
    }
  }

  /** Reply to a device event. */
  ack(seq: number, status: number = AckStatus.ok): void {
    this.port?.write(encodeSmallFrame(this.opts.preamble, { cmd: ACK, seq: 0, data: Buffer.from([seq, status]) }));
  }

  /** Send a command and wait for its ACK, resending the same SEQ on silence. */
  send(cmd: number, data: Buffer = Buffer.alloc(0)): Promise<void> {
    const run = async () => {
      const seq = (this.seq = (this.seq + 1) & 0xff);
      const frame = encodeSmallFrame(this.opts.preamble, { cmd, seq, data });
      const tries = (this.opts.retries ?? 2) + 1;
      for (let i = 0; i < tries; i++) {
        const port = this.port;
        if (!port?.isOpen) throw this.err('NOT_CONNECTED', `${this.opts.deviceLabel}未连接`);
        const status = await new Promise<number | null>((resolve) => {
          const timer = setTimeout(() => {
            this.waiting = null;
            resolve(null);
          }, this.opts.ackTimeoutMs ?? 500);
          this.waiting = {
            seq,
            resolve: (s) => {
              clearTimeout(timer);
              resolve(s);
            },
          };
          port.write(frame);
        });
        if (status === null || status === AckStatus.badChecksum) continue;
        if (status !== AckStatus.ok) throw this.err('REJECTED', `${this.opts.deviceLabel}拒绝命令：${ACK_STATUS_MESSAGE[status] ?? status}`);
        return;
      }
      throw this.err('NO_ACK', `${this.opts.deviceLabel}没有应答（已重试 ${tries} 次），请检查电源和连接线`);
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.wantOpen = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const p = this.port;
    this.port = null;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
    this.setStatus('closed', 'CLOSED', `${this.opts.deviceLabel}已关闭`);
  }
}
