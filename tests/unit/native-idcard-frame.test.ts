import { describe, expect, it } from 'vitest';
import { buildCommand, buildReply, FrameParser, parseFrame, toReply, xorChecksum, type CommandName } from '../../native/idcard/frame';
import { KNOWN_SW3, samStatus } from '../../native/idcard/status';
import { encodeSamId, parseSamId } from '../../native/idcard/samId';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('SAM command frames match the captured bytes of the reference', () => {
  const table: Array<[CommandName, string]> = [
    ['reset', 'AA AA AA 96 69 00 03 10 FF EC'],
    ['status', 'AA AA AA 96 69 00 03 11 FF ED'],
    ['samId', 'AA AA AA 96 69 00 03 12 FF EE'],
    ['find', 'AA AA AA 96 69 00 03 20 01 22'],
    ['select', 'AA AA AA 96 69 00 03 20 02 21'],
    ['readTextPhoto', 'AA AA AA 96 69 00 03 30 01 32'],
    ['readAddress', 'AA AA AA 96 69 00 03 30 03 30'],
    ['readTextPhotoFinger', 'AA AA AA 96 69 00 03 30 10 23'],
  ];
  it.each(table)('%s', (name, bytes) => {
    expect(buildCommand(name).equals(hex(bytes))).toBe(true);
  });

  it('max RF frame size command (LEN=4)', () => {
    const f = parseFrame(hex('AA AA AA 96 69 00 04 61 FF 50 CA'));
    expect([...f.body]).toEqual([0x61, 0xff, 0x50]);
  });
});

describe('captured replies parse with the right SW3', () => {
  const replies: Array<[string, number, number]> = [
    ['AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97', 0x9f, 4],
    ['AA AA AA 96 69 00 04 00 00 80 84', 0x80, 0],
    ['AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C', 0x90, 8],
    ['AA AA AA 96 69 00 04 00 00 81 85', 0x81, 0],
    ['AA AA AA 96 69 00 04 00 00 90 94', 0x90, 0],
    ['AA AA AA 96 69 00 04 00 00 41 45', 0x41, 0],
  ];
  it.each(replies)('%s', (bytes, sw3, dataLen) => {
    const r = toReply(parseFrame(hex(bytes)));
    expect(r.sw3).toBe(sw3);
    expect(r.data.length).toBe(dataLen);
    expect(buildReply(sw3, Buffer.alloc(dataLen)).equals(hex(bytes))).toBe(true);
  });
});

describe('FrameParser', () => {
  it('reassembles a frame split into single bytes and skips leading noise', () => {
    const p = new FrameParser();
    const frame = buildReply(0x90, Buffer.from([1, 2, 3]));
    const input = Buffer.concat([Buffer.from([0x00, 0xaa, 0x13]), frame]);
    const events = [...input].flatMap((b) => p.push(Buffer.from([b])));
    const frames = events.filter((e) => 'frame' in e);
    expect(frames).toHaveLength(1);
    expect(events.some((e) => 'error' in e && e.error.code === 'IDCARD_FRAME_GARBAGE')).toBe(true);
  });

  it('rejects a bad XOR and recovers on the next frame', () => {
    const p = new FrameParser();
    const bad = buildReply(0x90);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    const good = buildReply(0x9f, Buffer.alloc(4));
    const events = p.push(Buffer.concat([bad, good]));
    expect(events[0]).toMatchObject({ error: { code: 'IDCARD_FRAME_CHECKSUM' } });
    const frame = events.find((e) => 'frame' in e);
    expect(frame && 'frame' in frame && toReply(frame.frame).sw3).toBe(0x9f);
  });

  it('rejects an impossible length', () => {
    const p = new FrameParser();
    const events = p.push(hex('AA AA AA 96 69 00 01 00 01'));
    expect(events[0]).toMatchObject({ error: { code: 'IDCARD_FRAME_LENGTH' } });
    expect(() => parseFrame(hex('AA AA AA 96 69 FF FF 00'))).toThrow(/长度/);
  });

  it('keeps a preamble split across chunks', () => {
    const p = new FrameParser();
    const f = buildReply(0x90);
    expect(p.push(f.subarray(0, 3))).toEqual([]);
    expect(p.push(f.subarray(3)).filter((e) => 'frame' in e)).toHaveLength(1);
  });

  it('checksum covers the length bytes, not the preamble', () => {
    const f = buildCommand('find');
    expect(xorChecksum(f, 5, f.length - 1)).toBe(0x22);
  });
});

describe('SW3 statuses', () => {
  it('every documented SW3 has a Chinese message and a stable code', () => {
    expect(KNOWN_SW3.length).toBe(18);
    for (const sw3 of KNOWN_SW3) {
      const s = samStatus(sw3);
      expect(s.code).toMatch(/^SAM_[A-Z_]+$/);
      expect(s.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(samStatus(0x80).code).toBe('SAM_FIND_FAILED');
    expect(samStatus(0x90).ok).toBe(true);
    expect(samStatus(0x41).ok).toBe(false);
    expect(samStatus(0x77)).toMatchObject({ code: 'SAM_STATUS_77', ok: false });
  });
});

describe('SAM id', () => {
  it('round-trips the documented layout', () => {
    const id = '05.01-20101010-0001234567-1234567890';
    const bytes = encodeSamId(id);
    expect(bytes.readUInt16LE(0)).toBe(5);
    expect(parseSamId(bytes)).toBe(id);
  });
  it('parses from a reply frame at offset 10', () => {
    const frame = buildReply(0x90, encodeSamId('05.01-20201231-0000000042-0000000007'));
    expect(frame.length).toBe(7 + 4 + 16);
    expect(parseSamId(toReply(parseFrame(frame)).data)).toBe('05.01-20201231-0000000042-0000000007');
    expect(parseSamId(frame.subarray(10, 26))).toBe('05.01-20201231-0000000042-0000000007');
  });
});
