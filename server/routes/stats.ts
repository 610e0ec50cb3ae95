import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { computeStats, type StatEvent } from '../../domain/queue/stats';
import { dayStart, nextDay } from '../../domain/queue/numbering';
import { CodedError } from '../../domain/api/errors';
import { hallTime } from '../../domain/calendar';
import { syncServiceFor } from '../sync/service';

const statsRoutes: RouteModule = (app, ctx) => {
  const { engine, store, auth } = ctx;
  const serve = defineRoutes(app, auth);
  const cases = syncServiceFor(ctx, { warn: (o, m) => app.log.warn(o, m) });
  // 一件事: packages counted beside items (the package is on time only if every sub-case was).
  serve(R['stats.packages'], async (req) => {
    const { from, to } = req.query;
    const today = hallTime(new Date().toISOString(), engine.timeZone).date;
    if (from > today) throw new CodedError('STATS_RANGE_FUTURE', `统计开始日期（${from}）不能晚于今天（${today}）`, 400);
    return syncServiceFor(ctx).packageStats(from, to, engine.timeZone);
  });
  serve(R['stats.get'], async (req) => {
    const { from, to, groupBy } = req.query;
    const tz = engine.timeZone;
    const start = dayStart(from, tz);
    const end = dayStart(nextDay(to), tz);
    const rows = store.all(
      store.q
        .selectFrom('events')
        .select(['type', 'at', 'category', 'window_no', 'actor', 'data'])
        .where('at', '>=', start)
        .where('at', '<', end)
        .where('type', 'in', ['issue', 'call', 'finish', 'noShow'])
        .orderBy('seq'),
    );
    const events: StatEvent[] = rows.map((r) => ({
      type: r.type,
      at: r.at,
      category: r.category,
      windowNo: r.window_no,
      actor: r.actor,
      data: r.data ? JSON.parse(r.data) : null,
    }));
    const levels = Object.fromEntries([...engine.categories().values()].map((c) => [c.code, c.service_level_minutes]));
    // 免提交 (reform KPI): materials of the period's cases satisfied by e-licences.
    const materials = cases.materialStats(new Date(start).toISOString(), new Date(end).toISOString());
    return { from, to, groupBy, timeZone: tz, rows: computeStats(events, groupBy, { timeZone: tz, serviceLevelMinutes: levels }), materials };
  });
};
export default statsRoutes;
