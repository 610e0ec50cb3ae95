// The hall's time zone as the screens know it: set from the queue snapshot (hall.timeZone, a hall
// setting), Asia/Shanghai until one arrives. Every time on screen is formatted with it through
// domain/calendar/hallClock, so a counter PC running in UTC still shows the hall's wall clock.
import { DEFAULT_HALL_TIME_ZONE } from '../../../domain/calendar/hallTime';
import { hallClockText, hallFull, hallHm, hallShort, hallToday, type Instant } from '../../../domain/calendar/hallClock';

let zone = DEFAULT_HALL_TIME_ZONE;

export function setHallZone(z: string | null | undefined): void {
  if (z) zone = z;
}
export const hallZone = (): string => zone;

/** Formatting in the hall's current zone (the screens' one entry point). */
export const hallFmt = {
  clock: (at: Instant) => hallClockText(at, zone),
  hm: (at: Instant) => hallHm(at, zone),
  short: (at: Instant) => hallShort(at, zone),
  full: (at: Instant) => hallFull(at, zone),
  today: () => hallToday(zone),
};
