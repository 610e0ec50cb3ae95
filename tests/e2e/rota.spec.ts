// The duty rota (issue 16) in Chromium against the demo hall: the manager marks window 1's A
// (C001) on leave and adds 午间延时服务 in the month grid; C001 is then refused at counter 1 while
// his B (C002) signs in there; at counter 2 a clerk off the rota (C004) is refused until a manager
// unlocks his sign-in (the hall records the unlock); the kiosk and the display show today's
// extended hours, and the kiosk leaves out the category of the window nobody covers today.
import type { Page } from '@playwright/test';
import { test, expect, shot } from './demoHall';
import { api, login, openManagerConsole } from './managerHallApi';

// Playwright's loader cannot import domain/calendar's bundled JSON; the hall's day is +08:00.
const hallToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function signInAttempt(page: Page, url: string, workNo: string) {
  await page.goto(`${url}/#/counter`);
  await page.getByLabel('工号', { exact: true }).fill(workNo);
  await page.getByLabel('密码', { exact: true }).fill('demo');
  await page.getByTestId('login-submit').click();
}

test('rota: A on leave refused, B signs in at his window, off-rota clerk needs a manager unlock; grid edited in the console', async ({ browser, demo }) => {
  test.setTimeout(120_000);
  const hall = demo.hallUrl;
  const today = hallToday();
  const manager = await login(hall, 'M001');
  // Hours with a lunch break, so the day's 午间延时 means something on the kiosk; open round the
  // clock otherwise, so the kiosk's offer below does not depend on when the test runs.
  expect(
    (await api(hall, 'PUT', '/api/rota-hours', manager, { hours: { open: '00:00', close: '24:00', lunchStart: '12:00', lunchEnd: '14:00' } })).status,
  ).toBe(200);

  // The manager's grid: window 1 today is A C001 / B C002 (the demo rota).
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const mgr = await ctx.newPage();
  await openManagerConsole(mgr, hall);
  await mgr.getByRole('tab', { name: '排班' }).click();
  const cell = mgr.getByTestId(`rota-cell-1-${today}`);
  await expect(cell).toContainText('A C001', { timeout: 15_000 });
  await expect(cell).toContainText('B C002');
  const done = async (editor: string) => {
    await mgr.getByRole('button', { name: /完\s*成/ }).click();
    await expect(mgr.getByTestId(editor)).toBeHidden();
  };
  await cell.click();
  await mgr.getByTestId('rota-cell-editor').getByTestId('rota-leave-a').click();
  await done('rota-cell-editor');
  await expect(cell.locator('.rota-leave')).toHaveText('A C001');
  await expect(mgr.getByTestId('rota-gaps')).toHaveCount(0); // B covers window 1
  // Window 2: A and B swapped, and swapped back.
  const cell2 = mgr.getByTestId(`rota-cell-2-${today}`);
  for (const a of ['A C001', 'A C002']) {
    await cell2.click();
    await mgr.getByTestId('rota-swap-cell').click();
    await done('rota-cell-editor');
    await expect(cell2).toContainText(a);
  }
  // Window 6: A (C006) on leave too, and his B is C001 (on leave): uncovered, and the grid warns.
  await mgr.getByTestId(`rota-cell-6-${today}`).click();
  await mgr.getByTestId('rota-cell-editor').getByTestId('rota-leave-a').click();
  await done('rota-cell-editor');
  await expect(mgr.getByTestId('rota-gaps')).toContainText('6号窗口A角请假且无B角');
  // 今日午间延时服务 from the day header.
  await mgr.getByTestId(`rota-day-${today}`).click();
  await mgr.getByTestId('rota-day-editor').getByText('午间延时服务').click();
  await done('rota-day-editor');
  await expect(mgr.getByTestId(`rota-day-${today}`)).toContainText('午');
  await mgr.getByTestId('rota-save').click();
  await expect(mgr.getByText('排班已保存')).toBeVisible({ timeout: 10_000 });
  await shot(mgr, 'rota-1-grid');

  const saved = (
    await api<{ leave: { workNo: string; date: string }[]; days: { date: string; lunch: boolean }[] }>(hall, 'GET', `/api/rota/${today.slice(0, 7)}`, manager)
  ).body;
  expect(saved.leave).toContainEqual({ workNo: 'C001', date: today });
  expect(saved.days.find((d) => d.date === today)?.lunch).toBe(true);

  // Counter 1: A (C001) on leave is refused; B (C002) signs in at window 1.
  const c1 = await ctx.newPage();
  await signInAttempt(c1, demo.counters[0]!.url, 'C001');
  await expect(c1.getByTestId('login-error')).toContainText('请假', { timeout: 15_000 });
  await shot(c1, 'rota-2-a-on-leave');
  await c1.getByLabel('工号', { exact: true }).fill('C002');
  await c1.getByTestId('login-submit').click();
  await expect(c1.getByTestId('clerk-name')).toContainText('C002', { timeout: 15_000 });
  await shot(c1, 'rota-3-b-signed-in');

  // Counter 2: C004 is not on window 2's rota: refused; a manager's unlock lets him in.
  const c2 = await ctx.newPage();
  await signInAttempt(c2, demo.counters[1]!.url, 'C004');
  await expect(c2.getByTestId('login-error')).toContainText('不在 2 号窗口的排班中', { timeout: 15_000 });
  await expect(c2.getByTestId('clerk-name')).toHaveCount(0);
  await expect(c2.getByTestId('rota-unlock')).toBeVisible();
  await c2.getByTestId('unlock-workno').fill('M001');
  await c2.getByTestId('unlock-password').fill('wrong-pass1');
  await c2.getByTestId('login-submit').click();
  await expect(c2.getByTestId('login-error')).toContainText('授权管理员的工号或密码不正确', { timeout: 15_000 });
  await shot(c2, 'rota-4-unlock-form');
  await c2.getByTestId('unlock-password').fill('demo');
  await c2.getByTestId('login-submit').click();
  await expect(c2.getByTestId('clerk-name')).toContainText('C004', { timeout: 15_000 });
  const snap = (await api<{ windows: { no: number; clerk: { workNo: string } | null }[] }>(hall, 'GET', '/api/queue', manager)).body;
  expect(snap.windows.find((w) => w.no === 1)?.clerk?.workNo).toBe('C002');
  expect(snap.windows.find((w) => w.no === 2)?.clerk?.workNo).toBe('C004');

  // The kiosk shows today's extended hours and offers only what a covered window serves: window 6,
  // the only one serving D (企业开办), has nobody today.
  const kiosk = await ctx.newPage();
  await kiosk.goto(`${hall}/#/kiosk?enroll=KIOSK-DEMO`);
  await expect(kiosk.getByTestId('extended-hours')).toHaveText('今日延时服务：午间 12:00–14:00 照常办理', { timeout: 15_000 });
  await expect(kiosk.getByTestId('kiosk-cat-A')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-cat-C')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-cat-D')).toHaveCount(0);
  await shot(kiosk, 'rota-5-kiosk');
  const display = await ctx.newPage();
  await display.goto(`${hall}/#/display?enroll=DISPLAY-DEMO`);
  await expect(display.getByTestId('extended-hours')).toHaveText('今日延时服务：午间 12:00–14:00 照常办理', { timeout: 15_000 });
  await shot(display, 'rota-6-display');
  await ctx.close();
});
