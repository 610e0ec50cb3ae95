// The few shapes in which the UI and the paper show an instant, all in the hall's zone (hallTime):
// the screens use these, never Date#toLocale* or getHours (they follow the PC's own zone).
import { DEFAULT_HALL_TIME_ZONE, hallTime } from './hallTime';

export type Instant = string | number | Date;

/** "08:40:05" — the display's clock, a heartbeat's time. */
export const hallClockText = (at: Instant, zone?: string): string => hallTime(at, zone).timeSeconds;
/** "08:40" */
export const hallHm = (at: Instant, zone?: string): string => hallTime(at, zone).time;
/** "12-07 08:40" — lists and timelines (the year is implied). */
export const hallShort = (at: Instant, zone?: string): string => {
  const p = hallTime(at, zone);
  return `${p.date.slice(5)} ${p.time}`;
};
/** "2026-12-07 08:40:05" — logs, audit and sync detail. */
export const hallFull = (at: Instant, zone?: string): string => {
  const p = hallTime(at, zone);
  return `${p.date} ${p.timeSeconds}`;
};
/** The hall's calendar date now (a UTC PC at 07:00 Beijing time is still "yesterday"). */
export const hallToday = (zone: string = DEFAULT_HALL_TIME_ZONE, now: Instant = Date.now()): string => hallTime(now, zone).date;

/** 2026年12月7日 — the one date form on printed 文书. */
export function docDate(civil: string): string {
  return `${civil.slice(0, 4)}年${Number(civil.slice(5, 7))}月${Number(civil.slice(8, 10))}日`;
}

/**
 * An instant on a 文书: 2026年12月7日 08:40 in the hall's zone. Also takes an already local
 * "YYYY-MM-DD HH:mm" (no zone: it is the hall's wall time) and reformats it.
 */
export function docDateTime(at: string, zone?: string): string {
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2}(\.\d+)?)?$/.exec(at);
  if (local) return `${docDate(local[1]!)} ${local[2]}`;
  const p = hallTime(at, zone);
  return `${docDate(p.date)} ${p.time}`;
}
