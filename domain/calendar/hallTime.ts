// Instants shown or printed in the hall's own time zone, whatever the zone of the machine that
// formats them (counter PCs and build servers often run in UTC). The zone is a hall setting
// (meta `hall_time_zone`, carried in the queue snapshot); Asia/Shanghai when unset.

export const DEFAULT_HALL_TIME_ZONE = 'Asia/Shanghai';

export interface HallTimeParts {
  /** 2026-12-07 */
  date: string;
  /** 08:40 */
  time: string;
  /** 08:40:05 */
  timeSeconds: string;
  /** 2026-12-07 08:40 */
  dateTime: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows the zone (an unknown one would throw at format time). */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** An instant (ISO string, epoch ms or Date) as the hall's local date and time. */
export function hallTime(instant: string | number | Date, zone: string = DEFAULT_HALL_TIME_ZONE): HallTimeParts {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`无效时间：${String(instant)}`);
  const p: Record<string, string> = {};
  for (const part of formatter(isValidTimeZone(zone) ? zone : DEFAULT_HALL_TIME_ZONE).formatToParts(ms)) p[part.type] = part.value;
  const date = `${p.year}-${p.month}-${p.day}`;
  const time = `${p.hour}:${p.minute}`;
  return { date, time, timeSeconds: `${time}:${p.second}`, dateTime: `${date} ${time}` };
}

/** "2026-12-07 08:40" in the hall's zone. */
export function hallDateTime(instant: string | number | Date, zone?: string): string {
  return hallTime(instant, zone).dateTime;
}
