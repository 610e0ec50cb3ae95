// The one place a rating enters the hall database (POST /api/ratings from a pad or counter
// device, and the counter's 'rating' records arriving by sync push). The rules:
//  - the device must serve the rated window (its token is bound to a window at enrollment);
//  - the rated clerk is the clerk the server knows served the ticket (tickets.clerk_work_no) or
//    the case (an actor of its events at that window); a different clerkWorkNo is REFUSED
//    (rating_clerk_mismatch), not overridden — a counter that names the wrong clerk has a bug
//    worth seeing as a dead letter, and a silent override would hide a forged value;
//  - a service the server does not know (an offline walk-in ticket, a case not yet synced) is
//    accepted only for a clerk who was at that window then (ClerkPresence);
//  - its reason codes must be in the 差评 reason list its reasonListVersion names (the city's
//    list in force, the bundled one, or an earlier list the city sent: server/ratings/reasonLists.ts);
//  - one rating per ticket and per case, by unique indexes: the same id again is answered as a
//    duplicate, another rating for the same service is refused (409).
// A stored rating goes to the city's outbox here, in the caller's transaction, with the clerk the
// hall decided — once, whichever path (pad, counter sync, phone) brought it.
import type { HallStore } from '../db/connection';
import type { RatingSubmission } from '../../domain/api/hall';
import { ClerkPresence } from './presence';
import { TE } from './errors';
import { CLOCK_SKEW_LIMIT_MS } from '../../domain/sync/wire';
import { outboxOf } from '../uplink/outbox';
import { checkRatingReasons } from '../ratings/reasonLists';

export interface RatingVerdict {
  duplicate: boolean;
  clerkWorkNo: string;
}

export class RatingAcceptance {
  private sqlCache: ReturnType<RatingAcceptance['prepare']> | null = null;
  constructor(private readonly store: HallStore) {}

  // Prepared on first use: the sync tables it reads are created when the sync routes register.
  private get sql() {
    return (this.sqlCache ??= this.prepare());
  }

  private prepare() {
    const raw = this.store.raw;
    const syncReady = !!raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_cases'").get();
    return {
      byId: raw.prepare('SELECT id, ticket_id, case_no, level FROM ratings WHERE id = ?'),
      ticket: raw.prepare('SELECT window_no, clerk_work_no FROM tickets WHERE id = ?'),
      caseByNo: syncReady ? raw.prepare('SELECT case_id FROM sync_cases WHERE case_no = ? LIMIT 1') : null,
      caseActors: !syncReady
        ? null
        : raw.prepare(
            `SELECT DISTINCT json_extract(actor, '$.workNo') AS w FROM sync_events WHERE stream = 'case' AND stream_id = ? AND json_extract(actor, '$.windowNo') = ?`,
          ),
      insert: raw.prepare(`INSERT INTO ratings (id, window_no, clerk_work_no, ticket_id, level, body, rated_at, received_at, case_no, ticket_key, case_key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
  }

  /**
   * Check and store (call inside the caller's transaction). `deviceWindow`: the window the
   * device token is bound to. Throws a CodedError when refused.
   */
  accept(r: RatingSubmission, deviceWindow: number | null, receivedAt: number, presence = new ClerkPresence(this.store), clockSkewMs = 0): RatingVerdict {
    if (deviceWindow == null || r.windowNo !== deviceWindow) throw TE.ratingWrongWindow(r.windowNo);
    // On the server's clock (a counter's skew, measured on its push, corrected): not from the future.
    const ratedAt = Date.parse(r.ratedAt) - clockSkewMs;
    if (!Number.isFinite(ratedAt) || ratedAt > receivedAt + CLOCK_SKEW_LIMIT_MS) throw TE.ratingBadTime();
    const prior = this.sql.byId.get(r.id) as { ticket_id: string | null; case_no: string | null; level: string } | undefined;
    if (prior) {
      if (prior.ticket_id !== (r.ticketId ?? null) || prior.case_no !== (r.caseNo ?? null) || prior.level !== r.level) throw TE.ratingIdReused();
      return { duplicate: true, clerkWorkNo: r.clerkWorkNo };
    }
    checkRatingReasons(this.store, r);
    const clerk = this.servingClerk(r, presence, ratedAt);
    if (clerk !== r.clerkWorkNo) throw TE.ratingClerkMismatch(r.clerkWorkNo);
    this.record(r, clerk, receivedAt);
    return { duplicate: false, clerkWorkNo: clerk };
  }

  /**
   * Store a rating whose clerk the hall has already decided (accept() above, or the phone's path,
   * which rates the service the phone's token points at) and queue it for the city. A second
   * rating for the same service is refused by the unique indexes (409).
   */
  record(r: RatingSubmission, clerk: string, receivedAt: number): void {
    try {
      this.sql.insert.run(
        r.id,
        r.windowNo,
        clerk,
        r.ticketId ?? null,
        r.level,
        JSON.stringify({ ...r, clerkWorkNo: clerk }),
        r.ratedAt,
        receivedAt,
        r.caseNo ?? null,
        r.ticketId ?? null,
        r.caseNo ?? null,
      );
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw TE.ratingAlreadyGiven();
      throw err;
    }
    outboxOf(this.store).rating({ ...r, clerkWorkNo: clerk }, receivedAt);
  }

  /** The clerk the server knows served this rating's ticket or case; throws when none can be established. */
  private servingClerk(r: RatingSubmission, presence: ClerkPresence, ratedAt: number): string {
    if (r.ticketId) {
      const t = this.sql.ticket.get(r.ticketId) as { window_no: number | null; clerk_work_no: string | null } | undefined;
      if (t && t.clerk_work_no) {
        if (t.window_no !== r.windowNo) throw TE.ratingWrongWindow(r.windowNo);
        return t.clerk_work_no;
      }
    }
    const { caseByNo, caseActors } = this.sql;
    if (r.caseNo && caseByNo && caseActors) {
      const c = caseByNo.get(r.caseNo) as { case_id: string } | undefined;
      if (c) {
        const actors = (caseActors.all(c.case_id, r.windowNo) as { w: string | null }[]).map((a) => a.w);
        if (!actors.length) throw TE.ratingWrongWindow(r.windowNo);
        // Any clerk who recorded a step of this case at this window served it (AB角 included).
        return actors.includes(r.clerkWorkNo) ? r.clerkWorkNo : actors[0]!;
      }
    }
    // A service the server has not seen (yet): the named clerk must have been at the window.
    const v = presence.check(r.clerkWorkNo, r.windowNo, ratedAt);
    if (!v.ok) throw v.reason === 'unknownStaff' ? TE.ratingUnknownClerk(r.clerkWorkNo) : TE.ratingClerkNotAtWindow(r.clerkWorkNo, r.windowNo);
    return r.clerkWorkNo;
  }
}
