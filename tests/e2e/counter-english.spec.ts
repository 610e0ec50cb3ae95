// The counter's second locale: the language switch in the header turns the whole screen to
// English (labels, buttons, placeholders, F-key reasons) and back to the exact Chinese labels.
// Texts that come from the core (status labels, item names, device messages) stay Chinese.
import { test, expect, shot } from './demoHall';
import { issue, login } from './managerHallApi';
import { chooseItem } from './intakeSteps';

test('counter in English and back to Chinese', async ({ browser, demo }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const c1 = demo.counters[0]!;
  await page.goto(`${c1.url}/#/counter`);
  await page.getByLabel('工号').fill('C001');
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('clerk-name')).toContainText('C001');
  await expect(page.getByTestId('btn-callNext')).toContainText('叫下一位');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('btn-callNext')).toContainText('Call next');
  await expect(page.getByText('Window 1', { exact: true })).toBeVisible();
  await expect(page.getByTestId('tab-mine')).toContainText('Cases');
  await expect(page.getByText('Current ticket')).toBeVisible();

  // A card on the reader and an item chosen, so the intake form shows its English labels too.
  await page.getByTestId('btn-simulate-card').click();
  // The reader's presence loop picks the card up on its next poll (15 s as in counter.spec.ts: slow under load).
  await expect(page.getByTestId('card-view')).toContainText('Read from the ID card reader', { timeout: 15_000 });
  await chooseItem(page, 'esfzydj', '二手房转移登记');
  await expect(page.getByTestId('mat-0')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-select-dropdown').first()).toBeHidden();
  await expect(page.getByTestId('item-summary')).toContainText('Time limit');
  await expect(page.getByTestId('missing-hint')).toContainText('required material(s) missing');
  await expect(page.getByTestId('btn-accept')).toHaveText('Accept');
  await shot(page, 'counter-9-english');

  await page.getByTestId('tab-devices').click();
  await expect(page.getByText('Audit trail (read only)')).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Action' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Sign in', exact: true }).first()).toBeVisible();
  await shot(page, 'counter-9-english-devices');

  // A called ticket: F1 waits for Start service or No-show, and says why in English.
  const ticket = await issue(demo.hallUrl, await login(demo.hallUrl, 'M001'), 'A');
  await page.keyboard.press('F1');
  await expect(page.getByTestId('current-ticket')).toHaveText(ticket.number);
  await expect(page.getByTestId('btn-callNext')).toBeDisabled();
  await expect(page.getByTestId('called-hint')).toHaveText('Current ticket not confirmed as arrived: press Start service, or No-show / Recall first');
  await page.keyboard.press('F3');
  await expect(page.getByTestId('btn-callNext')).toContainText('Finish & call next');
  await page.keyboard.press('F5');
  await expect(page.getByTestId('confirm-ok')).toContainText('Confirm');
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('current-ticket')).toHaveText('—');

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByTestId('btn-callNext')).toContainText('叫下一位');
  await expect(page.getByTestId('btn-accept')).toHaveText(/受\s*理/);
  await ctx.close();
});
