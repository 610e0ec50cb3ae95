// The State Council holiday arrangement, as shipped by the `chinese-days` package (the JSON
// file, which both tsx/vitest and the Vite browser build import directly). Only the raw
// tables are used: which years are covered is derived from the data itself, so a year the
// package does not know yet is detected instead of silently treated as "weekends only".
import rawData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pkg from 'chinese-days/package.json' with { type: 'json' };

export interface OfficialCalendarData {
  /** Source label shown in warnings and docs, e.g. "chinese-days 1.5.7". */
  source: string;
  /** 'YYYY-MM-DD' → label "English,中文,n": statutory holidays (incl. the weekend days inside a holiday block). */
  holidays: Readonly<Record<string, string>>;
  /** 'YYYY-MM-DD' → label: 调休 make-up working days on a Saturday/Sunday. */
  workdays: Readonly<Record<string, string>>;
  /** Years for which the arrangement is published and present. */
  years: readonly number[];
}

function yearsOf(...tables: Readonly<Record<string, string>>[]): number[] {
  const set = new Set<number>();
  for (const t of tables) for (const d of Object.keys(t)) set.add(Number(d.slice(0, 4)));
  return [...set].sort((a, b) => a - b);
}

/** Build calendar data from tables (e.g. a newer JSON distributed by the hall server). */
export function officialDataFrom(
  tables: { holidays: Record<string, string>; workdays: Record<string, string> },
  source: string,
  years?: readonly number[],
): OfficialCalendarData {
  return { source, holidays: tables.holidays, workdays: tables.workdays, years: years ?? yearsOf(tables.holidays, tables.workdays) };
}

const tables = rawData as unknown as { holidays: Record<string, string>; workdays: Record<string, string> };

export const bundledOfficialData: OfficialCalendarData = officialDataFrom(tables, `chinese-days ${pkg.version}`);
