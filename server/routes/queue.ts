import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard, READERS, STAFF } from '../auth';
import { E } from '../errors';
import { explainResponseSchema, orderingRulesResponseSchema, queueSnapshotSchema } from '../../domain/api/hall';
import { orderingRulesSchema } from '../../domain/queue/rules';
import { apiErrorSchema } from '../../domain/api/errors';

const queueRoutes: RouteModule = (app, { engine, auth, hub }) => {
  app.get('/api/queue', {
    schema: { tags: ['queue'], summary: '大厅实时快照：各类别等候人数、窗口状态、最近叫号（seq 递增，大屏据此播报且只播一次）；工作人员令牌另含最早的50个等候号（waiting）', response: { 200: queueSnapshotSchema } },
    preHandler: guard(auth, READERS),
  }, async (req, reply) => {
    // Cached and serialised once per version. Devices (displays, kiosks) get one at least as new as
    // the last signal sent: however many re-fetch on a signal, it is built at most once per signal.
    // Staff get the newest, so a clerk sees his own action at once instead of one signal later
    // (rebuilding touches only the windows changed since the last build).
    if (req.actor!.kind === 'staff') return reply.type('application/json; charset=utf-8').serializer((x: unknown) => x as string).send(engine.snapshot().json);
    return reply.type('application/json; charset=utf-8').serializer((x: unknown) => x as string).send(engine.snapshotAtLeast(hub.announced).publicJson);
  });

  app.get('/api/queue/explain', {
    schema: { tags: ['queue'], summary: '为什么下一个是这个号（按当前排序规则）', querystring: z.object({ windowNo: z.coerce.number().int().positive() }), response: { 200: explainResponseSchema, 403: apiErrorSchema, 404: apiErrorSchema } },
    preHandler: guard(auth, STAFF),
  }, async (req) => {
    const { windowNo } = req.query as { windowNo: number };
    const a = req.actor!;
    if (a.role === 'clerk' && a.windowNo !== windowNo) throw E.notYourWindow(windowNo);
    return engine.explain(windowNo);
  });

  app.get('/api/ordering-rules', {
    schema: { tags: ['manager'], summary: '当前排序规则（带版本）', response: { 200: orderingRulesResponseSchema } },
    preHandler: guard(auth, STAFF),
  }, async () => {
    const r = engine.rules();
    return { version: r.version, rules: r.rules, createdAt: new Date(r.createdAt).toISOString(), createdBy: r.createdBy };
  });

  app.put('/api/ordering-rules', {
    schema: { tags: ['manager'], summary: '修改排序规则（生成新版本，下一次叫号起生效）', body: orderingRulesSchema.partial(), response: { 200: orderingRulesResponseSchema, 400: apiErrorSchema } },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const merged = orderingRulesSchema.safeParse({ ...engine.rules().rules, ...(req.body as object) });
    if (!merged.success) throw E.invalidBody(merged.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    engine.setRules(merged.data, req.actor!);
    const r = engine.rules();
    return { version: r.version, rules: r.rules, createdAt: new Date(r.createdAt).toISOString(), createdBy: r.createdBy };
  });
};
export default queueRoutes;
