// Issue 13 items 7, 8, 10, 11 in the browser, with every process and the browser in UTC: the
// display's clock shows the hall's (Asia/Shanghai) time; the transfer dialog lists categories,
// windows and clerks, warns when nobody serves the target, stays open on an error and sends the
// citizen on keeping their place; an English counter shows a case's status, type and timeline in
// English. Screenshots: transfer dialog, English counter with a case open.
process.env.TZ = 'UTC'; // the demo's hall and counter cores inherit it (as on a PC set to UTC)

import { test, expect, shot } from './demoHall';
import { api, issue, login } from './managerHallApi';
import type { QueueSnapshot } from '../../domain/api/hall';
import { chooseItem } from './intakeSteps';

test.use({ timezoneId: 'UTC', locale: 'en-GB' });
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const shanghai = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

test('a clerk in a UTC room: hall clock, transfer dialog, English case', async ({ browser, demo }) => {
  const ctx = await browser.newContext({ timezoneId: 'UTC' });
  const display = await ctx.newPage();
  await display.goto(`${demo.hallUrl}/#/display?enroll=DISPLAY-DEMO`);
  await expect(display.getByTestId('display')).toBeVisible();
  const before = Date.now();
  const shown = (await display.locator('.clock').textContent())!.slice(0, 5);
  expect([shanghai(before), shanghai(before - 60_000), shanghai(before + 60_000)]).toContain(shown);
  expect(await display.evaluate(() => new Date().getTimezoneOffset())).toBe(0); // the PC really is in UTC

  const page = await ctx.newPage();
  await page.bringToFront();
  await page.goto(`${demo.counters[0]!.url}/#/counter`);
  await page.getByLabel('工号').fill('C001');
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('clerk-name')).toContainText('C001');

  const mgr = await login(demo.hallUrl, 'M001');
  const t1 = await issue(demo.hallUrl, mgr, 'A');
  await expect(page.getByTestId('waiting-A')).not.toContainText(/^A\D*0/);
  await page.getByTestId('btn-callNext').click();
  await expect(page.getByTestId('current-ticket')).toHaveText(t1.number);
  // 等候 stops at the call: the figure does not grow while the ticket is called.
  const waited = await page.getByTestId('timer-waited').textContent();
  await page.waitForTimeout(2500);
  await expect(page.getByTestId('timer-waited')).toHaveText(waited!);
  await page.getByTestId('btn-start').click();

  // A window whose categories exclude one: sending the citizen there is refused by the hall.
  const snap = (await api<QueueSnapshot>(demo.hallUrl, 'GET', '/api/queue', mgr)).body;
  const other = snap.windows.find((w) => w.no !== 1 && !w.categories.some((c) => c.category === 'A'));
  await page.getByTestId('btn-transfer').click();
  await expect(page.getByTestId('transfer-dialog')).toBeVisible();
  await page.getByTestId('transfer-kind').getByText('转到窗口').click();
  if (other) {
    await page.getByTestId('transfer-window').click();
    await page.locator('.ant-select-item-option', { hasText: other.name }).first().click();
    // Window not open (nobody signed in there): warned before sending.
    await expect(page.getByTestId('transfer-warning')).toBeVisible();
    await page.getByTestId('transfer-reason').fill('需到专窗办理');
    await shot(page, 'transfer-dialog');
    await page.getByTestId('transfer-ok').click();
    // Refused (category not taken there): the dialog stays open with the Chinese message.
    await expect(page.getByTestId('transfer-error')).toContainText('不受理');
    await expect(page.getByTestId('transfer-dialog')).toBeVisible();
  }
  // To a category instead, keeping the citizen's place.
  await page.getByTestId('transfer-kind').getByText('转到业务类别').click();
  await expect(page.getByTestId('transfer-keep')).toBeChecked();
  if (!other) await shot(page, 'transfer-dialog');
  await page.getByTestId('transfer-ok').click();
  await expect(page.getByTestId('transfer-dialog')).toHaveCount(0);
  await expect(page.getByTestId('current-ticket')).toHaveText('—');
  const waiting = (await api<QueueSnapshot>(demo.hallUrl, 'GET', '/api/queue', mgr)).body.waiting ?? [];
  expect(waiting.some((w) => w.id === t1.id)).toBe(true);

  // English counter with a case open: status, type and timeline in English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByTestId('btn-simulate-card').click();
  await expect(page.getByTestId('card-view')).toContainText('Read from the ID card reader', { timeout: 15_000 });
  await chooseItem(page, 'jzzqz', '居住证签注');
  await expect(page.getByTestId('mat-0')).toBeVisible();
  await expect(page.getByTestId('item-summary')).toContainText('On-the-spot');
  await page.getByTestId('mats-all').click();
  await page.getByTestId('btn-accept').click();
  await expect(page.getByTestId('result-status')).toHaveText('Completed');
  await page.getByTestId('result-open').click();
  await expect(page.getByTestId('drawer-status')).toHaveText('Completed');
  await expect(page.getByTestId('drawer-timeline')).toContainText('Received');
  await expect(page.getByTestId('drawer-timeline')).toContainText('Accepted');
  await expect(page.getByTestId('drawer-timeline')).toContainText('Completed');
  await expect(page.getByTestId('drawer-timeline')).toContainText('window 1');
  // Times in the drawer are the hall's, not the UTC PC's.
  await expect(page.getByTestId('drawer-timeline')).toContainText(new RegExp(`${shanghai(Date.now()).slice(0, 2)}:\\d{2}`));
  await shot(page, 'counter-english-case-open');

  // 我的今天 in English: the longest label ("Very dissatisfied") ends before its bar starts.
  await page.locator('.ant-drawer-close').click();
  await page.getByTestId('tab-day').click();
  for (const k of ['verySatisfied', 'veryDissatisfied'] as const) {
    const label = (await page.getByTestId(`myday-label-${k}`).boundingBox())!;
    const bar = (await page.getByTestId(`myday-bar-${k}`).boundingBox())!;
    expect(label.x + label.width).toBeLessThanOrEqual(bar.x);
  }
  await shot(page, 'counter-english-my-day');
  await ctx.close();
});
