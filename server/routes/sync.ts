// Counter ⇄ hall sync: push (exactly-once per device seq), pull (cursor = server version,
// long-poll), and the manager's view of devices (clock skew) and rejected events.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { apiErrorSchema } from '../../domain/api/errors';
import { pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../../domain/sync/wire';
import { syncServiceFor } from '../sync/service';

const syncRoutes: RouteModule = (app, ctx) => {
  const svc = syncServiceFor(ctx, { warn: (o, m) => app.log.warn(o, m) });
  app.addHook('preClose', (done) => {
    svc.close();
    done();
  });

  app.post('/api/sync/push', {
    schema: {
      tags: ['sync'], summary: '柜台推送本机事件（仅柜台设备令牌、仅本机编号与本窗口；按设备序号恰好应用一次；逐条返回 accepted/duplicate/rejected）',
      body: pushRequestSchema, response: { 200: pushResponseSchema, 401: apiErrorSchema, 403: apiErrorSchema },
    },
    // A backlog of offline cases goes up in batches of several hundred events.
    bodyLimit: 16 * 1024 * 1024,
    preHandler: guard(ctx.auth, ['counter', 'clerk', 'manager']),
  }, async (req) => svc.push(req.actor!, req.body as z.infer<typeof pushRequestSchema>));

  app.get('/api/sync/pull', {
    schema: {
      tags: ['sync'], summary: '拉取服务器版本号之后的办件事件（含本机、其他柜台与后台事件；其他窗口办件的申请人信息已脱敏）；可长轮询',
      querystring: z.object({
        since: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(5000).default(1000),
        waitMs: z.coerce.number().int().min(0).max(30_000).default(0),
        /** Leave out this device's own events (it knows their versions from push acks). */
        exclude: z.string().max(64).optional(),
      }),
      response: { 200: pullResponseSchema },
    },
    preHandler: guard(ctx.auth, ['counter', 'clerk', 'manager']),
  }, async (req) => {
    const { since, limit, waitMs, exclude } = req.query as { since: number; limit: number; waitMs: number; exclude?: string };
    // A counter (or a clerk signed in at a window) sees full applicant data only for its own window's cases.
    const a = req.actor!;
    return svc.pull(since, limit, waitMs, exclude, a.role === 'manager' ? null : a.windowNo);
  });

  app.get('/api/sync/devices', {
    schema: { tags: ['sync'], summary: '各柜台同步情况：最后序号、最后推送时间、时钟偏差（超过 5 分钟标红）' },
    preHandler: guard(ctx.auth, ['manager']),
  }, async () => ({ devices: svc.devices(), ...svc.stats() }));

  app.get('/api/sync/rejections', {
    schema: { tags: ['sync'], summary: '被服务器拒收的事件（死信），供管理员核查', querystring: z.object({ deviceId: z.string().max(64).optional() }) },
    preHandler: guard(ctx.auth, ['manager', 'clerk', 'counter']),
  }, async (req) => ({ rejections: svc.rejections((req.query as { deviceId?: string }).deviceId) }));
};
export default syncRoutes;
