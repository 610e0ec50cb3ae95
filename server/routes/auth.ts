import type { RouteModule } from '../context';
import { tokenOf } from '../auth';
import { attemptSignIn } from '../signin/attempt';
import { E } from '../errors';
import { CodedError } from '../../domain/api/errors';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { RotaService } from '../rota/service';

function rotaRefusal(code: 'off_rota' | 'on_leave' | 'a_present' | 'window_uncovered', workNo: string, windowNo: number) {
  if (code === 'on_leave') return E.rotaOnLeave(workNo, windowNo);
  if (code === 'a_present') return E.rotaAPresent(windowNo);
  if (code === 'window_uncovered') return E.windowUncovered(windowNo);
  return E.offRota(workNo, windowNo);
}

const authRoutes: RouteModule = (app, ctx) => {
  const { engine, auth, store } = ctx;
  const serve = defineRoutes(app, auth);
  const rota = new RotaService(store, engine);
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
    const verdict = rota.signIn(staff.work_no, windowNo, win.clerk_work_no);
    if (verdict.ok && verdict.as === 'no_rota') {
      if (windowNo !== staff.home_window) {
        // No rota this month (as before issue 16) — AB角: the backup of the window's own clerk, or someone a manager seated there.
        const owner = store.get(store.q.selectFrom('staff').select('backup_work_no').where('home_window', '=', windowNo).where('role', '=', 'clerk'));
        if (owner?.backup_work_no !== staff.work_no && win.clerk_work_no !== staff.work_no) throw E.notBackup(staff.work_no, windowNo);
      }
    } else if (!verdict.ok && win.clerk_work_no !== staff.work_no) {
      // Off the rota (or on leave, or B while A sits there): only a manager's unlock lets him sit down.
      const refusal = rotaRefusal(verdict.code, staff.work_no, windowNo);
      if (!body.unlock) {
        req.log.info({ code: refusal.code, windowNo }, 'sign-in refused by the rota');
        throw refusal;
      }
      const manager = await attemptSignIn(ctx, req, reply, body.unlock.workNo, body.unlock.password, 'unlock').catch((e: unknown) => {
        throw e instanceof CodedError && e.code === 'bad_credentials' ? E.unlockBadCredentials() : e;
      });
      if (manager.role !== 'manager') throw E.unlockNotManager();
      const by = { kind: 'staff' as const, subject: manager.work_no, role: 'manager' as const, windowNo: null };
      engine.mutate(() =>
        engine.adminEvent('rota.unlock', by, { manager: manager.work_no, clerk: staff.work_no, windowNo, refused: refusal.code, addr: req.ip }),
      );
      req.log.warn({ code: 'ROTA_UNLOCK', manager: manager.work_no, clerk: staff.work_no, windowNo }, 'sign-in off the rota unlocked by a manager');
    }
    const actor = { kind: 'staff' as const, subject: staff.work_no, role: 'clerk' as const, windowNo };
    engine.mutate(() => engine.seatClerk(windowNo, staff.work_no, actor, 'login'));
    const token = auth.issue('staff', staff.work_no, 'clerk', windowNo);
    auth.revokeStaff(staff.work_no, token);
    return { token, role: 'clerk' as const, windowNo, staff: card, rotaAhead: rota.windowAhead(windowNo) };
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
