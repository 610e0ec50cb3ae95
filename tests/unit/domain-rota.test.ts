// Duty rota rules (domain/rota/rules.ts) across the 2026 calendar: who may sign in where (A, B
// while A is on leave or away, the leader), opening hours with 周末轮岗 and 延时服务, the
// categories served at an hour, uncovered windows in a month, copy week and AB swap.
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../domain/calendar/calendar';
import {
  checkSignIn,
  copyWeek,
  datesOfMonth,
  extendedHours,
  hallOpenAt,
  hallOpensOn,
  servedCategories,
  servingIntervals,
  swapAB,
  uncoveredWindows,
  type RotaCell,
  type RotaData,
} from '../../domain/rota/rules';

const env = { calendar: defaultCalendar, zone: 'Asia/Shanghai' };
const hours = { open: '09:00', close: '17:00', lunchStart: '12:00', lunchEnd: '14:00' };
const at = (date: string, hm: string) => Date.parse(`${date}T${hm}:00+08:00`);
const cell = (date: string, windowNo: number, a: string | null, b: string | null = null, leader: string | null = null): RotaCell => ({
  date,
  windowNo,
  a,
  b,
  leader,
});
/** October 2026: 国庆 1–7, 10th (Saturday) a 调休 working day; window 1 A=C001 B=C002, window 9 (办不成事) leader L001. */
function october(extra: Partial<RotaData> = {}): RotaData {
  const cells = datesOfMonth('2026-10').flatMap((d) => [cell(d, 1, 'C001', 'C002'), cell(d, 9, null, null, 'L001')]);
  return { hours, cells, days: [], leave: [], ...extra };
}

describe('sign-in by the rota', () => {
  const data = october({ leave: [{ workNo: 'C001', date: '2026-10-12' }] });
  const q = (workNo: string, windowNo = 1, date = '2026-10-12', seatedAtWindow: string | null = null) =>
    checkSignIn(data, { workNo, windowNo, date, seatedAtWindow });

  it('lets A in, and refuses A on the day of his leave', () => {
    expect(q('C001', 1, '2026-10-13')).toEqual({ ok: true, as: 'A' });
    expect(q('C001')).toEqual({ ok: false, code: 'on_leave' });
  });
  it('lets B in while A is on leave or not seated, never past a seated A', () => {
    expect(q('C002')).toEqual({ ok: true, as: 'B' });
    expect(q('C002', 1, '2026-10-13', null)).toEqual({ ok: true, as: 'B' });
    expect(q('C002', 1, '2026-10-13', 'C001')).toEqual({ ok: false, code: 'a_present' });
  });
  it('refuses a clerk off the rota and any clerk at a window nobody is rota’d at that day', () => {
    expect(q('C003')).toEqual({ ok: false, code: 'off_rota' });
    const gap = { ...data, cells: [...data.cells, cell('2026-10-13', 2, 'C005')] };
    expect(checkSignIn(gap, { workNo: 'C001', windowNo: 2, date: '2026-10-12', seatedAtWindow: null })).toEqual({ ok: false, code: 'window_uncovered' });
    // A window with no cell all month is not under the rota: the pre-rota rule applies.
    expect(q('C001', 3)).toEqual({ ok: true, as: 'no_rota' });
  });
  it('lets the leader on duty sit at the 办不成事 window', () => {
    expect(q('L001', 9)).toEqual({ ok: true, as: 'leader' });
    expect(q('C001', 9, '2026-10-13')).toEqual({ ok: false, code: 'off_rota' });
  });
  it('a month without a rota answers no_rota (the hall behaves as before)', () => {
    expect(checkSignIn(data, { workNo: 'C003', windowNo: 1, date: '2026-11-02', seatedAtWindow: null })).toEqual({ ok: true, as: 'no_rota' });
  });
});

