// Kiosk routes: print-then-issue tickets for kiosks with a network ESC/POS printer, the
// kiosk's configuration and category list (retired categories left out), and the manager's
// printer assignment. Registered in routes/index.ts.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { categoryViewSchema, issuedTicketSchema, issueTicketRequestSchema } from '../../domain/api/hall';
import { apiErrorSchema } from '../../domain/api/errors';
import { renderReceipt } from '../../native/printer/render';
import { KioskStore } from '../kiosk/store';
import { parsePrinterAddress, sendToPrinter } from '../kiosk/printerLink';
import { printThenIssue, voidHeldTickets } from '../kiosk/printThenIssue';

const kioskIssueSchema = issueTicketRequestSchema.omit({ channel: true });
const kioskIssueResponseSchema = z.object({ ticket: issuedTicketSchema, printed: z.boolean() });
const kioskConfigSchema = z.object({ printMode: z.enum(['printer', 'screen']), widthMm: z.number().nullable(), elderlyAge: z.number().int(), hallName: z.string() });
const kioskCategoriesSchema = z.object({ version: z.number().int(), hallName: z.string(), categories: z.array(categoryViewSchema) });
const printerBodySchema = z.object({
  deviceId: z.string().min(1).max(64).default('*'),
  address: z.string().max(200).nullable(),
  widthMm: z.union([z.literal(58), z.literal(80)]).default(80),
});

export function hallTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '00';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}

const kioskRoutes: RouteModule = (app, { engine, store, auth, hub }) => {
  const kiosks = new KioskStore(store);
  const voided = voidHeldTickets(engine);
  if (voided) app.log.warn({ voided }, 'kiosk: voided tickets left held by an interrupted print');

  app.get('/api/kiosk/config', {
    schema: { tags: ['kiosk'], summary: '取号机配置：是否有打印机（有则先打印后出号）', response: { 200: kioskConfigSchema } },
    preHandler: guard(auth, ['kiosk', 'manager']),
  }, async (req) => {
    const p = kiosks.printerFor(req.actor!.subject);
    return { printMode: p ? ('printer' as const) : ('screen' as const), widthMm: p?.width_mm ?? null, elderlyAge: engine.rules().rules.elderlyAge, hallName: engine.hallName() };
  });

  // What the kiosk offers: the snapshot's categories (waiting, estimate) minus retired ones.
  app.get('/api/kiosk/categories', {
    schema: { tags: ['kiosk'], summary: '取号机可取号的业务类别（至少一个窗口以权重 > 0 受理；已停用的不列出）', response: { 200: kioskCategoriesSchema } },
    preHandler: guard(auth, ['kiosk', 'manager']),
  }, async () => {
    const { snap } = engine.snapshotAtLeast(hub.announced);
    const open = engine.categoriesInService();
    return { version: snap.version, hallName: snap.hall.name, categories: snap.categories.filter((c) => open.has(c.code)) };
  });

  app.post('/api/kiosk/tickets', {
    schema: {
      tags: ['kiosk'], summary: '取号机取号：配置了打印机时先打印、打印成功才出号；打印失败则作废并返回 502',
      body: kioskIssueSchema, response: { 201: kioskIssueResponseSchema, 400: apiErrorSchema, 409: apiErrorSchema, 502: apiErrorSchema },
    },
    preHandler: guard(auth, ['kiosk']),
  }, async (req, reply) => {
    const body = req.body as z.infer<typeof kioskIssueSchema>;
    const actor = req.actor!;
    const printer = kiosks.printerFor(actor.subject);
    if (!printer) {
      const ticket = engine.issueTicket({ ...body, channel: body.appointmentAt ? 'appointment' : 'kiosk' }, actor);
      return reply.code(201).send({ ticket, printed: false });
    }
    const addr = parsePrinterAddress(printer.address);
    const ticket = await printThenIssue(engine, store, actor, body, async (t) => {
      const r = renderReceipt('ticket', {
        hallName: t.hallName || engine.hallName() || '政务服务中心', ticketNumber: t.number, categoryName: t.categoryName ?? t.category,
        waitingAhead: t.ahead, issuedAt: hallTime(t.issuedAt ?? new Date().toISOString(), engine.timeZone), priorityLabel: t.priorityLabel,
        queueUrl: t.trackUrl,
      }, { widthMm: printer.width_mm });
      await sendToPrinter(addr, r.bytes);
    });
    return reply.code(201).send({ ticket, printed: true });
  });

  app.put('/api/kiosk/printer', {
    schema: { tags: ['kiosk'], summary: '设置取号机打印机（deviceId 为 * 时作用于所有未单独设置的取号机；address 为 null 表示取消）', body: printerBodySchema, response: { 200: z.object({ ok: z.literal(true) }), 400: apiErrorSchema } },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const b = printerBodySchema.parse(req.body);
    if (b.address) parsePrinterAddress(b.address);
    kiosks.setPrinter(b.deviceId, b.address, b.widthMm);
    return { ok: true as const };
  });

  app.get('/api/kiosk/printers', {
    schema: { tags: ['kiosk'], summary: '取号机打印机设置', response: { 200: z.object({ printers: z.array(z.object({ deviceId: z.string(), address: z.string(), widthMm: z.number() })) }) } },
    preHandler: guard(auth, ['manager']),
  }, async () => ({ printers: kiosks.list().map((p) => ({ deviceId: p.device_id, address: p.address, widthMm: p.width_mm })) }));
};
export default kioskRoutes;
