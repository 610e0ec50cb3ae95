// SAM frame codec (GA/T 467 §7): AA AA AA 96 69 | LEN(2, BE) | body… | CHK.
// LEN counts the bytes after the length field including CHK; CHK = XOR of frame[5..n-2].
import { CodedError } from '../../domain/api/errors';

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
/** The longest legal reply (30 10 with a 1024-byte fingerprint) is 2321 bytes; allow some slack. */
export const MAX_LEN = 4096;

export const Cmd = {
  reset: [0x10, 0xff],
  status: [0x11, 0xff],
  samId: [0x12, 0xff],
  find: [0x20, 0x01],
  select: [0x20, 0x02],
  readTextPhoto: [0x30, 0x01],
  readAddress: [0x30, 0x03],
  readTextPhotoFinger: [0x30, 0x10],
} as const satisfies Record<string, readonly [number, number]>;
export type CommandName = keyof typeof Cmd;

export function xorChecksum(buf: Uint8Array, start: number, end: number): number {
  let c = 0;
  for (let i = start; i < end; i++) c ^= buf[i]!;
  return c;
}

/** A frame with the given body (CMD PARA DATA… or SW1 SW2 SW3 DATA…); adds preamble, LEN and CHK. */
export function buildFrame(body: Uint8Array): Buffer {
  const len = body.length + 1;
  const out = Buffer.alloc(7 + len);
  PREAMBLE.copy(out, 0);
  out.writeUInt16BE(len, 5);
  out.set(body, 7);
  out[out.length - 1] = xorChecksum(out, 5, out.length - 1);
  return out;
}

export function buildCommand(name: CommandName, data: Uint8Array = Buffer.alloc(0)): Buffer {
  const [cmd, para] = Cmd[name];
  return buildFrame(Buffer.concat([Buffer.from([cmd, para]), data]));
}

export function buildReply(sw3: number, data: Uint8Array = Buffer.alloc(0), sw1 = 0, sw2 = 0): Buffer {
  return buildFrame(Buffer.concat([Buffer.from([sw1, sw2, sw3]), data]));
}

/** A checked frame: body = bytes between LEN and CHK. */
export interface SamFrame {
  body: Buffer;
  raw: Buffer;
}

export interface SamReply {
  sw1: number;
  sw2: number;
  sw3: number;
  /** Bytes after SW3 (frame offset 10) up to CHK. */
  data: Buffer;
  raw: Buffer;
}

export function toReply(frame: SamFrame): SamReply {
  if (frame.body.length < 3) throw new CodedError('IDCARD_FRAME_SHORT', '阅读器应答过短，无法识别');
  return { sw1: frame.body[0]!, sw2: frame.body[1]!, sw3: frame.body[2]!, data: frame.body.subarray(3), raw: frame.raw };
}

export type ParseEvent = { frame: SamFrame } | { error: CodedError };

const garbage = (n: number) => new CodedError('IDCARD_FRAME_GARBAGE', `阅读器数据无帧头，已丢弃 ${n} 字节`);

/**
 * Incremental stream parser. Push bytes as they arrive; get whole frames and errors back.
 * Any bad frame (garbage, bad length, bad XOR) yields one error and parsing resumes at the next
 * preamble, so one corrupted reply never wedges the line.
 */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);

  reset(): void {
    this.buf = Buffer.alloc(0);
  }

  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): ParseEvent[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const out: ParseEvent[] = [];
    for (;;) {
      const at = this.buf.indexOf(PREAMBLE);
      if (at < 0) {
        // Keep a tail that could be the start of a preamble split across chunks.
        const keep = Math.min(this.buf.length, PREAMBLE.length - 1);
        let tail = 0;
        for (let k = keep; k > 0; k--) {
          if (this.buf.subarray(this.buf.length - k).equals(PREAMBLE.subarray(0, k))) {
            tail = k;
            break;
          }
        }
        const drop = this.buf.length - tail;
        if (drop > 0) out.push({ error: garbage(drop) });
        this.buf = this.buf.subarray(drop);
        return out;
      }
      if (at > 0) {
        out.push({ error: garbage(at) });
        this.buf = this.buf.subarray(at);
      }
      if (this.buf.length < 7) return out;
      const len = this.buf.readUInt16BE(5);
      if (len < 3 || len > MAX_LEN) {
        out.push({ error: new CodedError('IDCARD_FRAME_LENGTH', `阅读器数据长度字段无效（${len}）`) });
        this.buf = this.buf.subarray(1);
        continue;
      }
      const total = 7 + len;
      if (this.buf.length < total) return out;
      const raw = this.buf.subarray(0, total);
      const chk = xorChecksum(raw, 5, total - 1);
      if (chk !== raw[total - 1]) {
        out.push({ error: new CodedError('IDCARD_FRAME_CHECKSUM', '阅读器数据校验错误，请重试') });
        this.buf = this.buf.subarray(1);
        continue;
      }
      const copy = Buffer.from(raw);
      out.push({ frame: { raw: copy, body: copy.subarray(7, total - 1) } });
      this.buf = this.buf.subarray(total);
    }
  }
}

/** Parse exactly one frame from a complete buffer (throws CodedError). */
export function parseFrame(bytes: Uint8Array): SamFrame {
  const p = new FrameParser();
  const events = p.push(bytes);
  const first = events[0];
  if (!first) throw new CodedError('IDCARD_FRAME_INCOMPLETE', '阅读器数据不完整');
  if ('error' in first) throw first.error;
  if (events.length > 1 || p.pending > 0) throw new CodedError('IDCARD_FRAME_TRAILING', '阅读器数据后有多余字节');
  return first.frame;
}
