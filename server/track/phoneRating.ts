// A rating from the citizen's phone (channel qrCode). The same rules as the pad's: a 差评 needs a
// reason from the versioned list in force at the hall (the city's or the bundled one, checked by
// domain/rating validateRating against the list the rating names), one rating per service
// (checkOneRatingPerService over every rating the hall holds for that ticket or case, whatever
// channel gave it), a retry with the same id answered as a duplicate. Who is rated comes from
// the hall's records (the ticket's window and clerk, or the case's receiving clerk), never from
// the phone. Stored by RatingAcceptance.record (ratings row + city outbox) with a 'rating' event,
// in one transaction.
import type { HallContext } from '../context';
import { CodedError } from '../../domain/api/errors';
import type { RatingSubmission } from '../../domain/api/hall';
import type { PhoneRating } from '../../domain/api/track';
import { checkOneRatingPerService, validateRating, type RatedService } from '../../domain/rating';
import { hallReasonList, reasonListNamed } from '../ratings/reasonLists';
import type { RatedTarget } from './service';
import { RatingAcceptance } from '../trust/ratingAcceptance';

/** A phone's clock may run a little fast; beyond this a rating "from the future" is refused. */
export const FUTURE_SKEW_MS = 5 * 60_000;

export function ratePhone(ctx: HallContext, target: RatedTarget, r: PhoneRating, now = Date.now()): { id: string; accepted: true; duplicate: boolean } {
  if (Date.parse(r.ratedAt) > now + FUTURE_SKEW_MS) throw new CodedError('rated_in_future', '评价时间晚于当前时间，请检查手机时间', 400);
  const version = r.reasonListVersion ?? hallReasonList(ctx.store).version;
  const list = reasonListNamed(ctx.store, version);
  if (!list) throw new CodedError('RATING_REASON_LIST_UNKNOWN', `评价原因目录版本 ${version} 不是本厅下发的版本，请刷新页面后重新评价`, 400);
  const check = validateRating({ level: r.level, reasonCodes: r.reasonCodes, reasonListVersion: version, text: r.text }, list);
  if (!check.ok) throw new CodedError(check.problems[0]!.code, check.problems.map((p) => p.message).join('；'), 400, { problems: check.problems });
  const { engine, store } = ctx;
  return engine.mutate(() => {
    const existing = serviceRatings(ctx, target, r.id);
    const one = checkOneRatingPerService(existing, { id: r.id, ticketId: target.ticketId, caseNo: target.caseNo, ratingCount: 1 });
    if (!one.ok) throw new CodedError(one.code, one.message, 409);
    if (one.idempotent) return { id: r.id, accepted: true as const, duplicate: true };
    const body: RatingSubmission = {
      id: r.id,
      windowNo: target.windowNo,
      clerkWorkNo: target.clerkWorkNo,
      ticketId: target.ticketId,
      caseNo: target.caseNo,
      level: r.level,
      reasonCodes: r.reasonCodes,
      reasonListVersion: version,
      text: r.text,
      channel: 'qrCode',
      ratedAt: r.ratedAt,
    };
    // Stored (and queued for the city) by the same code as the pad's and the counter's ratings.
    new RatingAcceptance(store).record(body, target.clerkWorkNo, now);
    store.run(
      store.q.insertInto('events').values({
        at: now,
        type: 'rating',
        ticket_id: target.ticketId,
        window_no: target.windowNo,
        category: null,
        actor: 'phone',
        data: JSON.stringify({ level: r.level, clerk: target.clerkWorkNo, channel: 'qrCode' }),
      }),
    );
    return { id: r.id, accepted: true as const, duplicate: false };
  });
}

/** Every rating of this service the hall holds (any channel), plus one with this id wherever it points. */
function serviceRatings(ctx: HallContext, t: RatedTarget, id: string): RatedService[] {
  const rows = ctx.store.raw
    .prepare(
      `SELECT id, ticket_id AS ticketId, json_extract(body, '$.caseNo') AS caseNo, COALESCE(json_extract(body, '$.ratingCount'), 1) AS ratingCount
              FROM ratings WHERE id = ? OR (ticket_id IS NOT NULL AND ticket_id = ?) OR (? IS NOT NULL AND json_extract(body, '$.caseNo') = ?)`,
    )
    .all(id, t.ticketId, t.caseNo, t.caseNo) as { id: string; ticketId: string | null; caseNo: string | null; ratingCount: number }[];
  // A rating of the same visit under the case number alone still counts for the ticket (and back).
  return rows.map((x) => ({ id: x.id, ticketId: t.ticketId ?? x.ticketId, caseNo: x.caseNo, ratingCount: x.ratingCount === 2 ? 2 : 1 }));
}
