import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { statsQuerySchema, statsResponseSchema } from '../../domain/api/hall';
import { computeStats, type StatEvent } from '../../domain/queue/stats';
import { dayStart, nextDay } from '../../domain/queue/numbering';
import { apiErrorSchema } from '../../domain/api/errors';

const statsRoutes: RouteModule = (app, { engine, store, auth }) => {
  app.get('/api/stats', {
    schema: {
      tags: ['manager'], summary: '统计：取号、叫号、办结、过号率，等候/走动/办理时长（均值、P90），超服务水平占比。from/to 为大厅所在时区的日期（含）',
      querystring: statsQuerySchema, response: { 200: statsResponseSchema, 400: apiErrorSchema },
    },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const { from, to, groupBy } = req.query as z.infer<typeof statsQuerySchema>;
    const tz = engine.timeZone;
    const start = dayStart(from, tz);
    const end = dayStart(nextDay(to), tz);
    const rows = store.all(
      store.q.selectFrom('events').select(['type', 'at', 'category', 'window_no', 'actor', 'data'])
        .where('at', '>=', start).where('at', '<', end).where('type', 'in', ['issue', 'call', 'finish', 'noShow']).orderBy('seq'),
    );
    const events: StatEvent[] = rows.map((r) => ({ type: r.type, at: r.at, category: r.category, windowNo: r.window_no, actor: r.actor, data: r.data ? JSON.parse(r.data) : null }));
    const levels = Object.fromEntries([...engine.categories().values()].map((c) => [c.code, c.service_level_minutes]));
    return { from, to, groupBy, timeZone: tz, rows: computeStats(events, groupBy, { timeZone: tz, serviceLevelMinutes: levels }) };
  });
};
export default statsRoutes;
