// Counter device health: the counter core reports its devices for its window (clerk token of the
// clerk seated there, or the counter's enrolled device token); the manager board polls the list.
// Served from memory (DeviceHealthStore), apart from the queue snapshot and its hot path.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { DEFAULT_STALE_MS, DeviceHealthStore } from '../deviceHealth/store';
import { E } from '../errors';

/** HALL_DEVICE_STALE_MS overrides the 2-minute 未上报 threshold (read at start). */
const staleMs = (): number => {
  const v = Number(process.env.HALL_DEVICE_STALE_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_STALE_MS;
};

const deviceHealthRoutes: RouteModule = (app, { engine, auth, store, problems }) => {
  const serve = defineRoutes(app, auth);
  const threshold = staleMs();
  const health = new DeviceHealthStore(store, { staleMs: threshold, problems });

  serve(R['windows.reportDevices'], async (req, reply) => {
    const no = req.params.windowNo;
    const actor = req.actor;
    const win = engine.window(no); // 404 for a window the hall does not have
    // A clerk reports only for the window he is signed in at; a counter device token is not bound
    // to a window at enrolment, so it is trusted for the window it names.
    if (actor.role === 'clerk' && (actor.windowNo !== no || win.clerk_work_no !== actor.subject)) throw E.notYourWindow(no);
    health.report(no, req.body.devices, actor.subject);
    return reply.code(204).send();
  });

  serve(R['devices.health'], async () => ({ staleAfterMs: threshold, windows: health.list() }));
};

export default deviceHealthRoutes;
