// The display's announcement queue and call feed: no announcement starts before the previous
// one ended, each is repeated, and a call is announced once even across reconnects.
import { describe, expect, it } from 'vitest';
import { Announcer, callText, type Speaker } from '../../renderer/src/roles/display/announcer';
import { newCalls, lastCallPerWindow } from '../../renderer/src/roles/display/callFeed';
import type { CallRecord } from '../../domain/api/hall';

const call = (seq: number, number: string, windowNo: number, at = '2025-06-03T09:00:00.000Z'): CallRecord => ({
  seq,
  ticketId: `t${seq}`,
  ticketNumber: number,
  windowNo,
  kind: 'call',
  at,
});

describe('Announcer', () => {
  it('queues announcements so none overlaps another, repeating each', async () => {
    let speaking = 0;
    let maxConcurrent = 0;
    const speak: Speaker = async () => {
      speaking++;
      maxConcurrent = Math.max(maxConcurrent, speaking);
      await new Promise((r) => setTimeout(r, 30));
      speaking--;
      return 'timed';
    };
    const a = new Announcer(speak, 2, 5);
    a.enqueue('一');
    await new Promise((r) => setTimeout(r, 10));
    a.enqueue('二'); // arrives while the first is being spoken
    await expect.poll(() => a.log.filter((e) => e.endedAt !== null).length, { timeout: 2000 }).toBe(4);
    expect(maxConcurrent).toBe(1);
    expect(a.log.map((e) => `${e.text}${e.repeat}`)).toEqual(['一1', '一2', '二1', '二2']);
    for (let i = 1; i < a.log.length; i++) expect(a.log[i]!.startedAt).toBeGreaterThanOrEqual(a.log[i - 1]!.endedAt!);
  });

  it('reads ticket digits one by one and names the window', () => {
    expect(callText('A023', 5)).toBe('请 A零二三 号到 5 号窗口办理');
    expect(callText('B100', 12, '12号窗口')).toBe('请 B一零零 号到 12 号窗口办理');
    expect(callText('C001', 3, '综合窗口')).toBe('请 C零零一 号到 综合窗口办理');
  });
});

describe('newCalls', () => {
  it('does not replay history when the page opens', () => {
    const r = newCalls([call(3, 'A001', 1), call(5, 'A002', 2)], null);
    expect(r.announce).toEqual([]);
    expect(r.lastSeq).toBe(5);
  });

  it('announces calls after lastSeq oldest first, once, across a reconnect', () => {
    const first = newCalls([call(5, 'A002', 2), call(7, 'A003', 1), call(9, 'B001', 3)], 5);
    expect(first.announce.map((c) => c.ticketNumber)).toEqual(['A003', 'B001']);
    // Same snapshot again (a reconnect re-fetch): nothing new.
    expect(newCalls([call(7, 'A003', 1), call(9, 'B001', 3)], first.lastSeq).announce).toEqual([]);
  });

  it('shows but does not speak calls far older than the newest one', () => {
    const r = newCalls([call(2, 'A001', 1, '2025-06-03T09:00:00Z'), call(4, 'A002', 1, '2025-06-03T09:20:00Z')], 1);
    expect(r.announce.map((c) => c.ticketNumber)).toEqual(['A002']);
    expect(r.stale.map((c) => c.ticketNumber)).toEqual(['A001']);
  });

  it('keeps the last call per window', () => {
    const m = lastCallPerWindow([call(1, 'A001', 1), call(2, 'A002', 2), call(3, 'A003', 1)]);
    expect(m.get(1)?.ticketNumber).toBe('A003');
    expect(m.get(2)?.ticketNumber).toBe('A002');
  });
});
