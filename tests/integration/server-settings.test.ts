// Hall settings against the real hall server process: defaults, the manager's change (kept across
// a restart, signalled to displays as type 'settings'), who may read and who may not write, and
// every bad value refused with a stable code and a Chinese message.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnHall, client, login, enroll, tempDataDir, type HallProcess } from './server-harness';
import { apiErrorSchema } from '../../domain/api/errors';
import { hallSettingsResponseSchema } from '../../domain/api/settings';

const dataDir = tempDataDir();
let hall: HallProcess;
let manager: ReturnType<typeof client>;

beforeAll(async () => {
  hall = await spawnHall({ dataDir, args: ['--seed', 'demo'] });
  manager = client(hall.url, await login(hall.url, 'M001'));
});
afterAll(async () => {
  await hall?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function expectRejection(r: { status: number; body: unknown }, status: number, code: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = apiErrorSchema.parse(r.body);
  expect(e.code).toBe(code);
  expect(e.message).toMatch(/[\u4e00-\u9fff]/);
}

describe('hall settings', () => {
  it('start at the defaults and are readable by devices and staff, not anonymously', async () => {
    const display = client(hall.url, await enroll(hall.url, 'display'));
    const r = await display.get('/api/hall/settings');
    expect(r.status).toBe(200);
    expect(hallSettingsResponseSchema.parse(r.body)).toEqual({ announceRepeat: 2, announceGapMs: 600, retentionDays: 180, updatedAt: null, updatedBy: null });
    const clerk = client(hall.url, await login(hall.url, 'C001'));
    expect((await clerk.get('/api/hall/settings')).status).toBe(200);
    expect((await client(hall.url, await enroll(hall.url, 'kiosk')).get('/api/hall/settings')).status).toBe(200);
    expectRejection(await client(hall.url).get('/api/hall/settings'), 401, 'unauthorized');
  });

  it('the manager changes them; open displays get a settings signal; the change survives a restart', async () => {
    const token = await enroll(hall.url, 'display');
    const v0 = (await client(hall.url, token).get<{ version: number }>('/api/queue')).body.version;
    const ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/events?token=${token}&since=${v0}`);
    const got: { version: number; type: string }[] = [];
    ws.on('message', (m) => got.push(JSON.parse(String(m)) as { version: number; type: string }));
    await new Promise((r) => ws.once('open', r));

    const r = await manager.put('/api/hall/settings', { announceRepeat: 3 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const saved = hallSettingsResponseSchema.parse(r.body);
    expect(saved).toMatchObject({ announceRepeat: 3, announceGapMs: 600, updatedBy: 'M001' });
    expect(Date.parse(saved.updatedAt!)).not.toBeNaN();
    await expect.poll(() => got.map((s) => s.type), { timeout: 5000 }).toContain('settings');
    expect(got.find((s) => s.type === 'settings')!.version).toBeGreaterThan(v0);
    ws.close();

    // A partial update keeps the other field.
    const r2 = await manager.put('/api/hall/settings', { announceGapMs: 1500 });
    expect(hallSettingsResponseSchema.parse(r2.body)).toMatchObject({ announceRepeat: 3, announceGapMs: 1500 });
    expect((await client(hall.url, token).get('/api/hall/settings')).body).toMatchObject({ announceRepeat: 3, announceGapMs: 1500, updatedBy: 'M001' });

    await hall.stop();
    hall = await spawnHall({ dataDir, args: ['--seed', 'demo'] });
    manager = client(hall.url, await login(hall.url, 'M001'));
    expect((await manager.get('/api/hall/settings')).body).toMatchObject({ announceRepeat: 3, announceGapMs: 1500, updatedBy: 'M001' });
  });

  it('only the manager may change them', async () => {
    const before = (await manager.get('/api/hall/settings')).body;
    expectRejection(await client(hall.url, await login(hall.url, 'C002')).put('/api/hall/settings', { announceRepeat: 1 }), 403, 'forbidden');
    expectRejection(await client(hall.url, await enroll(hall.url, 'display')).put('/api/hall/settings', { announceRepeat: 1 }), 403, 'forbidden');
    expectRejection(await client(hall.url).put('/api/hall/settings', { announceRepeat: 1 }), 401, 'unauthorized');
    expect((await manager.get('/api/hall/settings')).body).toEqual(before);
  });

  it('refuses values out of range, of the wrong type, unknown fields and an empty change', async () => {
    const before = (await manager.get('/api/hall/settings')).body;
    for (const body of [
      { announceRepeat: 0 },
      { announceRepeat: 4 },
      { announceRepeat: 1.5 },
      { announceRepeat: '2' },
      { announceGapMs: -1 },
      { announceGapMs: 5001 },
      { announceRepeat: 2, volume: 9 },
      {},
    ]) {
      const r = await manager.put('/api/hall/settings', body);
      expectRejection(r, 400, 'invalid_body');
      expect((r.body as { details?: unknown[] }).details?.length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    expectRejection(await manager.raw('PUT', '/api/hall/settings', '{"announceRepeat":'), 400, 'malformed_json');
    expect((await manager.get('/api/hall/settings')).body).toEqual(before);
  });
});