describe('opening days and hours', () => {
  it('follows the 2026 calendar: 国庆 closed, the 调休 Saturday open, an ordinary Sunday closed', () => {
    const data = october();
    expect(hallOpensOn(data, env, '2026-10-01')).toBe(false);
    expect(hallOpensOn(data, env, '2026-10-07')).toBe(false);
    expect(hallOpensOn(data, env, '2026-10-08')).toBe(true);
    expect(hallOpensOn(data, env, '2026-10-10')).toBe(true); // 国庆节调休上班 (Saturday)
    expect(hallOpensOn(data, env, '2026-10-18')).toBe(false); // Sunday
    expect(hallOpenAt(data, env, at('2026-10-03', '10:00'))).toBe(false);
    expect(hallOpenAt(data, env, at('2026-10-10', '10:00'))).toBe(true);
  });
  it('opens a weekend day for 周末轮岗 and can close a working day', () => {
    const data = october({
      days: [
        { date: '2026-10-17', open: true, lunch: false, until: null },
        { date: '2026-10-16', open: false, lunch: false, until: null },
      ],
    });
    expect(hallOpensOn(data, env, '2026-10-17')).toBe(true);
    expect(hallOpenAt(data, env, at('2026-10-17', '09:30'))).toBe(true);
    expect(hallOpenAt(data, env, at('2026-10-16', '09:30'))).toBe(false);
  });
  it('closes over lunch and after 17:00 unless the day has 延时服务 (lunch, until 19:00)', () => {
    const plain = october();
    expect(servingIntervals(plain, env, '2026-10-12')).toEqual([
      [540, 720],
      [840, 1020],
    ]);
    expect(hallOpenAt(plain, env, at('2026-10-12', '12:30'))).toBe(false);
    expect(hallOpenAt(plain, env, at('2026-10-12', '18:00'))).toBe(false);
    expect(extendedHours(plain, env, '2026-10-12')).toBeNull();
    const ext = october({ days: [{ date: '2026-10-12', open: null, lunch: true, until: '19:00' }] });
    expect(servingIntervals(ext, env, '2026-10-12')).toEqual([[540, 1140]]);
    expect(hallOpenAt(ext, env, at('2026-10-12', '12:30'))).toBe(true);
    expect(hallOpenAt(ext, env, at('2026-10-12', '18:59'))).toBe(true);
    expect(hallOpenAt(ext, env, at('2026-10-12', '19:00'))).toBe(false);
    expect(extendedHours(ext, env, '2026-10-12')).toEqual({ lunch: ['12:00', '14:00'], until: '19:00' });
    // Extended hours on a holiday mean nothing: the hall is closed.
    expect(extendedHours(october({ days: [{ date: '2026-10-02', open: null, lunch: true, until: '19:00' }] }), env, '2026-10-02')).toBeNull();
  });
  it('is open around the clock on open days in a hall that never set hours', () => {
    const data = october({ hours: null });
    expect(hallOpenAt(data, env, at('2026-10-12', '23:30'))).toBe(true);
    expect(hallOpenAt(data, env, at('2026-10-04', '10:00'))).toBe(false);
  });
});

describe('categories served at an hour', () => {
  const cats = new Map([
    [1, ['A', 'B']],
    [2, ['C']],
    [9, ['P']],
  ]);
  it('offers only what a rota’d window serves while the hall is open', () => {
    const data = october();
    // Window 2 has no cell all month: not under the rota, so its C is still offered.
    expect([...servedCategories(data, env, at('2026-10-12', '10:00'), cats)!].sort()).toEqual(['A', 'B', 'C', 'P']);
    const gap = { ...data, cells: [...data.cells, cell('2026-10-13', 2, 'C005')] };
    expect([...servedCategories(gap, env, at('2026-10-12', '10:00'), cats)!].sort()).toEqual(['A', 'B', 'P']);
    expect(servedCategories(data, env, at('2026-10-12', '12:30'), cats)!.size).toBe(0);
    expect(servedCategories(data, env, at('2026-10-05', '10:00'), cats)!.size).toBe(0); // 国庆
  });
  it('drops a window whose A and B are both on leave; no rota: no filter', () => {
    const data = october({
      leave: [
        { workNo: 'C001', date: '2026-10-12' },
        { workNo: 'C002', date: '2026-10-12' },
      ],
    });
    expect([...servedCategories(data, env, at('2026-10-12', '10:00'), cats)!].sort()).toEqual(['C', 'P']);
    expect(servedCategories(data, env, at('2026-11-02', '10:00'), cats)).toBeNull();
  });
});

