import { describe, expect, it } from 'vitest';
import { dayStart, formatTicketNumber, nextDay, nextSerial, serialKey, serviceDay, serviceHour } from '../../domain/queue/numbering';
import { derivePriority } from '../../domain/queue/priority';
import { computeStats, percentile, type StatEvent } from '../../domain/queue/stats';

describe('ticket numbering', () => {
  it('formats prefix + zero-padded serial and wraps inside the range', () => {
    expect(formatTicketNumber({ prefix: 'A', width: 3 }, 23)).toBe('A023');
    expect(nextSerial({ rangeStart: 1, rangeEnd: 999 }, null)).toBe(1);
    expect(nextSerial({ rangeStart: 1, rangeEnd: 999 }, 41)).toBe(42);
    expect(nextSerial({ rangeStart: 1, rangeEnd: 999 }, 999)).toBe(1);
    expect(nextSerial({ rangeStart: 100, rangeEnd: 199 }, 5)).toBe(100);
  });

  it('resets daily unless the category keeps numbers overnight', () => {
    expect(serialKey({ dailyReset: true }, '2026-11-24')).toBe('2026-11-24');
    expect(serialKey({ dailyReset: false }, '2026-11-24')).toBe('running');
  });

  it('uses the hall time zone for the day boundary', () => {
    const justAfterMidnightBeijing = new Date('2026-11-23T16:30:00Z');
    expect(serviceDay(justAfterMidnightBeijing, 'Asia/Shanghai')).toBe('2026-11-24');
    expect(serviceDay(justAfterMidnightBeijing, 'UTC')).toBe('2026-11-23');
    expect(serviceHour(justAfterMidnightBeijing, 'Asia/Shanghai')).toBe(0);
    expect(new Date(dayStart('2026-11-24', 'Asia/Shanghai')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(new Date(dayStart('2026-03-29', 'Europe/Berlin')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});

describe('green channel', () => {
  it('gives 60+ by ID birth date the elderly class, on the birthday exactly', () => {
    expect(derivePriority(undefined, '11010519491231002X', '2009-12-31', 60)).toBe('elderly');
    expect(derivePriority(undefined, '11010519491231002X', '2009-12-30', 60)).toBe('normal');
    expect(derivePriority('pregnant', undefined, '2026-01-01', 60)).toBe('pregnant');
    expect(derivePriority(undefined, undefined, '2026-01-01', 60)).toBe('normal');
  });
});

describe('statistics', () => {
  const H = (iso: string) => Date.parse(iso);
  const ev = (type: string, at: string, extra: Partial<StatEvent> = {}): StatEvent => ({
    type,
    at: H(at),
    category: 'A',
    windowNo: 1,
    actor: 'C001',
    data: null,
    ...extra,
  });

  it('p90 by nearest rank', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([], 90)).toBeNull();
  });

  it('counts issued/called/served/no-shows, times in minutes, service level share', () => {
    const events = [
      ev('issue', '2026-11-24T01:00:00Z', { windowNo: null, actor: 'kiosk' }),
      ev('issue', '2026-11-24T01:01:00Z', { windowNo: null, actor: 'kiosk' }),
      ev('call', '2026-11-24T01:10:00Z', { data: { firstCall: true, waitMs: 10 * 60_000 } }),
      ev('call', '2026-11-24T01:50:00Z', { data: { firstCall: true, waitMs: 49 * 60_000 } }),
      ev('call', '2026-11-24T01:51:00Z', { data: { firstCall: false, waitMs: null } }),
      ev('finish', '2026-11-24T01:20:00Z', { data: { outcome: 'served', walkMs: 60_000, serviceMs: 8 * 60_000 } }),
      ev('noShow', '2026-11-24T01:55:00Z'),
    ];
    const [row] = computeStats(events, 'category', { timeZone: 'Asia/Shanghai', serviceLevelMinutes: { A: 30 } });
    expect(row).toMatchObject({ key: 'A', issued: 2, called: 2, served: 1, noShow: 1, noShowRate: 0.5, aboveServiceLevel: 0.5 });
    expect(row!.waiting).toEqual({ mean: 29.5, p90: 49, count: 2 });
    expect(row!.walking.mean).toBe(1);
    expect(row!.service.mean).toBe(8);
  });

  it('groups by local hour and day across midnight', () => {
    const events = [ev('issue', '2026-11-23T15:59:00Z'), ev('issue', '2026-11-23T16:01:00Z')];
    expect(computeStats(events, 'day', { timeZone: 'Asia/Shanghai', serviceLevelMinutes: {} }).map((r) => r.key)).toEqual(['2026-11-23', '2026-11-24']);
    expect(computeStats(events, 'hour', { timeZone: 'Asia/Shanghai', serviceLevelMinutes: {} }).map((r) => r.key)).toEqual(['00', '23']);
  });
});
