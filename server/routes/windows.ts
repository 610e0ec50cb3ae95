// Window actions. Clerk actions are idempotent under `requestId`: the first answer (ticket or
// rejection) is stored with the effect and replayed on retry.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import type { RouteDef, RouteParsed } from '../../domain/api/route';
import type { HallEngine } from '../queue/engine';
import type { Actor } from '../auth';
import type { WindowActionResponse } from '../../domain/api/hall';
import { E } from '../errors';

type Op<B> = (engine: HallEngine, no: number, actor: Actor, body: B) => WindowActionResponse | null;

interface OpSpec<D extends RouteDef> {
  def: D;
  run: Op<RouteParsed<D>['body']>;
}

const ops: OpSpec<RouteDef>[] = [];
function op<D extends RouteDef>(def: D, run: OpSpec<D>['run']): void {
  ops.push({ def, run } as unknown as OpSpec<RouteDef>);
}

op(R['windows.callNext'], (e, no, a, b) => e.callNext(no, a, { category: b?.category, ticketId: b?.ticketId }));
op(R['windows.recall'], (e, no, a) => e.recall(no, a));
op(R['windows.noShow'], (e, no, a) => e.noShow(no, a));
op(R['windows.start'], (e, no, a) => e.start(no, a));
op(R['windows.finish'], (e, no, a, b) => e.finish(no, a, { ticketId: b?.ticketId, outcome: b?.outcome }));
op(R['windows.transfer'], (e, no, a, b) => e.transfer(no, a, b));
op(R['windows.suspend'], (e, no, a, b) => e.suspend(no, a, b?.reason ?? '挂起'));
op(R['windows.callBack'], (e, no, a, b) => e.callBack(no, a, b.ticketId));
op(R['windows.walkIn'], (e, no, a, b) => e.walkIn(no, a, { category: b?.category, priority: b?.priority, requestId: b?.requestId }));
op(R['windows.pause'], (e, no, a, b) => e.pause(no, a, b?.reason ?? '暂停服务'));
op(R['windows.resume'], (e, no, a) => e.resume(no, a));
op(R['windows.open'], (e, no, a) => e.open(no, a));
op(R['windows.close'], (e, no, a) => e.close(no, a));

const windowRoutes: RouteModule = (app, { engine, auth, store }) => {
  const serve = defineRoutes(app, auth);
  for (const s of ops) {
    // The action's last path segment keys its idempotent answers (as before the contract).
    const action = s.def.path.slice(s.def.path.lastIndexOf('/') + 1);
    serve(s.def, async (req, reply) => {
      const no = (req.params as unknown as { windowNo: number }).windowNo;
      const body = (req.body ?? {}) as { requestId?: string; notAfter?: number };
      const actor = req.actor!;
      const { status, json } = await engine.submit(() =>
        engine.idempotent(`${actor.subject}:${action}`, body.requestId, () => {
          // Checked when the engine runs it, on the hall's clock: a request held up by a hung hall
          // (or a slow network) past the counter's own timeout is refused, never acted on late.
          if (body.notAfter !== undefined && Date.now() > body.notAfter) throw E.requestExpired(body.notAfter);
          return s.run(engine, no, actor, body as never);
        }),
      );
      if (status === 204) return reply.code(204).send();
      // Already serialised by the engine (it stores the same text for retries).
      return reply
        .code(status)
        .type('application/json; charset=utf-8')
        .serializer((x: unknown) => x as string)
        .send(json);
    });
  }

  serve(R['windows.assignment'], async (req) => {
    const no = req.params.windowNo;
    const body = req.body;
    return engine.mutate(() => engine.setAssignment(no, req.actor, body.categories));
  });

  serve(R['windows.takeover'], async (req) => {
    const no = req.params.windowNo;
    const { workNo } = req.body;
    return engine.mutate(() => {
      engine.window(no);
      const backup = engine.staff(workNo);
      if (!backup || backup.role !== 'clerk') throw E.unknownStaff(workNo);
      const owner = store.get(store.q.selectFrom('staff').select('backup_work_no').where('home_window', '=', no).where('role', '=', 'clerk'));
      if (owner?.backup_work_no !== workNo) throw E.notBackup(workNo, no);
      engine.seatClerk(no, workNo, req.actor, 'takeover');
      return { window: engine.windowView(no), ticket: null };
    });
  });

  serve(R['windows.get'], async (req) => engine.windowView(req.params.windowNo));

  serve(R['windows.suspended'], async (req) => {
    const no = req.params.windowNo;
    engine.window(no);
    return { tickets: engine.suspended(no), suspended: engine.suspendedList(no) };
  });
};
export default windowRoutes;
