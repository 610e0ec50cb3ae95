import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { E } from '../errors';
import { toTicket } from '../queue/views';

const ticketRoutes: RouteModule = (app, { engine, auth }) => {
  const serve = defineRoutes(app, auth);
  serve(R['tickets.issue'], async (req, reply) => {
    const body = req.body;
    const actor = req.actor;
    const issued = await engine.submit(() => engine.issueTicket(body, actor));
    return reply.code(201).send(issued);
  });

  serve(R['tickets.get'], async (req) => {
    const t = engine.ticketRow(req.params.id);
    if (!t) throw E.unknownTicket();
    return toTicket(t);
  });
};
export default ticketRoutes;
