// The duty rota's wire shapes (issue 16; rules in domain/rota/rules.ts): a month's grid as the
// manager edits it, the hall's regular hours, and today's opening and extended hours for the
// kiosk and the call display.
import { z } from 'zod';
import { civilDateSchema } from '../calendar/schemas';
import { isHhMm } from '../rota/rules';
import { isValidTimeZone } from '../calendar/hallTime';

const HHMM_MESSAGE = '时间应为 HH:MM（如 19:00）';
export const hhMmSchema = z.string().refine(isHhMm, { message: HHMM_MESSAGE });
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份应为 YYYY-MM（如 2026-12）' });
const workNo = z.string().min(1).max(32).nullable();

export const rotaCellSchema = z
  .object({ date: civilDateSchema, windowNo: z.number().int().positive().max(100000), a: workNo, b: workNo, leader: workNo })
  .strict();
export const rotaDaySchema = z.object({ date: civilDateSchema, open: z.boolean().nullable(), lunch: z.boolean(), until: hhMmSchema.nullable() }).strict();
export const rotaLeaveSchema = z.object({ workNo: z.string().min(1).max(32), date: civilDateSchema }).strict();
export const hallHoursSchema = z
  .object({ open: hhMmSchema, close: hhMmSchema, lunchStart: hhMmSchema.nullable(), lunchEnd: hhMmSchema.nullable() })
  .strict()
  .refine(
    (h) =>
      h.open < h.close &&
      (h.lunchStart == null) === (h.lunchEnd == null) &&
      (!h.lunchStart || (h.open <= h.lunchStart && h.lunchStart < h.lunchEnd! && h.lunchEnd! <= h.close)),
    {
      message: '上班时间应早于下班时间，午休应在上班时间之内',
    },
  );

export const rotaMonthParamsSchema = z.object({ month: monthSchema });
export const rotaMonthPutSchema = z
  .object({
    /** Retries of the same save answer the first result (the hall stores it under this id). */
    requestId: z.string().min(1).max(64).optional(),
    cells: z.array(rotaCellSchema).max(31 * 200),
    days: z.array(rotaDaySchema).max(31),
    leave: z.array(rotaLeaveSchema).max(31 * 500),
  })
  .strict();
export const uncoveredSchema = z.object({ date: z.string(), windowNo: z.number(), reason: z.enum(['nobody', 'a_on_leave_no_b', 'no_a']) });
export const rotaMonthSchema = z.object({
  month: z.string(),
  configured: z.boolean(),
  hours: z.object({ open: z.string(), close: z.string(), lunchStart: z.string().nullable(), lunchEnd: z.string().nullable() }).nullable(),
  /** Every date of the month with whether the hall opens (calendar or override) and the calendar's name for it. */
  calendar: z.array(z.object({ date: z.string(), opens: z.boolean(), working: z.boolean(), name: z.string().nullable() })),
  /** problemDesk: a 办不成事 window (its leader seat is the rota's 坐班领导). */
  windows: z.array(z.object({ no: z.number(), name: z.string(), problemDesk: z.boolean() })),
  staff: z.array(z.object({ workNo: z.string(), name: z.string(), role: z.string() })),
  cells: z.array(rotaCellSchema),
  days: z.array(rotaDaySchema),
  leave: z.array(rotaLeaveSchema),
  uncovered: z.array(uncoveredSchema),
});
export type RotaMonthView = z.infer<typeof rotaMonthSchema>;
export const hallHoursPutSchema = z.object({ hours: hallHoursSchema.nullable() }).strict();

export const rotaTodaySchema = z.object({
  date: z.string(),
  configured: z.boolean(),
  opens: z.boolean(),
  openNow: z.boolean(),
  /** Serving intervals as "HH:MM" pairs (extended hours included). */
  intervals: z.array(z.tuple([z.string(), z.string()])),
  extended: z.object({ lunch: z.array(z.string()).nullable(), until: z.string().nullable() }).nullable(),
});
export type RotaToday = z.infer<typeof rotaTodaySchema>;

/** A manager's unlock on the sign-in form: his 工号 and password let a clerk off the rota sit down (audited). */
export const signInUnlockSchema = z.object({ workNo: z.string().min(1).max(32), password: z.string().min(1).max(128) }).strict();

/** The counter's window on the rota for the next days (domain/rota/ahead.ts), in the clerk's sign-in answer. */
export const windowRotaAheadSchema = z
  .object({
    windowNo: z.number().int().positive(),
    zone: z.string().min(1).max(64).refine(isValidTimeZone, { message: '时区不正确' }),
    days: z
      .array(
        z
          .object({ date: civilDateSchema, rostered: z.boolean(), a: workNo, b: workNo, leader: workNo, away: z.array(z.string().min(1).max(32)).max(3) })
          .strict(),
      )
      .max(62),
  })
  .strict();
