// POST /api/ratings: a rating from the pad, the counter or staff (idempotent by id).
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { RatingStore } from '../ratings/store';

const ratingRoutes: RouteModule = (app, { engine, store, auth }) => {
  const serve = defineRoutes(app, auth);
  const ratings = new RatingStore(store);
  serve(R['ratings.submit'], async (req) => {
    const r = req.body;
    return engine.mutate(() => {
      engine.window(r.windowNo);
      return ratings.record(r, req.actor.subject);
    });
  });
};
export default ratingRoutes;
