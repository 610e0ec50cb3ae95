// orderCaseEvents takes a short path when every event carries a serverVersion (the hall server
// and the central: every projection). It must give what the general path gives: the first copy
// of each event id, ordered by serverVersion (stable on ties). The general path is copied here.
import { describe, expect, it } from 'vitest';
import { orderCaseEvents } from '../../domain/cases';

type Ev = { id: string; deviceId: string; seq: number; at: string; serverVersion?: number; tag: number };

function generalOrder(events: readonly Ev[]): Ev[] {
  const sorted = [...events].sort((a, b) => (a.serverVersion === undefined ? 1 : 0) - (b.serverVersion === undefined ? 1 : 0));
  const seen = new Set<string>();
  const unique = sorted.filter((e) => !seen.has(e.id) && seen.add(e.id));
  return unique.filter((e) => e.serverVersion !== undefined).sort((a, b) => a.serverVersion! - b.serverVersion!);
}

let state = 7;
const rnd = (n: number) => {
  state = (state * 1103515245 + 12345) & 0x7fffffff;
  return state % n;
};

describe('orderCaseEvents with every event versioned', () => {
  it('equals the general order: duplicates (first copy kept), equal versions (stable), any input order', () => {
    for (let round = 0; round < 2000; round++) {
      const n = 1 + rnd(8);
      const events: Ev[] = Array.from({ length: n }, (_, i) => ({
        id: `e${rnd(6)}`,
        deviceId: `d${rnd(2)}`,
        seq: rnd(5),
        at: `2026-03-0${1 + rnd(3)}T09:00:00Z`,
        serverVersion: 1 + rnd(6),
        tag: i,
      }));
      const got = orderCaseEvents(events);
      expect(got.map((e) => e.tag)).toEqual(generalOrder(events).map((e) => e.tag));
    }
  });

  it('still takes the general path when one event is not versioned yet (a counter before its push)', () => {
    const events: Ev[] = [
      { id: 'b', deviceId: 'd1', seq: 2, at: '2026-03-01T09:00:00Z', tag: 0 },
      { id: 'a', deviceId: 'd1', seq: 1, at: '2026-03-01T09:00:00Z', serverVersion: 5, tag: 1 },
      { id: 'c', deviceId: 'd2', seq: 1, at: '2026-03-01T08:00:00Z', tag: 2 },
    ];
    expect(orderCaseEvents(events).map((e) => e.tag)).toEqual([1, 2, 0]);
  });
});
