// The hall's reference data at the counter (GET /api/catalogue/reference, issue 14 downlink): the
// 差评 reason list in force — what the pad and the key box offer, with its version on every
// rating — and the holiday overrides of the hall's working calendar, from which the counter's
// case projection counts its 承诺办结日期 exactly as the hall does (domain calendarFromOverrides).
// Cached in reference_cache: an offline counter keeps the last list and calendar; a counter that
// never reached the hall uses the bundled ones.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db';
import type { HallClient } from '../../../domain/api/hallClient';
import { CodedError } from '../../../domain/api/errors';
import { calendarFromOverrides, type WorkingCalendar } from '../../../domain/calendar';
import { defaultReasonList, parseReasonList, type ReasonList } from '../../../domain/rating';
import { catalogueReferenceSchema } from '../../../domain/api/catalogueReference';
import { logger } from '../logger';

export interface ReferenceStatus {
  source: 'bundled' | 'cache' | 'server';
  catalogueVersion: number;
  reasonListVersion: string;
  overrides: number;
  fetchedAt: string | null;
}

const overridesSql = new WeakMap<Db, Statement>();

/** The counter's working calendar: the bundled data plus the hall's overrides as last cached. */
export function counterCalendar(db: Db): WorkingCalendar {
  let st = overridesSql.get(db);
  if (!st) overridesSql.set(db, (st = db.prepare('SELECT holiday_overrides FROM reference_cache WHERE id = 1')));
  const row = st.get() as { holiday_overrides: string } | undefined;
  return calendarFromOverrides(row?.holiday_overrides ?? null);
}

export class ReferenceService {
  private list: ReasonList = defaultReasonList;
  private state: ReferenceStatus = { source: 'bundled', catalogueVersion: 0, reasonListVersion: defaultReasonList.version, overrides: 0, fetchedAt: null };

  constructor(
    private readonly db: Db,
    private readonly hall: HallClient,
    /** The reason list or the calendar changed (the pad re-offers, case rows are re-projected). */
    private readonly onChange: (list: ReasonList, calendarChanged: boolean) => void,
  ) {
    const row = db.prepare('SELECT catalogue_version, reasons, holiday_overrides, fetched_at FROM reference_cache WHERE id = 1').get() as
      { catalogue_version: number; reasons: string; holiday_overrides: string; fetched_at: string } | undefined;
    if (!row) return;
    try {
      this.list = parseReasonList(JSON.parse(row.reasons));
      this.state = {
        source: 'cache',
        catalogueVersion: row.catalogue_version,
        reasonListVersion: this.list.version,
        overrides: (JSON.parse(row.holiday_overrides) as unknown[]).length,
        fetchedAt: row.fetched_at,
      };
    } catch (err) {
      logger.warn({ err }, 'cached reference data unreadable: bundled reason list');
    }
  }

  reasons(): ReasonList {
    return this.list;
  }

  status(): ReferenceStatus {
    return this.state;
  }

  private retry: NodeJS.Timeout | null = null;
  private heardVersion: number | null = null;
  private stopped = false;

  /** refresh(), retried (2 s, doubling, 5 times) while the hall does not answer: a slow hall must not leave the old list. */
  async update(attempt = 0): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const before = this.state.fetchedAt;
    await this.refresh();
    if (this.state.fetchedAt !== before || attempt >= 5 || !this.hall.token || this.stopped) return;
    this.retry = setTimeout(() => void this.update(attempt + 1), 2000 * 2 ** attempt);
    this.retry.unref();
  }

  /**
   * The version the hall's heartbeat says its reference data is at (the admin.catalogue signal can
   * be lost: coalesced, or polled while the socket is down). Fetched once per new value, so a list
   * this counter refuses is not fetched again on every beat.
   */
  heard(version: number): void {
    if (version === this.heardVersion) return;
    this.heardVersion = version;
    if (version !== this.state.catalogueVersion && this.hall.token) void this.update();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
  }

  /** Fetch from the hall; on failure keep what is cached (the counter works on). */
  async refresh(): Promise<ReferenceStatus> {
    let ref;
    try {
      ref = catalogueReferenceSchema.parse(await this.hall.callRaw('catalogue.reference'));
    } catch (err) {
      logger.warn({ code: err instanceof CodedError ? err.code : 'REFERENCE_FETCH_FAILED' }, 'reference data not refreshed: cache kept');
      return this.state;
    }
    let list: ReasonList;
    try {
      list = parseReasonList(ref.reasons);
    } catch (err) {
      logger.warn({ err }, 'reason list from the hall refused: previous list kept');
      return this.state;
    }
    const at = new Date().toISOString();
    const overrides = JSON.stringify(ref.holidayOverrides);
    const before = counterCalendar(this.db);
    this.db
      .prepare(
        `INSERT INTO reference_cache (id, catalogue_version, reasons, holiday_overrides, fetched_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET catalogue_version = excluded.catalogue_version, reasons = excluded.reasons,
           holiday_overrides = excluded.holiday_overrides, fetched_at = excluded.fetched_at`,
      )
      .run(ref.catalogueVersion, JSON.stringify(list), overrides, at);
    const listChanged = list.version !== this.list.version;
    this.list = list;
    this.state = {
      source: 'server',
      catalogueVersion: ref.catalogueVersion,
      reasonListVersion: list.version,
      overrides: ref.holidayOverrides.length,
      fetchedAt: at,
    };
    const calendarChanged = counterCalendar(this.db) !== before;
    if (listChanged || calendarChanged) this.onChange(list, calendarChanged);
    return this.state;
  }
}
