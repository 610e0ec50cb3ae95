// GET /api/ratings: the manager's list of ratings (for 差评 follow-up and the dashboard). The
// rater is never identified; a clerk sees only his own (his day's distribution), never others'.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { dayStart, nextDay } from '../../domain/queue/numbering';
import { RatingStore } from '../ratings/store';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const ratingsQueryRoutes: RouteModule = (app, { store, auth, engine, problems }) => {
  const serve = defineRoutes(app, auth);
  const ratings = new RatingStore(store, problems);
  // rated_at is a UTC instant: a hall day must become instants in the hall's time zone.
  const instant = (v: string, end: boolean) => (DAY.test(v) ? new Date(dayStart(end ? nextDay(v) : v, engine.timeZone)).toISOString() : v);
  serve(R['ratings.list'], async (req) => {
    const q = req.query;
    const items = ratings.list({
      windowNo: q.windowNo,
      level: q.level,
      limit: q.limit,
      fromInstant: q.from ? instant(q.from, false) : undefined,
      toInstant: q.to ? instant(q.to, true) : undefined,
      clerkWorkNo: req.actor.role === 'clerk' ? req.actor.subject : undefined,
    });
    return { items };
  });
};
export default ratingsQueryRoutes;
