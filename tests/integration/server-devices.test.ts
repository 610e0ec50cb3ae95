// Devices and retired categories against the real hall server process.
// Devices: a kiosk enrolled with a manager's one-time code issues a ticket and follows the event
// stream; the manager revokes it → its open WebSocket is closed, its next request is 401, it
// cannot reconnect, and it stays revoked after a restart; another kiosk is untouched; revoking
// again is a no-op, an unknown id is 404 and a clerk or a device may not revoke.
// Retired categories: a category taken off every window (or left only with weight 0) is gone
// from the kiosk's list and every issue route refuses it with 409 category_retired, until it is
// assigned again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnHall, client, login, tempDataDir, type HallProcess, type Res } from './server-harness';
import { apiErrorSchema } from '../../domain/api/errors';
import { deviceListSchema } from '../../domain/api/devices';

let hall: HallProcess;
let dataDir: string;
let manager: ReturnType<typeof client>;

beforeAll(async () => {
  dataDir = tempDataDir();
  hall = await spawnHall({ dataDir });
  manager = client(hall.url, await login(hall.url, 'M001'));
});
afterAll(async () => {
  await hall?.stop();
});

function expectRejection(r: Res<unknown>, status: number, code: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = apiErrorSchema.parse(r.body);
  expect(e.code).toBe(code);
  expect(e.message).toMatch(/[\u4e00-\u9fff]/);
}

/** Enrolls with a fresh single-use code made by the manager (not the reusable demo code). */
async function enrollWithCode(kind: 'kiosk' | 'counter', name: string): Promise<{ token: string; deviceId: string }> {
  const code = await manager.post<{ code: string; kind: string; expiresAt: string }>('/api/devices/enrollment-codes', {
    kind,
    ttlMinutes: 10,
    ...(kind === 'counter' ? { windowNo: 1 } : {}),
  });
  expect(code.status).toBe(200);
  expect(code.body.kind).toBe(kind);
  const r = await client(hall.url).post<{ token: string; deviceId: string }>('/api/devices/enroll', { code: code.body.code, kind, name });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function listDevices() {
  const r = await manager.get('/api/devices');
  expect(r.status).toBe(200);
  return deviceListSchema.parse(r.body).devices;
}

/** An open event stream with the close code it ends with (null while open). */
async function openStream(token: string) {
  const ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/events?token=${token}`);
  const state = { closed: null as number | null, messages: 0 };
  ws.on('message', () => state.messages++);
  ws.on('close', (code) => (state.closed = code));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, state };
}

/** A connection attempt: 'open' or the HTTP status the upgrade was refused with. */
function tryConnect(token: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/events?token=${token}`);
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
  });
}

async function adminDeviceEvents(): Promise<{ actor: string | null; data: Record<string, unknown> }[]> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(`${dataDir}/hall.sqlite`, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT actor, data FROM events WHERE type = 'admin.device' ORDER BY seq").all() as { actor: string | null; data: string }[]).map(
      (r) => ({ actor: r.actor, data: JSON.parse(r.data) as Record<string, unknown> }),
    );
  } finally {
    db.close();
  }
}

