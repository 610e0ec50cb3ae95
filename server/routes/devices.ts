// Device enrollment: a manager hands out a one-time code; the device trades it for its own
// token. A counter's or pad's code names its window, and the token is bound to it (sessions
// and devices keep window_no). Demo-mode codes (KIOSK-DEMO, DISPLAY-DEMO, PAD-DEMO[-N],
// COUNTER-DEMO[-N]; the bare ones serve window 1) are reusable. Replacing a broken counter PC
// revokes the old device and issues a code whose enrollment takes over its sync log.
// Revocation ends every token of a device and closes its event stream; the device list says
// which devices are revoked (derived from their sessions: no migration needed).
import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { E } from '../errors';
import { CodedError } from '../../domain/api/errors';
import { enrollmentCodeRequestSchema, WINDOW_DEVICE_KINDS, type DeviceKind } from '../../domain/api/hall';
import { TE } from '../trust/errors';
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
      const usable =
        code &&
        (code.reusable === 1 ? demoMode : code.used_at == null) &&
        (code.expires_at == null || code.expires_at > Date.now()) &&
        (!code.kind || code.kind === body.kind);
      if (!code || !usable) throw E.badEnrollmentCode();
      const windowNo = WINDOW_DEVICE_KINDS.includes(body.kind) ? code.window_no : null;
      if (WINDOW_DEVICE_KINDS.includes(body.kind) && windowNo == null) throw TE.windowRequired();
      if (code.reusable !== 1) store.run(q.updateTable('enrollment_codes').set({ used_at: Date.now() }).where('code', '=', code.code));
      const id = uuidv7();
      store.run(
        q.insertInto('devices').values({ id, kind: body.kind, name: body.name, enrolled_at: Date.now(), enrolled_with: code.code, window_no: windowNo }),
      );
      store.run(
        q.insertInto('events').values({
          at: Date.now(),
          type: 'deviceEnrolled',
          ticket_id: null,
          window_no: windowNo,
          category: null,
          actor: id,
          data: JSON.stringify({ kind: body.kind, name: body.name }),
        }),
      );
      // A replacement PC takes over the old one's sync log: same device id, seq continues.
      let takeOver: { syncDeviceId: string; lastSeq: number } | null = null;
      if (code.takes_over && body.kind === 'counter') {
        const r = store.raw.prepare('UPDATE sync_devices SET owner = ? WHERE device_id = ? RETURNING last_seq').get(id, code.takes_over) as
          { last_seq: number } | undefined;
        takeOver = { syncDeviceId: code.takes_over, lastSeq: r?.last_seq ?? 0 };
      }
      const token = auth.issue('device', id, body.kind, windowNo);
      return { token, deviceId: id, kind: body.kind, windowNo, takeOver };
    });
  });

  serve(R['devices.enrollmentCode'], async (req) => {
    const body = enrollmentCodeRequestSchema.parse(req.body ?? {});
    const code = newCode();
    const expiresAt = Date.now() + body.ttlMinutes * 60_000;
    if (body.windowNo !== undefined) engine.window(body.windowNo);
    store.run(
      store.q.insertInto('enrollment_codes').values({
        code,
        kind: body.kind ?? null,
        reusable: 0,
        used_at: null,
        created_by: req.actor.subject,
        expires_at: expiresAt,
        window_no: body.windowNo ?? null,
        takes_over: null,
      }),
    );
    return { code, kind: body.kind ?? null, windowNo: body.windowNo ?? null, expiresAt: new Date(expiresAt).toISOString() };
  });

  /** Per device: how many tokens it was given, how many are revoked, and when the last one was. */
  const tokenState = (id?: string) => {
    let query = store.q
      .selectFrom('sessions')
      .select([
        'subject',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.count<number>('revoked_at').as('revoked'),
        (eb) => eb.fn.max('revoked_at').as('revokedAt'),
      ])
      .where('kind', '=', 'device');
    if (id) query = query.where('subject', '=', id);
    return new Map(
      store
        .all(query.groupBy('subject'))
        .map((r) => [
          r.subject,
          { live: Number(r.n) - Number(r.revoked), revokedAt: r.revokedAt == null ? null : new Date(Number(r.revokedAt)).toISOString() },
        ]),
    );
  };

  /** Enrolled device → the sync log it pushes (the counter's own device id). */
  const syncIdsByOwner = (): Map<string, string> => {
    const hasSync = store.raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_devices'").get();
    if (!hasSync) return new Map();
    return new Map(
      (store.raw.prepare('SELECT owner, device_id FROM sync_devices WHERE owner IS NOT NULL').all() as { owner: string; device_id: string }[]).map((r) => [
        r.owner,
        r.device_id,
      ]),
    );
  };

  serve(R['devices.list'], async () => {
    const tokens = tokenState();
    const seen = lastReportBy(store);
    const syncIds = syncIdsByOwner();
    return {
      devices: store.all(store.q.selectFrom('devices').selectAll().orderBy('enrolled_at')).map((d) => {
        const t = tokens.get(d.id);
        const last = seen.get(d.id);
        return {
          id: d.id,
          kind: d.kind,
          name: d.name,
          enrolledAt: new Date(d.enrolled_at).toISOString(),
          windowNo: d.window_no,
          syncDeviceId: syncIds.get(d.id) ?? null,
          revoked: !t || t.live === 0,
          revokedAt: t && t.live === 0 ? t.revokedAt : null,
          lastSeenAt: last ? new Date(last).toISOString() : null,
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

  serve(R['devices.replace'], async (req) => {
    const { id } = req.params;
    const ttl = req.body?.ttlMinutes ?? 60;
    const device = store.get(store.q.selectFrom('devices').selectAll().where('id', '=', id));
    if (!device) throw E.unknownDevice();
    if ((device.kind as DeviceKind) !== 'counter') throw TE.notReplaceable();
    const syncId = syncIdsByOwner().get(id);
    if (!syncId) throw new CodedError('device_never_synced', '该柜台设备还没有推送过同步事件，直接吊销后重新注册即可', 409);
    const code = newCode();
    const expiresAt = Date.now() + ttl * 60_000;
    const out = engine.mutate(() => {
      auth.revokeDevice(id);
      // Replaced again before the new PC enrolled: only the newest code may take the log over.
      store.run(store.q.updateTable('enrollment_codes').set({ used_at: Date.now() }).where('takes_over', '=', syncId).where('used_at', 'is', null));
      store.run(
        store.q.insertInto('enrollment_codes').values({
          code,
          kind: 'counter',
          reusable: 0,
          used_at: null,
          created_by: req.actor.subject,
          expires_at: expiresAt,
          window_no: device.window_no,
          takes_over: syncId,
        }),
      );
      const lastSeq = (store.raw.prepare('SELECT last_seq FROM sync_devices WHERE device_id = ?').get(syncId) as { last_seq: number }).last_seq;
      engine.adminEvent('admin.deviceReplace', req.actor, { id, syncDeviceId: syncId, lastSeq, windowNo: device.window_no });
      return { lastSeq };
    });
    hub.closeOwnedBy(id);
    return { syncDeviceId: syncId, from: id, lastSeq: out.lastSeq, windowNo: device.window_no, code, expiresAt: new Date(expiresAt).toISOString() };
  });
};
export default deviceRoutes;
