// The duty rota in a real hall server (in process, demo seed, clock at Monday 2026-10-12 10:00 hall
// time): sign-in honours the rota (A, B while A is on leave, off-rota refused, a manager's unlock
// audited), the kiosk offers only what a rota'd window serves at this hour, and the rota routes
// refuse a wrong type, a wrong role, a value from the future, and answer a replay with the first answer.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHallServer } from '../../server/app';

let hall: Awaited<ReturnType<typeof startHallServer>>;
const tokens: Record<string, string> = {};
const NOW = Date.parse('2026-10-12T10:00:00+08:00');

async function call(method: string, path: string, who: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  const r = await fetch(hall.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const login = (workNo: string, windowNo?: number, unlock?: { workNo: string; password: string }) =>
  call('POST', '/api/auth/login', null, { workNo, password: 'demo', ...(windowNo ? { windowNo } : {}), ...(unlock ? { unlock } : {}) });
type Month = {
  cells: { date: string; windowNo: number; a: string | null; b: string | null; leader: string | null }[];
  days: unknown[];
  leave: { workNo: string; date: string }[];
};
const month = async (m = '2026-10') =>
  (await call('GET', `/api/rota/${m}`, 'M001')).body as Month & { configured: boolean; uncovered: { date: string; windowNo: number; reason: string }[] };
const save = (m: string, b: Partial<Month> & { requestId?: string }, who = 'M001') => call('PUT', `/api/rota/${m}`, who, b);
const kioskCats = async () => ((await call('GET', '/api/kiosk/categories', 'kiosk')).body.categories as { code: string }[]).map((c) => c.code).sort();

beforeAll(async () => {
  vi.setSystemTime(NOW);
  hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent', rendererDir: '/nonexistent' });
  tokens.M001 = (await login('M001')).body.token;
  tokens.kiosk = (await call('POST', '/api/devices/enroll', null, { code: 'KIOSK-DEMO', kind: 'kiosk', name: 'k1' })).body.token;
});
afterAll(async () => {
  await hall?.close();
  vi.useRealTimers();
});

describe('the demo rota', () => {
  it('makes every demo clerk A at his own window this month and next', async () => {
    const m = await month();
    expect(m.configured).toBe(true);
    expect(m.cells.find((c) => c.date === '2026-10-12' && c.windowNo === 1)).toMatchObject({ a: 'C001', b: 'C002' });
    // The 办不成事 window (9): its clerk C007 is A, the manager M001 the leader on duty.
    expect(m.cells.find((c) => c.date === '2026-10-12' && c.windowNo === 9)).toMatchObject({ a: 'C007', leader: 'M001' });
    expect((m as unknown as { windows: { no: number; problemDesk: boolean }[] }).windows.filter((w) => w.problemDesk).map((w) => w.no)).toEqual([9]);
    expect((await month('2026-11')).configured).toBe(true);
    expect(m.uncovered).toEqual([]);
    const r = await login('C001', 1);
    expect(r.status).toBe(200);
    tokens.C001 = r.body.token;
  });
});

describe('sign-in honours the rota', () => {
  it('refuses A on leave, lets B in at his window, refuses a clerk off the rota', async () => {
    await call('POST', '/api/auth/logout', 'C001');
    const m = await month();
    expect((await save('2026-10', { cells: m.cells, days: m.days, leave: [{ workNo: 'C001', date: '2026-10-12' }] })).status).toBe(200);
    const onLeave = await login('C001', 1);
    expect(onLeave.status).toBe(403);
    expect(onLeave.body).toMatchObject({ code: 'on_leave' });
    expect(onLeave.body.message).toContain('请假');
    const b = await login('C002', 1);
    expect(b.status).toBe(200);
    expect(b.body.windowNo).toBe(1);
    const off = await login('C003', 1);
    expect(off.status).toBe(403);
    expect(off.body).toMatchObject({ code: 'off_rota' });
    expect(off.body.message).toContain('管理员授权');
  });

  it('lets a clerk off the rota in with a manager’s unlock only, and audits who unlocked whom where', async () => {
    expect((await login('C003', 4, { workNo: 'C004', password: 'demo' })).body).toMatchObject({ code: 'unlock_not_manager' });
    const bad = await call('POST', '/api/auth/login', null, { workNo: 'C003', password: 'demo', windowNo: 4, unlock: { workNo: 'M001', password: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('unlock_bad_credentials');
    expect(
      (await call('POST', '/api/auth/login', null, { workNo: 'C003', password: 'demo', windowNo: 4, unlock: { workNo: 'M001', password: 1 } })).status,
    ).toBe(400);
    const ok = await login('C003', 4, { workNo: 'M001', password: 'demo' });
    expect(ok.status).toBe(200);
    expect(ok.body.windowNo).toBe(4);
    const rows = hall.ctx.store.raw.prepare("SELECT at, actor, data FROM events WHERE type = 'rota.unlock'").all() as {
      at: number;
      actor: string;
      data: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor).toBe('M001');
    expect(rows[0]!.at).toBe(NOW);
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ manager: 'M001', clerk: 'C003', windowNo: 4, refused: 'off_rota' });
  });
});

describe('kiosk and today’s hours', () => {
  it('offers only categories a rota’d window serves at this hour', async () => {
    expect(await kioskCats()).toEqual(['A', 'B', 'C', 'D', 'P']);
    const m = await month();
    // Windows 4 and 5 (the only ones serving C) off the rota today: C is not offered.
    const cells = m.cells.filter((c) => !(c.date === '2026-10-12' && (c.windowNo === 4 || c.windowNo === 5)));
    expect((await save('2026-10', { cells, days: m.days, leave: m.leave })).status).toBe(200);
    expect(await kioskCats()).toEqual(['A', 'B', 'D', 'P']);
    // A kiosk (or a script) asking for C anyway is refused: the ticket would wait for ever.
    const refused = await call('POST', '/api/kiosk/tickets', 'kiosk', { category: 'C' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'category_not_served_now' });
    expect((await call('POST', '/api/kiosk/tickets', 'kiosk', { category: 'A' })).status).toBe(201);
    const after = await month();
    expect(after.uncovered).toEqual(expect.arrayContaining([{ date: '2026-10-12', windowNo: 4, reason: 'nobody' }]));
    expect((await save('2026-10', { cells: m.cells, days: m.days, leave: m.leave })).status).toBe(200);
  });

  it('closes over lunch unless the day has 延时服务, and shows today’s extended hours', async () => {
    const hours = { open: '09:00', close: '17:00', lunchStart: '12:00', lunchEnd: '14:00' };
    expect((await call('PUT', '/api/rota-hours', 'M001', { hours })).body).toEqual({ hours });
    vi.setSystemTime(Date.parse('2026-10-12T12:30:00+08:00'));
    expect(await kioskCats()).toEqual([]);
    expect((await call('POST', '/api/kiosk/tickets', 'kiosk', { category: 'A' })).body).toMatchObject({ code: 'category_not_served_now' });
    const closed = (await call('GET', '/api/rota-today', 'kiosk')).body;
    expect(closed).toMatchObject({ date: '2026-10-12', opens: true, openNow: false, extended: { lunch: null, until: '19:00' } });
    const m = await month();
    const days = m.days.map((d) => ((d as { date: string }).date === '2026-10-12' ? { ...(d as object), lunch: true } : d));
    expect((await save('2026-10', { cells: m.cells, days, leave: m.leave })).status).toBe(200);
    expect(await kioskCats()).toEqual(['A', 'B', 'C', 'D', 'P']);
    expect((await call('GET', '/api/rota-today', 'kiosk')).body).toMatchObject({
      openNow: true,
      intervals: [['09:00', '19:00']],
      extended: { lunch: ['12:00', '14:00'], until: '19:00' },
    });
    vi.setSystemTime(NOW);
    expect((await call('PUT', '/api/rota-hours', 'M001', { hours: { ...hours, open: '18:00' } })).status).toBe(400);
    expect((await call('PUT', '/api/rota-hours', 'M001', { hours: null })).status).toBe(200);
  });
});

describe('rota routes refuse bad input', () => {
  it('wrong type', async () => {
    expect((await save('2026-10', { cells: 'x' } as never)).status).toBe(400);
    expect((await call('GET', '/api/rota/October', 'M001')).status).toBe(400);
    expect(
      (await save('2026-10', { cells: [{ date: '2026-10-12', windowNo: 'one', a: 'C001', b: null, leader: null }], days: [], leave: [] } as never)).status,
    ).toBe(400);
    expect((await save('2026-10', { cells: [{ date: '2026-10-12', windowNo: 1, a: 'C001', b: 'C001', leader: null }], days: [], leave: [] })).body.code).toBe(
      'rota_a_is_b',
    );
    expect((await save('2026-10', { cells: [{ date: '2026-10-12', windowNo: 99, a: 'C001', b: null, leader: null }], days: [], leave: [] })).body.code).toBe(
      'rota_unknown_window',
    );
    expect((await save('2026-10', { cells: [{ date: '2026-10-12', windowNo: 1, a: 'X999', b: null, leader: null }], days: [], leave: [] })).body.code).toBe(
      'rota_unknown_staff',
    );
  });
  it('wrong role', async () => {
    tokens.C006 = (await login('C006', 6)).body.token;
    expect((await call('GET', '/api/rota/2026-10', 'C006')).status).toBe(403);
    expect((await save('2026-10', { cells: [], days: [], leave: [] }, 'C006')).status).toBe(403);
    expect((await save('2026-10', { cells: [], days: [], leave: [] }, 'kiosk')).status).toBe(403);
    expect((await call('PUT', '/api/rota-hours', 'kiosk', { hours: null })).status).toBe(403);
    expect((await call('GET', '/api/rota/2026-10', null)).status).toBe(401);
    expect((await call('GET', '/api/rota-today', null)).status).toBe(401);
  });
  it('value from the future (or far past) and dates outside the month', async () => {
    const r = await save('2099-01', { cells: [], days: [], leave: [] });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('rota_month_out_of_range');
    expect((await save('2020-01', { cells: [], days: [], leave: [] })).body.code).toBe('rota_month_out_of_range');
    expect((await save('2026-10', { cells: [{ date: '2026-11-02', windowNo: 1, a: 'C001', b: null, leader: null }], days: [], leave: [] })).body.code).toBe(
      'rota_date_outside_month',
    );
    expect((await save('2026-10', { cells: [], days: [], leave: [{ workNo: 'C001', date: '2026-02-30' }] })).status).toBe(400);
  });
  it('replay: the same requestId answers the first save, and a second body under it changes nothing', async () => {
    const m = await month('2026-11');
    const first = await save('2026-11', { requestId: 'rota-r1', cells: m.cells, days: m.days, leave: [{ workNo: 'C002', date: '2026-11-03' }] });
    expect(first.status).toBe(200);
    const again = await save('2026-11', { requestId: 'rota-r1', cells: [], days: [], leave: [] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await month('2026-11')).cells).toHaveLength(m.cells.length);
    // A refused save replays its refusal too.
    const bad = await save('2099-01', { requestId: 'rota-r2', cells: [], days: [], leave: [] });
    expect((await save('2099-01', { requestId: 'rota-r2', cells: [], days: [], leave: [] })).body).toEqual(bad.body);
  });
});
