// SAM id (reply to 12 FF): 16 little-endian bytes at frame offset 10 →
// "u16.u16-u32-u32(10)-u32(10)", e.g. 05.01-20101010-0001234567-1234567890.
import { CodedError } from '../../domain/api/errors';

export function parseSamId(data: Uint8Array): string {
  if (data.length < 16) throw new CodedError('IDCARD_SAMID_SHORT', '阅读器安全模块编号数据不完整');
  const b = Buffer.from(data.buffer, data.byteOffset, 16);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const p10 = (n: number) => String(n).padStart(10, '0');
  return `${p2(b.readUInt16LE(0))}.${p2(b.readUInt16LE(2))}-${b.readUInt32LE(4)}-${p10(b.readUInt32LE(8))}-${p10(b.readUInt32LE(12))}`;
}

export function encodeSamId(id: string): Buffer {
  const m = /^(\d+)\.(\d+)-(\d+)-(\d+)-(\d+)$/.exec(id);
  if (!m) throw new CodedError('IDCARD_SAMID_FORMAT', `安全模块编号格式错误：${id}`);
  const b = Buffer.alloc(16);
  b.writeUInt16LE(Number(m[1]), 0);
  b.writeUInt16LE(Number(m[2]), 2);
  b.writeUInt32LE(Number(m[3]), 4);
  b.writeUInt32LE(Number(m[4]), 8);
  b.writeUInt32LE(Number(m[5]), 12);
  return b;
}