describe('uncovered windows in a month', () => {
  it('lists open days only (not 国庆, yes the 调休 Saturday) and the reason', () => {
    const data = october({
      leave: [{ workNo: 'C001', date: '2026-10-13' }],
      cells: october().cells.map((c) => (c.date === '2026-10-13' && c.windowNo === 1 ? { ...c, b: null } : c)),
    });
    const gaps = uncoveredWindows(data, env, '2026-10', [1, 2, 9]);
    const openDays = datesOfMonth('2026-10').filter((d) => hallOpensOn(data, env, d));
    expect(openDays).toHaveLength(18); // 22 weekdays − 5 holiday weekdays (1, 2, 5, 6, 7) + the 调休 Saturday 10th
    expect(gaps.filter((g) => g.windowNo === 2)).toHaveLength(openDays.length);
    expect(gaps.filter((g) => g.windowNo === 1)).toEqual([{ date: '2026-10-13', windowNo: 1, reason: 'a_on_leave_no_b' }]);
    expect(gaps.some((g) => g.date === '2026-10-01')).toBe(false);
    expect(gaps.some((g) => g.date === '2026-10-10' && g.windowNo === 2)).toBe(true);
  });
  it('warns about a B without an A', () => {
    const data: RotaData = { hours, cells: [cell('2026-02-24', 1, null, 'C002')], days: [], leave: [] };
    expect(uncoveredWindows(data, env, '2026-02', [1]).find((g) => g.date === '2026-02-24')).toEqual({ date: '2026-02-24', windowNo: 1, reason: 'no_a' });
    // 春节 15–23 closed, the 调休 Saturdays 14th and 28th open.
    const dates = uncoveredWindows(data, env, '2026-02', [1]).map((g) => g.date);
    expect(dates).toContain('2026-02-14');
    expect(dates).toContain('2026-02-28');
    expect(dates.filter((d) => d >= '2026-02-15' && d <= '2026-02-23')).toEqual([]);
  });
});

describe('editing helpers', () => {
  it('copies a week onto another, replacing it and staying in the month', () => {
    const cells = [cell('2026-12-07', 1, 'C001', 'C002'), cell('2026-12-11', 1, 'C003'), cell('2026-12-14', 1, 'C009'), cell('2026-12-28', 1, 'C005')];
    const out = copyWeek(cells, '2026-12-07', '2026-12-14', '2026-12');
    expect(out.filter((c) => c.date >= '2026-12-14' && c.date < '2026-12-21').map((c) => [c.date, c.a])).toEqual([
      ['2026-12-14', 'C001'],
      ['2026-12-18', 'C003'],
    ]);
    const late = copyWeek(cells, '2026-12-07', '2026-12-28', '2026-12');
    expect(late.filter((c) => c.date >= '2026-12-28').map((c) => c.date)).toEqual(['2026-12-28']); // the 1 Jan copy falls outside December
  });
  it('swaps A and B in the picked cells only', () => {
    const out = swapAB([cell('2026-12-07', 1, 'C001', 'C002'), cell('2026-12-07', 2, 'C003', 'C004')], (c) => c.windowNo === 1);
    expect(out.map((c) => [c.a, c.b])).toEqual([
      ['C002', 'C001'],
      ['C003', 'C004'],
    ]);
  });
});
