import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import {
  addWorkingDays,
  chinaDateOf,
  createWorkingCalendar,
  deadlineState,
  defaultCalendar,
  fromEpochDay,
  overdueWorkingDays,
  toEpochDay,
  weekdayOf,
  workingDaysBetween,
} from '../../domain/calendar';

describe('working-day calendar', () => {
  it('agrees with the chinese-days library itself on every day it covers', () => {
    const years = defaultCalendar.coveredYears;
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    let mismatches = 0;
    for (let d = toEpochDay(`${years[0]}-01-01`); d <= toEpochDay(`${years.at(-1)}-12-31`); d++) {
      const date = fromEpochDay(d);
      if (defaultCalendar.isWorkingDay(date) !== chineseDays.isWorkday(date)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('knows 调休 make-up weekends and holiday names', () => {
    expect(weekdayOf('2025-09-28')).toBe(0); // a Sunday …
    expect(defaultCalendar.dayInfo('2025-09-28')).toMatchObject({ working: true, source: 'makeUpWorkday' });
    expect(defaultCalendar.dayInfo('2025-10-08')).toMatchObject({ working: false, source: 'holiday', name: '国庆节' });
    expect(defaultCalendar.dayInfo('2025-01-29')).toMatchObject({ working: false, name: '春节' });
    expect(defaultCalendar.dayInfo('2025-03-08')).toMatchObject({ working: false, source: 'weekend' });
  });

  it('does not depend on the machine time zone for the China date of an instant', () => {
    expect(chinaDateOf('2025-09-30T16:30:00Z')).toBe('2025-10-01'); // 00:30 in Beijing
    expect(chinaDateOf('2025-09-30T15:59:59Z')).toBe('2025-09-30');
  });
});

describe('addWorkingDays', () => {
  it('counts from the day after acceptance across 国庆 2025 with its 调休 Sunday', () => {
    // Fri 26 Sep → Sun 28 (调休) 1, Mon 29 2, Tue 30 3, 1–8 Oct holiday, Thu 9 4, Fri 10 5
    const r = addWorkingDays('2025-09-26', 5);
    expect(r).toEqual({ date: '2025-10-10', remainingWorkingDays: 0, stoppedWorkingDays: 0, warnings: [] });
  });

  it('crosses 春节 2025', () => {
    // Fri 24 Jan → Sun 26 (调休) 1, Mon 27 2, 28 Jan–4 Feb holiday, Wed 5 Feb 3
    expect(addWorkingDays('2025-01-24', 3).date).toBe('2025-02-05');
    // 春节 2024: Fri 9 Feb → 10–17 holiday, Sun 18 调休 is day 1
    expect(addWorkingDays('2024-02-09', 1).date).toBe('2024-02-18');
  });

  it('crosses a year end into 元旦 2026 and lands on a 调休 Sunday', () => {
    // Tue 30 Dec → Wed 31 1, 1–3 Jan holiday, Sun 4 Jan 调休 2, Mon 5 3
    expect(addWorkingDays('2025-12-30', 2).date).toBe('2026-01-04');
    expect(addWorkingDays('2025-12-30', 3).date).toBe('2026-01-05');
  });

  it('returns the acceptance date for 0 days and rejects negative counts', () => {
    expect(addWorkingDays('2025-10-03', 0).date).toBe('2025-10-03');
    expect(() => addWorkingDays('2025-10-03', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-13-03', 1)).toThrow(/无效日期/);
  });

  it('stops the clock: the stop day counts, days after it up to the resume day do not', () => {
    // Mon 3 Mar, 10 days. Without stop: due Mon 17 Mar.
    expect(addWorkingDays('2025-03-03', 10).date).toBe('2025-03-17');
    // Stopped (Wed 5, Mon 10]: Thu 6, Fri 7, Mon 10 are skipped (3 working days).
    const r = addWorkingDays('2025-03-03', 10, { stoppedIntervals: [{ from: '2025-03-05', to: '2025-03-10' }] });
    expect(r.date).toBe('2025-03-20');
    expect(r.stoppedWorkingDays).toBe(3);
    // Stop and resume on the same day cost nothing.
    expect(addWorkingDays('2025-03-03', 10, { stoppedIntervals: [{ from: '2025-03-05', to: '2025-03-05' }] }).date).toBe('2025-03-17');
  });

  it('leaves the due date open while the clock is still stopped', () => {
    const r = addWorkingDays('2025-03-03', 10, { stoppedIntervals: [{ from: '2025-03-05', to: null }] });
    expect(r.date).toBeNull();
    expect(r.remainingWorkingDays).toBe(8); // Tue 4 and Wed 5 were counted
  });

  it('applies override days (local closure, late notice)', () => {
    const overrides = [{ date: '2025-03-04', working: false, note: '大厅停电检修' }];
    expect(addWorkingDays('2025-03-03', 1, { overrides }).date).toBe('2025-03-05');
    const saturday = [{ date: '2025-03-08', working: true, note: '周六加班受理' }];
    expect(addWorkingDays('2025-03-07', 1, { overrides: saturday }).date).toBe('2025-03-08');
  });

  it('warns loudly when the count runs into a year without official data (2027)', () => {
    // Mon 28 Dec 2026 → 29 1, 30 2, 31 3, Fri 1 Jan 2027 (no data: weekday) 4, Mon 4 Jan 5
    const r = addWorkingDays('2026-12-28', 5);
    expect(r.date).toBe('2027-01-04');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ code: 'CALENDAR_YEAR_MISSING', year: 2027 });
    expect(r.warnings[0]!.message).toContain('2027 年');

    const withOverride = addWorkingDays('2026-12-28', 5, { overrides: [{ date: '2027-01-01', working: false, note: '元旦' }] });
    expect(withOverride.date).toBe('2027-01-05');
    expect(withOverride.warnings[0]!.message).toContain('1 条');

    const declared = createWorkingCalendar({ overrides: [{ date: '2027-01-01', working: false, note: '元旦' }], completeYears: [2027] });
    expect(addWorkingDays('2026-12-28', 5, { calendar: declared })).toMatchObject({ date: '2027-01-05', warnings: [] });
    // A count that stays in 2026 gives no warning.
    expect(addWorkingDays('2026-12-21', 3).warnings).toEqual([]);
  });
});

describe('workingDaysBetween, overdue and deadline state', () => {
  it('counts working days in (from, to]', () => {
    expect(workingDaysBetween('2025-09-30', '2025-10-10').days).toBe(2);
    expect(workingDaysBetween('2025-09-30', '2025-10-11').days).toBe(3); // Sat 11 Oct is 调休
    expect(workingDaysBetween('2025-10-11', '2025-09-30').days).toBe(-3);
    expect(workingDaysBetween('2025-10-10', '2025-10-10').days).toBe(0);
    expect(workingDaysBetween('2025-03-03', '2025-03-14', { stoppedIntervals: [{ from: '2025-03-05', to: '2025-03-10' }] }).days).toBe(6);
  });

  it('records overdue working days', () => {
    expect(overdueWorkingDays('2025-09-30', '2025-09-30').days).toBe(0);
    expect(overdueWorkingDays('2025-09-30', '2025-09-29').days).toBe(0);
    expect(overdueWorkingDays('2025-09-30', '2025-10-09').days).toBe(1);
    expect(overdueWorkingDays('2026-12-31', '2027-01-04').warnings[0]?.year).toBe(2027);
  });

  it('marks due soon, due today and overdue', () => {
    expect(deadlineState('2025-10-10', '2025-09-30').state).toBe('dueSoon'); // 2 working days left over 国庆
    expect(deadlineState('2025-10-10', '2025-09-26').state).toBe('ok');
    expect(deadlineState('2025-10-10', '2025-10-10').state).toBe('dueToday');
    // Sat 11 Oct is a 调休 working day, so Mon 13 Oct is already 2 working days late.
    expect(deadlineState('2025-10-10', '2025-10-13')).toMatchObject({ state: 'overdue', workingDaysLeft: -2 });
  });
});
