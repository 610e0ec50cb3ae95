// GET /api/ratings: the manager's list of ratings (for 差评 follow-up and the dashboard). The
// rater is never identified; a clerk sees only his own (his day's distribution), never others'.
import { z } from 'zod';
import { civilDateOrInstantSchema } from '../../domain/calendar/schemas';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { apiErrorSchema } from '../../domain/api/errors';
import { ratingLevelSchema } from '../../domain/api/hall';
import { dayStart, nextDay } from '../../domain/queue/numbering';

const querySchema = z.object({
  windowNo: z.coerce.number().int().optional(),
  level: ratingLevelSchema.optional(),
  /** A hall day (YYYY-MM-DD, from its first instant) or an ISO instant. */
  from: civilDateOrInstantSchema.optional(),
  /** A hall day (inclusive: up to the end of that day) or an ISO instant (exclusive). */
  to: civilDateOrInstantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const itemSchema = z.object({
  id: z.string(), windowNo: z.number().int(), clerkWorkNo: z.string(), ticketId: z.string().nullable(), level: ratingLevelSchema,
  reasonCodes: z.array(z.string()), ratedAt: z.string(), caseNo: z.string().nullish(), channel: z.string(),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const ratingsQueryRoutes: RouteModule = (app, { store, auth, engine, problems }) => {
  // rated_at is a UTC instant: a hall day must become instants in the hall's time zone.
  const instant = (v: string, end: boolean) => (DAY.test(v) ? new Date(dayStart(end ? nextDay(v) : v, engine.timeZone)).toISOString() : v);
  app.get('/api/ratings', {
    schema: { tags: ['ratings'], summary: '评价列表（管理员；窗口人员仅本人）', querystring: querySchema, response: { 200: z.object({ items: z.array(itemSchema) }), 401: apiErrorSchema, 403: apiErrorSchema } },
    preHandler: guard(auth, ['manager', 'clerk']),
  }, async (req) => {
    const q = req.query as z.infer<typeof querySchema>;
    let sel = store.q.selectFrom('ratings').selectAll().orderBy('rated_at', 'desc').limit(q.limit);
    if (q.windowNo !== undefined) sel = sel.where('window_no', '=', q.windowNo);
    if (q.level) sel = sel.where('level', '=', q.level);
    if (q.from) sel = sel.where('rated_at', '>=', instant(q.from, false));
    if (q.to) sel = sel.where('rated_at', '<', instant(q.to, true));
    if (req.actor!.role === 'clerk') sel = sel.where('clerk_work_no', '=', req.actor!.subject);
    const rows = store.all(sel);
    return {
      items: rows.map((r) => {
        let body: { reasonCodes?: string[]; caseNo?: string | null; channel?: string } = {};
        try {
          body = JSON.parse(r.body) as typeof body;
        } catch (e) {
          problems.report('STORED_RATING_UNREADABLE', 'ratings.list', e, r.id);
        }
        return { id: r.id, windowNo: r.window_no, clerkWorkNo: r.clerk_work_no, ticketId: r.ticket_id, level: r.level as z.infer<typeof ratingLevelSchema>, reasonCodes: body.reasonCodes ?? [], ratedAt: r.rated_at, caseNo: body.caseNo ?? null, channel: body.channel ?? 'hallTablet' };
      }),
    };
  });
};
export default ratingsQueryRoutes;
