// The 差评 reason list in force at a hall: the city's (published with its catalogue, issue 14
// downlink) when it published one, else the bundled list. Hall and counters pass it on by value
// with its version; every rating records that version, and the hall checks a rating's reason
// codes against the list the version names (reasonCodesProblem below, docs/central.md).
import { z } from 'zod';
import { defaultReasonList, ratingReasonSchema, reasonListSchema, type RatingReasonEntry, type ReasonList } from './reasons';
import type { RatingProblem } from './validate';

/** 32-bit FNV-1a as 8 hex digits: a stable name for a list's content (no node:crypto in domain/). */
function contentHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The list a city's published reasons make: the city's reasons, plus the bundled 好评 reasons
 * when the city sent only 差评 ones (the catalogue carries the 差评 list). Its version is
 * `city-<hash of the reasons>`: a new catalogue version that leaves the reasons alone keeps the
 * version, so a rating made at an offline counter still names the list it was offered.
 * Null when the city published none (an empty list) or a list that breaks the rules (duplicate
 * codes, no active 差评 reason): the hall then keeps the bundled list.
 */
export function reasonListFromCity(cityReasons: readonly RatingReasonEntry[], base: ReasonList = defaultReasonList): ReasonList | null {
  if (cityReasons.length === 0) return null;
  const hasGood = cityReasons.some((r) => r.polarity === 'good');
  const codes = new Set(cityReasons.map((r) => r.code));
  const good = hasGood ? [] : base.reasons.filter((r) => r.polarity === 'good' && !codes.has(r.code));
  const reasons = [...cityReasons, ...good];
  // The city re-published the bundled list (the demo central does): it stays the bundled version.
  if (JSON.stringify(reasons) === JSON.stringify(base.reasons)) return base;
  const p = reasonListSchema.safeParse({
    version: `city-${contentHash(JSON.stringify(reasons))}`,
    issuer: '市政务服务管理局（随事项目录下发）',
    effectiveFrom: '',
    reasons,
  });
  return p.success ? p.data : null;
}

const cityReasonsSchema = z.array(ratingReasonSchema).max(200);
const memo = new Map<string, ReasonList>();

/** The list in force for the city's reasons as the hall stored them (JSON text; null when no city). */
export function reasonListInForce(stored: string | null): ReasonList {
  if (stored === null) return defaultReasonList;
  const hit = memo.get(stored);
  if (hit) return hit;
  let list = defaultReasonList;
  try {
    const p = cityReasonsSchema.safeParse(JSON.parse(stored));
    if (p.success) list = reasonListFromCity(p.data) ?? defaultReasonList;
  } catch {
    /* unreadable: the bundled list (downlink.ts stores only validated reasons) */
  }
  if (memo.size >= 8) memo.clear();
  memo.set(stored, list);
  return list;
}

/**
 * The hall's check of a rating's reason codes (pad/counter via POST /api/ratings or sync, phone):
 * `named` is the list the rating's reasonListVersion names, as the hall knows it (its current
 * list, the bundled one, or an earlier list it served), null when the hall never served that
 * version. A rating without reason codes passes; otherwise an unknown version is refused
 * (RATING_REASON_LIST_UNKNOWN) and so is a code that list does not hold (RATING_REASON_UNKNOWN).
 */
export function reasonCodesProblem(codes: readonly string[], named: ReasonList | null, version: string): RatingProblem | null {
  if (codes.length === 0) return null;
  if (!named) return { code: 'RATING_REASON_LIST_UNKNOWN', message: `评价原因目录版本 ${version} 不是本厅下发的版本` };
  const unknown = codes.filter((c) => !named.reasons.some((r) => r.code === c));
  if (unknown.length) return { code: 'RATING_REASON_UNKNOWN', message: `评价原因代码 ${unknown.join('、')} 不在 ${named.version} 版目录中` };
  return null;
}
