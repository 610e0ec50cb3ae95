// The hall's working calendar: the bundled official holiday data plus the holiday overrides the
// city published (catalogue downlink, kept in uplink_state by downlink.ts), so the hall's case
// deadlines and 差评 follow-up due dates count the same days as the city's. The counters get the
// same overrides through GET /api/catalogue/reference and build their calendar with the same
// domain function (calendarFromOverrides); a hall without a city uses the bundled data.
import { calendarFromOverrides, overridesFrom, type CalendarOverride, type WorkingCalendar } from '../../domain/calendar';
import type { HallStore } from '../db/connection';
import { outboxOf } from './outbox';

export function hallCalendar(store: HallStore): WorkingCalendar {
  return calendarFromOverrides(outboxOf(store).state('city_holiday_overrides'));
}

/** The overrides in force at this hall (what counters receive). */
export function hallOverrides(store: HallStore): CalendarOverride[] {
  return overridesFrom(outboxOf(store).state('city_holiday_overrides'));
}
