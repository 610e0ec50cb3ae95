// Reply payloads: 30 01 (text + photo), 30 10 (text + photo + fingerprint), and builders for the simulator.
import { CodedError } from '../../domain/api/errors';
import { buildReply, type SamReply } from './frame';
import { samStatus } from './status';

export interface CardPayload {
  text: Buffer;
  /** Raw 1024-byte WLT; keep in memory only. */
  photo: Buffer;
  fingerprint: Buffer | null;
}

/** Throw the SW3 status as a CodedError unless it is one of `accept`. */
export function expectStatus(reply: SamReply, accept: number[] = [0x90]): void {
  if (accept.includes(reply.sw3)) return;
  const st = samStatus(reply.sw3);
  throw new CodedError(st.code, st.message, 502, { sw3: reply.sw3 });
}

function slice(data: Buffer, start: number, len: number, what: string): Buffer {
  if (start + len > data.length) throw new CodedError('IDCARD_PAYLOAD_SHORT', `读卡应答中${what}数据不完整`);
  return data.subarray(start, start + len);
}

export function parseReadReply(reply: SamReply, withFingerprint = false): CardPayload {
  expectStatus(reply);
  const d = reply.data;
  const heads = withFingerprint ? 6 : 4;
  if (d.length < heads) throw new CodedError('IDCARD_PAYLOAD_SHORT', '读卡应答数据不完整');
  const textLen = d.readUInt16BE(0);
  const photoLen = d.readUInt16BE(2);
  const fpLen = withFingerprint ? d.readUInt16BE(4) : 0;
  const text = slice(d, heads, textLen, '文字');
  const photo = slice(d, heads + textLen, photoLen, '照片');
  const fingerprint = fpLen ? slice(d, heads + textLen + photoLen, fpLen, '指纹') : null;
  return { text: Buffer.from(text), photo: Buffer.from(photo), fingerprint: fingerprint ? Buffer.from(fingerprint) : null };
}

export function buildReadReply(text: Buffer, photo: Buffer, fingerprint?: Buffer | null): Buffer {
  const fp = fingerprint ?? null;
  const head = Buffer.alloc(fp === null ? 4 : 6);
  head.writeUInt16BE(text.length, 0);
  head.writeUInt16BE(photo.length, 2);
  if (fp !== null) head.writeUInt16BE(fp.length, 4);
  return buildReply(0x90, Buffer.concat([head, text, photo, ...(fp ? [fp] : [])]));
}
