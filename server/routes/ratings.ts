// POST /api/ratings: a rating from the window's own device (a pad or counter device bound to
// that window at enrollment). Staff tokens are refused (403): the people rated never write
// ratings. The checks (window, serving clerk, one per service) live in RatingAcceptance.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { ratingAcceptedSchema, ratingSubmissionSchema } from '../../domain/api/hall';
import { apiErrorSchema } from '../../domain/api/errors';
import { RatingAcceptance } from '../trust/ratingAcceptance';

const ratingRoutes: RouteModule = (app, { engine, store, auth }) => {
  const acceptance = new RatingAcceptance(store);
  app.post('/api/ratings', {
    schema: {
      tags: ['ratings'], summary: '好差评上报（仅本窗口的评价器/柜台设备；被评人以服务器记录为准；每次服务一条，按 id 幂等）', body: ratingSubmissionSchema,
      response: { 200: ratingAcceptedSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema, 422: apiErrorSchema },
    },
    preHandler: guard(auth, ['pad', 'counter']),
  }, async (req) => {
    const r = req.body as z.infer<typeof ratingSubmissionSchema>;
    const actor = req.actor!;
    return engine.mutate(() => {
      engine.window(r.windowNo);
      const v = acceptance.accept(r, actor.kind === 'device' ? actor.windowNo : null, Date.now());
      if (v.duplicate) return { id: r.id, accepted: true as const, duplicate: true };
      store.run(store.q.insertInto('events').values({ at: Date.now(), type: 'rating', ticket_id: r.ticketId ?? null, window_no: r.windowNo, category: null, actor: actor.subject, data: JSON.stringify({ level: r.level, clerk: v.clerkWorkNo }) }));
      return { id: r.id, accepted: true as const, duplicate: false };
    });
  });
};
export default ratingRoutes;
