// Rating rules from 国办发〔2019〕51号: a 差评 needs at least one reason from the versioned list;
// on-site rating is 一次一评 (one rating per service); a follow-up rating (追评, ratingCount 2)
// is allowed once after the first.
import type { RatingSubmission } from '../api/hall';
import { isBadRating, polarityOf } from './levels';
import type { ReasonList } from './reasons';

export interface RatingProblem {
  code: string;
  message: string;
}

export type RatingCheck = { ok: true } | { ok: false; problems: RatingProblem[] };

type RatingInput = Pick<RatingSubmission, 'level' | 'reasonCodes' | 'reasonListVersion' | 'text' | 'dimensions'>;

/** Check a rating against the reason list it was offered from. */
export function validateRating(rating: RatingInput, list: ReasonList): RatingCheck {
  const problems: RatingProblem[] = [];
  const codes = rating.reasonCodes ?? [];
  if (rating.reasonListVersion !== undefined && rating.reasonListVersion !== list.version) {
    problems.push({ code: 'RATING_REASON_LIST_VERSION', message: `评价原因目录版本不一致（评价使用 ${rating.reasonListVersion}，校验使用 ${list.version}）` });
  }
  if (isBadRating(rating.level) && codes.length === 0) {
    problems.push({ code: 'RATING_REASON_REQUIRED', message: '差评须至少选择一项评价原因' });
  }
  if (new Set(codes).size !== codes.length) problems.push({ code: 'RATING_REASON_REPEATED', message: '评价原因重复' });
  const polarity = polarityOf(rating.level);
  for (const code of codes) {
    const reason = list.reasons.find((r) => r.code === code);
    if (!reason) {
      problems.push({ code: 'RATING_REASON_UNKNOWN', message: `评价原因代码 ${code} 不在 ${list.version} 版目录中` });
      continue;
    }
    if (reason.polarity === 'bad' && polarity !== 'bad') {
      problems.push({ code: 'RATING_REASON_MISMATCH', message: `“${reason.label}”只能用于差评` });
    }
    if (reason.polarity === 'good' && polarity !== 'good') {
      problems.push({ code: 'RATING_REASON_MISMATCH', message: `“${reason.label}”只能用于好评` });
    }
    if (reason.requiresText && !(rating.text && rating.text.trim().length > 0)) {
      problems.push({ code: 'RATING_REASON_TEXT_REQUIRED', message: `选择“${reason.label}”时须填写说明` });
    }
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

export interface RatedService {
  id: string;
  ticketId?: string | null;
  caseNo?: string | null;
  /** 1 first rating (default), 2 follow-up. */
  ratingCount?: 1 | 2;
}

/** The service a rating belongs to: the ticket (one visit) if known, else the case. */
export function serviceKeyOf(r: Pick<RatedService, 'ticketId' | 'caseNo'>): string | null {
  if (r.ticketId) return `ticket:${r.ticketId}`;
  if (r.caseNo) return `case:${r.caseNo}`;
  return null;
}

export type OneRatingCheck = { ok: true; idempotent: boolean; unchecked: boolean } | { ok: false; code: string; message: string; existingId: string };

/**
 * 一次一评: may `candidate` be stored next to `existing` ratings? The same id again is an
 * idempotent re-delivery (ok, store nothing new). A rating with neither ticket nor case cannot
 * be checked and is accepted with unchecked = true.
 */
export function checkOneRatingPerService(existing: readonly RatedService[], candidate: RatedService): OneRatingCheck {
  if (existing.some((r) => r.id === candidate.id)) return { ok: true, idempotent: true, unchecked: false };
  const key = serviceKeyOf(candidate);
  if (key === null) return { ok: true, idempotent: false, unchecked: true };
  const count = candidate.ratingCount ?? 1;
  const same = existing.filter((r) => serviceKeyOf(r) === key);
  const clash = same.find((r) => (r.ratingCount ?? 1) === count);
  if (clash) {
    return count === 1
      ? { ok: false, code: 'RATING_DUPLICATE', message: '该次服务已评价，一次服务只能评价一次', existingId: clash.id }
      : { ok: false, code: 'RATING_FOLLOW_UP_DUPLICATE', message: '该次服务已追评，不能重复追评', existingId: clash.id };
  }
  if (count === 2 && !same.some((r) => (r.ratingCount ?? 1) === 1)) {
    return { ok: false, code: 'RATING_FOLLOW_UP_WITHOUT_FIRST', message: '尚未首次评价，不能追评', existingId: '' };
  }
  return { ok: true, idempotent: false, unchecked: false };
}
