// Ratings at the hall: the manager's list (submissions are checked and stored by
// server/trust/ratingAcceptance.ts). The rater is never identified; a clerk's list holds only his own ratings.
import type { HallStore } from '../db/connection';
import type { ProblemLog } from '../health/problems';
import type { RatingLevel } from '../../domain/api/hall';
import type { RatingListItem } from '../../domain/api/ratings';

export interface RatingFilter {
  windowNo?: number;
  level?: RatingLevel;
  fromInstant?: string;
  toInstant?: string;
  clerkWorkNo?: string;
  limit: number;
}

export class RatingStore {
  constructor(
    private readonly store: HallStore,
    private readonly problems?: ProblemLog,
  ) {}

  list(f: RatingFilter): RatingListItem[] {
    let sel = this.store.q.selectFrom('ratings').selectAll().orderBy('rated_at', 'desc').limit(f.limit);
    if (f.windowNo !== undefined) sel = sel.where('window_no', '=', f.windowNo);
    if (f.level) sel = sel.where('level', '=', f.level);
    if (f.fromInstant) sel = sel.where('rated_at', '>=', f.fromInstant);
    if (f.toInstant) sel = sel.where('rated_at', '<', f.toInstant);
    if (f.clerkWorkNo) sel = sel.where('clerk_work_no', '=', f.clerkWorkNo);
    return this.store.all(sel).map((r) => {
      let body: { reasonCodes?: string[]; caseNo?: string | null; channel?: string } = {};
      try {
        body = JSON.parse(r.body) as typeof body;
      } catch (e) {
        this.problems?.report('STORED_RATING_UNREADABLE', 'ratings.list', e, r.id);
      }
      return {
        id: r.id,
        windowNo: r.window_no,
        clerkWorkNo: r.clerk_work_no,
        ticketId: r.ticket_id,
        level: r.level as RatingLevel,
        reasonCodes: body.reasonCodes ?? [],
        ratedAt: r.rated_at,
        caseNo: body.caseNo ?? null,
        channel: body.channel ?? 'hallTablet',
      };
    });
  }
}
