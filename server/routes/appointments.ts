// Appointments: booking (manager, or the counter app's enrolled token), the manager's day list,
// and kiosk check-in. Check-in prints the receipt when the kiosk has a printer; the ticket is
// issued first (a failed print leaves it on screen, and checking in again reprints the same one).
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { serviceDay } from '../../domain/queue/numbering';
import { renderReceipt } from '../../native/printer/render';
import { KioskStore } from '../kiosk/store';
import { parsePrinterAddress, sendToPrinter } from '../kiosk/printerLink';
import { AppointmentService } from '../appointments/service';
import { seedDemoAppointments } from '../appointments/demoSeed';
import { hallTime } from './kiosk';

const appointmentRoutes: RouteModule = (app, { engine, auth, store, demoMode }) => {
  const serve = defineRoutes(app, auth);
  const svc = new AppointmentService(engine);
  const kiosks = new KioskStore(store);
  if (demoMode) seedDemoAppointments(svc);

  serve(R['appointments.create'], async (req, reply) => {
    const row = svc.create(req.body, req.actor);
    return reply.code(201).send(svc.view(row));
  });

  serve(R['appointments.list'], async (req) => {
    const date = req.query.date ?? serviceDay(new Date(), engine.timeZone);
    return { date, appointments: svc.list(date) };
  });

  serve(R['appointments.checkIn'], async (req) => {
    const actor = req.actor;
    const r = await engine.submit(() => svc.checkIn(req.body, actor));
    const printer = kiosks.printerFor(actor.subject);
    let printed = false;
    if (printer) {
      try {
        const t = r.ticket;
        const receipt = renderReceipt(
          'ticket',
          {
            hallName: t.hallName || engine.hallName() || '政务服务中心',
            ticketNumber: t.number,
            categoryName: t.categoryName ?? t.category,
            waitingAhead: t.ahead,
            issuedAt: hallTime(t.issuedAt ?? new Date().toISOString(), engine.timeZone),
            priorityLabel: '预约',
            queueUrl: t.trackUrl,
          },
          { widthMm: printer.width_mm },
        );
        await sendToPrinter(parsePrinterAddress(printer.address), receipt.bytes);
        printed = true;
      } catch (e) {
        req.log.warn({ err: (e as Error).message }, 'appointment check-in: receipt did not print');
      }
    }
    return { ...r, printed };
  });
};
export default appointmentRoutes;
