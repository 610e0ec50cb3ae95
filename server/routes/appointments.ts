// Appointments: booking (manager, or the counter app's enrolled token), the manager's day list,
// and kiosk check-in. Check-in prints the receipt when the kiosk has a printer; the ticket is
// issued first (a failed print leaves it on screen, and checking in again reprints the same one).
import { z } from 'zod';
import { civilDateSchema } from '../../domain/calendar/schemas';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { issuedTicketSchema } from '../../domain/api/hall';
import { apiErrorSchema } from '../../domain/api/errors';
import { serviceDay } from '../../domain/queue/numbering';
import { renderReceipt } from '../../native/printer/render';
import { KioskStore } from '../kiosk/store';
import { parsePrinterAddress, sendToPrinter } from '../kiosk/printerLink';
import { AppointmentService } from '../appointments/service';
import { seedDemoAppointments } from '../appointments/demoSeed';
import { hallTime } from './kiosk';

const iso = z.string().datetime({ offset: true });
const createSchema = z.object({
  category: z.string().min(1).max(4), slotStart: iso, slotEnd: iso,
  idNumber: z.string().max(32).optional(), name: z.string().max(40).optional(),
});
const viewSchema = z.object({
  id: z.string(), category: z.string(), categoryName: z.string().optional(), slotStart: z.string(), slotEnd: z.string(), code: z.string(),
  idNumberMasked: z.string().nullable(), nameMasked: z.string().nullable(), status: z.enum(['booked', 'checkedIn', 'expired', 'cancelled']),
  ticketId: z.string().nullable(), ticketNumber: z.string().nullable(),
});
const checkInSchema = z.object({ code: z.string().regex(/^\d{6}$/, '预约码为 6 位数字').optional(), idNumber: z.string().max(32).optional() });
const checkInResponseSchema = z.object({ ticket: issuedTicketSchema, appointment: viewSchema, repeated: z.boolean(), printed: z.boolean() });

const appointmentRoutes: RouteModule = (app, { engine, auth, store, demoMode }) => {
  const svc = new AppointmentService(engine);
  const kiosks = new KioskStore(store);
  if (demoMode) seedDemoAppointments(svc);

  app.post('/api/appointments', {
    schema: { tags: ['appointments'], summary: '新增预约（身份证号只存哈希和脱敏形式，姓名只存脱敏形式）', body: createSchema, response: { 201: viewSchema, 400: apiErrorSchema } },
    preHandler: guard(auth, ['manager', 'counter']),
  }, async (req, reply) => {
    const row = svc.create(req.body as z.infer<typeof createSchema>, req.actor!);
    return reply.code(201).send(svc.view(row));
  });

  app.get('/api/appointments', {
    schema: { tags: ['appointments'], summary: '某日预约列表（默认今天）', querystring: z.object({ date: civilDateSchema.optional() }), response: { 200: z.object({ date: z.string(), appointments: z.array(viewSchema) }) } },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const date = (req.query as { date?: string }).date ?? serviceDay(new Date(), engine.timeZone);
    return { date, appointments: svc.list(date) };
  });

  app.post('/api/appointments/check-in', {
    schema: {
      tags: ['appointments'], summary: '取号机预约签到：凭预约码或身份证号出预约号（重复签到返回同一张号）',
      body: checkInSchema, response: { 200: checkInResponseSchema, 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
    },
    preHandler: guard(auth, ['kiosk']),
  }, async (req) => {
    const actor = req.actor!;
    const r = await engine.submit(() => svc.checkIn(req.body as z.infer<typeof checkInSchema>, actor));
    const printer = kiosks.printerFor(actor.subject);
    let printed = false;
    if (printer) {
      try {
        const t = r.ticket;
        const receipt = renderReceipt('ticket', {
          hallName: t.hallName || engine.hallName() || '政务服务中心', ticketNumber: t.number, categoryName: t.categoryName ?? t.category,
          waitingAhead: t.ahead, issuedAt: hallTime(t.issuedAt ?? new Date().toISOString(), engine.timeZone), priorityLabel: '预约', queueUrl: t.trackUrl,
        }, { widthMm: printer.width_mm });
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
