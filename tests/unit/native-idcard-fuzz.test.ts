// ≥ 10,000 random and corrupted frames: the parser never throws, rejects each with an error (or
// leaves it incomplete for the reader's timeout to discard), and the next good frame gets through.
import { describe, expect, it } from 'vitest';
import { buildReply, buildFrame, FrameParser, toReply, type ParseEvent } from '../../native/idcard/frame';
import { buildReadReply } from '../../native/idcard/replies';
import { buildTextBlock } from '../../native/idcard/card';
import { cardFixtures } from '../../native/idcard/fixtures';
import { fakeWlt } from '../../native/idcard/simulator';

// Deterministic PRNG so a failure is reproducible.
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

describe('SAM frame parser fuzz', () => {
  it('survives 12,000 random and corrupted frames', () => {
    const rand = rng(20261124);
    const int = (n: number) => Math.floor(rand() * n);
    const samples = [
      buildReply(0x90),
      buildReply(0x9f, Buffer.alloc(4)),
      buildReply(0x90, Buffer.alloc(8)),
      buildReadReply(buildTextBlock(cardFixtures.resident), fakeWlt()),
    ];
    const good = buildReply(0x9f, Buffer.alloc(4));
    const parser = new FrameParser();
    let rejectedByError = 0;
    let rejectedByTimeout = 0;
    const N = 12_000;

    for (let i = 0; i < N; i++) {
      let bad: Buffer;
      const mode = i % 5;
      if (mode === 0) {
        bad = Buffer.from(Array.from({ length: 1 + int(64) }, () => int(256)));
        if (bad.length >= 5 && rand() < 0.5) bad.set([0xaa, 0xaa, 0xaa, 0x96, 0x69], 0);
      } else {
        const src = Buffer.from(samples[int(samples.length)]!);
        if (mode === 1) {
          const pos = 5 + int(src.length - 5);
          src[pos] = src[pos]! ^ (1 << int(8)); // one flipped bit after the preamble
          bad = src;
        } else if (mode === 2) {
          bad = src.subarray(0, 1 + int(src.length - 1)); // truncated
        } else if (mode === 3) {
          src.writeUInt16BE(int(0x10000), 5); // random length field
          if (src.readUInt16BE(5) === src.length - 7) src[5] = src[5]! ^ 0x80;
          bad = src;
        } else {
          // structurally fine, wrong checksum
          const body = Buffer.from(Array.from({ length: 3 + int(40) }, () => int(256)));
          bad = buildFrame(body);
          bad[bad.length - 1] = bad[bad.length - 1]! ^ (1 + int(255));
        }
      }

      let events: ParseEvent[] = [];
      expect(() => {
        events = parser.push(bad);
      }).not.toThrow();
      // a corrupted frame must never come out as a frame that equals a real reply
      const leaked = events.filter((e) => 'frame' in e);
      for (const e of leaked) if ('frame' in e) expect(e.frame.raw.equals(bad)).toBe(false);

      const after = parser.push(good);
      const errors = [...events, ...after].filter((e) => 'error' in e);
      let gotGood = after.some((e) => 'frame' in e && toReply(e.frame).sw3 === 0x9f && e.frame.raw.equals(good));
      if (errors.length > 0) rejectedByError++;
      if (!gotGood) {
        // The reader's command timeout resets the parser; the retry must then succeed.
        expect(parser.pending).toBeGreaterThan(0);
        rejectedByTimeout++;
        parser.reset();
        gotGood = parser.push(good).some((e) => 'frame' in e);
      } else if (errors.length === 0) {
        // Only a truncated prefix of a preamble may vanish silently into the good frame's resync.
        expect(bad.length).toBeLessThan(7);
        rejectedByTimeout++;
      }
      expect(gotGood).toBe(true);
      for (const e of errors) if ('error' in e) expect(e.error.code).toMatch(/^IDCARD_FRAME_/);
      parser.reset();
    }
    expect(rejectedByError + rejectedByTimeout).toBe(N);
    expect(rejectedByError).toBeGreaterThan(N * 0.7);
  });
});
