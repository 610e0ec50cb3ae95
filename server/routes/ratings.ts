import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';

const ratingRoutes: RouteModule = (app, { engine, store, auth }) => {
  const serve = defineRoutes(app, auth);
  serve(R['ratings.submit'], async (req) => {
    const r = req.body;
    return engine.mutate(() => {
      engine.window(r.windowNo);
      const q = store.q;
      if (store.get(q.selectFrom('ratings').select('id').where('id', '=', r.id))) return { id: r.id, accepted: true as const, duplicate: true };
      store.run(q.insertInto('ratings').values({
        id: r.id, window_no: r.windowNo, clerk_work_no: r.clerkWorkNo, ticket_id: r.ticketId ?? null, level: r.level, body: JSON.stringify(r), rated_at: r.ratedAt, received_at: Date.now(),
      }));
      store.run(q.insertInto('events').values({ at: Date.now(), type: 'rating', ticket_id: r.ticketId ?? null, window_no: r.windowNo, category: null, actor: req.actor.subject, data: JSON.stringify({ level: r.level, clerk: r.clerkWorkNo }) }));
      return { id: r.id, accepted: true as const, duplicate: false };
    });
  });
};
export default ratingRoutes;
