// Hall settings: every device and staff member reads them (the call display follows them live),
// only the manager changes them. A change is an event row inside the engine's transaction, so a
// version signal of type 'settings' reaches every display.
import type { RouteModule } from '../context';
import { guard, READERS } from '../auth';
import { apiErrorSchema } from '../../domain/api/errors';
import { hallSettingsResponseSchema, hallSettingsUpdateSchema, type HallSettingsUpdate } from '../../domain/api/settings';
import { readHallSettings, writeHallSettings } from '../settings/hallSettings';

const settingsRoutes: RouteModule = (app, { engine, auth, store }) => {
  app.get('/api/hall/settings', {
    schema: { tags: ['hall'], summary: '大厅设置：叫号大屏播报次数与间隔（大屏启动时及收到 settings 信号时读取）', response: { 200: hallSettingsResponseSchema, 401: apiErrorSchema } },
    preHandler: guard(auth, READERS),
  }, async () => readHallSettings(store));

  app.put('/api/hall/settings', {
    schema: {
      tags: ['manager'], summary: '修改大厅设置（播报次数 1–3 次，播报间隔 0–5000 毫秒）；已打开的大屏立即生效', body: hallSettingsUpdateSchema,
      response: { 200: hallSettingsResponseSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
    },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const update = req.body as HallSettingsUpdate;
    return engine.mutate(() => {
      const saved = writeHallSettings(store, update, req.actor!.subject, new Date());
      engine.adminEvent('settings', req.actor!, { announceRepeat: saved.announceRepeat, announceGapMs: saved.announceGapMs });
      return saved;
    });
  });
};

export default settingsRoutes;
