import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { E } from '../errors';
import { orderingRulesSchema } from '../../domain/queue/rules';

const queueRoutes: RouteModule = (app, { engine, auth, hub }) => {
  const serve = defineRoutes(app, auth);
  serve(R['queue.snapshot'], async (req, reply) => {
    // Cached and serialised once per version. Devices (displays, kiosks) get one at least as new as
    // the last signal sent: however many re-fetch on a signal, it is built at most once per signal.
    // Staff get the newest, so a clerk sees his own action at once instead of one signal later
    // (rebuilding touches only the windows changed since the last build).
    if (req.actor.kind === 'staff')
      return reply
        .type('application/json; charset=utf-8')
        .serializer((x: unknown) => x as string)
        .send(engine.snapshot().json);
    return reply
      .type('application/json; charset=utf-8')
      .serializer((x: unknown) => x as string)
      .send(engine.snapshotAtLeast(hub.announced).publicJson);
  });

  serve(R['queue.explain'], async (req) => {
    const { windowNo } = req.query;
    const a = req.actor;
    if (a.role === 'clerk' && a.windowNo !== windowNo) throw E.notYourWindow(windowNo);
    return engine.explain(windowNo);
  });

  serve(R['rules.get'], async () => {
    const r = engine.rules();
    return { version: r.version, rules: r.rules, createdAt: new Date(r.createdAt).toISOString(), createdBy: r.createdBy };
  });

  serve(R['rules.put'], async (req) => {
    const merged = orderingRulesSchema.safeParse({ ...engine.rules().rules, ...(req.body as object) });
    if (!merged.success) throw E.invalidBody(merged.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    engine.setRules(merged.data, req.actor);
    const r = engine.rules();
    return { version: r.version, rules: r.rules, createdAt: new Date(r.createdAt).toISOString(), createdBy: r.createdBy };
  });
};
export default queueRoutes;
