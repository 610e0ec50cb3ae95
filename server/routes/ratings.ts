// POST /api/ratings: a rating from the window's own device (a pad or counter device bound to
// that window at enrollment). Staff tokens are refused (403): the people rated never write
// ratings. The checks (window, serving clerk, one per service) live in RatingAcceptance.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { RatingAcceptance } from '../trust/ratingAcceptance';

const ratingRoutes: RouteModule = (app, { engine, store, auth }) => {
  const serve = defineRoutes(app, auth);
  const acceptance = new RatingAcceptance(store);
  serve(R['ratings.submit'], async (req) => {
    const r = req.body;
    const actor = req.actor;
    return engine.mutate(() => {
      engine.window(r.windowNo);
      const v = acceptance.accept(r, actor.kind === 'device' ? actor.windowNo : null, Date.now());
      if (v.duplicate) return { id: r.id, accepted: true as const, duplicate: true };
      store.run(
        store.q.insertInto('events').values({
          at: Date.now(),
          type: 'rating',
          ticket_id: r.ticketId ?? null,
          window_no: r.windowNo,
          category: null,
          actor: actor.subject,
          data: JSON.stringify({ level: r.level, clerk: v.clerkWorkNo }),
        }),
      );
      return { id: r.id, accepted: true as const, duplicate: false };
    });
  });
};
export default ratingRoutes;
