import { describe, expect, it, vi } from 'vitest';
import { encodeSmallFrame, SmallFrameParser } from '../../native/serial/smallFrame';
import { joinFields, splitFields, KEY_LEVELS, KEYBOX_PREAMBLE } from '../../native/evaluator/keyboxProtocol';
import { LED_PREAMBLE } from '../../native/led/protocol';
import { RatingSession, SessionEvaluator } from '../../native/evaluator/contract';

describe('small frame codec (key box and LED bar)', () => {
  it('encodes the documented bytes', () => {
    // LED "clear": 55 AA | LEN 00 | CMD 13 | SEQ 01 | CHK = 00^13^01 = 12
    expect([...encodeSmallFrame(LED_PREAMBLE, { cmd: 0x13, seq: 1, data: Buffer.alloc(0) })]).toEqual([0x55, 0xaa, 0x00, 0x13, 0x01, 0x12]);
    // key box key 2 (满意), no reasons: 5A A5 02 81 07 02 00 CHK
    const f = encodeSmallFrame(KEYBOX_PREAMBLE, { cmd: 0x81, seq: 7, data: Buffer.from([2, 0]) });
    expect([...f]).toEqual([0x5a, 0xa5, 0x02, 0x81, 0x07, 0x02, 0x00, 0x02 ^ 0x81 ^ 0x07 ^ 0x02]);
  });

  it('round-trips, resyncs after garbage and rejects bad checksums and lengths', () => {
    const p = new SmallFrameParser(LED_PREAMBLE);
    const good = encodeSmallFrame(LED_PREAMBLE, { cmd: 0x10, seq: 9, data: Buffer.from('窗口') });
    const bad = Buffer.from(good);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    const events = p.push(Buffer.concat([Buffer.from([1, 2, 0x55]), bad, good]));
    expect(events.filter((e) => 'error' in e).map((e) => 'error' in e && e.error.code)).toEqual(['FRAME_GARBAGE', 'FRAME_CHECKSUM', 'FRAME_GARBAGE']);
    const frames = events.filter((e) => 'frame' in e);
    expect(frames).toHaveLength(1);
    expect(new SmallFrameParser(LED_PREAMBLE).push(Buffer.from([0x55, 0xaa, 250, 0, 0]))[0]).toMatchObject({ error: { code: 'FRAME_LENGTH' } });
    expect(() => encodeSmallFrame(LED_PREAMBLE, { cmd: 1, seq: 0, data: Buffer.alloc(241) })).toThrow(/过长/);
  });

  it('fuzz: 10,000 random buffers never throw and a good frame always gets through afterwards', () => {
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const good = encodeSmallFrame(KEYBOX_PREAMBLE, { cmd: 0x81, seq: 1, data: Buffer.from([1, 0]) });
    for (let i = 0; i < 10_000; i++) {
      const p = new SmallFrameParser(KEYBOX_PREAMBLE);
      const junk = Buffer.from(Array.from({ length: 1 + (rnd() % 40) }, rnd));
      const ev = p.push(junk);
      let ok = [...ev, ...p.push(good)].some((e) => 'frame' in e && e.frame.cmd === 0x81 && e.frame.data.equals(good.subarray(5, 7)));
      if (!ok) {
        p.reset(); // the link's ACK timeout discards a partial frame
        ok = p.push(good).some((e) => 'frame' in e);
      }
      expect(ok).toBe(true);
    }
  });

  it('GB18030 fields with rare characters survive', () => {
    expect(splitFields(joinFields(['𠮷丽娜', 'DC0517', '5', 'A023 社保']))).toEqual(['𠮷丽娜', 'DC0517', '5', 'A023 社保']);
    expect(splitFields(Buffer.alloc(0))).toEqual([]);
    expect(KEY_LEVELS[0]).toBe('verySatisfied');
    expect(KEY_LEVELS[4]).toBe('veryDissatisfied');
  });
});

describe('RatingSession: exactly one rating, timeout or cancel', () => {
  const req = {
    requestId: 'r1',
    clerk: { name: '王晓梅', workNo: 'DC0517', stars: 5 },
    case: {},
    timeoutMs: 1000,
    badReasons: [{ code: 'R01', label: '态度差' }],
  };

  it('takes the first rating and ignores later ones', async () => {
    const s = new RatingSession(req);
    expect(s.submit({ level: 'satisfied', reasonCodes: [] })).toBe(true);
    expect(s.submit({ level: 'veryDissatisfied', reasonCodes: ['R01'] })).toBe(false);
    expect(await s.promise).toMatchObject({ kind: 'rated', rating: { level: 'satisfied' } });
  });

  it('a bad rating needs a reason; unknown reason codes are dropped', async () => {
    const s = new RatingSession(req);
    expect(() => s.submit({ level: 'dissatisfied', reasonCodes: ['XX'] })).toThrow('须选择或填写原因');
    expect(s.open).toBe(true);
    s.submit({ level: 'dissatisfied', reasonCodes: ['R01', 'XX'] });
    expect(await s.promise).toMatchObject({ rating: { reasonCodes: ['R01'] } });
  });

  it('times out and cancels', async () => {
    vi.useFakeTimers();
    const s = new RatingSession(req);
    vi.advanceTimersByTime(1001);
    expect(await s.promise).toEqual({ kind: 'timeout', requestId: 'r1' });
    vi.useRealTimers();
    const c = new RatingSession(req);
    c.cancel();
    expect(await c.promise).toEqual({ kind: 'cancelled', requestId: 'r1' });
  });
});

describe('SessionEvaluator: what a pad-window or tablet adapter looks like', () => {
  class FakePad extends SessionEvaluator {
    readonly kind = 'padWindow' as const;
    shown: string[] = [];
    async showClerk(c: { name: string }) {
      this.shown.push(`clerk:${c.name}`);
    }
    async clear() {
      this.shown.push('clear');
    }
    status() {
      return { state: 'ok' as const, code: 'PAD_OK', message: '评价窗口正常' };
    }
    protected async present(req: { requestId: string }) {
      this.shown.push(`rate:${req.requestId}`);
    }
    protected dismiss(o: { kind: string }) {
      this.shown.push(`end:${o.kind}`);
    }
  }

  it('present → submit once → dismiss; late or foreign submits are ignored', async () => {
    const pad = new FakePad();
    const p = pad.requestRating({ requestId: 'p1', clerk: { name: '王', workNo: '1', stars: 5 }, case: {}, timeoutMs: 1000 });
    await expect(pad.requestRating({ requestId: 'p2', clerk: { name: '王', workNo: '1', stars: 5 }, case: {}, timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'EVALUATOR_BUSY',
    });
    expect(pad.pending?.requestId).toBe('p1');
    expect(pad.submit('other', { level: 'satisfied', reasonCodes: [] })).toBe(false);
    expect(pad.submit('p1', { level: 'basic', reasonCodes: [] })).toBe(true);
    expect(pad.submit('p1', { level: 'satisfied', reasonCodes: [] })).toBe(false);
    expect(await p).toMatchObject({ kind: 'rated', rating: { level: 'basic' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(pad.shown).toEqual(['rate:p1', 'end:rated']);
    expect(pad.pending).toBeNull();
  });
});
