// (Underscore: bench/run.ts skips it.) The statistics bench/track-load.ts reports: percentiles,
// the median of per-pair ratios and a block bootstrap of the pooled p99 ratio. Blocks are the
// calls sent in one second of a phase: a scheduling hiccup slows the calls around it together,
// so resampling single calls would pretend they were independent and make the interval too narrow.
import { seeded } from '../tests/support/schemaFuzz'; // mulberry32: the same run prints the same interval

/** The p-th percentile (nearest rank, as bench/_server-client.ts's summary). */
export function percentile(values: number[], p: number, sorted = false): number {
  const s = sorted ? values : [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : NaN;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const resampledP = (blocks: number[][], p: number, rnd: () => number) => {
  const out: number[] = [];
  for (let i = 0; i < blocks.length; i++) out.push(...blocks[Math.floor(rnd() * blocks.length)]!);
  return percentile(out, p);
};

/**
 * Ratio of the p-th percentile of `withBlocks` to that of `withoutBlocks` (all calls pooled) and
 * its bootstrap interval: both sides resampled by whole blocks, `iterations` times.
 */
export function bootstrapRatio(
  withBlocks: number[][],
  withoutBlocks: number[][],
  o: { p?: number; iterations?: number; seed?: number; level?: number } = {},
): { ratio: number; low: number; high: number; iterations: number } {
  const p = o.p ?? 99;
  const iterations = o.iterations ?? 2000;
  const level = o.level ?? 0.95;
  const rnd = seeded(o.seed ?? 17);
  const ratios: number[] = [];
  for (let i = 0; i < iterations; i++) ratios.push(resampledP(withBlocks, p, rnd) / resampledP(withoutBlocks, p, rnd));
  ratios.sort((a, b) => a - b);
  const ratio = percentile(withBlocks.flat(), p) / percentile(withoutBlocks.flat(), p);
  return { ratio, low: percentile(ratios, ((1 - level) / 2) * 100, true), high: percentile(ratios, ((1 + level) / 2) * 100, true), iterations };
}
