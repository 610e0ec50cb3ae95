// A counter's own window on the duty rota for the next days, handed to it with every online
// sign-in, so a sign-in while the hall is unreachable follows the same rule (A, B, leader, leave)
// instead of letting in anyone who once signed in there. Offline nobody else can sit at this
// window (one counter per window), so A is never "present" for B. Pure: the hall builds it, the
// counter applies it with the rules' own verdict.
import { addCalendarDays, type CivilDate } from '../calendar/dates';
import { hallTime } from '../calendar/hallTime';
import { cellOf, monthOf, onLeave, signInVerdict, windowRostered, type RotaData, type SignInVerdict } from './rules';

/** Today and the 13 days after: a counter offline over a long holiday still knows who sits there. */
export const ROTA_AHEAD_DAYS = 14;

export interface WindowRotaDay {
  date: CivilDate;
  /** The window is under that month's rota (else: the old home-window rule, as online). */
  rostered: boolean;
  a: string | null;
  b: string | null;
  leader: string | null;
  /** Which of a, b, leader are on leave that day. */
  away: string[];
}
export interface WindowRotaAhead {
  windowNo: number;
  /** The hall's time zone: the dates are its days. */
  zone: string;
  days: WindowRotaDay[];
}

export function windowRotaAhead(monthData: (month: string) => RotaData, windowNo: number, zone: string, from: CivilDate, n = ROTA_AHEAD_DAYS): WindowRotaAhead {
  const days: WindowRotaDay[] = [];
  for (let i = 0; i < n; i++) {
    const date = addCalendarDays(from, i);
    const data = monthData(monthOf(date));
    const c = cellOf(data, date, windowNo);
    const people = [c?.a ?? null, c?.b ?? null, c?.leader ?? null].filter((w): w is string => w != null);
    days.push({
      date,
      rostered: windowRostered(data, monthOf(date), windowNo),
      a: c?.a ?? null,
      b: c?.b ?? null,
      leader: c?.leader ?? null,
      away: [...new Set(people.filter((w) => onLeave(data, w, date)))],
    });
  }
  return { windowNo, zone, days };
}

/** The verdict for signing in at this window at instant `at` offline; null when the cached days do not cover it (another window, or too old). */
export function offlineSignInVerdict(ahead: WindowRotaAhead, q: { workNo: string; windowNo: number; at: number }): SignInVerdict | null {
  if (ahead.windowNo !== q.windowNo) return null;
  const date = hallTime(q.at, ahead.zone).date;
  const d = ahead.days.find((x) => x.date === date);
  if (!d) return null;
  return signInVerdict(d.rostered, d, (w) => d.away.includes(w), { workNo: q.workNo, seatedAtWindow: null });
}
