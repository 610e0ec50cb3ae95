// The hall's working calendar: the bundled official holiday data plus the holiday overrides the
// city published (catalogue downlink, kept in uplink_state by downlink.ts), so the hall's case
// deadlines and 差评 follow-up due dates count the same days as the city's. Rebuilt only when
// the stored overrides change; a hall without a city (or a broken value) uses the bundled data.
import { z } from 'zod';
import { calendarOverrideSchema, defaultCalendar, type WorkingCalendar } from '../../domain/calendar';
import type { HallStore } from '../db/connection';
import { outboxOf } from './outbox';

const overridesSchema = z.array(calendarOverrideSchema);
const memo = new WeakMap<HallStore, { raw: string | null; calendar: WorkingCalendar }>();

export function hallCalendar(store: HallStore): WorkingCalendar {
  const raw = outboxOf(store).state('city_holiday_overrides');
  const m = memo.get(store);
  if (m && m.raw === raw) return m.calendar;
  let calendar = defaultCalendar;
  if (raw !== null) {
    try {
      const o = overridesSchema.safeParse(JSON.parse(raw));
      if (o.success && o.data.length) calendar = defaultCalendar.withOverrides(o.data);
    } catch {
      /* unreadable: the bundled calendar (downlink.ts only stores validated overrides) */
    }
  }
  memo.set(store, { raw, calendar });
  return calendar;
}
