// GET /api/uplink/status: the hall's city uplink for the manager's board (enrolled as which
// 机构, outbox backlog, last push, clock skew, catalogue version, kept rejections).
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { apiErrorSchema } from '../../domain/api/errors';
import { hallUplinkStatusSchema } from '../../domain/api/hallUplink';
import { uplinkStatus } from '../uplink/client';

const uplinkRoutes: RouteModule = (app, ctx) => {
  app.get('/api/uplink/status', {
    schema: { tags: ['admin'], summary: '市级中心上报状态：积压、最近上报、时钟偏差、目录版本、被拒记录', response: { 200: hallUplinkStatusSchema, 401: apiErrorSchema, 403: apiErrorSchema } },
    preHandler: guard(ctx.auth, ['manager']),
  }, async () => ctx.uplink?.status() ?? uplinkStatus(ctx, null, 'off'));
};
export default uplinkRoutes;
