// The counter's offline verdict (domain/rota/ahead.ts) is the hall's verdict (checkSignIn) on the
// days it carries: compared over random rotas — cells or none, A/B/leader or empty, leave, months
// with and without a rota, and the month boundary inside the 14 days.
import { describe, expect, it } from 'vitest';
import { checkSignIn, monthOf, type RotaCell, type RotaData, type RotaLeave } from '../../domain/rota/rules';
import { offlineSignInVerdict, windowRotaAhead, ROTA_AHEAD_DAYS } from '../../domain/rota/ahead';
import { addCalendarDays } from '../../domain/calendar/dates';

const PEOPLE = ['C001', 'C002', 'C003', 'M001'];
const ZONE = 'Asia/Shanghai';
/** Noon at the hall on a civil date. */
const noon = (date: string) => Date.parse(`${date}T12:00:00+08:00`);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('offline rota verdict', () => {
  it('equals checkSignIn (nobody seated) for every person, day and window over 300 random rotas', () => {
    const r = rng(7);
    const pick = () => (r() < 0.25 ? null : PEOPLE[Math.floor(r() * PEOPLE.length)]!);
    let compared = 0;
    for (let round = 0; round < 300; round++) {
      const from = addCalendarDays('2026-12-20', Math.floor(r() * 10));
      const cells: RotaCell[] = [];
      const leave: RotaLeave[] = [];
      // Months the window is under the rota, or not (one without any cell: the old rule).
      const rosteredMonths = new Set(['2026-12', '2027-01'].filter(() => r() < 0.7));
      for (let i = -3; i < ROTA_AHEAD_DAYS + 3; i++) {
        const date = addCalendarDays(from, i);
        for (const windowNo of [1, 2]) if (rosteredMonths.has(monthOf(date)) && r() < 0.8) cells.push({ date, windowNo, a: pick(), b: pick(), leader: pick() });
        for (const w of PEOPLE) if (r() < 0.15) leave.push({ workNo: w, date });
      }
      const data: RotaData = { hours: null, cells, days: [], leave };
      const ahead = windowRotaAhead(() => data, 1, ZONE, from);
      expect(ahead.days).toHaveLength(ROTA_AHEAD_DAYS);
      for (let i = 0; i < ROTA_AHEAD_DAYS; i++) {
        const date = addCalendarDays(from, i);
        for (const workNo of PEOPLE) {
          const offline = offlineSignInVerdict(ahead, { workNo, windowNo: 1, at: noon(date) });
          expect(offline).toEqual(checkSignIn(data, { workNo, windowNo: 1, date, seatedAtWindow: null }));
          compared++;
        }
      }
      // Outside what it carries, or another window: no verdict (the caller falls back).
      expect(offlineSignInVerdict(ahead, { workNo: 'C001', windowNo: 1, at: noon(addCalendarDays(from, ROTA_AHEAD_DAYS)) })).toBeNull();
      expect(offlineSignInVerdict(ahead, { workNo: 'C001', windowNo: 1, at: noon(addCalendarDays(from, -1)) })).toBeNull();
      expect(offlineSignInVerdict(ahead, { workNo: 'C001', windowNo: 2, at: noon(from) })).toBeNull();
    }
    expect(compared).toBe(300 * ROTA_AHEAD_DAYS * PEOPLE.length);
  });

  it("the day is the hall's: 23:30 UTC is already the next day in Shanghai", () => {
    const data: RotaData = {
      hours: null,
      cells: [
        { date: '2026-12-07', windowNo: 1, a: 'C001', b: null, leader: null },
        { date: '2026-12-08', windowNo: 1, a: 'C002', b: null, leader: null },
      ],
      days: [],
      leave: [],
    };
    const ahead = windowRotaAhead(() => data, 1, ZONE, '2026-12-07');
    expect(offlineSignInVerdict(ahead, { workNo: 'C002', windowNo: 1, at: Date.parse('2026-12-07T23:30:00Z') })).toEqual({ ok: true, as: 'A' });
    expect(offlineSignInVerdict(ahead, { workNo: 'C001', windowNo: 1, at: Date.parse('2026-12-07T23:30:00Z') })).toEqual({ ok: false, code: 'off_rota' });
  });
});
