// The hall server API against the real process: demo seed, the clerk's full action set,
// manager operations, events, and that answers match the shared wire schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnHall, client, login, enroll, type HallProcess } from './server-harness';
import {
  catalogueSchema,
  issuedTicketSchema,
  loginResponseSchema,
  queueSnapshotSchema,
  statsResponseSchema,
  windowActionResponseSchema,
  explainResponseSchema,
} from '../../domain/api/hall';

let hall: HallProcess;
let kiosk: ReturnType<typeof client>;
let manager: ReturnType<typeof client>;

beforeAll(async () => {
  hall = await spawnHall();
  kiosk = client(hall.url, await enroll(hall.url, 'kiosk'));
  manager = client(hall.url, await login(hall.url, 'M001'));
  // No recall cooldown for the tests (the rule is data; its own test sets it back).
  const r = await manager.put('/api/ordering-rules', { recallCooldownSeconds: 0 });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await hall?.stop();
});

const issue = async (category: string, extra: Record<string, unknown> = {}) => {
  const r = await kiosk.post('/api/tickets', { category, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return issuedTicketSchema.parse(r.body);
};

describe('demo seed and login', () => {
  it('seeds the hall, categories, six windows plus the 办不成事 window (9) and the catalogue', async () => {
    const snap = queueSnapshotSchema.parse((await kiosk.get('/api/queue')).body);
    expect(snap.hall.name).toBe('示例市政务服务中心');
    expect(snap.categories.map((c) => `${c.code}${c.name}`)).toEqual(['A综合受理', 'B社保医保', 'C不动产登记', 'D企业开办', 'P办不成事反映']);
    expect(snap.windows.map((w) => w.no)).toEqual([1, 2, 3, 4, 5, 6, 9]);
    expect(snap.windows.find((w) => w.no === 4)!.categories).toEqual([{ category: 'C', weight: 1 }]);
    const cat = catalogueSchema.parse((await kiosk.get('/api/catalogue')).body);
    expect(cat.items.length).toBeGreaterThanOrEqual(10);
    expect(new Set(cat.items.map((i) => i.caseType))).toEqual(new Set(['即办件', '承诺件']));
    expect(cat.items.some((i) => i.materials.some((m) => m.mayBeWaived))).toBe(true);
  });

  it('logs clerks in at their windows and the manager without one', async () => {
    const r = await client(hall.url).post('/api/auth/login', { workNo: 'C003', password: 'demo' });
    const body = loginResponseSchema.parse(r.body);
    expect(body).toMatchObject({ role: 'clerk', windowNo: 3, staff: { workNo: 'C003', name: '刘洋' } });
    const m = loginResponseSchema.parse((await client(hall.url).post('/api/auth/login', { workNo: 'M001', password: 'demo' })).body);
    expect(m.role).toBe('manager');
    expect(m.windowNo).toBeUndefined();
    const bad = await client(hall.url).post('/api/auth/login', { workNo: 'C003', password: 'wrong' });
    expect(bad).toMatchObject({ status: 401, body: { code: 'bad_credentials' } });
  });
});

describe('tickets', () => {
  it('numbers per category, counts people ahead, and gives the green channel to people aged 60+', async () => {
    const a = await issue('D');
    const b = await issue('D', { idNumber: '11010519491231002X' });
    expect(b.number).toBe(`D${String(Number(a.number.slice(1)) + 1).padStart(3, '0')}`);
    expect(b.ahead).toBe(a.ahead + 1);
    expect(b.priority).toBe('elderly');
    expect(b.hallName).toBe('示例市政务服务中心');
    const dup = await kiosk.post('/api/tickets', { category: 'D', idNumber: '11010519491231002X' });
    expect(dup).toMatchObject({ status: 409, body: { code: 'duplicate_id_ticket' } });
    // The same ID may wait in another category.
    expect((await issue('C', { idNumber: '11010519491231002X' })).priority).toBe('elderly');
    const bad = await kiosk.post('/api/tickets', { category: 'D', idNumber: '110105194912310021' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_id_number' } });
  });

  it('is idempotent under a requestId', async () => {
    const one = await issue('B', { requestId: 'kiosk-1-req-42' });
    const two = await issue('B', { requestId: 'kiosk-1-req-42' });
    expect(two.id).toBe(one.id);
    expect(two.number).toBe(one.number);
  });
});

describe('clerk actions at window 6 (D, A)', () => {
  let clerk: ReturnType<typeof client>;
  beforeAll(async () => {
    clerk = client(hall.url, await login(hall.url, 'C006'));
  });

  it('calls, recalls up to the limit, then the ticket becomes a no-show', async () => {
    const t = await issue('D');
    let r = await clerk.post('/api/windows/6/call-next', { category: 'D', ticketId: t.id });
    expect(r.status).toBe(200);
    for (let i = 1; i <= 3; i++) {
      r = await clerk.post('/api/windows/6/recall', {});
      expect(windowActionResponseSchema.parse(r.body).ticket!.recallCount).toBe(i);
    }
    r = await clerk.post('/api/windows/6/recall', {});
    const a = windowActionResponseSchema.parse(r.body);
    expect(a.becameNoShow).toBe(true);
    expect(a.ticket!.status).toBe('noShow');
    expect(a.window.current).toBeNull();
  });

  it('serves: call → start → finish, with the display seeing the call once in recentCalls', async () => {
    const t = await issue('D');
    const r = await clerk.post('/api/windows/6/call-next', { ticketId: t.id, requestId: 'w6-call-1' });
    expect(r.status).toBe(200);
    const again = await clerk.post('/api/windows/6/call-next', { ticketId: t.id, requestId: 'w6-call-1' });
    expect(again).toEqual(r); // replayed, not called twice
    const snap = queueSnapshotSchema.parse((await kiosk.get('/api/queue')).body);
    const calls = snap.recentCalls.filter((c) => c.ticketId === t.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ ticketNumber: t.number, windowNo: 6, kind: 'call' });
    expect(snap.windows.find((w) => w.no === 6)!.current!.id).toBe(t.id);
    expect((await clerk.post('/api/windows/6/start', {})).status).toBe(200);
    const fin = windowActionResponseSchema.parse((await clerk.post('/api/windows/6/finish', { ticketId: t.id })).body);
    expect(fin.ticket!.status).toBe('done');
    expect(fin.window.status).toBe('open');
  });

  it('transfers to another category at the head of its line', async () => {
    const c1 = await issue('C');
    const t = await issue('D');
    await clerk.post('/api/windows/6/call-next', { ticketId: t.id });
    const r = await clerk.post('/api/windows/6/transfer', { category: 'C', position: 'head' });
    expect(windowActionResponseSchema.parse(r.body).ticket).toMatchObject({ id: t.id, category: 'C', status: 'waiting' });
    const c4 = client(hall.url, await login(hall.url, 'C004'));
    // Priority (green channel) tickets of C may come first; among normal ones the transfer leads.
    const order: string[] = [];
    for (;;) {
      const n = await c4.post<{ ticket: { id: string; priority: string } }>('/api/windows/4/call-next', {});
      if (n.status === 204) break;
      if (n.body.ticket.priority === 'normal') order.push(n.body.ticket.id);
    }
    expect(order.indexOf(t.id)).toBe(0);
    expect(order.indexOf(c1.id)).toBeGreaterThan(0);
    await c4.post('/api/windows/4/finish', {});
  });

  it('transfers to a window: only that window receives it', async () => {
    const t = await issue('A');
    await clerk.post('/api/windows/6/call-next', { ticketId: t.id });
    const wrong = await clerk.post('/api/windows/6/transfer', { windowNo: 4, position: 'tail' });
    expect(wrong).toMatchObject({ status: 409, body: { code: 'category_not_assigned' } });
    const r = await clerk.post('/api/windows/6/transfer', { windowNo: 5, position: 'tail' });
    expect(r.status).toBe(200);
    const c1 = client(hall.url, await login(hall.url, 'C001'));
    // Window 1 serves A too, but the ticket now belongs to window 5.
    for (;;) {
      const n = await c1.post<{ ticket: { id: string } }>('/api/windows/1/call-next', {});
      if (n.status === 204) break;
      expect(n.body.ticket.id).not.toBe(t.id);
    }
    const c5 = client(hall.url, await login(hall.url, 'C005'));
    const got = await c5.post<{ ticket: { id: string } }>('/api/windows/5/call-next', {});
    expect(got.body.ticket.id).toBe(t.id);
    await c5.post('/api/windows/5/finish', {});
  });

  it('suspends and calls back', async () => {
    const t = await issue('D');
    await clerk.post('/api/windows/6/call-next', { ticketId: t.id });
    const s = windowActionResponseSchema.parse((await clerk.post('/api/windows/6/suspend', {})).body);
    expect(s.ticket!.status).toBe('suspended');
    const list = await clerk.get<{ tickets: { id: string }[] }>('/api/windows/6/suspended');
    expect(list.body.tickets.map((x) => x.id)).toContain(t.id);
    const back = windowActionResponseSchema.parse((await clerk.post('/api/windows/6/call-back', { ticketId: t.id })).body);
    expect(back.ticket).toMatchObject({ id: t.id, status: 'called' });
    await clerk.post('/api/windows/6/finish', {});
  });

  it('pauses with a reason (no calls while paused), resumes, serves a walk-in', async () => {
    const p = windowActionResponseSchema.parse((await clerk.post('/api/windows/6/pause', { reason: '系统故障' })).body);
    expect(p.window).toMatchObject({ status: 'paused', pauseReason: '系统故障' });
    expect(await clerk.post('/api/windows/6/call-next', {})).toMatchObject({ status: 409, body: { code: 'window_paused' } });
    expect((await clerk.post('/api/windows/6/resume', {})).status).toBe(200);
    const w = windowActionResponseSchema.parse((await clerk.post('/api/windows/6/walk-in', { category: 'D' })).body);
    expect(w.ticket).toMatchObject({ status: 'serving', channel: 'walkIn', windowNo: 6 });
    await clerk.post('/api/windows/6/finish', {});
  });
});

describe('manager', () => {
  it('reassigns categories, effective at the next call and pushed as an event', async () => {
    const c3 = client(hall.url, await login(hall.url, 'C003'));
    const t = await issue('C');
    const before = (await manager.get<{ version: number }>('/api/events/poll?since=0')).body.version;
    expect(await c3.post('/api/windows/3/call-next', { category: 'C' })).toMatchObject({ status: 409, body: { code: 'category_not_assigned' } });
    const r = await manager.put('/api/windows/3/assignment', { categories: [{ category: 'C', weight: 1 }] });
    expect(r.status).toBe(200);
    // Signals are coalesced (100 ms) and announced after commit: a poll may first return events
    // that were announced late (the ticket's), so follow the versions until the assignment shows.
    const seen: string[] = [];
    for (let since = before, i = 0; i < 10 && !seen.includes('assignment'); i++) {
      const poll = await manager.get<{ version: number; events: { type: string; version: number }[] }>(`/api/events/poll?since=${since}&wait=3000`);
      seen.push(...poll.body.events.map((e) => e.type));
      since = poll.body.version;
    }
    expect(seen).toContain('assignment');
    const got = await c3.post<{ ticket: { category: string } }>('/api/windows/3/call-next', {});
    expect(got.body.ticket.category).toBe('C');
    await c3.post('/api/windows/3/finish', {});
    expect(got.body.ticket).toBeDefined();
    void t;
  });

  it('AB角: the backup takes over a window and the old clerk can no longer act there', async () => {
    const c4 = client(hall.url, await login(hall.url, 'C004'));
    expect(await manager.post('/api/windows/4/takeover', { workNo: 'C001' })).toMatchObject({ status: 403, body: { code: 'not_backup' } });
    const r = windowActionResponseSchema.parse((await manager.post('/api/windows/4/takeover', { workNo: 'C005' })).body);
    expect(r.window.clerk!.workNo).toBe('C005');
    expect(await c4.post('/api/windows/4/call-next', {})).toMatchObject({ status: 403, body: { code: 'not_your_window' } });
    const c5at4 = client(hall.url, await login(hall.url, 'C005', 'demo', 4));
    const n = await c5at4.post('/api/windows/4/call-next', {});
    expect([200, 204]).toContain(n.status);
  });

  it('explains the next pick and reports statistics', async () => {
    const c2 = client(hall.url, await login(hall.url, 'C002'));
    await issue('B');
    const ex = explainResponseSchema.parse((await c2.get('/api/queue/explain?windowNo=2')).body);
    expect(ex.next).not.toBeNull();
    expect(ex.steps.length).toBeGreaterThan(0);
    const called = await c2.post<{ ticket: { id: string } }>('/api/windows/2/call-next', {});
    expect(called.body.ticket.id).toBe(ex.next!.id);
    await c2.post('/api/windows/2/start', {});
    await c2.post('/api/windows/2/finish', {});
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    for (const groupBy of ['category', 'window', 'clerk', 'hour']) {
      const s = statsResponseSchema.parse((await manager.get(`/api/stats?from=${today}&to=${today}&groupBy=${groupBy}`)).body);
      expect(s.rows.length).toBeGreaterThan(0);
    }
    const byCat = statsResponseSchema.parse((await manager.get(`/api/stats?from=${today}&to=${today}&groupBy=category`)).body);
    const b = byCat.rows.find((r) => r.key === 'B')!;
    expect(b.issued).toBeGreaterThanOrEqual(1);
    expect(b.served).toBeGreaterThanOrEqual(1);
    expect(b.service.count).toBeGreaterThanOrEqual(1);
    const d = byCat.rows.find((r) => r.key === 'D')!;
    expect(d.noShow).toBeGreaterThanOrEqual(1);
    expect(d.noShowRate).toBeGreaterThan(0);
  });
});

describe('ratings, devices, events, OpenAPI, renderer', () => {
  it('accepts a rating once per id', async () => {
    const pad = client(hall.url, await enroll(hall.url, 'pad'));
    const rating = {
      id: 'rating-0001-abcd',
      windowNo: 1,
      clerkWorkNo: 'C001',
      level: 'verySatisfied',
      channel: 'hallTablet',
      ratedAt: new Date().toISOString(),
    };
    expect((await pad.post('/api/ratings', rating)).body).toEqual({ id: rating.id, accepted: true, duplicate: false });
    expect((await pad.post('/api/ratings', rating)).body).toEqual({ id: rating.id, accepted: true, duplicate: true });
  });

  it('single-use enrollment codes work once', async () => {
    const code = (await manager.post<{ code: string }>('/api/devices/enrollment-codes', { kind: 'display' })).body.code;
    const anon = client(hall.url);
    expect((await anon.post('/api/devices/enroll', { code, kind: 'display', name: '二楼大屏' })).status).toBe(200);
    expect(await anon.post('/api/devices/enroll', { code, kind: 'display', name: '二楼大屏' })).toMatchObject({
      status: 403,
      body: { code: 'bad_enrollment_code' },
    });
  });

  it('streams version signals over the WebSocket and resumes with ?since', async () => {
    const token = await enroll(hall.url, 'display');
    const v0 = (await client(hall.url, token).get<{ version: number }>('/api/queue')).body.version;
    const ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/events?token=${token}&since=${v0}`);
    const got: { version: number; type: string }[] = [];
    ws.on('message', (m) => got.push(JSON.parse(String(m))));
    await new Promise((r) => ws.once('open', r));
    await issue('A');
    // A signal still coalescing from the previous test (at v0) may arrive first: wait for a newer one.
    await expect.poll(() => got.at(-1)?.version ?? -1, { timeout: 5000 }).toBeGreaterThan(v0);
    ws.close();
    // Resuming from an old version gets an immediate catch-up signal.
    const ws2 = new WebSocket(`${hall.url.replace('http', 'ws')}/api/events?token=${token}&since=${v0}`);
    const first = await new Promise<{ version: number; type: string }>((r) => ws2.once('message', (m) => r(JSON.parse(String(m)))));
    expect(first).toMatchObject({ type: 'resync' });
    expect(first.version).toBeGreaterThan(v0);
    ws2.close();
  });

  it('serves an OpenAPI document built from the zod schemas', async () => {
    const r = await client(hall.url).get<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> } }>>;
    }>('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    for (const p of ['/api/auth/login', '/api/tickets', '/api/windows/{windowNo}/call-next', '/api/queue', '/api/stats', '/api/ratings'])
      expect(Object.keys(r.body.paths)).toContain(p);
    expect(r.body.paths['/api/tickets']!.post!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('idNumber');
  });
});
