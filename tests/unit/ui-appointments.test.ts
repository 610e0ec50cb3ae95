// Appointment check-in at the kiosk, against an in-process hall server with the demo seed: by
// booking code and by ID number, a repeated check-in answers with the same ticket, too early /
// expired / not found are refused with stable codes, and the ticket is an 'appointment' one. A booking
// whose category no window serves is refused (category_retired) and stays bookable until it is served.
// The clock (Date only) is set to 10:00 hall time today so the check-in windows are exact.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHallServer } from '../../server/app';
import { idCheckChar } from '../../domain/idNumber';
import { serviceDay } from '../../domain/queue/numbering';
import { DEMO_APPOINTMENT_ID, DEMO_CODES } from '../../server/appointments/demoSeed';

let hall: Awaited<ReturnType<typeof startHallServer>>;
const tokens: Record<string, string> = {};
const validId = (first17: string) => first17 + idCheckChar(first17);
const ID_A = validId('44030419800203123');
const ID_B = validId('32010219451111223');
const ID_NONE = validId('11010519900101001');

const day = serviceDay(new Date(), 'Asia/Shanghai');
const BASE = Date.parse(`${day}T10:00:00+08:00`);
const at = (min: number) => new Date(BASE + min * 60_000).toISOString();

async function call(method: string, path: string, who: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  const r = await fetch(hall.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as Record<string, any>, text }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function book(category: string, startMin: number, endMin: number, extra: Record<string, string> = {}) {
  const r = await call('POST', '/api/appointments', 'M001', { category, slotStart: at(startMin), slotEnd: at(endMin), ...extra });
  expect(r.status).toBe(201);
  return r.body as { id: string; code: string; status: string; idNumberMasked: string | null; nameMasked: string | null };
}

beforeAll(async () => {
  vi.setSystemTime(BASE);
  hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent', rendererDir: '/nonexistent' });
  for (const w of ['M001', 'C001']) tokens[w] = (await call('POST', '/api/auth/login', null, { workNo: w, password: 'demo' })).body.token;
  tokens.kiosk = (await call('POST', '/api/devices/enroll', null, { code: 'KIOSK-DEMO', kind: 'kiosk', name: 'k1' })).body.token;
  tokens.counter = (await call('POST', '/api/devices/enroll', null, { code: 'COUNTER-DEMO', kind: 'counter', name: 'c1' })).body.token;
});
afterAll(async () => {
  await hall?.close();
  vi.useRealTimers();
});

describe('booking', () => {
  it('keeps the ID number and the name only masked (hash for look-up), and only manager/counter may book', async () => {
    const a = await book('A', 15, 45, { idNumber: ID_A, name: '赵四海' });
    expect(a.code).toMatch(/^\d{6}$/);
    expect(a.idNumberMasked).not.toContain(ID_A.slice(6, 14));
    expect(a.nameMasked).not.toBe('赵四海');
    const raw = JSON.stringify(hall.ctx.store.raw.prepare('SELECT * FROM appointments').all());
    expect(raw).not.toContain(ID_A);
    expect(raw).not.toContain('赵四海');
    expect((await call('POST', '/api/appointments', 'kiosk', { category: 'A', slotStart: at(0), slotEnd: at(30) })).status).toBe(403);
    expect((await call('POST', '/api/appointments', 'counter', { category: 'A', slotStart: at(0), slotEnd: at(30) })).status).toBe(201);
    const bad = await call('POST', '/api/appointments', 'M001', { category: 'A', slotStart: at(30), slotEnd: at(0) });
    expect(bad.body.code).toBe('appointment_bad_slot');
  });

  it("seeds today's demo appointments with well-known codes", async () => {
    const list = await call('GET', `/api/appointments?date=${day}`, 'M001');
    const codes = (list.body.appointments as { code: string }[]).map((a) => a.code);
    expect(codes).toEqual(expect.arrayContaining(Object.values(DEMO_CODES)));
    expect((await call('GET', '/api/appointments', 'kiosk')).status).toBe(403);
  });
});

describe('check-in', () => {
  it('by booking code: an appointment ticket, checked in; again → the same ticket', async () => {
    const a = await book('A', 20, 50);
    const r = await call('POST', '/api/appointments/check-in', 'kiosk', { code: a.code });
    expect(r.status).toBe(200);
    expect(r.body.ticket.priority).toBe('appointment');
    expect(r.body.ticket.number).toMatch(/^A\d{3}$/);
    expect(r.body.appointment.status).toBe('checkedIn');
    expect(r.body.repeated).toBe(false);
    expect(r.body.printed).toBe(false); // no printer configured for this kiosk
    const t = await call('GET', `/api/tickets/${r.body.ticket.id}`, 'C001');
    expect(t.body).toMatchObject({ priority: 'appointment', channel: 'appointment', status: 'waiting' });

    const again = await call('POST', '/api/appointments/check-in', 'kiosk', { code: a.code });
    expect(again.status).toBe(200);
    expect(again.body.ticket.id).toBe(r.body.ticket.id);
    expect(again.body.repeated).toBe(true);
    const list = (await call('GET', '/api/appointments', 'M001')).body.appointments as { id: string; status: string; ticketNumber: string }[];
    expect(list.find((x) => x.id === a.id)).toMatchObject({ status: 'checkedIn', ticketNumber: r.body.ticket.number });
  });

  it("by ID number: finds today's booking by the hash, the ticket carries the masked ID; again → same ticket", async () => {
    await book('B', 30, 60, { idNumber: ID_B });
    const r = await call('POST', '/api/appointments/check-in', 'kiosk', { idNumber: ID_B });
    expect(r.status).toBe(200);
    expect(r.body.ticket.category).toBe('B');
    const t = await call('GET', `/api/tickets/${r.body.ticket.id}`, 'C001');
    expect(t.body.priority).toBe('appointment');
    expect(t.body.idNumberMasked).toBeTruthy();
    expect(t.body.idNumberMasked).not.toBe(ID_B);
    const again = await call('POST', '/api/appointments/check-in', 'kiosk', { idNumber: ID_B });
    expect(again.body.ticket.id).toBe(r.body.ticket.id);
    // One waiting ticket per ID per category still holds: a normal ticket in B is refused.
    expect((await call('POST', '/api/tickets', 'kiosk', { category: 'B', idNumber: ID_B })).body.code).toBe('duplicate_id_ticket');
  });

  it('the demo appointment booked by ID checks in with the demo ID', async () => {
    const r = await call('POST', '/api/appointments/check-in', 'kiosk', { idNumber: DEMO_APPOINTMENT_ID });
    expect(r.status).toBe(200);
    expect(r.body.appointment.code).toBe(DEMO_CODES.byId);
  });

  it('too early: more than 60 minutes before the slot; opens exactly 60 minutes before', async () => {
    const a = await book('C', 61, 90);
    const r = await call('POST', '/api/appointments/check-in', 'kiosk', { code: a.code });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('appointment_too_early');
    expect(r.body.message).toContain('11:01');
    vi.setSystemTime(BASE + 60_000);
    try {
      expect((await call('POST', '/api/appointments/check-in', 'kiosk', { code: a.code })).status).toBe(200);
    } finally {
      vi.setSystemTime(BASE);
    }
  });

  it('expired: more than 30 minutes after the slot end (listed as expired); still open at 30 minutes', async () => {
    const gone = await book('A', -70, -31);
    const r = await call('POST', '/api/appointments/check-in', 'kiosk', { code: gone.code });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('appointment_expired');
    expect(r.body.message).toContain('普通号');
    const list = (await call('GET', '/api/appointments', 'M001')).body.appointments as { id: string; status: string }[];
    expect(list.find((x) => x.id === gone.id)!.status).toBe('expired');
    const edge = await book('D', -60, -30);
    expect((await call('POST', '/api/appointments/check-in', 'kiosk', { code: edge.code })).status).toBe(200);
  });

  it('not found: unknown code or an ID without a booking today; neither given; a bad ID number', async () => {
    const codes = new Set(((await call('GET', '/api/appointments', 'M001')).body.appointments as { code: string }[]).map((a) => a.code));
    const unused = ['999999', '999998', '999997'].find((c) => !codes.has(c))!;
    const r = await call('POST', '/api/appointments/check-in', 'kiosk', { code: unused });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 'appointment_not_found', message: '未找到今天的预约，请核对预约码或身份证号' });
    expect((await call('POST', '/api/appointments/check-in', 'kiosk', { idNumber: ID_NONE })).body.code).toBe('appointment_not_found');
    expect((await call('POST', '/api/appointments/check-in', 'kiosk', {})).body.code).toBe('appointment_key_missing');
    expect(
      (await call('POST', '/api/appointments/check-in', 'kiosk', { idNumber: ID_NONE.slice(0, 17) + (ID_NONE.endsWith('0') ? '1' : '0') })).body.code,
    ).toBe('invalid_id_number');
    expect((await call('POST', '/api/appointments/check-in', 'M001', { code: unused })).status).toBe(403);
  });

  it('retired category: refused with category_retired and nothing issued, the booking stays booked; served again → checks in', async () => {
    const a = await book('C', 0, 30);
    type Win = { no: number; categories: { category: string; weight: number }[] };
    const serving = ((await call('GET', '/api/admin/windows', 'M001')).body.windows as Win[]).filter((w) =>
      w.categories.some((c) => c.category === 'C' && c.weight > 0),
    );
    expect(serving.length).toBeGreaterThan(0);
    const assign = async (w: Win, categories: Win['categories']) =>
      expect((await call('PUT', `/api/windows/${w.no}/assignment`, 'M001', { categories })).status).toBe(200);
    // Straight from the hall's database (the snapshot may lag a signal behind by design).
    const ticketsC = () => (hall.ctx.store.raw.prepare("SELECT COUNT(*) AS n FROM tickets WHERE category = 'C'").get() as { n: number }).n;
    const statusOf = async () =>
      ((await call('GET', '/api/appointments', 'M001')).body.appointments as { id: string; status: string; ticketId: string | null }[]).find(
        (x) => x.id === a.id,
      );

    // Off every window that serves it (as the manager retires a category).
    for (const w of serving)
      await assign(
        w,
        w.categories.filter((c) => c.category !== 'C'),
      );
    const before = ticketsC();
    const r = await call('POST', '/api/appointments/check-in', 'kiosk', { code: a.code });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'category_retired', message: '该业务暂不办理，请咨询大厅工作人员', details: { category: 'C' } });
    expect(ticketsC()).toBe(before);
    expect(await statusOf()).toMatchObject({ status: 'booked', ticketId: null });
    // Asked again while still retired: the same refusal (the first one left nothing behind to replay).
    expect((await call('POST', '/api/appointments/check-in', 'kiosk', { code: a.code })).body.code).toBe('category_retired');

    // Served again: the same booking checks in.
    for (const w of serving) await assign(w, w.categories);
    const ok = await call('POST', '/api/appointments/check-in', 'kiosk', { code: a.code });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ repeated: false, ticket: { category: 'C', priority: 'appointment' }, appointment: { status: 'checkedIn' } });
    expect(ticketsC()).toBe(before + 1);
    expect(await statusOf()).toMatchObject({ status: 'checkedIn', ticketId: ok.body.ticket.id });
  });
});
