// Counter ⇄ hall sync: push (exactly-once per device seq), pull (cursor = server version,
// long-poll), and the manager's view of devices (clock skew) and rejected events.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { syncServiceFor } from '../sync/service';

const syncRoutes: RouteModule = (app, ctx) => {
  const serve = defineRoutes(app, ctx.auth);
  const svc = syncServiceFor(ctx, { warn: (o, m) => app.log.warn(o, m) });
  app.addHook('preClose', (done) => {
    svc.close();
    done();
  });

  // A backlog of offline cases goes up in batches of several hundred events.
  serve(R['sync.push'], async (req) => svc.push(req.actor, req.body), { bodyLimit: 16 * 1024 * 1024 });

  serve(R['sync.pull'], async (req) => {
    const { since, limit, waitMs, exclude } = req.query;
    // A counter (or a clerk signed in at a window) sees full applicant data only for its own window's cases.
    const a = req.actor;
    return svc.pull(since, limit, waitMs, exclude, a.role === 'manager' ? null : a.windowNo);
  });

  serve(R['sync.devices'], async () => ({ devices: svc.devices(), ...svc.stats() }));

  serve(R['sync.rejections'], async (req) => ({ rejections: svc.rejections(req.query.deviceId) }));
};
export default syncRoutes;
