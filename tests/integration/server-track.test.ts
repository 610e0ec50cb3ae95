// The citizen's phone against the real hall server (in-process, real HTTP and WebSocket, the
// fake SMS gateway over HTTP): tracking tokens on every ticket, the public view, live updates,
// SMS at N ahead and when called, the phone rating (one per service, same rules as the pad),
// the receipt's case page by token, and every new route's refusals: wrong type, wrong role,
// replay, a value from the future, a guessed or malformed token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import WebSocket from 'ws';
import { startHallServer } from '../../server/app';
import { startFakeSmsGateway, type FakeSmsGateway } from '../../native/sms/fakeGateway';
import { trackStreamMessageSchema, trackViewSchema, type TrackView } from '../../domain/api/track';
import { applyTrackMessage, isLine } from '../../domain/queue/trackLine';
import { acceptedCaseEvents, CASE_SCHEMA, receiptToken } from '../support/trackCases';

let hall: Awaited<ReturnType<typeof startHallServer>>;
let sms: FakeSmsGateway;
let manager: string;
let clerk1: string;
let clerk4: string;
let clerk6: string;
let kiosk: string;
let counter: string;
let display: string;

async function call(method: string, path: string, body?: unknown, tok?: string) {
  const res = await fetch(hall.url + path, {
    method,
    redirect: 'manual',
    headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads loosely typed JSON
  return { status: res.status, json: (text && text.startsWith('{') ? JSON.parse(text) : null) as any, location: res.headers.get('location') };
}
const login = async (workNo: string) => (await call('POST', '/api/auth/login', { workNo, password: 'demo' })).json.token as string;
const enroll = async (kind: string) =>
  (await call('POST', '/api/devices/enroll', { code: `${kind.toUpperCase()}-DEMO`, kind, name: `${kind} t` })).json.token as string;
const tokenOf = (url: string) => /#\/track\/([A-Za-z0-9_-]{22})$/.exec(url)![1]!;
const view = async (token: string) => trackViewSchema.parse((await call('GET', `/api/track/${token}`)).json);
const until = async <T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, ms = 10_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const rating = (o: Record<string, unknown> = {}) => ({ id: uuidv7(), level: 'satisfied', reasonCodes: [], ratedAt: new Date().toISOString(), ...o });
function expectCode(r: { status: number; json: { code: string; message: string } }, status: number, code?: string) {
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  if (code) expect(r.json.code).toBe(code);
  expect(r.json.message).toMatch(/[\u4e00-\u9fff]/);
}

beforeAll(async () => {
  sms = await startFakeSmsGateway();
  hall = await startHallServer({
    port: 0,
    dataDir: ':memory:',
    seed: 'demo',
    logLevel: 'silent',
    smsGatewayUrl: sms.url,
    trackIntervalMs: 50,
    publicBaseUrl: 'https://hall.example.cn',
  });
  [manager, clerk1, kiosk, counter, display] = [
    await login('M001'),
    await login('C001'),
    await enroll('kiosk'),
    await enroll('counter'),
    await enroll('display'),
  ];
  [clerk4, clerk6] = [await login('C004'), await login('C006')];
  for (const [no, tok] of [
    [1, clerk1],
    [4, clerk4],
    [6, clerk6],
  ] as const)
    await call('POST', `/api/windows/${no}/open`, {}, tok);
});
afterAll(async () => {
  await hall?.close();
  await sms?.close();
});

describe('tracking tokens', () => {
  it('every issued ticket answers an unguessable trackUrl under the public base URL; a replay answers the same', async () => {
    const a = await call('POST', '/api/tickets', { category: 'A', requestId: 'phone-replay-1' }, kiosk);
    expect(a.status).toBe(201);
    expect(a.json.trackUrl).toMatch(/^https:\/\/hall\.example\.cn\/#\/track\/[A-Za-z0-9_-]{22}$/);
    const again = await call('POST', '/api/tickets', { category: 'A', requestId: 'phone-replay-1' }, kiosk);
    expect(again.json.id).toBe(a.json.id);
    expect(again.json.trackUrl).toBe(a.json.trackUrl);
    const b = await call('POST', '/api/tickets', { category: 'A' }, clerk1);
    expect(tokenOf(b.json.trackUrl)).not.toBe(tokenOf(a.json.trackUrl));
    // Nothing of the ticket is in the token.
    expect(tokenOf(b.json.trackUrl)).not.toContain(b.json.number);
  });

  it('the view shows number, category, ahead and estimate, and nothing personal', async () => {
    const t = await call('POST', '/api/tickets', { category: 'B', idNumber: '110105195003071230' }, kiosk);
    const v = await view(tokenOf(t.json.trackUrl));
    expect(v).toMatchObject({ number: t.json.number, category: 'B', state: 'waiting', ahead: t.json.ahead, windowNo: null, phoneMasked: null });
    const raw = JSON.stringify(await call('GET', `/api/track/${tokenOf(t.json.trackUrl)}`));
    expect(raw).not.toMatch(/1101|1230|idNumber|id_hash/);
  });

  it("a window reads a ticket's trackUrl and the masked phone left for it (GET /api/tickets/:id/track): staff only, nothing else", async () => {
    const t = await call('POST', '/api/tickets', { category: 'A' }, kiosk);
    const got = await call('GET', `/api/tickets/${t.json.id}/track`, undefined, clerk1);
    expect(got.status).toBe(200);
    // Beside the URL only what the counter's 手机跟踪凭条 prints: number, category, issue time.
    const printed = { number: t.json.number, categoryName: expect.any(String), issuedAt: expect.stringMatching(/Z$/) };
    expect(got.json).toEqual({ trackUrl: t.json.trackUrl, phoneMasked: null, ...printed });
    // (Its own "N ahead" SMS goes to this number; the SMS test below looks at its own number only.)
    expect((await call('PUT', `/api/tickets/${t.json.id}/phone`, { phone: '13700137001' }, clerk1)).json.phoneMasked).toBe('137****7001');
    const after = await call('GET', `/api/tickets/${t.json.id}/track`, undefined, clerk1);
    expect(after.json).toEqual({ trackUrl: t.json.trackUrl, phoneMasked: '137****7001', ...printed });
    expect(JSON.stringify(after.json)).not.toContain('13700137001');
    // Wrong role (a kiosk or pad device, no token), unknown ticket, wrong type.
    expectCode(await call('GET', `/api/tickets/${t.json.id}/track`, undefined, kiosk), 403);
    expectCode(await call('GET', `/api/tickets/${t.json.id}/track`, undefined, await enroll('pad')), 403);
    expectCode(await call('GET', `/api/tickets/${t.json.id}/track`), 401);
    expectCode(await call('GET', `/api/tickets/no-such-ticket/track`, undefined, clerk1), 404);
    expectCode(await call('GET', `/api/tickets/${'x'.repeat(65)}/track`, undefined, clerk1), 400);
  });

  it('refuses a malformed token (400) and a guessed one (404), with a code and a Chinese message', async () => {
    expectCode(await call('GET', '/api/track/A001'), 400);
    expectCode(await call('GET', `/api/track/${'x'.repeat(22)}`), 404, 'track_not_found');
    expectCode(await call('GET', `/api/track/${'x'.repeat(22)}/poll?wait=0`), 404, 'track_not_found');
    expectCode(await call('POST', `/api/track/${'x'.repeat(22)}/rating`, rating()), 404, 'track_not_found');
    expectCode(await call('GET', `/api/track/case/${receiptToken()}`), 404, 'track_not_found');
    expect((await call('GET', '/c/33010620250303001')).status).toBe(404); // the old sequential form is not served
    expect((await call('GET', '/r/33010620250303001')).status).toBe(404);
  });
});

describe('live updates, SMS and rating', () => {
  it('moves up and is called over WebSocket and long-poll; SMS at N ahead and when called; rated once', async () => {
    expect((await call('PUT', '/api/track/settings', { notifyAhead: 1 }, manager)).status).toBe(200);
    // Clear category C's line first so the numbers below are exact.
    const first = await call('POST', '/api/tickets', { category: 'C' }, kiosk);
    const mine = await call('POST', '/api/tickets', { category: 'C' }, kiosk);
    const token = tokenOf(mine.json.trackUrl);
    const v0 = await view(token);
    const ahead0 = v0.ahead;
    expect(ahead0).toBeGreaterThanOrEqual(1);

    const ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/track/${token}/ws`);
    // The page's own reducer: whole views, and line changes of its category applied to its place.
    const seen: TrackView[] = [];
    const kinds = { views: 0, lines: 0, stale: 0 };
    ws.on('message', (d) => {
      const m = trackStreamMessageSchema.parse(JSON.parse(String(d)));
      kinds[isLine(m) ? 'lines' : 'views']++;
      const r = applyTrackMessage(seen.at(-1) ?? null, m);
      if (r.stale) kinds.stale++;
      if (r.view && r.view !== seen.at(-1)) seen.push(r.view);
    });
    await until(
      () => seen.length,
      (n) => n >= 1,
    );
    expect(seen[0]!.ahead).toBe(ahead0);

    const phone = await call('PUT', `/api/tickets/${mine.json.id}/phone`, { phone: '138 0013 8000' }, kiosk);
    expect(phone.status).toBe(200);
    expect(phone.json.phoneMasked).toBe('138****8000');
    // Stored encrypted: the digits are nowhere in the table.
    const row = hall.ctx.store.raw.prepare('SELECT * FROM ticket_tracks WHERE ticket_id = ?').get(mine.json.id);
    expect(JSON.stringify(row)).not.toContain('13800138000');

    // Long-poll with the current rev waits for a change.
    const poll = call('GET', `/api/track/${token}/poll?rev=${v0.rev}&wait=20000`);
    // Call until only one is ahead: the "N ahead" SMS (N = 1).
    let ahead = ahead0;
    while (ahead > 1) {
      const r = await call('POST', '/api/windows/4/call-next', { category: 'C' }, clerk4);
      expect(r.status).toBe(200);
      await call('POST', '/api/windows/4/finish', {}, clerk4);
      ahead--;
    }
    if (ahead0 > 1) expect((await poll).json.ahead).toBeLessThan(ahead0);
    await until(
      () => seen.at(-1)!.ahead,
      (n) => n === 1,
    );
    // Moving up came as the category's line messages, not as whole views of this ticket.
    if (ahead0 > 1) expect(kinds.lines).toBeGreaterThan(0);
    expect(kinds.stale).toBe(0);
    const aheadSms = await until(
      () => sms.messages.filter((m) => m.template === 'ahead' && m.to === '13800138000'),
      (m) => m.length === 1,
    );
    expect(aheadSms[0]).toMatchObject({ to: '13800138000', params: { number: mine.json.number, ahead: '1' } });
    expect(aheadSms[0]!.text).toContain('前面还有 1 人');

    // The one ahead is called, then ours.
    await call('POST', '/api/windows/4/call-next', { category: 'C' }, clerk4);
    await call('POST', '/api/windows/4/finish', {}, clerk4);
    expect(first.json.id).toBeTruthy();
    const called = await call('POST', '/api/windows/4/call-next', { category: 'C' }, clerk4);
    expect(called.json.ticket.id).toBe(mine.json.id);
    const calledView = await until(
      () => seen.at(-1)!,
      (v) => v.state === 'called',
    );
    expect(calledView.windowNo).toBe(4);
    const calledSms = await until(
      () => sms.messages.filter((m) => m.template === 'called' && m.to === '13800138000'),
      (m) => m.length === 1,
    );
    expect(calledSms[0]!.text).toContain('4 号窗口');
    // Not sent twice on later evaluations.
    await new Promise((r) => setTimeout(r, 300));
    expect(sms.messages.filter((m) => m.to === '13800138000')).toHaveLength(2);

    // Rating before the service ended: refused.
    expectCode(await call('POST', `/api/track/${token}/rating`, rating()), 409, 'not_served_yet');
    await call('POST', '/api/windows/4/start', {}, clerk4);
    await call('POST', '/api/windows/4/finish', {}, clerk4);
    await until(
      () => seen.at(-1)!,
      (v) => v.state === 'done' && v.rating.open,
    );

    // Wrong type, a 差评 without a reason, a time from the future: refused.
    expectCode(await call('POST', `/api/track/${token}/rating`, rating({ level: 'great' })), 400);
    expectCode(await call('POST', `/api/track/${token}/rating`, { ...rating(), clerkWorkNo: 'C002' }), 400);
    expectCode(await call('POST', `/api/track/${token}/rating`, rating({ level: 'dissatisfied' })), 400, 'RATING_REASON_REQUIRED');
    expectCode(await call('POST', `/api/track/${token}/rating`, rating({ ratedAt: new Date(Date.now() + 3600_000).toISOString() })), 400, 'rated_in_future');
    const r1 = rating();
    const ok = await call('POST', `/api/track/${token}/rating`, r1);
    expect(ok.json).toEqual({ id: r1.id, accepted: true, duplicate: false });
    // Replay of the same rating: a duplicate, not a second rating. Another one: refused.
    expect((await call('POST', `/api/track/${token}/rating`, r1)).json.duplicate).toBe(true);
    expectCode(await call('POST', `/api/track/${token}/rating`, rating()), 409, 'RATING_DUPLICATE');
    const rows = hall.ctx.store.raw.prepare('SELECT clerk_work_no, window_no, body FROM ratings WHERE ticket_id = ?').all(mine.json.id) as {
      clerk_work_no: string;
      window_no: number;
      body: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ clerk_work_no: 'C004', window_no: 4 });
    expect(JSON.parse(rows[0]!.body).channel).toBe('qrCode');
    // The city hears of it once (the same outbox write as the pad's rating), with the clerk the hall decided.
    const up = hall.ctx.store.raw.prepare(`SELECT body FROM uplink_outbox WHERE kind = 'rating'`).all() as { body: string }[];
    expect(up.map((u) => JSON.parse(u.body) as { ratingId: string; clerkWorkNo: string }).filter((u) => u.ratingId === r1.id)).toEqual([
      expect.objectContaining({ ratingId: r1.id, clerkWorkNo: 'C004', level: 'satisfied' }),
    ]);
    await until(
      () => seen.at(-1)!,
      (v) => v.rating.rated && !v.rating.open,
    );
    ws.close();
  });

  it('the phone route: wrong role, no token, wrong type, bad number, unknown ticket, closed ticket', async () => {
    const t = await call('POST', '/api/tickets', { category: 'A' }, kiosk);
    expectCode(await call('PUT', `/api/tickets/${t.json.id}/phone`, { phone: '13800138000' }, display), 403, 'forbidden');
    expectCode(await call('PUT', `/api/tickets/${t.json.id}/phone`, { phone: '13800138000' }), 401, 'unauthorized');
    expectCode(await call('PUT', `/api/tickets/${t.json.id}/phone`, { phone: 13800138000 }, kiosk), 400);
    expectCode(await call('PUT', `/api/tickets/${t.json.id}/phone`, { phone: '12345' }, kiosk), 400);
    expectCode(await call('PUT', `/api/tickets/${t.json.id}/phone`, { phone: '13800138000', name: '张三' }, kiosk), 400);
    expectCode(await call('PUT', `/api/tickets/${uuidv7()}/phone`, { phone: '13800138000' }, kiosk), 404, 'unknown_ticket');
    // Replay: the same number again is fine (one row, masked answer).
    expect((await call('PUT', `/api/tickets/${t.json.id}/phone`, { phone: '13900139000' }, counter)).json.phoneMasked).toBe('139****9000');
    expect((await call('PUT', `/api/tickets/${t.json.id}/phone`, { phone: '13900139000' }, counter)).status).toBe(200);
    const w = await call('POST', '/api/windows/1/call-next', { ticketId: t.json.id }, clerk1);
    expect(w.status).toBe(200);
    await call('POST', '/api/windows/1/finish', {}, clerk1);
    expectCode(await call('PUT', `/api/tickets/${t.json.id}/phone`, { phone: '13800138000' }, kiosk), 409, 'ticket_closed');
  });

  it('settings: only the manager; out of range and unknown fields refused', async () => {
    expectCode(await call('GET', '/api/track/settings', undefined, clerk1), 403, 'forbidden');
    expectCode(await call('PUT', '/api/track/settings', { notifyAhead: 3 }, clerk1), 403, 'forbidden');
    expectCode(await call('PUT', '/api/track/settings', { notifyAhead: 0 }, manager), 400);
    expectCode(await call('PUT', '/api/track/settings', { notifyAhead: '3' }, manager), 400);
    expectCode(await call('PUT', '/api/track/settings', { notifyAhead: 3, extra: 1 }, manager), 400);
    expect((await call('PUT', '/api/track/settings', { notifyAhead: 3 }, manager)).json).toEqual({ notifyAhead: 3 });
    expect((await call('GET', '/api/track/settings', undefined, manager)).json).toEqual({ notifyAhead: 3 });
  });
});

describe('cases on the phone', () => {
  it('a case accepted under the ticket shows on its page; the receipt token serves progress and the same one rating', async () => {
    const t = await call('POST', '/api/tickets', { category: 'D' }, kiosk);
    const token = tokenOf(t.json.trackUrl);
    await call('POST', '/api/windows/6/call-next', { ticketId: t.json.id }, clerk6);
    await call('POST', '/api/windows/6/finish', {}, clerk6);
    // A page already open on the served ticket: the case reaches it by sync, not by a queue change.
    const socketViews: TrackView[] = [];
    const ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/track/${token}/ws`);
    ws.on('message', (d) => socketViews.push(JSON.parse(String(d)) as TrackView));
    await until(
      () => socketViews.at(-1),
      (x) => x?.state === 'done',
    );
    const receipt = receiptToken();
    const caseId = uuidv7();
    const { events, caseNo } = acceptedCaseEvents({ caseId, deviceId: 'phone-dev-1', firstSeq: 1, windowNo: 6, ticketId: t.json.id, trackToken: receipt });
    // The counter of window 6 (device tokens are bound to their window).
    const counter6 = (await call('POST', '/api/devices/enroll', { code: 'COUNTER-DEMO-6', kind: 'counter', name: 'W6' })).json.token as string;
    const push = await call(
      'POST',
      '/api/sync/push',
      { deviceId: 'phone-dev-1', schemaVersion: CASE_SCHEMA, sentAt: new Date().toISOString(), events },
      counter6,
    );
    expect(
      push.json.results.map((r: { status: string }) => r.status),
      JSON.stringify(push.json),
    ).toEqual(['accepted', 'accepted']);

    const v = await until(
      () => view(token),
      (x) => x.cases.length === 1,
    );
    expect(v.cases[0]).toMatchObject({ caseNo, status: 'accepted' });
    const pushed = await until(
      () => socketViews.at(-1)!,
      (x) => x.cases.length === 1,
    );
    expect(pushed.cases[0]).toMatchObject({ caseNo, status: 'accepted' });
    ws.close();
    expect(v.cases[0]!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(v)).not.toMatch(/测试申请人|11010519491231002X/);

    const page = await call('GET', `/api/track/case/${receipt}`);
    expect(page.status).toBe(200);
    expect(page.json.case.caseNo).toBe(caseNo);
    expect(JSON.stringify(page.json)).not.toMatch(/测试申请人|1101051949/);
    expect(page.json.rating.open).toBe(true);
    expect((await call('GET', `/c/${receipt}`)).location).toBe(`/#/c/${receipt}`);
    expect((await call('GET', `/r/${receipt}`)).location).toBe(`/#/c/${receipt}?rate=1`);

    // Rated from the receipt: the ticket's page sees the service as rated; a second from the ticket is refused.
    const r = rating();
    expect((await call('POST', `/api/track/case/${receipt}/rating`, r)).json.duplicate).toBe(false);
    expectCode(await call('POST', `/api/track/${token}/rating`, rating()), 409, 'RATING_DUPLICATE');
    expectCode(await call('POST', `/api/track/case/${receipt}/rating`, rating()), 409, 'RATING_DUPLICATE');
    expect((await call('POST', `/api/track/case/${receipt}/rating`, r)).json.duplicate).toBe(true);
    expect((await call('GET', `/api/track/case/${receipt}`)).json.rating).toMatchObject({ open: false, rated: true });
    const n = hall.ctx.store.raw.prepare(`SELECT COUNT(*) AS n FROM ratings WHERE ticket_id = ?`).get(t.json.id) as { n: number };
    expect(n.n).toBe(1);
  });
});
