// Kiosk routes: print-then-issue tickets for kiosks with a network ESC/POS printer, the
// kiosk's configuration and category list (retired categories left out), and the manager's
// printer assignment. Registered in routes/index.ts.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { renderReceipt } from '../../native/printer/render';
import { KioskStore } from '../kiosk/store';
import { CodedError } from '../../domain/api/errors';
import { RotaService } from '../rota/service';
import { parsePrinterAddress, sendToPrinter } from '../kiosk/printerLink';
import { printThenIssue, voidHeldTickets } from '../kiosk/printThenIssue';

export function hallTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '00';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}

const kioskRoutes: RouteModule = (app, { engine, store, auth, hub }) => {
  const serve = defineRoutes(app, auth);
  const kiosks = new KioskStore(store);
  const rota = new RotaService(store, engine);
  const voided = voidHeldTickets(engine);
  if (voided) app.log.warn({ voided }, 'kiosk: voided tickets left held by an interrupted print');

  serve(R['kiosk.config'], async (req) => {
    const p = kiosks.printerFor(req.actor.subject);
    return {
      printMode: p ? ('printer' as const) : ('screen' as const),
      widthMm: p?.width_mm ?? null,
      elderlyAge: engine.rules().rules.elderlyAge,
      hallName: engine.hallName(),
    };
  });

  // What the kiosk offers: the snapshot's categories (waiting, estimate) minus retired ones.
  serve(R['kiosk.categories'], async () => {
    const { snap } = engine.snapshotAtLeast(hub.announced);
    const open = engine.categoriesInService();
    // Duty rota (issue 16): only what a window on today's rota serves at this hour (no rota: no filter).
    const served = rota.servedNow();
    if (served) for (const c of [...open]) if (!served.has(c)) open.delete(c);
    return { version: snap.version, hallName: snap.hall.name, categories: snap.categories.filter((c) => open.has(c.code)) };
  });

  serve(R['kiosk.issue'], async (req, reply) => {
    const body = req.body;
    const actor = req.actor;
    // A walk-in ticket for a line nobody serves now (rota: no window covered, or the hall closed)
    // would wait for ever (a retired one gets the engine's own refusal); an appointment check-in still gets its ticket (the hall owes it).
    if (!body.appointmentAt) {
      const served = rota.servedNow();
      if (served && !served.has(body.category) && engine.categoriesInService().has(body.category)) {
        throw new CodedError('category_not_served_now', '该业务现在没有窗口办理（未排班或不在服务时间），请咨询导办台', 409, { category: body.category });
      }
    }
    const printer = kiosks.printerFor(actor.subject);
    if (!printer) {
      const ticket = engine.issueTicket({ ...body, channel: body.appointmentAt ? 'appointment' : 'kiosk' }, actor);
      return reply.code(201).send({ ticket, printed: false });
    }
    const addr = parsePrinterAddress(printer.address);
    const ticket = await printThenIssue(engine, store, actor, body, async (t) => {
      const r = renderReceipt(
        'ticket',
        {
          hallName: t.hallName || engine.hallName() || '政务服务中心',
          ticketNumber: t.number,
          categoryName: t.categoryName ?? t.category,
          waitingAhead: t.ahead,
          issuedAt: hallTime(t.issuedAt ?? new Date().toISOString(), engine.timeZone),
          priorityLabel: t.priorityLabel,
          queueUrl: t.trackUrl,
        },
        { widthMm: printer.width_mm },
      );
      await sendToPrinter(addr, r.bytes);
    });
    return reply.code(201).send({ ticket, printed: true });
  });

  serve(R['kiosk.setPrinter'], async (req) => {
    const b = req.body;
    if (b.address) parsePrinterAddress(b.address);
    kiosks.setPrinter(b.deviceId, b.address, b.widthMm);
    return { ok: true as const };
  });

  serve(R['kiosk.printers'], async () => ({ printers: kiosks.list().map((p) => ({ deviceId: p.device_id, address: p.address, widthMm: p.width_mm })) }));
};
export default kioskRoutes;
