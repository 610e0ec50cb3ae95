// Counter device health: the counter core reports its devices for its window (clerk token of the
// clerk seated there, or the counter's enrolled device token); the manager board polls the list.
// Served from memory (DeviceHealthStore), apart from the queue snapshot and its hot path.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { apiErrorSchema } from '../../domain/api/errors';
import { deviceHealthResponseSchema, deviceReportSchema, type DeviceReport } from '../../domain/api/deviceHealth';
import { DEFAULT_STALE_MS, DeviceHealthStore } from '../deviceHealth/store';
import { E } from '../errors';

const params = z.object({ windowNo: z.coerce.number().int().positive().max(100000) });

/** HALL_DEVICE_STALE_MS overrides the 2-minute 未上报 threshold (read at start). */
const staleMs = (): number => {
  const v = Number(process.env.HALL_DEVICE_STALE_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_STALE_MS;
};

const deviceHealthRoutes: RouteModule = (app, { engine, auth, store, problems }) => {
  const threshold = staleMs();
  const health = new DeviceHealthStore(store, { staleMs: threshold, problems });

  app.post('/api/windows/:windowNo/devices', {
    schema: {
      tags: ['windows'], summary: '柜台上报本窗口设备状态（读卡器、打印机、评价器、窗口屏）', params, body: deviceReportSchema,
      response: { 204: z.null(), 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
    },
    preHandler: guard(auth, ['clerk', 'counter']),
  }, async (req, reply) => {
    const no = (req.params as { windowNo: number }).windowNo;
    const actor = req.actor!;
    const win = engine.window(no); // 404 for a window the hall does not have
    // A clerk reports only for the window he is signed in at; a counter device token is not bound
    // to a window at enrolment, so it is trusted for the window it names.
    if (actor.role === 'clerk' && (actor.windowNo !== no || win.clerk_work_no !== actor.subject)) throw E.notYourWindow(no);
    health.report(no, (req.body as DeviceReport).devices, actor.subject);
    return reply.code(204).send();
  });

  app.get('/api/devices/health', {
    schema: { tags: ['manager'], summary: '各窗口最近上报的设备状态（超过 2 分钟未上报标为 stale）', response: { 200: deviceHealthResponseSchema } },
    preHandler: guard(auth, ['manager']),
  }, async () => ({ staleAfterMs: threshold, windows: health.list() }));
};

export default deviceHealthRoutes;
