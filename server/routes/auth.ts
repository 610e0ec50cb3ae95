import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard, tokenOf } from '../auth';
import { attemptSignIn } from '../signin/attempt';
import { E } from '../errors';
import { loginRequestSchema, loginRequestWithWindowSchema, loginResponseSchema, verifyCredentialsResponseSchema } from '../../domain/api/hall';
import { apiErrorSchema } from '../../domain/api/errors';

const authRoutes: RouteModule = (app, ctx) => {
  const { engine, auth, store } = ctx;
  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: '工作人员登录（窗口人员登录即坐到窗口）', body: loginRequestWithWindowSchema, response: { 200: loginResponseSchema, 401: apiErrorSchema, 403: apiErrorSchema, 423: apiErrorSchema, 429: apiErrorSchema } },
  }, async (req, reply) => {
    const body = req.body as z.infer<typeof loginRequestWithWindowSchema>;
    const staff = await attemptSignIn(ctx, req, reply, body.workNo, body.password, 'login');
    const { photoUrl, ...rest } = engine.staffCard(staff.work_no)!;
    const card = photoUrl ? { ...rest, photoUrl } : rest;
    if (staff.role === 'manager') {
      const token = auth.issue('staff', staff.work_no, 'manager', null);
      return { token, role: 'manager' as const, staff: card };
    }
    const windowNo = body.windowNo ?? staff.home_window;
    if (windowNo == null) throw E.noWindow();
    const win = engine.window(windowNo);
    if (windowNo !== staff.home_window) {
      // AB角: the backup of the window's own clerk, or someone a manager seated there.
      const owner = store.get(store.q.selectFrom('staff').select('backup_work_no').where('home_window', '=', windowNo).where('role', '=', 'clerk'));
      if (owner?.backup_work_no !== staff.work_no && win.clerk_work_no !== staff.work_no) throw E.notBackup(staff.work_no, windowNo);
    }
    const actor = { kind: 'staff' as const, subject: staff.work_no, role: 'clerk' as const, windowNo };
    engine.mutate(() => engine.seatClerk(windowNo, staff.work_no, actor, 'login'));
    const token = auth.issue('staff', staff.work_no, 'clerk', windowNo);
    auth.revokeStaff(staff.work_no, token);
    return { token, role: 'clerk' as const, windowNo, staff: card };
  });

  app.post('/api/auth/verify', {
    schema: { tags: ['auth'], summary: '核验工号和密码并返回角色（不签发令牌、不坐窗口；窗口的管理员授权用）', body: loginRequestSchema, response: { 200: verifyCredentialsResponseSchema, 401: apiErrorSchema, 423: apiErrorSchema, 429: apiErrorSchema } },
  }, async (req, reply) => {
    const body = req.body as z.infer<typeof loginRequestSchema>;
    const staff = await attemptSignIn(ctx, req, reply, body.workNo, body.password, 'verify');
    const { photoUrl, ...rest } = engine.staffCard(staff.work_no)!;
    return { role: staff.role === 'manager' ? ('manager' as const) : ('clerk' as const), staff: photoUrl ? { ...rest, photoUrl } : rest };
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: '退出登录（窗口人员离开窗口）', response: { 204: z.null() } },
    preHandler: guard(auth, []),
  }, async (req, reply) => {
    const actor = req.actor!;
    if (actor.kind === 'staff' && actor.role === 'clerk') engine.mutate(() => engine.unseatClerk(actor.subject, actor));
    auth.revoke(tokenOf(req, false)!);
    return reply.code(204).send();
  });

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: '当前令牌的身份', response: { 200: z.object({ kind: z.string(), subject: z.string(), role: z.string(), windowNo: z.number().nullable() }) } },
    preHandler: guard(auth, []),
  }, async (req) => req.actor!);
};
export default authRoutes;
