// Civil dates ('YYYY-MM-DD') in the hall's time zone. Deadlines are about calendar days in
// China (UTC+8, no DST), never about the time zone of the machine running the code, so all
// arithmetic runs on integer "epoch days" in UTC.

export type CivilDate = string;

const MS_PER_DAY = 86_400_000;
/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

// The date arithmetic below is integer-only (no Date object, no string split per call): the
// central projects every case of every hall through it. Same results as the Date-based forms
// (Date.UTC, toISOString), which tests/unit/calendar-dates-fast.test.ts compares day by day;
// outside years 1000–9999 the Date forms are used as they were.
const MIN_FAST_DAY = -354_285; // 1000-01-01
const MAX_FAST_DAY = 2_932_896; // 9999-12-31

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number): number => (m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

/** Days since 1970-01-01 of a proleptic Gregorian y-m-d (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The digits of 'YYYY-MM-DD' as [y, m, d], or null when it is not that shape. */
function civilParts(value: string): [number, number, number] | null {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return null;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    y = y * 10 + c;
  }
  const m1 = value.charCodeAt(5) - 48,
    m2 = value.charCodeAt(6) - 48,
    d1 = value.charCodeAt(8) - 48,
    d2 = value.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  return [y, m1 * 10 + m2, d1 * 10 + d2];
}

export function isCivilDate(value: string): boolean {
  const p = civilParts(value);
  // Years 0000–0099 were never valid here (Date.UTC reads them as 1900–1999): kept so.
  return p !== null && p[0] >= 100 && p[1] >= 1 && p[1] <= 12 && p[2] >= 1 && p[2] <= daysInMonth(p[0], p[1]);
}

/** Days since 1970-01-01. Throws on a malformed date: callers validate input at the edge. */
export function toEpochDay(date: CivilDate): number {
  if (!isCivilDate(date)) throw new RangeError(`无效日期：${date}（应为 YYYY-MM-DD）`);
  const [y, m, d] = civilParts(date)!;
  return daysFromCivil(y, m, d);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

export function fromEpochDay(day: number): CivilDate {
  if (!Number.isInteger(day) || day < MIN_FAST_DAY || day > MAX_FAST_DAY) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  // H. Hinnant's civil_from_days.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return `${yoe + era * 400 + (m <= 2 ? 1 : 0)}-${pad2(m)}-${pad2(d)}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function weekdayOf(date: CivilDate): number {
  return weekdayOfEpochDay(toEpochDay(date));
}

export function addCalendarDays(date: CivilDate, days: number): CivilDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function yearOf(date: CivilDate): number {
  return Number(date.slice(0, 4));
}

/** The civil date in China of an instant (ISO string with offset, or epoch ms). */
export function chinaDateOf(instant: string | number | Date): CivilDate {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`无效时间：${String(instant)}`);
  // new Date(x) truncates x to whole ms (TimeClip); outside the fast years the Date form as before (and its RangeError).
  const day = Math.floor(Math.trunc(ms + CHINA_OFFSET_MS) / MS_PER_DAY);
  return day >= MIN_FAST_DAY && day <= MAX_FAST_DAY ? fromEpochDay(day) : new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Compact form used in case numbers: 20250930. */
export function compactDate(date: CivilDate): string {
  return date.replaceAll('-', '');
}
