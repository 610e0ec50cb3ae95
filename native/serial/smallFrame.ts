// The small framed protocol shared by the evaluator key box and the window LED bar (both ours):
//   P0 P1 | LEN | CMD | SEQ | DATA (LEN bytes) | CHK
// LEN = number of DATA bytes (0–240); CHK = XOR of LEN, CMD, SEQ and DATA. Text is GB18030.
import { CodedError } from '../../domain/api/errors';

export const MAX_DATA = 240;

export interface SmallFrame {
  cmd: number;
  seq: number;
  data: Buffer;
}

export function encodeSmallFrame(preamble: readonly [number, number], f: SmallFrame): Buffer {
  if (f.data.length > MAX_DATA) throw new CodedError('FRAME_TOO_LONG', `数据过长（${f.data.length} 字节，最多 ${MAX_DATA}）`);
  const out = Buffer.alloc(6 + f.data.length);
  out[0] = preamble[0];
  out[1] = preamble[1];
  out[2] = f.data.length;
  out[3] = f.cmd;
  out[4] = f.seq & 0xff;
  f.data.copy(out, 5);
  let chk = 0;
  for (let i = 2; i < out.length - 1; i++) chk ^= out[i]!;
  out[out.length - 1] = chk;
  return out;
}

export type SmallFrameEvent = { frame: SmallFrame } | { error: CodedError };

export class SmallFrameParser {
  private buf = Buffer.alloc(0);
  constructor(private readonly preamble: readonly [number, number]) {}

  reset(): void {
    this.buf = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): SmallFrameEvent[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: SmallFrameEvent[] = [];
    const [p0, p1] = this.preamble;
    for (;;) {
      let at = -1;
      for (let i = 0; i + 1 < this.buf.length; i++) {
        if (this.buf[i] === p0 && this.buf[i + 1] === p1) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        const keep = this.buf.length && this.buf[this.buf.length - 1] === p0 ? 1 : 0;
        if (this.buf.length - keep > 0) out.push({ error: new CodedError('FRAME_GARBAGE', `丢弃 ${this.buf.length - keep} 字节无帧头数据`) });
        this.buf = this.buf.subarray(this.buf.length - keep);
        return out;
      }
      if (at > 0) {
        out.push({ error: new CodedError('FRAME_GARBAGE', `丢弃 ${at} 字节无帧头数据`) });
        this.buf = this.buf.subarray(at);
      }
      if (this.buf.length < 3) return out;
      const len = this.buf[2]!;
      if (len > MAX_DATA) {
        out.push({ error: new CodedError('FRAME_LENGTH', `长度字段无效（${len}）`) });
        this.buf = this.buf.subarray(1);
        continue;
      }
      if (this.buf.length < 6 + len) return out;
      let chk = 0;
      for (let i = 2; i < 5 + len; i++) chk ^= this.buf[i]!;
      if (chk !== this.buf[5 + len]) {
        out.push({ error: new CodedError('FRAME_CHECKSUM', '校验错误') });
        this.buf = this.buf.subarray(1);
        continue;
      }
      out.push({ frame: { cmd: this.buf[3]!, seq: this.buf[4]!, data: Buffer.from(this.buf.subarray(5, 5 + len)) } });
      this.buf = this.buf.subarray(6 + len);
    }
  }
}

export const ACK = 0x80;
/** ACK status byte values. */
export const AckStatus = { ok: 0, badChecksum: 1, unknownCommand: 2, busy: 3, reasonRequired: 4, badData: 5 } as const;
export const ACK_STATUS_MESSAGE: Record<number, string> = {
  0: '成功',
  1: '设备收到的数据校验错误',
  2: '设备不支持该命令',
  3: '设备忙',
  4: '差评须选择原因',
  5: '数据格式错误',
};
