// GET /api/admin/problems: what the server skipped instead of failing (stored rows it could not
// read at start or on a read, listeners that threw after a commit), by code, with the latest
// cases. The manager's view of "the server kept going, but look here".
import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { apiErrorSchema } from '../../domain/api/errors';

const problemSchema = z.object({ code: z.string(), where: z.string(), key: z.string().optional(), message: z.string(), at: z.string() });
export const problemsResponseSchema = z.object({ total: z.number().int(), counts: z.record(z.string(), z.number().int()), recent: z.array(problemSchema) });

const problemRoutes: RouteModule = (app, { auth, problems }) => {
  app.get('/api/admin/problems', {
    schema: { tags: ['admin'], summary: '运行问题：启动或读取时跳过的无法解析的数据、执行失败的事件监听器（按代码计数）', response: { 200: problemsResponseSchema, 401: apiErrorSchema, 403: apiErrorSchema } },
    preHandler: guard(auth, ['manager']),
  }, async () => problems.snapshot());
};
export default problemRoutes;
