// The 差评 reason lists at the hall: the one in force (the city's, from the catalogue downlink,
// else the bundled one) is what counters' pads and the phone rating page offer; every list the
// city sent is kept by version (rating_reason_lists) so a rating made offline with an earlier
// list is checked against that list. The check itself is domain/rating reasonCodesProblem.
import { CodedError } from '../../domain/api/errors';
import { defaultReasonList, padReasons, parseReasonList, reasonCodesProblem, reasonListInForce, type ReasonList } from '../../domain/rating';
import type { HallStore } from '../db/connection';
import { outboxOf } from '../uplink/outbox';

export function hallReasonList(store: HallStore): ReasonList {
  return reasonListInForce(outboxOf(store).state('city_bad_reasons'));
}

/** Keep the list now in force under its version (call in the downlink's transaction). */
export function rememberReasonList(store: HallStore, at = Date.now()): void {
  const list = hallReasonList(store);
  if (list.version === defaultReasonList.version) return;
  store.run(
    store.q
      .insertInto('rating_reason_lists')
      .values({ version: list.version, body: JSON.stringify(list), received_at: at })
      .onConflict((oc) => oc.column('version').doNothing()),
  );
}

/** The list a rating's reasonListVersion names, as this hall knows it; null for a version it never served. */
export function reasonListNamed(store: HallStore, version: string): ReasonList | null {
  const current = hallReasonList(store);
  if (version === current.version) return current;
  if (version === defaultReasonList.version) return defaultReasonList;
  const row = store.get(store.q.selectFrom('rating_reason_lists').select('body').where('version', '=', version));
  if (!row) return null;
  try {
    return parseReasonList(JSON.parse(row.body));
  } catch {
    return null;
  }
}

/**
 * Refuse (400, with the domain's code) a rating whose reason codes its named list does not hold.
 * A rating that names no version (an older client) is checked against the list in force, and
 * passes too when the bundled list holds its codes.
 */
export function checkRatingReasons(store: HallStore, r: { reasonCodes?: readonly string[]; reasonListVersion?: string | undefined }): void {
  const codes = r.reasonCodes ?? [];
  const current = hallReasonList(store);
  const version = r.reasonListVersion ?? current.version;
  let p = reasonCodesProblem(codes, reasonListNamed(store, version), version);
  if (p && r.reasonListVersion === undefined && !reasonCodesProblem(codes, defaultReasonList, defaultReasonList.version)) p = null;
  if (p) throw new CodedError(p.code, p.message, 400);
}

const offers = new WeakMap<ReasonList, ReturnType<typeof padReasons>>();

/** What a pad or the phone rating page offers now (active reasons by polarity, with the version). */
export function hallPadReasons(store: HallStore): ReturnType<typeof padReasons> {
  const list = hallReasonList(store);
  let o = offers.get(list);
  if (!o) offers.set(list, (o = padReasons(list)));
  return o;
}
