// GET /api/ratings: the manager's list of ratings (for 差评 follow-up and the dashboard). The
// rater is never identified; a clerk sees only his own (his day's distribution), never others'.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { ratingLevelSchema } from '../../domain/api/hall';
import { dayStart, nextDay } from '../../domain/queue/numbering';



const DAY = /^\d{4}-\d{2}-\d{2}$/;

const ratingsQueryRoutes: RouteModule = (app, { store, auth, engine }) => {
  const serve = defineRoutes(app, auth);
  // rated_at is a UTC instant: a hall day must become instants in the hall's time zone.
  const instant = (v: string, end: boolean) => (DAY.test(v) ? new Date(dayStart(end ? nextDay(v) : v, engine.timeZone)).toISOString() : v);
  serve(R['ratings.list'], async (req) => {
    const q = req.query;
    let sel = store.q.selectFrom('ratings').selectAll().orderBy('rated_at', 'desc').limit(q.limit);
    if (q.windowNo !== undefined) sel = sel.where('window_no', '=', q.windowNo);
    if (q.level) sel = sel.where('level', '=', q.level);
    if (q.from) sel = sel.where('rated_at', '>=', instant(q.from, false));
    if (q.to) sel = sel.where('rated_at', '<', instant(q.to, true));
    if (req.actor.role === 'clerk') sel = sel.where('clerk_work_no', '=', req.actor.subject);
    const rows = store.all(sel);
    return {
      items: rows.map((r) => {
        const body = JSON.parse(r.body) as { reasonCodes?: string[]; caseNo?: string | null; channel?: string };
        return { id: r.id, windowNo: r.window_no, clerkWorkNo: r.clerk_work_no, ticketId: r.ticket_id, level: r.level as z.infer<typeof ratingLevelSchema>, reasonCodes: body.reasonCodes ?? [], ratedAt: r.rated_at, caseNo: body.caseNo ?? null, channel: body.channel ?? 'hallTablet' };
      }),
    };
  });
};
export default ratingsQueryRoutes;
