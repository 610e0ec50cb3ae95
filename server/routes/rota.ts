// Duty rota routes (issue 16): the manager's month grid (read, save), the hall's regular hours,
// and today's hours for the kiosk and the call display. Demo halls get a rota on start
// (RotaService.seedDemo) so demo clerks sign in as A at their own windows.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { RotaService } from '../rota/service';

const rotaRoutes: RouteModule = (app, { engine, store, auth, demoMode }) => {
  const serve = defineRoutes(app, auth);
  const rota = new RotaService(store, engine);
  if (demoMode) rota.seedDemo();

  serve(R['rota.month'], async (req) => rota.monthView(req.params.month));

  serve(R['rota.save'], async (req, reply) => {
    const { requestId, ...body } = req.body;
    const month = req.params.month;
    // A retried save (same requestId) answers what the first one answered, success or refusal.
    const { status, json } = await engine.submit(() =>
      engine.idempotent(`${req.actor.subject}:rota:${month}`, requestId, () => rota.save(month, body, req.actor)),
    );
    return reply
      .code(status)
      .type('application/json; charset=utf-8')
      .serializer((x: unknown) => x as string)
      .send(json);
  });

  serve(R['rota.hours'], async (req) => {
    engine.mutate(() => rota.setHours(req.body.hours, req.actor));
    return { hours: rota.rows.hours() };
  });

  serve(R['rota.today'], async () => rota.todayView());
};

export default rotaRoutes;
