// 差评 follow-up (回访 → 整改 → 反馈, each with a working-day deadline; 申诉 → 复核) for managers.
// Every bad rating gets a task; the closure rate excludes ratings overturned on review.
import { z } from 'zod';
import { civilDateSchema } from '../../domain/calendar/schemas';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { E } from '../errors';
import { apiErrorSchema } from '../../domain/api/errors';
import { followUpConfigSchema } from '../../domain/rating/followUp';
import { FollowUpService } from '../followups/service';

const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('callback'), note: z.string().min(1).max(1000), reached: z.boolean().default(true), on: civilDateSchema.optional() }),
  z.object({ type: z.literal('rectification'), note: z.string().min(1).max(1000), on: civilDateSchema.optional() }),
  z.object({ type: z.literal('reply'), note: z.string().min(1).max(1000), on: civilDateSchema.optional() }),
  z.object({ type: z.literal('appeal'), reason: z.string().min(1).max(1000), on: civilDateSchema.optional() }),
  z.object({ type: z.literal('review'), decision: z.enum(['upheld', 'overturned']), note: z.string().max(1000).default(''), on: civilDateSchema.optional() }),
]);

const followUpRoutes: RouteModule = (app, { store, engine, auth, problems }) => {
  const svc = new FollowUpService(store, Date.now, problems);
  svc.openMissing();
  engine.onSignal((s) => {
    if (s.type === 'rating') svc.openMissing();
  });

  app.get('/api/followups', {
    schema: {
      tags: ['followups'], summary: '差评回访整改任务（每条差评一项；含各阶段工作日期限、超期情况与整改率）',
      querystring: z.object({ status: z.enum(['open', 'appealed', 'closed', 'invalidated']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    },
    preHandler: guard(auth, ['manager']),
  }, async (req) => svc.list(req.query as { status?: string; limit: number }));

  app.post('/api/followups/:id/actions', {
    schema: {
      tags: ['followups'], summary: '登记回访／整改／反馈，提出申诉或复核（按顺序；复核人不能是申诉人）',
      params: z.object({ id: z.string().min(1).max(128) }), body: actionSchema, response: { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
    },
    preHandler: guard(auth, ['manager', 'clerk']),
  }, async (req) => {
    const id = (req.params as { id: string }).id;
    const body = req.body as z.infer<typeof actionSchema>;
    // A clerk may appeal a bad rating of his own (申诉); everything else is the manager's.
    if (req.actor!.role === 'clerk' && (body.type !== 'appeal' || svc.tasks.get(id)?.clerkWorkNo !== req.actor!.subject)) throw E.forbidden();
    return svc.act(id, body, req.actor!.subject);
  });

  app.get('/api/followups/config', {
    schema: { tags: ['followups'], summary: '差评处理期限设置（工作日）', response: { 200: followUpConfigSchema } },
    preHandler: guard(auth, ['manager']),
  }, async () => svc.tasks.config());

  app.put('/api/followups/config', {
    schema: { tags: ['followups'], summary: '修改差评处理期限（回访/整改/反馈各自的工作日数；对新任务生效）', body: followUpConfigSchema, response: { 200: followUpConfigSchema, 400: apiErrorSchema } },
    preHandler: guard(auth, ['manager']),
  }, async (req) => svc.setConfig(req.body as z.infer<typeof followUpConfigSchema>));
};
export default followUpRoutes;
