// The evaluation pad of counter 2 in a browser, driven by the real counter core: idle shows the
// clerk's card, a rating request shows the five levels and the three dimensions, a 差评 needs a
// reason from the versioned list, thanks, and the rating reaches the hall server.
import { test, expect, shot } from './demoHall';
import { api, issue, login } from './managerHallApi';

test('pad: clerk card, five levels, dimensions, 差评 reason, thanks, rating stored', async ({ browser, demo }) => {
  const hall = demo.hallUrl;
  const c2 = demo.counters[1]!;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const pad = await ctx.newPage();
  const counter = await ctx.newPage();
  const manager = await login(hall, 'M001');
  await issue(hall, manager, 'A');

  await pad.goto(`${c2.url}/#/pad`);
  await counter.goto(`${c2.url}/#/counter`);
  await counter.getByLabel('工号').fill('C002');
  await counter.getByLabel('密码').fill('demo');
  await counter.getByRole('button', { name: /登\s*录/ }).click();
  await expect(pad.getByTestId('pad-clerk-name')).toHaveText('张伟');
  await expect(pad.getByTestId('pad-idle')).toContainText('工号 C002');
  await shot(pad, 'pad-1-idle');

  await counter.bringToFront();
  await counter.getByRole('button', { name: /叫下一位/ }).click();
  await expect(counter.getByTestId('current-ticket')).not.toHaveText('—');
  await counter.getByTestId('btn-start').click();
  await counter.getByTestId('btn-finish').click();
  await counter.getByTestId('confirm-ok').click();
  await counter.getByTestId('btn-rate').click();

  await expect(pad.getByTestId('pad-rating')).toBeVisible();
  for (const l of ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied']) await expect(pad.getByTestId(`rate-${l}`)).toBeVisible();
  await expect(pad.getByTestId('pad-dimensions')).toContainText('服务效率');
  await expect(pad.getByTestId('pad-dimensions')).toContainText('服务水平');
  await expect(pad.getByTestId('pad-dimensions')).toContainText('服务态度');
  await expect(pad.getByTestId('pad-countdown')).toHaveText(/\d+ 秒/);
  await pad.getByTestId('dim-attitude-veryDissatisfied').click();
  await shot(pad, 'pad-2-rating');

  await pad.getByTestId('rate-dissatisfied').click();
  await expect(pad.getByTestId('pad-reasons')).toBeVisible();
  await expect(pad.getByTestId('pad-submit')).toBeDisabled();
  const firstReason = pad.locator('[data-testid^="reason-"]').first();
  const reasonCode = (await firstReason.getAttribute('data-testid'))!.replace('reason-', '');
  await firstReason.click();
  await shot(pad, 'pad-3-bad-reason');
  await pad.getByTestId('pad-submit').click();
  await expect(pad.getByTestId('pad-thanks')).toBeVisible();
  await shot(pad, 'pad-4-thanks');
  // Nothing personal about the citizen was on screen at any point.
  await expect(pad.locator('body')).not.toContainText('身份证');

  await expect
    .poll(
      async () => {
        const r = await api<{ items?: { level: string; reasonCodes?: string[]; dimensions?: Record<string, string> }[] }>(
          hall,
          'GET',
          '/api/ratings?windowNo=2',
          manager,
        );
        return r.body.items?.find((i) => i.level === 'dissatisfied') ?? null;
      },
      { timeout: 15_000 },
    )
    .toMatchObject({ level: 'dissatisfied', reasonCodes: [reasonCode] });
  await expect(pad.getByTestId('pad-idle')).toBeVisible({ timeout: 15_000 }); // thanks → idle
  await ctx.close();
});
