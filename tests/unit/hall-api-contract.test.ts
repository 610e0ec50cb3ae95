// The hall API contract (domain/api/routes.ts) is the one source of routes: the server serves
// exactly its entries (OpenAPI lists them), calls are built from it, and a caller that sends a
// wrong shape does not compile. The `@ts-expect-error` lines below are checked by
// `npm run typecheck` (tsconfig.tests.json): if the contract stopped refusing them, the unused
// directive itself would fail the typecheck.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer } from '../../server/app';
import { hallRoutes } from '../../domain/api/routes';
import { buildRequest, callWithStatus, HallClient } from '../../domain/api/hallClient';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-contract-'));
let hall: Awaited<ReturnType<typeof startHallServer>>;

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: dir, seed: 'demo', logLevel: 'silent', rendererDir: '/nonexistent' });
});
afterAll(async () => {
  await hall.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Never called: only typechecked. Each line is a call the contract must refuse. */
export function wrongCallsDoNotCompile(c: HallClient): void {
  // @ts-expect-error the ticket route takes `category`, not `categoryCode`
  void c.call('tickets.issue', { body: { categoryCode: 'A' } });
  // @ts-expect-error a window action needs its window number
  void c.call('windows.finish', { body: {} });
  // @ts-expect-error the window number is a number (the path is built from it)
  void c.call('windows.finish', { params: { windowNo: '1' } });
  // @ts-expect-error no such route
  void c.call('windows.teleport', { params: { windowNo: 1 } });
  void c.call('ratings.submit', {
    // @ts-expect-error a rating level is one of five words
    body: { id: 'r-12345678', windowNo: 1, clerkWorkNo: 'C001', level: 'great', channel: 'hallTablet', ratedAt: '2026-01-01T00:00:00Z' },
  });
  // @ts-expect-error the settings answer has no `repeat` field
  void c.call('settings.get').then((s) => s.repeat);
  // @ts-expect-error the login body is required
  void c.call('auth.login');
}

describe('hall API contract', () => {
  it('the server serves every route of the map, and only those (OpenAPI lists them)', async () => {
    const doc = (await (await fetch(`${hall.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const served = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    // The WebSocket route is left out of the document by @fastify/swagger.
    const mapped = new Set(
      Object.values(hallRoutes)
        .filter((r) => !('raw' in r && r.raw === 'websocket'))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect([...mapped].filter((r) => !served.has(r))).toEqual([]);
    expect([...served].filter((r) => !mapped.has(r))).toEqual([]);
  });

  it('builds paths and query strings from typed input', () => {
    expect(buildRequest('windows.callNext', { params: { windowNo: 7 }, body: { requestId: 'x' } })).toEqual({
      method: 'POST',
      url: '/api/windows/7/call-next',
      body: { requestId: 'x' },
    });
    expect(buildRequest('admin.updateStaff', { params: { workNo: 'C 1/2' }, body: { name: '甲' } }).url).toBe('/api/admin/staff/C%201%2F2');
    expect(buildRequest('sync.pull', { query: { since: 3, exclude: 'd&1' } }).url).toBe('/api/sync/pull?since=3&exclude=d%261');
  });

  it('guards each route with the roles the map gives it', async () => {
    const anonymous = await callWithStatus(hall.url, null, 'admin.staff');
    expect(anonymous.status).toBe(401);
    const kiosk = new HallClient({ baseUrl: hall.url });
    await kiosk.enroll('KIOSK-DEMO', 'kiosk', 'contract test');
    expect((await callWithStatus(hall.url, kiosk.token, 'admin.staff')).body.code).toBe('forbidden');
    expect((await kiosk.call('kiosk.config')).printMode).toBe('screen');
  });

  it('a typed call answers parsed; a refusal is a coded error', async () => {
    const m = new HallClient({ baseUrl: hall.url });
    await m.login('M001', 'demo');
    const issued = await m.call('tickets.issue', { body: { category: 'A', channel: 'manual' } });
    expect(issued.number).toMatch(/^A/);
    const t = await m.call('tickets.get', { params: { id: issued.id } });
    expect(t.status).toBe('waiting');
    await expect(m.call('tickets.get', { params: { id: 'nope' } })).rejects.toMatchObject({ code: 'unknown_ticket', status: 404 });
  });
});
