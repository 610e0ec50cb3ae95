// Hall practices (issue 16): the 办不成事 window's problem ledger and 帮办代办 services. Writes run
// in the engine's transaction and are idempotent under `<who>:<route>:<requestId>` (a retry gets
// the first answer and prints nothing twice). The 反映回执 prints on the printer set for the
// window (kiosk printer table, device id `window-<no>`); a failed print never loses the record.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { problemDeskPrinterId } from '../../domain/api/practiceRoutes';
import type { ProblemRecorded } from '../../domain/api/practices';
import { defineRoutes } from '../http/route';
import { ProblemService, problemDeskWindows } from '../practices/problemService';
import { ProxyServices } from '../practices/proxyServices';
import { problemExportXlsx } from '../practices/ledgerExport';
import { KioskStore } from '../kiosk/store';
import { parsePrinterAddress, sendToPrinter } from '../kiosk/printerLink';
import { problemSlipFor, proxyNoteDoc, renderDoc } from '../../native/printer/slips';
import { PROBLEM_CAUSE_LABELS } from '../../domain/practices/problemLedger';
import type { FastifyReply } from 'fastify';

/** Sends an idempotent answer as stored (already serialised by the engine). */
function sendStored(reply: FastifyReply, status: number, json: string | null) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .serializer((x: unknown) => x as string)
    .send(json);
}

const practiceRoutes: RouteModule = (app, { store, engine, auth, sealer, problems }) => {
  const serve = defineRoutes(app, auth);
  const ledger = new ProblemService(store, engine, sealer, problems);
  const proxies = new ProxyServices(store, engine, sealer, problems);
  const kiosks = new KioskStore(store);

  serve(R['problems.record'], async (req, reply) => {
    const actor = req.actor;
    let fresh = false;
    const { status, body, json } = await engine.submit(() =>
      engine.idempotent(`${actor.subject}:problems.record`, req.body.requestId, () => {
        fresh = true;
        const problem = ledger.record(req.body, actor);
        const slip = renderDoc(problemSlipFor(problem, { name: engine.hallName(), zone: engine.timeZone }));
        return { problem, slip: { lines: slip.lines, printed: false, printError: null }, bytes: slip.bytes.toString('base64') };
      }),
    );
    if (status >= 400 || !body || !('problem' in body)) return sendStored(reply, status, json);
    const out: ProblemRecorded = { problem: body.problem, slip: { ...body.slip } };
    // Print once, on the first answer; a replay answers the record without a second slip.
    const printer = fresh && out.problem.windowNo ? kiosks.list().find((p) => p.device_id === problemDeskPrinterId(out.problem.windowNo!)) : undefined;
    if (printer) {
      try {
        await sendToPrinter(parsePrinterAddress(printer.address), Buffer.from(body.bytes, 'base64'));
        out.slip.printed = true;
      } catch (e) {
        out.slip.printError = (e as Error).message;
        req.log.warn({ err: (e as Error).message, problem: out.problem.no }, 'problem slip did not print');
      }
    }
    return reply.code(201).send(out);
  });

  serve(R['problems.desks'], async () => ({ windows: problemDeskWindows(store) }));

  serve(R['problems.list'], async (req) => {
    engine.mutate(() => ledger.escalate());
    return ledger.list(req.query);
  });

  serve(R['problems.get'], async (req) => {
    engine.mutate(() => ledger.escalate());
    return ledger.detail(req.params.id);
  });

  serve(R['problems.act'], async (req, reply) => {
    const actor = req.actor;
    const { status, json } = await engine.submit(() =>
      engine.idempotent(`${actor.subject}:problems.act:${req.params.id}`, req.body.requestId, () => ledger.act(req.params.id, req.body, actor)),
    );
    return sendStored(reply, status, json);
  });

  serve(R['exports.problems'], async (req, reply) => {
    engine.mutate(() => ledger.escalate());
    const data = ledger.list({ status: req.query.status, limit: 100_000 });
    const buf = await problemExportXlsx(data, PROBLEM_CAUSE_LABELS);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="problem-ledger-${data.today}.xlsx"`)
      .send(buf);
  });

  serve(R['proxy.create'], async (req, reply) => {
    const actor = req.actor;
    const { status, json } = await engine.submit(() =>
      engine.idempotent(`${actor.subject}:proxy.create`, req.body.requestId, () => proxies.create(req.body, actor)),
    );
    return sendStored(reply, status === 200 ? 201 : status, json);
  });

  serve(R['proxy.list'], async (req) => proxies.list(req.query, req.actor));

  serve(R['proxy.linkCase'], async (req, reply) => {
    const actor = req.actor;
    const { status, json } = await engine.submit(() =>
      engine.idempotent(`${actor.subject}:proxy.linkCase:${req.params.id}`, req.body.requestId, () => {
        const service = proxies.link(req.params.id, req.body, actor);
        const note = renderDoc(
          proxyNoteDoc({
            hallName: engine.hallName() || '政务服务中心',
            caseNo: req.body.caseNo,
            serviceNo: service.no,
            project: service.project,
            agentName: service.agentName,
            agentWorkNo: service.agentWorkNo,
          }),
        );
        return { service, receiptLines: note.lines };
      }),
    );
    return sendStored(reply, status, json);
  });

  serve(R['proxy.milestoneDone'], async (req, reply) => {
    const actor = req.actor;
    const { status, json } = await engine.submit(() =>
      engine.idempotent(`${actor.subject}:proxy.milestone:${req.params.id}:${req.params.key}`, req.body.requestId, () =>
        proxies.completeMilestone(req.params.id, req.params.key, req.body.on, actor),
      ),
    );
    return sendStored(reply, status, json);
  });
};
export default practiceRoutes;
