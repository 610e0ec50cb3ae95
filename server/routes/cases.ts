// Cases (办件) at the hall: the manager console's hall-wide list with due-soon/overdue marks,
// one case's detail, and back-office events (办理/办结/出件…) that counters receive on pull.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { apiErrorSchema } from '../../domain/api/errors';
import { syncServiceFor } from '../sync/service';

const caseRoutes: RouteModule = (app, ctx) => {
  const svc = syncServiceFor(ctx, { warn: (o, m) => app.log.warn(o, m) });

  app.get('/api/cases', {
    schema: {
      tags: ['cases'], summary: '全厅办件列表（申请人信息已脱敏），含即将到期/已超期统计',
      querystring: z.object({
        status: z.string().max(32).optional(),
        deadline: z.enum(['overdue', 'dueSoon']).optional(),
        windowNo: z.coerce.number().int().optional(),
        open: z.enum(['true', 'false']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        offset: z.coerce.number().int().min(0).default(0),
      }),
    },
    preHandler: guard(ctx.auth, ['manager', 'clerk']),
  }, async (req) => {
    const f = req.query as { status?: string; deadline?: 'overdue' | 'dueSoon'; windowNo?: number; open?: 'true' | 'false'; limit: number; offset: number };
    return svc.listCases({ ...f, open: f.open === undefined ? undefined : f.open === 'true' });
  });

  app.get('/api/cases/:caseId', {
    schema: { tags: ['cases'], summary: '办件详情（脱敏）与时间线', params: z.object({ caseId: z.string().min(8).max(64) }), response: { 404: apiErrorSchema } },
    preHandler: guard(ctx.auth, ['manager', 'clerk']),
  }, async (req) => svc.caseDetail((req.params as { caseId: string }).caseId));

  app.post('/api/cases/:caseId/events', {
    schema: {
      tags: ['cases'], summary: '后台/管理员记录办件事件（办理、办结、出件等），按状态机校验；eventId 幂等',
      params: z.object({ caseId: z.string().min(8).max(64) }),
      body: z.object({ kind: z.string().min(1).max(64), payload: z.unknown(), eventId: z.uuid().optional() }),
      response: { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
    },
    preHandler: guard(ctx.auth, ['manager', 'clerk']),
  }, async (req) => {
    const body = req.body as { kind: string; payload: unknown; eventId?: string };
    return svc.backOffice((req.params as { caseId: string }).caseId, body, req.actor!);
  });

  app.post('/api/cases/:caseId/reveal', {
    schema: {
      tags: ['cases'], summary: '查看申请人完整信息（仅管理员；须填写理由；每次查看都留痕）',
      params: z.object({ caseId: z.string().min(8).max(64) }),
      body: z.object({ reason: z.string().trim().min(2, '请填写查看理由').max(200) }),
      response: { 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
    },
    preHandler: guard(ctx.auth, ['manager']),
  }, async (req) => {
    const { caseId } = req.params as { caseId: string };
    const { reason } = req.body as { reason: string };
    const found = svc.revealApplicant(caseId);
    // 查看留痕: who, which case, why — committed before the data leaves the server.
    ctx.engine.mutate(() => ctx.engine.adminEvent('admin.revealApplicant', req.actor!, { caseId, caseNo: found.caseNo, reason }));
    return { caseId, caseNo: found.caseNo, windowNo: found.windowNo, applicant: found.applicant, reason };
  });
};
export default caseRoutes;
