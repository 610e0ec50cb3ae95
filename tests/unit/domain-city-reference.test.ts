// The shared rules behind the city's reference data at hall and counter (issue 14 downlink):
// holiday overrides → working calendar (one function for both), the city's 差评 reasons → the
// list in force with a content version, and the hall's check of a rating's codes.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarFromOverrides, defaultCalendar, overridesFrom } from '../../domain/calendar';
import { defaultReasonList, reasonCodesProblem, reasonListFromCity, reasonListInForce, type RatingReasonEntry } from '../../domain/rating';

const X1: RatingReasonEntry = { code: 'X1', label: '材料要求反复变化', polarity: 'bad', dimension: 'competence' };
const bundledBad = defaultReasonList.reasons.filter((r) => r.polarity === 'bad');
// 2026-12-08 is a Tuesday; the city declares it a day off.
const OFF = [{ date: '2026-12-08', working: false, note: '市政府临时调休' }];

describe('calendarFromOverrides (hall and counter)', () => {
  it('no overrides, an unreadable or an invalid text: the bundled calendar itself', () => {
    expect(calendarFromOverrides(null)).toBe(defaultCalendar);
    expect(calendarFromOverrides('[]')).toBe(defaultCalendar);
    expect(calendarFromOverrides('{not json')).toBe(defaultCalendar);
    expect(calendarFromOverrides(JSON.stringify([{ date: '2026-13-40', working: false, note: 'x' }]))).toBe(defaultCalendar);
    expect(overridesFrom('{not json')).toEqual([]);
  });

  it('a declared day off is not a working day and moves a due date past it; text and array agree', () => {
    expect(defaultCalendar.isWorkingDay('2026-12-08')).toBe(true);
    const cal = calendarFromOverrides(JSON.stringify(OFF));
    expect(cal.isWorkingDay('2026-12-08')).toBe(false);
    expect(calendarFromOverrides(JSON.stringify(OFF))).toBe(cal); // memoised by text
    expect(calendarFromOverrides(OFF).isWorkingDay('2026-12-08')).toBe(false);
    // Accepted Monday 12-07, 1 working day: Tuesday normally, Wednesday with the override.
    expect(addWorkingDays('2026-12-07', 1).date).toBe('2026-12-08');
    expect(addWorkingDays('2026-12-07', 1, { calendar: cal }).date).toBe('2026-12-09');
    expect(overridesFrom(JSON.stringify(OFF))).toEqual(OFF);
  });
});

describe("the city's 差评 reason list", () => {
  it('none published (or a broken list): null, and the hall keeps the bundled list', () => {
    expect(reasonListFromCity([])).toBeNull();
    expect(reasonListFromCity([X1, X1])).toBeNull(); // duplicate code
    expect(reasonListFromCity([{ ...X1, polarity: 'good' }])).toBeNull(); // no 差评 reason
    expect(reasonListInForce(null)).toBe(defaultReasonList);
    expect(reasonListInForce('[]')).toBe(defaultReasonList);
    expect(reasonListInForce('nonsense')).toBe(defaultReasonList);
  });

  it('the bundled reasons re-published keep the bundled version', () => {
    expect(reasonListFromCity(bundledBad)).toBe(defaultReasonList);
  });

  it('a city list: its reasons plus the bundled 好评 ones, versioned by content', () => {
    const l = reasonListFromCity([...bundledBad, X1])!;
    expect(l.version).toMatch(/^city-[0-9a-f]{8}$/);
    expect(l.reasons.map((r) => r.code)).toContain('X1');
    expect(l.reasons.filter((r) => r.polarity === 'good').map((r) => r.code)).toEqual(['G01', 'G02', 'G03', 'G04']);
    // Same reasons (another catalogue version): same list version; other reasons: another one.
    expect(reasonListFromCity([...bundledBad, X1])!.version).toBe(l.version);
    expect(reasonListFromCity([X1])!.version).not.toBe(l.version);
    expect(reasonListInForce(JSON.stringify([...bundledBad, X1])).version).toBe(l.version);
  });

  it("the hall's check: codes against the named list; an unknown version or code is refused with a code", () => {
    const city = reasonListFromCity([X1])!;
    expect(reasonCodesProblem([], null, 'whatever')).toBeNull();
    expect(reasonCodesProblem(['X1'], city, city.version)).toBeNull();
    expect(reasonCodesProblem(['B04'], city, city.version)?.code).toBe('RATING_REASON_UNKNOWN');
    expect(reasonCodesProblem(['B04'], defaultReasonList, '2025.1')).toBeNull();
    expect(reasonCodesProblem(['X1'], null, 'city-00000000')?.code).toBe('RATING_REASON_LIST_UNKNOWN');
  });
});