describe('device revocation', () => {
  it('a revoked kiosk loses its token and its event stream at once; other devices keep theirs', async () => {
    const k1 = await enrollWithCode('kiosk', '一楼取号机');
    const k2 = await enrollWithCode('kiosk', '二楼取号机');
    const kiosk1 = client(hall.url, k1.token);
    const kiosk2 = client(hall.url, k2.token);

    // Working before: issues a ticket, reads its list, holds an event stream.
    const t = await kiosk1.post<{ number: string }>('/api/tickets', { category: 'A', channel: 'kiosk' });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(t.body.number).toMatch(/^A\d{3}$/);
    expect((await kiosk1.get('/api/kiosk/categories')).status).toBe(200);
    const s1 = await openStream(k1.token);
    const s2 = await openStream(k2.token);
    await expect.poll(() => s1.state.messages).toBeGreaterThan(0); // the hello signal

    let listed = (await listDevices()).find((d) => d.id === k1.deviceId)!;
    expect(listed).toMatchObject({ kind: 'kiosk', name: '一楼取号机', revoked: false, revokedAt: null });
    expect(Date.parse(listed.enrolledAt)).not.toBeNaN();

    const r = await manager.post<{ id: string; revoked: boolean; revokedAt: string }>(`/api/devices/${k1.deviceId}/revoke`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: k1.deviceId, kind: 'kiosk', revoked: true });
    expect(Date.parse(r.body.revokedAt)).not.toBeNaN();

    // Its open stream is closed by the server (4401), its next call is 401, it cannot reconnect.
    await expect.poll(() => s1.state.closed, { timeout: 5000 }).toBe(4401);
    expectRejection(await kiosk1.post('/api/tickets', { category: 'A', channel: 'kiosk' }), 401, 'unauthorized');
    expectRejection(await kiosk1.get('/api/queue'), 401, 'unauthorized');
    expect(await tryConnect(k1.token)).toBe(401);

    // The other kiosk is untouched: stream open, still issuing.
    expect(s2.state.closed).toBeNull();
    expect((await kiosk2.post('/api/tickets', { category: 'A', channel: 'kiosk' })).status).toBe(201);
    await expect.poll(() => s2.state.messages).toBeGreaterThan(1);
    s2.ws.close();

    listed = (await listDevices()).find((d) => d.id === k1.deviceId)!;
    expect(listed).toMatchObject({ revoked: true, revokedAt: r.body.revokedAt });
    expect((await listDevices()).find((d) => d.id === k2.deviceId)).toMatchObject({ revoked: false });

    // Again: 200, same answer, audited only once.
    const again = await manager.post(`/api/devices/${k1.deviceId}/revoke`);
    expect(again).toMatchObject({ status: 200, body: { id: k1.deviceId, revoked: true, revokedAt: r.body.revokedAt } });
    const audit = (await adminDeviceEvents()).filter((e) => e.data.id === k1.deviceId);
    expect(audit).toEqual([{ actor: 'M001', data: { id: k1.deviceId, revoked: true } }]);
  });

  it('refuses an unknown device (404), a clerk and a device (403), anonymous (401)', async () => {
    expectRejection(await manager.post('/api/devices/0190aaaa-0000-7000-8000-000000000000/revoke'), 404, 'unknown_device');
    const k = await enrollWithCode('kiosk', '三楼取号机');
    const clerk = client(hall.url, await login(hall.url, 'C003'));
    expectRejection(await clerk.post(`/api/devices/${k.deviceId}/revoke`), 403, 'forbidden');
    expectRejection(await clerk.get('/api/devices'), 403, 'forbidden');
    expectRejection(await client(hall.url, k.token).post(`/api/devices/${k.deviceId}/revoke`), 403, 'forbidden');
    expectRejection(await client(hall.url).post(`/api/devices/${k.deviceId}/revoke`), 401, 'unauthorized');
    // None of those revoked it.
    expect((await client(hall.url, k.token).get('/api/kiosk/categories')).status).toBe(200);
  });

  it("lists a counter's last device-health report as its last activity", async () => {
    const c = await enrollWithCode('counter', '1号窗口柜台');
    const before = (await listDevices()).find((d) => d.id === c.deviceId)!;
    expect(before.lastSeenAt).toBeNull();
    const rep = await client(hall.url, c.token).post('/api/windows/1/devices', { devices: [{ kind: 'printer', state: 'ok', message: '' }] });
    expect(rep.status, JSON.stringify(rep.body)).toBe(204);
    const after = (await listDevices()).find((d) => d.id === c.deviceId)!;
    expect(Date.parse(after.lastSeenAt!)).toBeGreaterThanOrEqual(Date.parse(after.enrolledAt));
  });

  it('a revocation survives a restart', async () => {
    const k = await enrollWithCode('kiosk', '重启测试取号机');
    expect((await manager.post(`/api/devices/${k.deviceId}/revoke`)).status).toBe(200);
    await hall.kill9();
    hall = await spawnHall({ dataDir });
    manager = client(hall.url, await login(hall.url, 'M001'));
    expectRejection(await client(hall.url, k.token).get('/api/queue'), 401, 'unauthorized');
    expect((await listDevices()).find((d) => d.id === k.deviceId)).toMatchObject({ revoked: true });
  });
});

