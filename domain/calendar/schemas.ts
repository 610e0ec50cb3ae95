// The one definition of what a date or a time on the wire is, used by every schema (hall API,
// sync, case events, counter contract, receipts). A civil date must exist on the calendar
// (2026-02-30 and 2026-13-45 are refused, not rolled over); an instant is ISO 8601 with an
// offset ('Z' or '+08:00'), so it names one moment whatever the machine's time zone.
import { z } from 'zod';
import { isCivilDate, type CivilDate } from './dates';

export const CIVIL_DATE_MESSAGE = '日期应为真实存在的日期，格式 YYYY-MM-DD（如 2026-03-01）';
export const INSTANT_MESSAGE = '时间应为带时区的 ISO 8601 格式（如 2026-03-01T09:30:00+08:00）';

export const civilDateSchema = z.string({ message: CIVIL_DATE_MESSAGE }).refine(isCivilDate, { message: CIVIL_DATE_MESSAGE }).meta({ format: 'date' });

export const isoInstantSchema = z.iso.datetime({ offset: true, message: INSTANT_MESSAGE });

/** A query bound: a hall day (YYYY-MM-DD) or an instant. */
export const civilDateOrInstantSchema = z
  .string({ message: CIVIL_DATE_MESSAGE })
  .refine((v: string) => isCivilDate(v) || isoInstantSchema.safeParse(v).success, { message: `${CIVIL_DATE_MESSAGE}，或${INSTANT_MESSAGE}` });

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
/** What a receipt prints: an instant, or a local date-time 'YYYY-MM-DD HH:mm[:ss]' on a real date. */
export const printedDateTimeSchema = z
  .string()
  .refine((v: string) => isoInstantSchema.safeParse(v).success || (LOCAL_DATE_TIME.test(v) && isCivilDate(v.slice(0, 10))), {
    message: '时间格式应为 YYYY-MM-DD HH:mm（日期须真实存在）或带时区的 ISO 8601',
  });

/**
 * A string-format schema's check without zod per call: zod checks such a string by its pattern
 * alone (z.iso.datetime, z.string().datetime(): typeof string + pattern); a schema without one
 * is asked as before.
 */
function stringFormatTest(schema: { def: { pattern?: RegExp }; safeParse: (v: unknown) => { success: boolean } }): (v: unknown) => v is string {
  const pattern = schema.def.pattern;
  if (pattern && !pattern.global && !pattern.sticky) return (v: unknown): v is string => typeof v === 'string' && pattern.test(v);
  return (v: unknown): v is string => typeof v === 'string' && schema.safeParse(v).success;
}

export const isIsoInstant: (v: unknown) => v is string = stringFormatTest(isoInstantSchema);

/** Epoch ms of a stored instant, or null when it is not one (old rows, hand edits): never throws. */
export function instantMs(v: unknown): number | null {
  if (!isIsoInstant(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

export function isCivilDateValue(v: unknown): v is CivilDate {
  return typeof v === 'string' && isCivilDate(v);
}
