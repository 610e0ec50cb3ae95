// Window actions. Clerk actions are idempotent under `requestId`: the first answer (ticket or
// rejection) is stored with the effect and replayed on retry.
import { z, type ZodType } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteModule } from '../context';
import type { HallEngine } from '../queue/engine';
import { guard, STAFF, type Actor, type Role } from '../auth';
import {
  assignmentRequestSchema, callBackRequestSchema, suspendRequestSchema, suspendedTicketSchema, callNextRequestSchema, finishRequestSchema, pauseRequestSchema, takeoverRequestSchema,
  ticketSchema, transferRequestSchema, walkInRequestSchema, windowActionRequestSchema, windowActionResponseSchema, windowViewSchema,
  type WindowActionResponse,
} from '../../domain/api/hall';
import { apiErrorSchema } from '../../domain/api/errors';
import { E } from '../errors';

const params = z.object({ windowNo: z.coerce.number().int().positive().max(100000) });
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };

type Op<B> = (engine: HallEngine, no: number, actor: Actor, body: B) => WindowActionResponse | null;

interface OpSpec<B> {
  path: string;
  summary: string;
  body: ZodType<B>;
  roles: Role[];
  run: Op<B>;
  response?: Record<number, ZodType>;
}

const ops: OpSpec<never>[] = [];
function op<B>(s: OpSpec<B>): void {
  ops.push(s as unknown as OpSpec<never>);
}

op({
  path: 'call-next', summary: '叫下一个号（可只叫某一类、或叫指定的号）；当前号自动办结。无号可叫时 204', body: callNextRequestSchema.optional(), roles: ['clerk'],
  run: (e, no, a, b) => e.callNext(no, a, { category: b?.category, ticketId: b?.ticketId }),
  response: { 200: z.object({ ticket: ticketSchema, window: windowActionResponseSchema.shape.window }), 204: z.null() },
});
op({ path: 'recall', summary: '重呼（超过次数上限即为过号）', body: windowActionRequestSchema.optional(), roles: ['clerk'], run: (e, no, a) => e.recall(no, a) });
op({ path: 'no-show', summary: '过号', body: windowActionRequestSchema.optional(), roles: ['clerk'], run: (e, no, a) => e.noShow(no, a) });
op({ path: 'start', summary: '确认到号、开始办理', body: windowActionRequestSchema.optional(), roles: ['clerk'], run: (e, no, a) => e.start(no, a) });
op({ path: 'finish', summary: '办结当前号', body: finishRequestSchema.optional(), roles: ['clerk'], run: (e, no, a, b) => e.finish(no, a, { ticketId: b?.ticketId, outcome: b?.outcome }) });
op({ path: 'transfer', summary: '转移到其它类别／窗口／人员，排在队首或队尾', body: transferRequestSchema, roles: ['clerk'], run: (e, no, a, b) => e.transfer(no, a, b) });
op({ path: 'suspend', summary: '挂起当前号（写明原因，本窗口可回呼）', body: suspendRequestSchema.optional(), roles: ['clerk'], run: (e, no, a, b) => e.suspend(no, a, b?.reason ?? '挂起') });
op({ path: 'call-back', summary: '回呼本窗口挂起的号', body: callBackRequestSchema, roles: ['clerk'], run: (e, no, a, b) => e.callBack(no, a, b.ticketId) });
op({ path: 'walk-in', summary: '无号办理（现场直接办理）', body: walkInRequestSchema.optional(), roles: ['clerk'], run: (e, no, a, b) => e.walkIn(no, a, { category: b?.category, priority: b?.priority, requestId: b?.requestId }) });
op({ path: 'pause', summary: '暂停服务（需填写原因）', body: pauseRequestSchema.optional(), roles: ['clerk', 'manager'], run: (e, no, a, b) => e.pause(no, a, b?.reason ?? '暂停服务') });
op({ path: 'resume', summary: '恢复服务', body: windowActionRequestSchema.optional(), roles: ['clerk', 'manager'], run: (e, no, a) => e.resume(no, a) });
op({ path: 'open', summary: '开启窗口', body: windowActionRequestSchema.optional(), roles: ['clerk', 'manager'], run: (e, no, a) => e.open(no, a) });
op({ path: 'close', summary: '关闭窗口', body: windowActionRequestSchema.optional(), roles: ['clerk', 'manager'], run: (e, no, a) => e.close(no, a) });