describe('retired categories', () => {
  const kioskList = async (kiosk: ReturnType<typeof client>) => {
    const r = await kiosk.get<{ hallName: string; categories: { code: string; waiting: number }[] }>('/api/kiosk/categories');
    expect(r.status).toBe(200);
    return r.body.categories.map((c) => c.code);
  };

  it('a category no window serves is not offered and not issued, until it is assigned again', async () => {
    const k = await enrollWithCode('kiosk', '退役测试取号机');
    const kiosk = client(hall.url, k.token);
    expect(await kioskList(kiosk)).toEqual(['A', 'B', 'C', 'D', 'P']);

    // Demo seed: only window 6 serves D (D×2, A×1). A ticket taken before the retirement…
    const early = await kiosk.post<{ id: string }>('/api/tickets', { category: 'D', channel: 'kiosk', requestId: 'retire-early-1' });
    expect(early.status).toBe(201);

    // Weight 0 is not service.
    expect(
      (
        await manager.put('/api/windows/6/assignment', {
          categories: [
            { category: 'A', weight: 1 },
            { category: 'D', weight: 0 },
          ],
        })
      ).status,
    ).toBe(200);
    expect(await kioskList(kiosk)).toEqual(['A', 'B', 'C', 'P']);
    expectRejection(await kiosk.post('/api/tickets', { category: 'D', channel: 'kiosk' }), 409, 'category_retired');
    expectRejection(await kiosk.post('/api/kiosk/tickets', { category: 'D' }), 409, 'category_retired');
    expectRejection(await manager.post('/api/tickets', { category: 'D', channel: 'manual' }), 409, 'category_retired');
    const refused = await kiosk.post<{ message: string; details: unknown }>('/api/tickets', { category: 'D', channel: 'kiosk' });
    expect(refused.body).toMatchObject({ message: '该业务暂不办理，请咨询大厅工作人员', details: { category: 'D' } });
    // …is replayed for its retried request id (the first answer stands), not refused.
    const retried = await kiosk.post<{ id: string }>('/api/tickets', { category: 'D', channel: 'kiosk', requestId: 'retire-early-1' });
    expect(retried).toMatchObject({ status: 201, body: { id: early.body.id } });
    // Unknown codes keep their own rejection; served categories are unaffected.
    expectRejection(await kiosk.post('/api/tickets', { category: 'ZZ', channel: 'kiosk' }), 400, 'unknown_category');
    expect((await kiosk.post('/api/kiosk/tickets', { category: 'A' })).status).toBe(201);

    // Off every window entirely: still retired. The manager's own list keeps it (windows: []).
    expect((await manager.put('/api/windows/6/assignment', { categories: [{ category: 'A', weight: 1 }] })).status).toBe(200);
    expect(await kioskList(kiosk)).toEqual(['A', 'B', 'C', 'P']);
    expectRejection(await kiosk.post('/api/kiosk/tickets', { category: 'D' }), 409, 'category_retired');
    const adminCats = await manager.get<{ categories: { code: string; windows: unknown[] }[] }>('/api/admin/categories');
    expect(adminCats.body.categories.find((c) => c.code === 'D')).toMatchObject({ windows: [] });

    // Put back: offered and issued again.
    expect(
      (
        await manager.put('/api/windows/6/assignment', {
          categories: [
            { category: 'D', weight: 2 },
            { category: 'A', weight: 1 },
          ],
        })
      ).status,
    ).toBe(200);
    expect(await kioskList(kiosk)).toEqual(['A', 'B', 'C', 'D', 'P']);
    const back = await kiosk.post<{ ticket: { number: string } }>('/api/kiosk/tickets', { category: 'D' });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body.ticket.number).toMatch(/^D\d{3}$/);
    expect((await kiosk.post('/api/tickets', { category: 'D', channel: 'kiosk' })).status).toBe(201);
  });

  it('the kiosk list is for kiosks and the manager only', async () => {
    const display = await client(hall.url).post<{ token: string }>('/api/devices/enroll', { code: 'DISPLAY-DEMO', kind: 'display', name: '大屏' });
    expectRejection(await client(hall.url, display.body.token).get('/api/kiosk/categories'), 403, 'forbidden');
    expect((await manager.get('/api/kiosk/categories')).status).toBe(200);
  });
});
