import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard, STAFF } from '../auth';
import { E } from '../errors';
import { toTicket } from '../queue/views';
import { issueTicketRequestSchema, issuedTicketSchema, ticketSchema } from '../../domain/api/hall';
import { apiErrorSchema } from '../../domain/api/errors';

const ticketRoutes: RouteModule = (app, { engine, auth }) => {
  app.post('/api/tickets', {
    schema: {
      tags: ['tickets'], summary: '取号（取号机、预约签到、人工）：身份证号只存哈希和脱敏形式',
      body: issueTicketRequestSchema, response: { 201: issuedTicketSchema, 400: apiErrorSchema, 409: apiErrorSchema },
    },
    preHandler: guard(auth, ['kiosk', 'clerk', 'manager']),
  }, async (req, reply) => {
    const body = req.body as z.infer<typeof issueTicketRequestSchema>;
    const actor = req.actor!;
    const issued = await engine.submit(() => engine.issueTicket(body, actor));
    return reply.code(201).send(issued);
  });

  app.get('/api/tickets/:id', {
    schema: { tags: ['tickets'], summary: '查看一张号票', params: z.object({ id: z.string().max(64) }), response: { 200: ticketSchema, 404: apiErrorSchema } },
    preHandler: guard(auth, STAFF),
  }, async (req) => {
    const t = engine.ticketRow((req.params as { id: string }).id);
    if (!t) throw E.unknownTicket();
    return toTicket(t);
  });
};
export default ticketRoutes;
