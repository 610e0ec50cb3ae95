// The statistics bench/track-load.ts reports the p99 goal with (bench/_stats.ts).
import { describe, expect, it } from 'vitest';
import { bootstrapRatio, median, percentile } from '../../bench/_stats';

const blocks = (n: number, f: (i: number) => number, per = 200) => Array.from({ length: n }, (_, b) => Array.from({ length: per }, (_, i) => f(b * per + i)));

describe('bench statistics', () => {
  it('percentile is the nearest rank (p99 of 2,000 calls is the 20th slowest)', () => {
    const v = Array.from({ length: 2000 }, (_, i) => i + 1);
    expect(percentile(v, 99)).toBe(1980);
    expect(percentile(v, 50)).toBe(1000);
    expect(percentile([], 99)).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('the same distribution on both sides: ratio 1 inside a narrow interval', () => {
    const f = (i: number) => 2 + ((i * 7919) % 1000) / 100;
    const r = bootstrapRatio(blocks(30, f), blocks(40, f), { iterations: 500 });
    expect(r.ratio).toBeCloseTo(1, 1);
    expect(r.low).toBeLessThanOrEqual(1);
    expect(r.high).toBeGreaterThanOrEqual(1);
    expect(r.high - r.low).toBeLessThan(0.3);
  });

  it('one hiccup second on one side widens the interval instead of deciding the ratio alone', () => {
    const f = (i: number) => 2 + ((i * 7919) % 1000) / 100;
    const without = blocks(30, f);
    const withPages = blocks(30, f);
    withPages[7] = withPages[7]!.map((x) => x + 100); // one second of slow calls
    const r = bootstrapRatio(withPages, without, { iterations: 500 });
    expect(r.ratio).toBeGreaterThan(5); // 200 slow calls of 6,000: the pooled p99 lands in them
    expect(r.low).toBeLessThan(1.5); // …but resamples without that second exist
    // Deterministic: the same seed answers the same interval.
    expect(bootstrapRatio(withPages, without, { iterations: 500 })).toEqual(r);
  });
});
