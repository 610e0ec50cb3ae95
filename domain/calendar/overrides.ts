// "The hall's holiday overrides as stored or sent → the working calendar": ONE function for the
// hall (server/uplink/cityCalendar.ts, overrides from the city's catalogue downlink) and the
// counter (electron/core/catalogue/referenceService.ts, overrides cached from the hall), so both
// count the same days and a date the city declared a holiday moves the same 承诺办结日期.
import { z } from 'zod';
import { calendarOverrideSchema, defaultCalendar, type CalendarOverride, type WorkingCalendar } from './calendar';

export const calendarOverridesSchema = z.array(calendarOverrideSchema).max(1000);

/** The overrides in a stored JSON text (or an already parsed value); [] for null, unreadable or invalid input. */
export function overridesFrom(raw: string | unknown[] | null | undefined): CalendarOverride[] {
  if (raw === null || raw === undefined) return [];
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  const p = calendarOverridesSchema.safeParse(value);
  return p.success ? p.data : [];
}

// Building a calendar indexes every override; hall and counter ask on every projection, so the
// last few texts are kept (the text changes only with a new catalogue version).
const memo = new Map<string, WorkingCalendar>();

/** The bundled official calendar plus these overrides; the bundled calendar itself when there are none. */
export function calendarFromOverrides(raw: string | unknown[] | null | undefined): WorkingCalendar {
  const key = typeof raw === 'string' ? raw : raw ? JSON.stringify(raw) : '';
  const hit = memo.get(key);
  if (hit) return hit;
  const overrides = overridesFrom(raw);
  const calendar = overrides.length ? defaultCalendar.withOverrides(overrides) : defaultCalendar;
  if (memo.size >= 8) memo.clear();
  memo.set(key, calendar);
  return calendar;
}
