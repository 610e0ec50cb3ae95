// Case search at the counter, built to stay fast on years of cases (1,000,000 rows, see
// bench/counter-search.ts). Each query shape goes to one index of the `cases` table:
//   21-digit number or its prefix  → UNIQUE(case_no) range scan
//   查询码 (8 digits on the receipt) → cases_query_code (expression index on the last 8)
//   full ID number (18 chars)      → cases_id_hash (HMAC of the number, never stored in clear)
//   masked ID 110105********002X   → cases_id_masked (what receipts and lists show)
//   last four of the ID (002X)     → cases_id_tail
//   a name (Chinese characters)    → cases_name_hash (exact name, HMAC)
//   a date / date range            → cases_received
// Results are newest first, limited; list entries carry masked data only.
import type { Db } from '../db';
import { chinaDateOf } from '../../../domain/calendar';
import { normalizeIdNumber } from '../../../domain/idNumber';
import { QUERY_CODE_LENGTH } from '../../../domain/cases/caseNumber';
import type { SearchResult } from '../../../domain/contract/core';
import { CodedError } from '../../../domain/api/errors';
import { counterCalendar } from '../catalogue/referenceService';
import { keyedHash, searchKey, toListEntry, LIST_COLUMNS, type CaseTableRow } from '../cases/caseStore';

export interface SearchQuery {
  query?: string;
  dateFrom?: string;
  dateTo?: string;
  limit: number;
}

export class CaseSearch {
  private readonly key: Buffer;
  constructor(
    private readonly db: Db,
    private readonly dueSoonDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = searchKey(db);
  }

  /** Which index a query uses (exposed for tests and the benchmark). */
  plan(q: SearchQuery): { by: string; sql: string; params: unknown[] } {
    const raw = (q.query ?? '').trim();
    const s = raw.replace(/\s+/g, '').toUpperCase();
    const range = q.dateFrom || q.dateTo ? { from: q.dateFrom ?? '0000-01-01', to: q.dateTo ?? '9999-12-31' } : null;
    const dateCond = range ? ' AND received_on BETWEEN ? AND ?' : '';
    const dateParams = range ? [range.from, range.to] : [];
    const sel = `SELECT ${LIST_COLUMNS} FROM cases`;
    if (!s) {
      if (!range) throw new CodedError('SEARCH_EMPTY', '请输入办件编号、证件号码、姓名或选择日期', 400);
      return {
        by: 'date',
        sql: `${sel} WHERE received_on BETWEEN ? AND ? ORDER BY received_on DESC, received_at DESC LIMIT ?`,
        params: [range.from, range.to, q.limit],
      };
    }
    if (/^\d{19,21}$/.test(s)) {
      return {
        by: 'caseNo',
        sql: `${sel} WHERE case_no >= ? AND case_no < ?${dateCond} ORDER BY case_no DESC LIMIT ?`,
        params: [s, s + ':', ...dateParams, q.limit],
      };
    }
    if (/^\d{17}[\dX]$/.test(s)) {
      return {
        by: 'idNumber',
        sql: `${sel} WHERE id_hash = ?${dateCond} ORDER BY received_at DESC LIMIT ?`,
        params: [keyedHash(this.key, 'id', normalizeIdNumber(s)), ...dateParams, q.limit],
      };
    }
    if (/^\d{6}\*+[\dX]{4}$/.test(s)) {
      return { by: 'idMasked', sql: `${sel} WHERE id_masked = ?${dateCond} ORDER BY received_at DESC LIMIT ?`, params: [s, ...dateParams, q.limit] };
    }
    if (/^\d{3}[\dX]$/.test(s)) {
      return { by: 'idTail', sql: `${sel} WHERE id_tail = ?${dateCond} ORDER BY received_at DESC LIMIT ?`, params: [s, ...dateParams, q.limit] };
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
      return { by: 'date', sql: `${sel} WHERE received_on = ? ORDER BY received_at DESC LIMIT ?`, params: [raw, q.limit] };
    }
    if (s.length === QUERY_CODE_LENGTH && /^\d+$/.test(s)) {
      // The receipt's 查询码 (exactly 8 digits; a case-number prefix needs more: hall code + date).
      return { by: 'queryCode', sql: `${sel} WHERE substr(case_no, -8) = ?${dateCond} ORDER BY received_at DESC LIMIT ?`, params: [s, ...dateParams, q.limit] };
    }
    if (/^\d{9,18}$/.test(s)) {
      // A longer number prefix: a case number typed in part (hall code + date …).
      return {
        by: 'caseNo',
        sql: `${sel} WHERE case_no >= ? AND case_no < ?${dateCond} ORDER BY case_no DESC LIMIT ?`,
        params: [s, s + ':', ...dateParams, q.limit],
      };
    }
    if (/\p{Script=Han}/u.test(raw) || /^[A-Za-z·. ]{2,}$/.test(raw)) {
      return {
        by: 'name',
        sql: `${sel} WHERE name_hash = ?${dateCond} ORDER BY received_at DESC LIMIT ?`,
        params: [keyedHash(this.key, 'name', raw), ...dateParams, q.limit],
      };
    }
    throw new CodedError(
      'SEARCH_UNRECOGNISED',
      '无法识别的查询：请输入21位办件编号、回执上的8位查询码、18位证件号码、脱敏证件号（如 110105********002X）、证件号后四位、完整姓名或日期',
      400,
    );
  }

  search(q: SearchQuery): SearchResult {
    const t0 = performance.now();
    const p = this.plan(q);
    const rows = this.db.prepare(p.sql).all(...p.params) as CaseTableRow[];
    const today = chinaDateOf(this.now());
    const calendar = counterCalendar(this.db);
    const items = rows.map((r) => toListEntry(r, today, this.dueSoonDays, calendar));
    return { items, total: null, tookMs: Math.round((performance.now() - t0) * 100) / 100, by: p.by };
  }
}
