// The tracking page's "ahead" from per-category line messages (domain/queue/trackLine.ts): the
// same function the phone page and the tests' WebSocket clients run.
import { describe, expect, it } from 'vitest';
import type { TrackLine, TrackView } from '../../domain/api/track';
import { applyTrackMessage, countBelow, missingFrom } from '../../domain/queue/trackLine';

const view = (over: Partial<TrackView> = {}): TrackView => ({
  number: 'A012',
  category: 'A',
  categoryName: '综合',
  hallName: '大厅',
  state: 'waiting',
  ahead: 3,
  estimatedWaitMinutes: 9,
  windowNo: null,
  windowName: null,
  calledAt: null,
  cases: [],
  rating: { open: false, rated: false, reasonListVersion: 'v1', bad: [], good: [] },
  phoneMasked: null,
  line: { seq: 4, pos: 500 },
  rev: 1,
  ...over,
});
const line = (over: Partial<TrackLine> = {}): TrackLine => ({
  t: 'line',
  category: 'A',
  seq: 5,
  out: [],
  in: [],
  avgServiceMinutes: 6,
  servingWindows: 2,
  ...over,
});

describe('track line messages', () => {
  it('counts and diffs sorted places', () => {
    expect(countBelow([100, 200, 300], 250)).toBe(2);
    expect(countBelow([], 1)).toBe(0);
    expect(missingFrom([100, 200, 300], [200, 400])).toEqual([100, 300]);
    expect(missingFrom([200, 400], [100, 200, 300])).toEqual([400]);
  });

  it('moves "ahead" by the places that left or joined before the page, and the estimate with it', () => {
    const r = applyTrackMessage(view(), line({ out: [100, 200, 600], in: [50] }));
    expect(r.stale).toBe(false);
    // Two before 500 left, one (a priority ticket) joined before it; 600 is behind.
    expect(r.view).toMatchObject({ ahead: 2, estimatedWaitMinutes: 6, line: { seq: 5, pos: 500 } });
  });

  it('ignores other categories, old or repeated seq, pages not waiting, and never goes below zero', () => {
    const v = view();
    expect(applyTrackMessage(v, line({ category: 'B', out: [1] })).view).toBe(v);
    expect(applyTrackMessage(v, line({ seq: 4, out: [1] })).view).toBe(v);
    const called = view({ state: 'called', line: null, windowNo: 3 });
    expect(applyTrackMessage(called, line({ out: [1] })).view).toBe(called);
    expect(applyTrackMessage(view({ ahead: 0 }), line({ out: [1, 2] })).view!.ahead).toBe(0);
  });

  it('a gap in seq is stale (the page reconnects for a whole view); a whole view replaces the page', () => {
    const v = view();
    expect(applyTrackMessage(v, line({ seq: 7, out: [1] }))).toEqual({ view: v, stale: true });
    const next = view({ state: 'called', windowNo: 4, line: null, rev: 2 });
    expect(applyTrackMessage(v, next)).toEqual({ view: next, stale: false });
  });
});
