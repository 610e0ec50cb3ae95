import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { ratingAcceptedSchema, ratingSubmissionSchema } from '../../domain/api/hall';
import { apiErrorSchema } from '../../domain/api/errors';
import { outboxOf } from '../uplink/outbox';

const ratingRoutes: RouteModule = (app, { engine, store, auth }) => {
  app.post('/api/ratings', {
    schema: { tags: ['ratings'], summary: '好差评上报（按 id 幂等）', body: ratingSubmissionSchema, response: { 200: ratingAcceptedSchema, 400: apiErrorSchema, 404: apiErrorSchema } },
    preHandler: guard(auth, ['pad', 'counter', 'clerk', 'manager']),
  }, async (req) => {
    const r = req.body as z.infer<typeof ratingSubmissionSchema>;
    return engine.mutate(() => {
      engine.window(r.windowNo);
      const q = store.q;
      if (store.get(q.selectFrom('ratings').select('id').where('id', '=', r.id))) return { id: r.id, accepted: true as const, duplicate: true };
      store.run(q.insertInto('ratings').values({
        id: r.id, window_no: r.windowNo, clerk_work_no: r.clerkWorkNo, ticket_id: r.ticketId ?? null, level: r.level, body: JSON.stringify(r), rated_at: r.ratedAt, received_at: Date.now(),
      }));
      outboxOf(store).rating(r, Date.now());
      store.run(q.insertInto('events').values({ at: Date.now(), type: 'rating', ticket_id: r.ticketId ?? null, window_no: r.windowNo, category: null, actor: req.actor!.subject, data: JSON.stringify({ level: r.level, clerk: r.clerkWorkNo }) }));
      return { id: r.id, accepted: true as const, duplicate: false };
    });
  });
};
export default ratingRoutes;
