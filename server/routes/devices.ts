// Device enrollment: a manager hands out a one-time code; the device trades it for its own
// token. Demo-mode codes (KIOSK-DEMO, DISPLAY-DEMO, PAD-DEMO, COUNTER-DEMO) are reusable.
import crypto from 'node:crypto';
import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { E } from '../errors';
import { deviceEnrollRequestSchema, deviceEnrollResponseSchema, enrollmentCodeRequestSchema, enrollmentCodeResponseSchema } from '../../domain/api/hall';
import { apiErrorSchema } from '../../domain/api/errors';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newCode(): string {
  const b = crypto.randomBytes(8);
  const s = Array.from(b, (x) => ALPHABET[x % ALPHABET.length]).join('');
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

const deviceRoutes: RouteModule = (app, { engine, store, auth, demoMode }) => {
  app.post('/api/devices/enroll', {
    schema: { tags: ['devices'], summary: '设备用注册码换取设备令牌', body: deviceEnrollRequestSchema, response: { 200: deviceEnrollResponseSchema, 403: apiErrorSchema } },
  }, async (req) => {
    const body = req.body as z.infer<typeof deviceEnrollRequestSchema>;
    const q = store.q;
    return engine.mutate(() => {
      const code = store.get(q.selectFrom('enrollment_codes').selectAll().where('code', '=', body.code.trim().toUpperCase()));
      const usable = code && (code.reusable === 1 ? demoMode : code.used_at == null) && (code.expires_at == null || code.expires_at > Date.now()) && (!code.kind || code.kind === body.kind);
      if (!code || !usable) throw E.badEnrollmentCode();
      if (code.reusable !== 1) store.run(q.updateTable('enrollment_codes').set({ used_at: Date.now() }).where('code', '=', code.code));
      const id = uuidv7();
      store.run(q.insertInto('devices').values({ id, kind: body.kind, name: body.name, enrolled_at: Date.now(), enrolled_with: code.code }));
      store.run(q.insertInto('events').values({ at: Date.now(), type: 'deviceEnrolled', ticket_id: null, window_no: null, category: null, actor: id, data: JSON.stringify({ kind: body.kind, name: body.name }) }));
      const token = auth.issue('device', id, body.kind, null);
      return { token, deviceId: id, kind: body.kind };
    });
  });

  app.post('/api/devices/enrollment-codes', {
    schema: { tags: ['devices'], summary: '管理员生成一次性设备注册码', body: enrollmentCodeRequestSchema.optional(), response: { 200: enrollmentCodeResponseSchema } },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const body = enrollmentCodeRequestSchema.parse(req.body ?? {});
    const code = newCode();
    const expiresAt = Date.now() + body.ttlMinutes * 60_000;
    store.run(store.q.insertInto('enrollment_codes').values({ code, kind: body.kind ?? null, reusable: 0, used_at: null, created_by: req.actor!.subject, expires_at: expiresAt }));
    return { code, kind: body.kind ?? null, expiresAt: new Date(expiresAt).toISOString() };
  });

  app.get('/api/devices', {
    schema: { tags: ['devices'], summary: '已注册设备', response: { 200: z.object({ devices: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string(), enrolledAt: z.string() })) }) } },
    preHandler: guard(auth, ['manager']),
  }, async () => ({
    devices: store.all(store.q.selectFrom('devices').selectAll().orderBy('enrolled_at')).map((d) => ({ id: d.id, kind: d.kind, name: d.name, enrolledAt: new Date(d.enrolled_at).toISOString() })),
  }));
};
export default deviceRoutes;
