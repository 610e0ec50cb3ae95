// The hall display against the real hall server: two calls one second apart are both announced,
// in order, neither cut off (the announcement queue log: each entry starts after the previous
// ended); a call made while the display is offline is still announced after it reconnects.
import { test, expect, shot } from './demoHall';
import { api, callNext, issue, login } from './managerHallApi';

interface LogEntry {
  text: string;
  repeat: number;
  startedAt: number;
  endedAt: number | null;
}

test('display announces two calls one second apart, in order, none cut off', async ({ page, demo }) => {
  // Announcements take real time (headless Chromium plays the shipped voice clips, ~5 s a call,
  // each said twice), so this test waits for speech, not for a fixed delay.
  test.setTimeout(240_000);
  const hall = demo.hallUrl;
  await page.goto(`${hall}/#/display?enroll=DISPLAY-DEMO&repeat=2`);
  await expect(page.getByTestId('display-waiting')).toBeVisible();

  const manager = await login(hall, 'M001');
  const c3 = await login(hall, 'C003'); // windows 3 and 4: not driven by the demo's counter cores
  const c4 = await login(hall, 'C004');
  const b = await issue(hall, manager, 'B');
  const c = await issue(hall, manager, 'C');
  const first = await callNext(hall, c3, 3);
  await new Promise((r) => setTimeout(r, 1000));
  const second = await callNext(hall, c4, 4);
  expect(first?.number).toBe(b.number);
  expect(second?.number).toBe(c.number);

  await expect(page.getByTestId('call-hero')).toContainText(c.number);
  await shot(page, 'display-1-two-calls');
  const log = async () => page.evaluate(() => (globalThis as unknown as { __hallAnnouncer?: { log: LogEntry[] } }).__hallAnnouncer?.log ?? []);
  await expect.poll(async () => (await log()).filter((e) => e.endedAt !== null).length, { timeout: 90_000 }).toBeGreaterThanOrEqual(4);
  const entries = (await log()).slice(0, 4);
  const spoken = (n: string) => n.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!);
  expect(entries.map((e) => [e.text, e.repeat])).toEqual([
    [`请 ${spoken(b.number)} 号到 3 号窗口办理`, 1],
    [`请 ${spoken(b.number)} 号到 3 号窗口办理`, 2],
    [`请 ${spoken(c.number)} 号到 4 号窗口办理`, 1],
    [`请 ${spoken(c.number)} 号到 4 号窗口办理`, 2],
  ]);
  for (let i = 1; i < entries.length; i++) expect(entries[i]!.startedAt).toBeGreaterThanOrEqual(entries[i - 1]!.endedAt!);
  for (const e of entries) expect(e.endedAt! - e.startedAt).toBeGreaterThan(500); // spoken (or paced), not skipped
  await expect(page.getByTestId('display-window-3')).toContainText(b.number);
  await expect(page.getByTestId('display-window-4')).toContainText(c.number);

  // Offline while a call happens: after reconnecting the display still announces it.
  await page.context().setOffline(true);
  const d = await issue(hall, manager, 'B');
  const third = await callNext(hall, c3, 3);
  expect(third?.number).toBe(d.number);
  await page.waitForTimeout(1500);
  await page.context().setOffline(false);
  await expect.poll(async () => (await log()).map((e) => e.text), { timeout: 90_000 }).toContainEqual(`请 ${spoken(d.number)} 号到 3 号窗口办理`);
  const texts = (await log()).map((e) => `${e.text}#${e.repeat}`);
  expect(new Set(texts).size).toBe(texts.length); // nothing announced twice
  await shot(page, 'display-2-after-reconnect');
});

test("the manager's 大屏播报 setting reaches an open display without a reload", async ({ browser, demo }) => {
  test.setTimeout(240_000);
  const hall = demo.hallUrl;
  const ctx = await browser.newContext();
  const display = await ctx.newPage();
  await display.goto(`${hall}/#/display?enroll=DISPLAY-DEMO`); // no ?repeat=: the hall's setting counts
  await expect(display.getByTestId('display-waiting')).toBeVisible();

  const page = await ctx.newPage();
  await page.goto(`${hall}/#/manager`);
  await page.getByLabel('工号').fill('M001');
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('tab', { name: '大屏播报' }).click();
  await expect(page.getByTestId('settings-last-change')).toContainText('尚未修改过');
  await page.getByText('1 遍', { exact: true }).click();
  await page.getByTestId('settings-gap').locator('xpath=descendant-or-self::input').fill('1.5');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await expect(page.getByTestId('settings-last-change')).toContainText('M001');
  await shot(page, 'manager-display-settings');
  const manager = await login(hall, 'M001');
  expect((await api(hall, 'GET', '/api/hall/settings', manager)).body).toMatchObject({ announceRepeat: 1, announceGapMs: 1500, updatedBy: 'M001' });

  // The open display has taken it (through the 'settings' signal, no reload).
  await expect
    .poll(
      () =>
        display.evaluate(() => {
          const a = (globalThis as unknown as { __hallAnnouncer?: { repeats: number; gapMs: number } }).__hallAnnouncer;
          return a && [a.repeats, a.gapMs];
        }),
      { timeout: 15_000 },
    )
    .toEqual([1, 1500]);

  // Two calls: each said once now (the default would say each twice), 1.5 s apart.
  const c3 = await login(hall, 'C003');
  const b1 = await issue(hall, manager, 'B');
  const b2 = await issue(hall, manager, 'B');
  expect((await callNext(hall, c3, 3))?.number).toBe(b1.number);
  await expect(display.getByTestId('call-hero')).toContainText(b1.number);
  expect((await callNext(hall, c3, 3))?.number).toBe(b2.number);
  const log = async () => display.evaluate(() => (globalThis as unknown as { __hallAnnouncer?: { log: LogEntry[] } }).__hallAnnouncer?.log ?? []);
  const spoken = (n: string) => `请 ${n.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!)} 号到 3 号窗口办理`;
  await expect.poll(async () => (await log()).filter((e) => e.text === spoken(b2.number) && e.endedAt !== null).length, { timeout: 90_000 }).toBe(1);
  const entries = await log();
  expect(entries.map((e) => [e.text, e.repeat])).toEqual([
    [spoken(b1.number), 1],
    [spoken(b2.number), 1],
  ]);
  expect(entries[1]!.startedAt - entries[0]!.endedAt!).toBeGreaterThanOrEqual(1400); // the new pause
  await ctx.close();
});
