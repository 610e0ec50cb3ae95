import type { RouteModule } from '../context';
import { tokenOf } from '../auth';
import { attemptSignIn } from '../signin/attempt';
import { E } from '../errors';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';

const authRoutes: RouteModule = (app, ctx) => {
  const { engine, auth, store } = ctx;
  const serve = defineRoutes(app, auth);
  serve(R['auth.login'], async (req, reply) => {
    const body = req.body;
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

  serve(R['auth.verify'], async (req, reply) => {
    const body = req.body;
    const staff = await attemptSignIn(ctx, req, reply, body.workNo, body.password, 'verify');
    const { photoUrl, ...rest } = engine.staffCard(staff.work_no)!;
    return { role: staff.role === 'manager' ? ('manager' as const) : ('clerk' as const), staff: photoUrl ? { ...rest, photoUrl } : rest };
  });

  serve(R['auth.logout'], async (req, reply) => {
    const actor = req.actor;
    if (actor.kind === 'staff' && actor.role === 'clerk') engine.mutate(() => engine.unseatClerk(actor.subject, actor));
    auth.revoke(tokenOf(req, false)!);
    return reply.code(204).send();
  });

  serve(R['auth.me'], async (req) => req.actor);
};
export default authRoutes;
