// The citizen's phone, end to end (issue 17): the demo hall (real hall server, counters, the
// kiosk's simulated printer, the fake SMS gateway). A kiosk ticket is printed; the QR payload
// decoded from the printer sink's ESC/POS stream opens the tracking page in a phone viewport,
// which follows the ticket as it moves up and is called (with a vibration); the fake gateway
// receives the "N ahead" and "called" SMS; after a case is accepted under the ticket the page
// shows its number and due date, and a rating given there counts once. Screenshots of every
// stage go to tests/artifacts/track-*.png.
import { v7 as uuidv7 } from 'uuid';
import { test, expect, shot } from './demoHall';

// Raw HTTP helpers (not ./managerHallApi: its typed client pulls domain/calendar's JSON import,
// which Playwright's loader refuses).
async function api<T = unknown>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}
async function login(base: string, workNo: string): Promise<string> {
  const r = await api<{ token: string }>(base, 'POST', '/api/auth/login', undefined, { workNo, password: 'demo' });
  if (r.status !== 200) throw new Error(`login ${workNo}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
import { acceptedCaseEvents, CASE_SCHEMA, receiptToken } from '../support/trackCases';

interface Sms {
  to: string;
  template: string;
  text: string;
}

test('track: kiosk QR → phone page moves up, is called, SMS sent, case shown, rated once', async ({ browser, demo }) => {
  const hall = demo.hallUrl;
  const control = (demo.devices as { controlUrl: string }).controlUrl;
  const manager = await login(hall, 'M001');
  // The manager sets N = 1 in the console (大屏播报 tab, 短信提醒 card): SMS when one is ahead.
  const mgrPage = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await mgrPage.goto(`${hall}/#/manager`);
  await mgrPage.getByLabel('工号').fill('M001');
  await mgrPage.getByLabel('密码').fill('demo');
  await mgrPage.getByRole('button', { name: /登\s*录/ }).click();
  await mgrPage.getByRole('tab', { name: '大屏播报' }).click();
  await mgrPage.getByTestId('sms-ahead').locator('xpath=descendant-or-self::input').fill('1');
  await mgrPage.getByTestId('sms-save').click();
  await expect(mgrPage.getByTestId('sms-saved')).toContainText('前面剩 1 人时提醒');
  await shot(mgrPage, 'track-manager-sms');
  await mgrPage.close();
  expect((await api<{ notifyAhead: number }>(hall, 'GET', '/api/track/settings', manager)).body.notifyAhead).toBe(1);
  const kiosk = (await api<{ token: string }>(hall, 'POST', '/api/devices/enroll', undefined, { code: 'KIOSK-DEMO', kind: 'kiosk', name: '取号机' })).body
    .token;

  // Two citizens ahead in category C (window 4 serves only C), then ours, printed by the kiosk.
  for (let i = 0; i < 2; i++) expect((await api(hall, 'POST', '/api/kiosk/tickets', kiosk, { category: 'C' })).status).toBe(201);
  // Ours at the kiosk's screen: printed first, then the citizen leaves a mobile number for SMS.
  const kioskPage = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN' });
  await kioskPage.goto(`${hall}/#/kiosk?enroll=KIOSK-DEMO`);
  await kioskPage.getByTestId('kiosk-cat-C').click();
  await expect(kioskPage.getByTestId('kiosk-ticket')).toContainText('请取走号票');
  const number = (await kioskPage.getByTestId('kiosk-ticket-number').textContent())!.trim();
  await kioskPage.getByTestId('kiosk-sms').click();
  for (const d of '13800138000') await kioskPage.getByTestId(`kiosk-sms-key-${d}`).click();
  await kioskPage.getByTestId('kiosk-sms-ok').click();
  await expect(kioskPage.getByTestId('kiosk-sms-on')).toContainText('138****8000');
  await shot(kioskPage, 'track-0-kiosk-sms');
  await kioskPage.close();

  // The printed ticket, as the sink decoded it: number on paper, QR payload = the tracking URL.
  const printed = async () => (await (await fetch(`${control}/kiosk/printer`)).json()) as { receipts: { lines: string[]; qr: string[] }[] };
  await expect.poll(async () => (await printed()).receipts.length).toBe(3);
  const paper = (await printed()).receipts[2]!;
  expect(paper.lines.join('\n')).toContain(number);
  expect(paper.lines.join('\n')).toContain('扫码查看排队进度');
  const url = paper.qr[0]!;
  expect(url).toMatch(/\/#\/track\/[A-Za-z0-9_-]{22}$/);
  const token = url.split('/').pop()!;

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await phone.newPage();
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    (window as unknown as { __vibrations: unknown[] }).__vibrations = calls;
    navigator.vibrate = ((p: unknown) => {
      calls.push(p);
      return true;
    }) as Navigator['vibrate'];
  });
  // Only the phone chunk: no antd, no echarts in what the page downloads.
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto(url);
  await expect(page.getByTestId('track-number')).toHaveText(number);
  await expect(page.getByTestId('track-ahead')).toHaveText('2');
  await expect(page.getByText('实时更新')).toBeVisible();
  await shot(page, 'track-1-waiting');
  expect(scripts.some((s) => /antd|echarts|ManagerPage|CounterPage/i.test(s))).toBe(false);

  const clerk = await login(hall, 'C004');
  expect((await api(hall, 'POST', '/api/windows/4/open', clerk, {})).status).toBe(200);
  const next = async () => {
    const r = await api<{ ticket: { id: string; number: string } }>(hall, 'POST', '/api/windows/4/call-next', clerk, {});
    expect(r.status).toBe(200);
    return r.body.ticket;
  };
  const finish = async () => expect((await api(hall, 'POST', '/api/windows/4/finish', clerk, {})).status).toBe(200);

  // The first ahead is served: the page moves up by itself; one ahead = N → the SMS.
  await next();
  await finish();
  await expect(page.getByTestId('track-ahead')).toHaveText('1');
  await shot(page, 'track-2-moved-up');
  const messages = async () => (await (await fetch(`${control}/sms`)).json()) as { messages: Sms[] };
  await expect.poll(async () => (await messages()).messages.filter((m) => m.template === 'ahead').length).toBe(1);

  await next();
  await finish();
  const ours = await next();
  expect(ours.number).toBe(number);
  const ticketId = ours.id;
  await expect(page.getByTestId('track-called')).toContainText('请到 4 号窗口');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations.length)).toBeGreaterThan(0);
  await shot(page, 'track-3-called');
  await expect.poll(async () => (await messages()).messages.filter((m) => m.template === 'called').length).toBe(1);
  const sms = (await messages()).messages.filter((m) => m.to === '13800138000');
  expect(sms.map((m) => m.template)).toEqual(['ahead', 'called']);
  expect(sms[0]!.text).toContain('前面还有 1 人');
  expect(sms[1]!.text).toContain(`请 ${number} 号到 4 号窗口`);

  // Served; a case accepted under this ticket arrives by sync from the counter.
  expect((await api(hall, 'POST', '/api/windows/4/start', clerk, {})).status).toBe(200);
  await finish();
  await expect(page.getByTestId('track-done')).toBeVisible();
  const counter = (await api<{ token: string }>(hall, 'POST', '/api/devices/enroll', undefined, { code: 'COUNTER-DEMO-4', kind: 'counter', name: '4号窗口' }))
    .body.token;
  const receipt = receiptToken();
  const { events, caseNo } = acceptedCaseEvents({ caseId: uuidv7(), deviceId: 'e2e-counter-4', firstSeq: 1, windowNo: 4, ticketId, trackToken: receipt });
  const push = await api<{ results: { status: string }[] }>(hall, 'POST', '/api/sync/push', counter, {
    deviceId: 'e2e-counter-4',
    schemaVersion: CASE_SCHEMA,
    sentAt: new Date().toISOString(),
    events,
  });
  expect(push.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
  await expect(page.getByTestId('track-case-no')).toHaveText(caseNo, { timeout: 15_000 });
  await expect(page.getByTestId('track-case-due')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByTestId('track-page')).not.toContainText('测试申请人');
  await shot(page, 'track-4-case');

  // Rated on the phone: counts once (a second rating of the same service is refused).
  await page.getByRole('button', { name: '满意', exact: true }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('track-rated')).toContainText('感谢您的评价');
  await shot(page, 'track-5-rated');
  const again = await api<{ code: string }>(hall, 'POST', `/api/track/${token}/rating`, undefined, {
    id: uuidv7(),
    level: 'verySatisfied',
    reasonCodes: [],
    ratedAt: new Date().toISOString(),
  });
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('RATING_DUPLICATE');
  await page.reload();
  await expect(page.getByTestId('track-rated')).toContainText('已评价');

  // The receipt's QR (/r/<token>) opens the same pages: the case's progress, already rated.
  await page.goto(`${hall}/r/${receipt}`);
  await expect(page.getByTestId('case-page')).toContainText(caseNo);
  await expect(page.getByTestId('track-rated')).toContainText('已评价');
  await shot(page, 'track-6-receipt-case-page');
  // A guessed token (a fresh scan: a new page load) shows a Chinese "not found", nothing else.
  await page.goto('about:blank');
  await page.goto(`${hall}/#/track/${'A'.repeat(22)}`);
  await expect(page.getByTestId('track-gone')).toContainText('找不到该号票');
  await phone.close();
});
