// Replacing a broken counter PC: the manager's replacement code makes the hall hand this PC the
// old PC's sync log (its device id and the last seq the hall applied). This PC then writes under
// that id, after that seq; events it wrote before enrolling move over (renumbered after the
// hall's seq) so nothing is lost and no seq is reused.
import { HallClient, type FetchLike } from '../../../domain/api/hallClient';
import { getMeta, setMeta, type Db } from '../db';

export interface TakeOver {
  syncDeviceId: string;
  lastSeq: number;
}

export function adoptSyncLog(db: Db, localId: string, t: TakeOver): string {
  db.transaction(() => {
    const base = Math.max(t.lastSeq, Number(getMeta(db, `sync.seqBase:${t.syncDeviceId}`) ?? 0));
    setMeta(db, `sync.seqBase:${t.syncDeviceId}`, String(base));
    if (localId !== t.syncDeviceId) {
      // Pending local events of the fresh install: negative first, so the renumbering never collides.
      db.prepare(`UPDATE events SET device_id = ?, seq = -seq WHERE device_id = ? AND origin = 'local' AND server_version IS NULL`).run(
        t.syncDeviceId,
        localId,
      );
      db.prepare(`UPDATE events SET seq = ? - seq WHERE device_id = ? AND seq < 0`).run(base, t.syncDeviceId);
    } else {
      db.prepare(`UPDATE events SET seq = -seq WHERE device_id = ? AND origin = 'local' AND server_version IS NULL AND seq <= ?`).run(localId, base);
      const top = (db.prepare('SELECT MAX(seq) AS m FROM events WHERE device_id = ?').get(localId) as { m: number | null }).m ?? base;
      db.prepare(`UPDATE events SET seq = ? - seq WHERE device_id = ? AND seq < 0`).run(Math.max(top, base), localId);
    }
    setMeta(db, 'deviceId', t.syncDeviceId);
  })();
  return t.syncDeviceId;
}

const TOKEN = 'sync.deviceToken';

/**
 * Trade the enrollment code for this counter's device token (kept in meta) and, when the code
 * was a replacement code, adopt the old PC's sync log. Returns the token and the device id to
 * write under from now on.
 */
export async function enrollCounter(
  db: Db,
  o: { hallUrl: string; code: string; localId: string; fetch?: FetchLike; timeoutMs?: number },
): Promise<{ token: string; deviceId: string }> {
  const client = new HallClient({ baseUrl: o.hallUrl, fetch: o.fetch, timeoutMs: o.timeoutMs });
  const r = await client.call('devices.enroll', { body: { code: o.code, kind: 'counter', name: o.localId.slice(0, 64) } });
  let deviceId = o.localId;
  db.transaction(() => {
    setMeta(db, TOKEN, r.token);
    if (r.takeOver) deviceId = adoptSyncLog(db, o.localId, r.takeOver);
  })();
  return { token: r.token, deviceId };
}
