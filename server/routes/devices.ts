// Device enrollment: a manager hands out a one-time code; the device trades it for its own
// token. Demo-mode codes (KIOSK-DEMO, DISPLAY-DEMO, PAD-DEMO, COUNTER-DEMO) are reusable.
// Revocation ends every token of a device and closes its event stream; the device list says
// which devices are revoked (derived from their sessions: no migration needed).
import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { E } from '../errors';
import { enrollmentCodeRequestSchema } from '../../domain/api/hall';
import { lastReportBy } from '../deviceHealth/store';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newCode(): string {
  const b = crypto.randomBytes(8);
  const s = Array.from(b, (x) => ALPHABET[x % ALPHABET.length]).join('');
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

const deviceRoutes: RouteModule = (app, { engine, store, auth, hub, demoMode }) => {
  const serve = defineRoutes(app, auth);
  serve(R['devices.enroll'], async (req) => {
    const body = req.body;
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

  serve(R['devices.enrollmentCode'], async (req) => {
    const body = enrollmentCodeRequestSchema.parse(req.body ?? {});
    const code = newCode();
    const expiresAt = Date.now() + body.ttlMinutes * 60_000;
    store.run(store.q.insertInto('enrollment_codes').values({ code, kind: body.kind ?? null, reusable: 0, used_at: null, created_by: req.actor.subject, expires_at: expiresAt }));
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

  serve(R['devices.list'], async () => {
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

  serve(R['devices.revoke'], async (req) => {
    const { id } = req.params;
    const device = store.get(store.q.selectFrom('devices').select(['id', 'kind']).where('id', '=', id));
    if (!device) throw E.unknownDevice();
    engine.mutate(() => {
      // Audited once: a repeated revocation finds no live token and changes nothing.
      if (auth.revokeDevice(id) > 0) engine.adminEvent('admin.device', req.actor, { id, revoked: true });
    });
    hub.closeOwnedBy(id);
    return { id, kind: device.kind, revoked: true as const, revokedAt: tokenState(id).get(id)?.revokedAt ?? null };
  });
};
export default deviceRoutes;
