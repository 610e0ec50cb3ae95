// domain/calendar/dates.ts computes dates with integer arithmetic (the central projects every
// case through it); these are the Date-based forms it replaced, compared value by value.
import { describe, expect, it } from 'vitest';
import { chinaDateOf, fromEpochDay, isCivilDate, toEpochDay } from '../../domain/calendar/dates';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isCivilDateByDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}
const fromEpochDayByDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const toEpochDayByDate = (date: string) => {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, mo - 1, d) / 86_400_000;
};
const chinaDateOfByDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).name };
  }
};

describe('date arithmetic = the Date-based forms', () => {
  it('fromEpochDay / toEpochDay / isCivilDate agree on the days of years 1000–9999 and around them', () => {
    // Every day of 1900–2300 (and the edges of the fast range), every 11th elsewhere.
    for (
      let day = -400_000;
      day <= 2_940_000;
      day += (day >= -25_567 && day <= 120_000) || Math.abs(day + 354_285) < 800 || Math.abs(day - 2_932_896) < 800 ? 1 : 11
    ) {
      const s = fromEpochDayByDate(day);
      if (fromEpochDay(day) !== s) expect.fail(`fromEpochDay(${day}) = ${fromEpochDay(day)}, Date gives ${s}`);
      if (/^\d{4}-/.test(s) && Number(s.slice(0, 4)) >= 100) {
        if (!isCivilDate(s) || toEpochDay(s) !== day || toEpochDayByDate(s) !== day) expect.fail(`${s}: day ${day}, got ${toEpochDay(s)}`);
      }
    }
    for (const d of [Number.MAX_SAFE_INTEGER, -1e9, 1.5, -0.5, 3e6, 1e8]) expect(outcome(() => fromEpochDay(d))).toEqual(outcome(() => fromEpochDayByDate(d)));
  });

  it('isCivilDate agrees on impossible and malformed dates', () => {
    const cases: string[] = [
      '',
      '2026-1-01',
      '2026-01-1',
      '2026/01/01',
      ' 2026-01-01',
      '2026-01-01 ',
      '2026-01-01\n',
      '２０２６-01-01',
      '2026-0a-01',
      '+02026-01-01',
    ];
    for (const y of [0, 1, 50, 99, 100, 999, 1000, 1900, 2000, 2024, 2026, 2100, 2400, 9999])
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) cases.push(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    for (const c of cases) {
      if (isCivilDate(c) !== isCivilDateByDate(c)) expect.fail(`isCivilDate(${JSON.stringify(c)}) = ${isCivilDate(c)}`);
      expect(outcome(() => toEpochDay(c))).toEqual(
        outcome(() =>
          isCivilDateByDate(c)
            ? toEpochDayByDate(c)
            : (() => {
                throw new RangeError(c);
              })(),
        ),
      );
    }
  });

  it('chinaDateOf agrees around midnight China time, before 1970, with fractional and out-of-range instants', () => {
    const ms: number[] = [0, -1, 1, -0.5, 0.5, -86_400_000.5, 8.64e15, -8.64e15, 8.64e15 - 28_800_000, 8.64e15 - 28_800_001, 1e20, Number.NaN];
    for (let day = -40_000; day < 40_000; day += 37)
      for (const off of [-28_800_001, -28_800_000, -28_799_999, 0, 57_599_999, 57_600_000]) ms.push(day * 86_400_000 + off);
    for (const t of ms)
      expect(
        outcome(() => chinaDateOf(t)),
        String(t),
      ).toEqual(
        outcome(() =>
          Number.isNaN(t)
            ? (() => {
                throw new RangeError();
              })()
            : chinaDateOfByDate(t),
        ),
      );
    expect(chinaDateOf('2026-03-01T16:00:00Z')).toBe('2026-03-02');
    expect(chinaDateOf('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(chinaDateOf('2026-03-02T00:00:00+08:00')).toBe('2026-03-02');
  });
});
