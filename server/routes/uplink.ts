// GET /api/uplink/status: the hall's city uplink for the manager's board (enrolled as which
// 机构, outbox backlog, last push, clock skew, catalogue version, kept rejections).
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { uplinkStatus } from '../uplink/client';

const uplinkRoutes: RouteModule = (app, ctx) => {
  const serve = defineRoutes(app, ctx.auth);
  serve(R['uplink.status'], async () => ctx.uplink?.status() ?? uplinkStatus(ctx, null, 'off'));
};
export default uplinkRoutes;
