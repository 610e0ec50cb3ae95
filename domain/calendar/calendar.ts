// Which days are working days (工作日): Mon–Fri unless a State Council holiday, plus the listed
// 调休 make-up weekend days, plus the hall's own override table (local closures, or a late
// State Council notice the bundled package does not know yet).
import { z } from 'zod';
import { fromEpochDay, isCivilDate, toEpochDay, weekdayOfEpochDay, type CivilDate } from './dates';
import { bundledOfficialData, type OfficialCalendarData } from './officialData';

export const calendarOverrideSchema = z.object({
  date: z.string().refine(isCivilDate, { message: '日期格式应为 YYYY-MM-DD' }),
  working: z.boolean(),
  note: z.string().max(200),
});
export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;

export type DaySource = 'override' | 'holiday' | 'makeUpWorkday' | 'weekday' | 'weekend';

export interface DayInfo {
  date: CivilDate;
  working: boolean;
  source: DaySource;
  /** Holiday / 调休 name in Chinese (e.g. 春节) or the override note. */
  name?: string;
  /** False when the year has no official arrangement: the answer is weekends + overrides only. */
  yearCovered: boolean;
}

export interface CalendarWarning {
  code: 'CALENDAR_YEAR_MISSING';
  year: number;
  message: string;
}

export interface WorkingCalendar {
  readonly source: string;
  /** Years with an official arrangement (bundled data + years declared complete). */
  readonly coveredYears: readonly number[];
  coversYear(year: number): boolean;
  isWorkingDay(date: CivilDate): boolean;
  isWorkingEpochDay(day: number): boolean;
  dayInfo(date: CivilDate): DayInfo;
  /** A calendar with these overrides layered on top (later entries win over earlier ones). */
  withOverrides(overrides: readonly CalendarOverride[]): WorkingCalendar;
  readonly overrides: readonly CalendarOverride[];
}

export interface CalendarOptions {
  official?: OfficialCalendarData;
  overrides?: readonly CalendarOverride[];
  /** Years whose arrangement the hall entered completely as overrides (e.g. 2027 before the package ships it). */
  completeYears?: readonly number[];
}

/** Chinese name from a chinese-days label "Spring Festival,春节,4". */
function labelName(label: string): string {
  return label.split(',')[1] ?? label;
}

export function yearMissingWarning(year: number, overrideCount: number): CalendarWarning {
  const local = overrideCount > 0 ? `，已按本地调整表中的 ${overrideCount} 条记录修正` : '';
  return {
    code: 'CALENDAR_YEAR_MISSING',
    year,
    message: `${year} 年的国务院节假日安排尚未收录，期限仅按周末计算${local}，请核对并在节假日调整表中补充后重新计算`,
  };
}

export function createWorkingCalendar(options: CalendarOptions = {}): WorkingCalendar {
  const official = options.official ?? bundledOfficialData;
  const overrides = [...(options.overrides ?? [])];
  const byDay = new Map<number, CalendarOverride>();
  for (const o of overrides) byDay.set(toEpochDay(calendarOverrideSchema.parse(o).date), o);
  const holidays = new Map<number, string>();
  for (const [d, label] of Object.entries(official.holidays)) holidays.set(toEpochDay(d), labelName(label));
  const workdays = new Map<number, string>();
  for (const [d, label] of Object.entries(official.workdays)) workdays.set(toEpochDay(d), labelName(label));
  const covered = new Set<number>([...official.years, ...(options.completeYears ?? [])]);
  const coveredYears = [...covered].sort((a, b) => a - b);

  function infoOfEpochDay(day: number): DayInfo {
    const date = fromEpochDay(day);
    const yearCovered = covered.has(Number(date.slice(0, 4)));
    const o = byDay.get(day);
    if (o) return { date, working: o.working, source: 'override', name: o.note, yearCovered };
    const h = holidays.get(day);
    if (h !== undefined) return { date, working: false, source: 'holiday', name: h, yearCovered };
    const w = workdays.get(day);
    if (w !== undefined) return { date, working: true, source: 'makeUpWorkday', name: `${w}调休上班`, yearCovered };
    const wd = weekdayOfEpochDay(day);
    const weekend = wd === 0 || wd === 6;
    return { date, working: !weekend, source: weekend ? 'weekend' : 'weekday', yearCovered };
  }

  function isWorkingEpochDay(day: number): boolean {
    const o = byDay.get(day);
    if (o) return o.working;
    if (holidays.has(day)) return false;
    if (workdays.has(day)) return true;
    const wd = weekdayOfEpochDay(day);
    return wd !== 0 && wd !== 6;
  }

  const calendar: WorkingCalendar = {
    source: official.source,
    coveredYears,
    overrides,
    coversYear: (year) => covered.has(year),
    isWorkingEpochDay,
    isWorkingDay: (date) => isWorkingEpochDay(toEpochDay(date)),
    dayInfo: (date) => infoOfEpochDay(toEpochDay(date)),
    withOverrides: (more) => (more.length === 0 ? calendar : createWorkingCalendar({ ...options, official, overrides: [...overrides, ...more] })),
  };
  return calendar;
}

/** The bundled State Council data, no local overrides. */
export const defaultCalendar: WorkingCalendar = createWorkingCalendar();
