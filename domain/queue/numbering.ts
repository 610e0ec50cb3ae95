// Ticket numbers: category prefix + serial (A023). Serials reset daily per category unless the
// category opts out, and wrap inside the category's number range.

export interface NumberingRule {
  prefix: string;
  dailyReset: boolean;
  rangeStart: number;
  rangeEnd: number;
  width: number;
}

/** Key of the serial counter: the service day, or one running key when the category keeps numbers overnight. */
export function serialKey(rule: Pick<NumberingRule, 'dailyReset'>, day: string): string {
  return rule.dailyReset ? day : 'running';
}

/** The serial after `last` (null when none issued under this key yet), wrapping inside the range. */
export function nextSerial(rule: Pick<NumberingRule, 'rangeStart' | 'rangeEnd'>, last: number | null): number {
  if (last === null || last >= rule.rangeEnd || last < rule.rangeStart) return rule.rangeStart;
  return last + 1;
}

export function formatTicketNumber(rule: Pick<NumberingRule, 'prefix' | 'width'>, serial: number): string {
  return rule.prefix + String(serial).padStart(rule.width, '0');
}

/** The hall's local calendar day (YYYY-MM-DD) of an instant, in an IANA time zone. */
// Intl formatters are expensive to build (~0.1 ms): one per zone, reused.
const dayFmt = new Map<string, Intl.DateTimeFormat>();
const hourFmt = new Map<string, Intl.DateTimeFormat>();

export function serviceDay(at: Date, timeZone: string): string {
  let f = dayFmt.get(timeZone);
  // sv-SE formats as YYYY-MM-DD.
  if (!f) dayFmt.set(timeZone, (f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(at);
}

/** Local hour (0–23) of an instant in the hall's time zone. */
export function serviceHour(at: Date, timeZone: string): number {
  let f = hourFmt.get(timeZone);
  if (!f) hourFmt.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' })));
  return Number(f.format(at));
}

const partsFmt = new Map<string, Intl.DateTimeFormat>();
function offsetMs(at: number, timeZone: string): number {
  let f = partsFmt.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFmt.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return local - Math.floor(at / 1000) * 1000;
}

/** The instant (epoch ms) the hall's day `YYYY-MM-DD` begins, in an IANA time zone. */
export function dayStart(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let t = wall;
  for (let i = 0; i < 3; i++) t = wall - offsetMs(t, timeZone);
  return t;
}

/** `YYYY-MM-DD` one calendar day after `day`. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
