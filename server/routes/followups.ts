// 差评 follow-up (回访 → 整改 → 反馈, each with a working-day deadline; 申诉 → 复核) for managers.
// Every bad rating gets a task; the closure rate excludes ratings overturned on review.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { E } from '../errors';
import { FollowUpService } from '../followups/service';

const followUpRoutes: RouteModule = (app, { store, engine, auth, problems }) => {
  const serve = defineRoutes(app, auth);
  const svc = new FollowUpService(store, Date.now, problems);
  svc.openMissing();
  engine.onSignal((s) => {
    if (s.type === 'rating') svc.openMissing();
  });

  serve(R['followups.list'], async (req) => svc.list(req.query));

  serve(R['followups.act'], async (req) => {
    const id = req.params.id;
    const body = req.body;
    // A clerk may appeal a bad rating of his own (申诉); everything else is the manager's.
    if (req.actor.role === 'clerk' && (body.type !== 'appeal' || svc.tasks.get(id)?.clerkWorkNo !== req.actor.subject)) throw E.forbidden();
    return svc.act(id, body, req.actor.subject);
  });

  serve(R['followups.config'], async () => svc.tasks.config());

  serve(R['followups.setConfig'], async (req) => svc.setConfig(req.body));
};
export default followUpRoutes;
