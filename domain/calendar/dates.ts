// Civil dates ('YYYY-MM-DD') in the hall's time zone. Deadlines are about calendar days in
// China (UTC+8, no DST), never about the time zone of the machine running the code, so all
// arithmetic runs on integer "epoch days" in UTC.

export type CivilDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function isCivilDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Days since 1970-01-01. Throws on a malformed date: callers validate input at the edge. */
export function toEpochDay(date: CivilDate): number {
  if (!isCivilDate(date)) throw new RangeError(`无效日期：${date}（应为 YYYY-MM-DD）`);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, mo - 1, d) / MS_PER_DAY;
}

export function fromEpochDay(day: number): CivilDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
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
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Compact form used in case numbers: 20250930. */
export function compactDate(date: CivilDate): string {
  return date.replaceAll('-', '');
}
