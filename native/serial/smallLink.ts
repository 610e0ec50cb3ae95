// Host side of a small-frame device on a serial port: one command at a time, ACK with retries,
// reconnect after unplug, and unsolicited device events handed to the adapter.
import { EventEmitter } from 'node:events';
import { CodedError } from '../../domain/api/errors';
import { RequestLine } from './requestLine';
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
  private readonly line: RequestLine<SmallFrame>;
  private parser: SmallFrameParser;
  private seq = 0;
  state: LinkStatus['state'] = 'closed';

  constructor(readonly opts: SmallLinkOptions) {
    super();
    this.parser = new SmallFrameParser(opts.preamble);
    const { path, deviceLabel } = opts;
    // A command in flight when the device goes away runs into its ACK timeout, then fails NOT_CONNECTED.
    this.line = new RequestLine<SmallFrame>(
      {
        path,
        baudRate: opts.baudRate,
        reconnectIntervalMs: opts.reconnectIntervalMs,
        openError: (failure, msg) => {
          if (failure === 'notFound') return this.err('PORT_NOT_FOUND', `找不到串口 ${path}，请检查${deviceLabel}连接`);
          if (failure === 'permission') return this.err('PORT_PERMISSION', `没有权限打开串口 ${path}（请把用户加入 dialout 组）`);
          return this.err('PORT_OPEN_FAILED', `无法打开串口 ${path}：${msg}`);
        },
        notConnectedError: () => this.err('NOT_CONNECTED', `${deviceLabel}未连接`),
      },
      {
        data: (c) => this.onData(c),
        connected: () => {
          this.parser.reset();
          this.setStatus('connected', 'CONNECTED', `${deviceLabel}已连接`);
        },
        unplugged: () => this.setStatus('disconnected', 'DISCONNECTED', `${deviceLabel}已断开，正在尝试重新连接`),
      },
    );
  }

  private err(code: string, message: string): CodedError {
    return new CodedError(`${this.opts.codePrefix}_${code}`, message, 503);
  }

  private setStatus(state: LinkStatus['state'], code: string, message: string) {
    this.state = state;
    this.emit('status', { state, code: `${this.opts.codePrefix}_${code}`, message });
  }

  open(): Promise<void> {
    return this.line.open();
  }

  private onData(chunk: Buffer): void {
    for (const ev of this.parser.push(chunk)) {
      if ('error' in ev) continue; // the sender retries when it gets no ACK
      const f = ev.frame;
      if (f.cmd === ACK) {
        this.line.answer(f);
        continue;
      }
      this.emit('frame', f);
    }
  }

  /** Reply to a device event. */
  ack(seq: number, status: number = AckStatus.ok): void {
    this.line.write(encodeSmallFrame(this.opts.preamble, { cmd: ACK, seq: 0, data: Buffer.from([seq, status]) }));
  }

  /** Send a command and wait for its ACK, resending the same SEQ on silence. */
  send(cmd: number, data: Buffer = Buffer.alloc(0)): Promise<void> {
    return this.line.serial(async () => {
      const seq = (this.seq = (this.seq + 1) & 0xff);
      const frame = encodeSmallFrame(this.opts.preamble, { cmd, seq, data });
      const tries = (this.opts.retries ?? 2) + 1;
      for (let i = 0; i < tries; i++) {
        const ack = await this.line.exchange(frame, this.opts.ackTimeoutMs ?? 500, (a) => a.data[0] === seq);
        const status = ack && (ack.data[1] ?? AckStatus.ok);
        if (status === null || status === AckStatus.badChecksum) continue;
        if (status !== AckStatus.ok) throw this.err('REJECTED', `${this.opts.deviceLabel}拒绝命令：${ACK_STATUS_MESSAGE[status] ?? status}`);
        return;
      }
      throw this.err('NO_ACK', `${this.opts.deviceLabel}没有应答（已重试 ${tries} 次），请检查电源和连接线`);
    });
  }

  async close(): Promise<void> {
    await this.line.close();
    this.setStatus('closed', 'CLOSED', `${this.opts.deviceLabel}已关闭`);
  }
}
