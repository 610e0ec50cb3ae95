// The walking skeleton through real processes: kiosk issues a ticket → counter 1 calls it →
// the display shows and announces it → counter finishes → pad 1 shows the clerk and the five
// choices → the rating reaches the hall server.
import { test, expect, shot } from './demoHall';

test('kiosk → counter → display → pad → hall server', async ({ browser, demo }) => {
  const ctx = await browser.newContext();
  const kiosk = await ctx.newPage();
  const display = await ctx.newPage();
  const counter = await ctx.newPage();
  const pad = await ctx.newPage();
  const c1 = demo.counters[0]!;

  await display.goto(`${demo.hallUrl}/#/display?enroll=DISPLAY-DEMO&repeat=1`);
  await expect.poll(() => display.evaluate(() => Boolean(window.__hallAnnouncer))).toBe(true);

  await kiosk.goto(`${demo.hallUrl}/#/kiosk?enroll=KIOSK-DEMO`);
  await kiosk.getByTestId('kiosk-cat-A').click();
  const number = (await kiosk.getByTestId('kiosk-ticket-number').textContent())!.trim();
  expect(number).toMatch(/^A\d{3}$/);
  await shot(kiosk, 'skeleton-1-kiosk-ticket');

  await pad.goto(`${c1.url}/#/pad`);
  await counter.goto(`${c1.url}/#/counter`);
  await counter.getByLabel('工号').fill('C001');
  await counter.getByLabel('密码').fill('demo');
  await counter.getByRole('button', { name: /登\s*录/ }).click();
  await expect(counter.getByTestId('clerk-name')).toContainText('C001');
  await expect(pad.getByTestId('pad-clerk-name')).toBeVisible();

  await expect(counter.getByTestId('btn-callNext')).toBeEnabled();
  await counter.keyboard.press('F1');
  await expect(counter.getByTestId('current-ticket')).toHaveText(number);
  await shot(counter, 'skeleton-2-counter-called');

  await expect(display.getByTestId('current-calls')).toContainText(number);
  await expect.poll(() => display.evaluate(() => window.__hallAnnouncer?.log.map((e) => e.text) ?? [])).toContainEqual(expect.stringContaining('1 号窗口'));
  await shot(display, 'skeleton-3-display');

  await counter.getByTestId('btn-start').click();
  await counter.getByTestId('btn-finish').click();
  await counter.getByTestId('confirm-ok').click();
  await expect(counter.getByTestId('current-ticket')).toHaveText('—');
  await counter.getByTestId('btn-rate').click();

  await expect(pad.getByTestId('pad-rating')).toBeVisible();
  for (const level of ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied']) await expect(pad.getByTestId(`rate-${level}`)).toBeVisible();
  await shot(pad, 'skeleton-4-pad-rating');
  await pad.getByTestId('rate-satisfied').click();
  await expect(pad.getByTestId('pad-thanks')).toBeVisible();

  // The rating reached the hall server (manager's view of ratings).
  const login = (await (
    await fetch(`${demo.hallUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workNo: 'M001', password: 'demo' }),
    })
  ).json()) as { token: string };
  await expect
    .poll(
      async () => {
        const r = await fetch(`${demo.hallUrl}/api/ratings?windowNo=1`, { headers: { authorization: `Bearer ${login.token}` } });
        const body = (await r.json()) as { items?: { level: string }[] };
        return body.items?.map((i) => i.level) ?? [];
      },
      { timeout: 15_000 },
    )
    .toContain('satisfied');
  await ctx.close();
});
