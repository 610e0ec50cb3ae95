// The tracking page's "ahead", worked out on the phone: the hall sends each category's line
// changes once (the same bytes to every page of that category) instead of a view per page, and
// each page applies them to the place it was told in its last whole view. Pure, no zod: the
// phone bundle imports it (renderer/src/roles/track), and the tests drive the same function.
import type { TrackLine, TrackStreamMessage, TrackView } from '../api/track';
import { waitMinutes } from './waitTime';

/** How many of the sorted numbers are below `x` (binary search). */
export function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Places in `a` not in `b` (both sorted ascending, no duplicates). */
export function missingFrom(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]! < x) j++;
    if (j >= b.length || b[j] !== x) out.push(x);
  }
  return out;
}

export function isLine(m: TrackStreamMessage): m is TrackLine {
  return (m as TrackLine).t === 'line';
}

/**
 * The page's view after a stream message: a whole view replaces it; a line change of its own
 * category, newer than the view's, moves "ahead" and the estimate. `stale`: a line change was
 * missed (a gap in seq), so the page should fetch its view again.
 */
export function applyTrackMessage(view: TrackView | null, m: TrackStreamMessage): { view: TrackView | null; stale: boolean } {
  if (!isLine(m)) return { view: m, stale: false };
  if (!view || view.state !== 'waiting' || !view.line || m.category !== view.category || m.seq <= view.line.seq) return { view, stale: false };
  if (m.seq !== view.line.seq + 1) return { view, stale: true };
  const { pos } = view.line;
  let ahead = view.ahead;
  for (const p of m.out) if (p < pos) ahead--;
  for (const p of m.in) if (p < pos) ahead++;
  ahead = Math.max(0, ahead);
  return {
    view: { ...view, ahead, estimatedWaitMinutes: waitMinutes(ahead, m.avgServiceMinutes, m.servingWindows), line: { seq: m.seq, pos } },
    stale: false,
  };
}
