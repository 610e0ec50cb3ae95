// Cases (办件) at the hall: the manager console's hall-wide list with due-soon/overdue marks,
// one case's detail, and back-office events (办理/办结/出件…) that counters receive on pull.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { syncServiceFor } from '../sync/service';

const caseRoutes: RouteModule = (app, ctx) => {
  const serve = defineRoutes(app, ctx.auth);
  const svc = syncServiceFor(ctx, { warn: (o, m) => app.log.warn(o, m) });

  serve(R['cases.list'], async (req) => {
    const f = req.query;
    return svc.listCases({ ...f, open: f.open === undefined ? undefined : f.open === 'true' });
  });

  serve(R['cases.get'], async (req) => svc.caseDetail(req.params.caseId));

  serve(R['cases.event'], async (req) => {
    const body = req.body;
    return svc.backOffice(req.params.caseId, body, req.actor);
  });

  serve(R['cases.reveal'], async (req) => {
    const { caseId } = req.params;
    const { reason } = req.body;
    const found = svc.revealApplicant(caseId);
    // 查看留痕: who, which case, why — committed before the data leaves the server.
    ctx.engine.mutate(() => ctx.engine.adminEvent('admin.revealApplicant', req.actor, { caseId, caseNo: found.caseNo, reason }));
    return { caseId, caseNo: found.caseNo, windowNo: found.windowNo, applicant: found.applicant, reason };
  });
};
export default caseRoutes;
