// Every rejection is a 4xx {code, message} with a stable code and a Chinese message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHall, client, login, enroll, type HallProcess } from './server-harness';
import { apiErrorSchema } from '../../domain/api/errors';

let hall: HallProcess;
let c1: ReturnType<typeof client>;
let kiosk: ReturnType<typeof client>;

beforeAll(async () => {
  hall = await spawnHall({ args: ['--seed', 'demo', '--session-ttl', '3'] });
  c1 = client(hall.url, await login(hall.url, 'C001'));
  kiosk = client(hall.url, await enroll(hall.url, 'kiosk'));
});
afterAll(async () => {
  await hall?.stop();
});

function expectRejection(r: { status: number; body: unknown }, status: number, code: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = apiErrorSchema.parse(r.body);
  expect(e.code).toBe(code);
  expect(e.message).toMatch(/[\u4e00-\u9fff]/); // a Chinese message for the person at the screen
}

describe('rejections', () => {
  it('unknown window and category', async () => {
    expectRejection(await c1.post('/api/windows/99/call-next', {}), 404, 'unknown_window');
    expectRejection(await kiosk.post('/api/tickets', { category: 'Z' }), 400, 'unknown_category');
    expectRejection(await c1.post('/api/windows/1/call-next', { category: 'Z' }), 400, 'unknown_category');
    expectRejection(await c1.post('/api/windows/1/call-next', { category: 'C' }), 409, 'category_not_assigned');
    expectRejection(await c1.post('/api/windows/abc/call-next', {}), 400, 'invalid_params');
  });

  it('acting on another window', async () => {
    expectRejection(await c1.post('/api/windows/2/call-next', {}), 403, 'not_your_window');
    expectRejection(await c1.post('/api/windows/2/pause', { reason: '测试' }), 403, 'not_your_window');
  });

  it('calling while paused or closed', async () => {
    expect((await c1.post('/api/windows/1/pause', { reason: '培训' })).status).toBe(200);
    expectRejection(await c1.post('/api/windows/1/call-next', {}), 409, 'window_paused');
    expect((await c1.post('/api/windows/1/resume', {})).status).toBe(200);
    expectRejection(await c1.post('/api/windows/1/resume', {}), 409, 'window_not_paused');
    expect((await c1.post('/api/windows/1/close', {})).status).toBe(200);
    expectRejection(await c1.post('/api/windows/1/call-next', {}), 409, 'window_closed');
    expect((await c1.post('/api/windows/1/open', {})).status).toBe(200);
  });

  it('finishing a ticket that is not yours, or with none', async () => {
    expectRejection(await c1.post('/api/windows/1/finish', {}), 409, 'no_current_ticket');
    const c2 = client(hall.url, await login(hall.url, 'C002'));
    const t = (await kiosk.post<{ id: string }>('/api/tickets', { category: 'A' })).body;
    expect((await c2.post('/api/windows/2/call-next', { ticketId: t.id })).status).toBe(200);
    const mine = (await kiosk.post<{ id: string }>('/api/tickets', { category: 'A' })).body;
    expect((await c1.post('/api/windows/1/call-next', { ticketId: mine.id })).status).toBe(200);
    expectRejection(await c1.post('/api/windows/1/finish', { ticketId: t.id }), 409, 'ticket_not_yours');
    expectRejection(await c1.post('/api/windows/1/call-next', { ticketId: t.id }), 409, 'ticket_not_waiting');
    expectRejection(await c1.post('/api/windows/1/pause', { reason: '午休' }), 409, 'window_busy');
  });

  it('a rejection under a requestId is replayed, not re-run', async () => {
    const a = await c1.post('/api/windows/1/call-next', { category: 'D', requestId: 'rej-1' });
    const b = await c1.post('/api/windows/1/call-next', { category: 'D', requestId: 'rej-1' });
    expectRejection(a, 409, 'category_not_assigned');
    expect(b).toEqual(a);
  });

  it('missing, bad and expired tokens; wrong role', async () => {
    expectRejection(await client(hall.url).get('/api/queue'), 401, 'unauthorized');
    expectRejection(await client(hall.url, 'not-a-token').get('/api/queue'), 401, 'unauthorized');
    const display = client(hall.url, await enroll(hall.url, 'display'));
    expectRejection(await display.post('/api/tickets', { category: 'A' }), 403, 'forbidden');
    expectRejection(await kiosk.post('/api/windows/1/call-next', {}), 403, 'forbidden');
    expectRejection(await c1.put('/api/windows/1/assignment', { categories: [] }), 403, 'forbidden');
    expectRejection(await c1.get('/api/stats?from=2026-01-01&to=2026-01-02'), 403, 'forbidden');
    const shortLived = client(hall.url, await login(hall.url, 'C003'));
    expect((await shortLived.get('/api/queue')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3200));
    expectRejection(await shortLived.get('/api/queue'), 401, 'token_expired');
    // Device tokens do not expire.
    expect((await display.get('/api/queue')).status).toBe(200);
  });

  it('malformed JSON, wrong content type, invalid and oversized bodies', async () => {
    const c = client(hall.url, await login(hall.url, 'C001'));
    expectRejection(await c.raw('POST', '/api/windows/1/call-next', '{"category": '), 400, 'malformed_json');
    expectRejection(await c.raw('POST', '/api/windows/1/call-next', 'category=A', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    expectRejection(await c.post('/api/windows/1/pause', { reason: 42 }), 400, 'invalid_body');
    expectRejection(await kiosk.post('/api/tickets', { category: 'A', channel: 'fax' }), 400, 'invalid_body');
    const big = JSON.stringify({ category: 'A', requestId: 'x'.repeat(200_000) });
    expectRejection(await kiosk.raw('POST', '/api/tickets', big), 413, 'body_too_large');
    expectRejection(await client(hall.url).post('/api/auth/login', { workNo: 'C001' }), 400, 'invalid_body');
    expectRejection(await c.get('/api/no-such-thing'), 404, 'not_found');
  });

  it('never logs ID numbers or tokens', async () => {
    await kiosk.post('/api/tickets', { category: 'B', idNumber: '11010519491231002X' });
    await kiosk.raw('POST', '/api/tickets', '{"idNumber":"11010519491231002X",');
    expect(hall.stderr()).not.toContain('11010519491231002X');
  });
});