const windowRoutes: RouteModule = (app, { engine, auth, store }) => {
  for (const s of ops) {
    app.post(`/api/windows/:windowNo/${s.path}`, {
      schema: { tags: ['windows'], summary: s.summary, params, body: s.body, response: { ...(s.response ?? { 200: windowActionResponseSchema }), ...errors } },
      preHandler: guard(auth, s.roles),
    }, async (req: FastifyRequest, reply: FastifyReply) => {
      const no = (req.params as { windowNo: number }).windowNo;
      const body = (req.body ?? {}) as { requestId?: string; notAfter?: number };
      const actor = req.actor!;
      const { status, json } = await engine.submit(() => engine.idempotent(`${actor.subject}:${s.path}`, body.requestId, () => {
        // Checked when the engine runs it, on the hall's clock: a request held up by a hung hall
        // (or a slow network) past the counter's own timeout is refused, never acted on late.
        if (body.notAfter !== undefined && Date.now() > body.notAfter) throw E.requestExpired(body.notAfter);
        return s.run(engine, no, actor, body as never);
      }));
      if (status === 204) return reply.code(204).send();
      // Already serialised by the engine (it stores the same text for retries).
      return reply.code(status).type('application/json; charset=utf-8').serializer((x: unknown) => x as string).send(json);
    });
  }

  app.put('/api/windows/:windowNo/assignment', {
    schema: { tags: ['manager'], summary: '调整窗口受理的业务类别和权重（下一次叫号起生效，实时推送）', params, body: assignmentRequestSchema, response: { 200: windowActionResponseSchema, ...errors } },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const no = (req.params as { windowNo: number }).windowNo;
    const body = req.body as z.infer<typeof assignmentRequestSchema>;
    return engine.mutate(() => engine.setAssignment(no, req.actor!, body.categories));
  });

  app.post('/api/windows/:windowNo/takeover', {
    schema: { tags: ['manager'], summary: 'AB角接替：让该窗口的B角坐到窗口', params, body: takeoverRequestSchema, response: { 200: windowActionResponseSchema, ...errors } },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const no = (req.params as { windowNo: number }).windowNo;
    const { workNo } = req.body as z.infer<typeof takeoverRequestSchema>;
    return engine.mutate(() => {
      engine.window(no);
      const backup = engine.staff(workNo);
      if (!backup || backup.role !== 'clerk') throw E.unknownStaff(workNo);
      const owner = store.get(store.q.selectFrom('staff').select('backup_work_no').where('home_window', '=', no).where('role', '=', 'clerk'));
      if (owner?.backup_work_no !== workNo) throw E.notBackup(workNo, no);
      engine.seatClerk(no, workNo, req.actor!, 'takeover');
      return { window: engine.windowView(no), ticket: null };
    });
  });

  app.get('/api/windows/:windowNo', {
    schema: { tags: ['windows'], summary: '窗口当前状态', params, response: { 200: windowViewSchema, ...errors } },
    preHandler: guard(auth, STAFF),
  }, async (req) => engine.windowView((req.params as { windowNo: number }).windowNo));

  app.get('/api/windows/:windowNo/suspended', {
    schema: { tags: ['windows'], summary: '本窗口挂起的号（含挂起原因和时间）', params, response: { 200: z.object({ tickets: z.array(ticketSchema), suspended: z.array(suspendedTicketSchema) }), ...errors } },
    preHandler: guard(auth, STAFF),
  }, async (req) => {
    const no = (req.params as { windowNo: number }).windowNo;
    engine.window(no);
    return { tickets: engine.suspended(no), suspended: engine.suspendedList(no) };
  });
};
export default windowRoutes;
