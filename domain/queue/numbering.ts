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
export function serviceDay(at: Date, timeZone: string): string {
  // sv-SE formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Local hour (0–23) of an instant in the hall's time zone. */
export function serviceHour(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at));
}
