// Device enrollment: a manager hands out a one-time code; the device trades it for its own
// token. Demo-mode codes (KIOSK-DEMO, DISPLAY-DEMO, PAD-DEMO, COUNTER-DEMO) are reusable.
// Revocation ends every token of a device and closes its event stream; the device list says
// which devices are revoked (derived from their sessions: no migration needed).
import crypto from 'node:crypto';
import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { E } from '../errors';
import { deviceEnrollRequestSchema, deviceEnrollResponseSchema, enrollmentCodeRequestSchema, enrollmentCodeResponseSchema } from '../../domain/api/hall';
import { apiErrorSchema } from '../../domain/api/errors';
import { deviceListSchema, deviceRevokeResponseSchema } from '../../domain/api/devices';
import { lastReportBy } from '../deviceHealth/store';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newCode(): string {
  const b = crypto.randomBytes(8);
  const s = Array.from(b, (x) => ALPHABET[x % ALPHABET.length]).join('');
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

const deviceRoutes: RouteModule = (app, { engine, store, auth, hub, demoMode }) => {
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

  /** Per device: how many tokens it was given, how many are revoked, and when the last one was. */
  const tokenState = (id?: string) => {
    let query = store.q.selectFrom('sessions')
      .select(['subject', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('revoked_at').as('revoked'), (eb) => eb.fn.max('revoked_at').as('revokedAt')])
      .where('kind', '=', 'device');
    if (id) query = query.where('subject', '=', id);
    return new Map(store.all(query.groupBy('subject')).map((r) => [r.subject, { live: Number(r.n) - Number(r.revoked), revokedAt: r.revokedAt == null ? null : new Date(Number(r.revokedAt)).toISOString() }]));
  };

  app.get('/api/devices', {
    schema: { tags: ['devices'], summary: '已注册设备（是否已吊销；柜台设备另有最近一次设备状态上报时间）', response: { 200: deviceListSchema } },
    preHandler: guard(auth, ['manager']),
  }, async () => {
    const tokens = tokenState();
    const seen = lastReportBy(store);
    return {
      devices: store.all(store.q.selectFrom('devices').selectAll().orderBy('enrolled_at')).map((d) => {
        const t = tokens.get(d.id);
        const last = seen.get(d.id);
        return {
          id: d.id, kind: d.kind, name: d.name, enrolledAt: new Date(d.enrolled_at).toISOString(),
          revoked: !t || t.live === 0, revokedAt: t && t.live === 0 ? t.revokedAt : null, lastSeenAt: last ? new Date(last).toISOString() : null,
        };
      }),
    };
  });

  app.post('/api/devices/:id/revoke', {
    schema: {
      tags: ['devices'], summary: '吊销设备：其令牌立即失效、打开的事件流被关闭（再次注册需新的注册码）；重复吊销无副作用',
      params: z.object({ id: z.string().min(1).max(64) }),
      response: { 200: deviceRevokeResponseSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
    },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const { id } = req.params as { id: string };
    const device = store.get(store.q.selectFrom('devices').select(['id', 'kind']).where('id', '=', id));
    if (!device) throw E.unknownDevice();
    engine.mutate(() => {
      // Audited once: a repeated revocation finds no live token and changes nothing.
      if (auth.revokeDevice(id) > 0) engine.adminEvent('admin.device', req.actor!, { id, revoked: true });
    });
    hub.closeOwnedBy(id);
    return { id, kind: device.kind, revoked: true as const, revokedAt: tokenState(id).get(id)?.revokedAt ?? null };
  });
};
export default deviceRoutes;
