// Hall settings: every device and staff member reads them (the call display follows them live),
// only the manager changes them. A change is an event row inside the engine's transaction, so a
// version signal of type 'settings' reaches every display.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { readHallSettings, writeHallSettings } from '../settings/hallSettings';

const settingsRoutes: RouteModule = (app, { engine, auth, store }) => {
  const serve = defineRoutes(app, auth);
  serve(R['settings.get'], async () => readHallSettings(store));

  serve(R['settings.put'], async (req) => {
    const update = req.body;
    return engine.mutate(() => {
      const saved = writeHallSettings(store, update, req.actor.subject, new Date());
      engine.adminEvent('settings', req.actor, { announceRepeat: saved.announceRepeat, announceGapMs: saved.announceGapMs });
      return saved;
    });
  });
};

export default settingsRoutes;
