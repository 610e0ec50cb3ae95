// 免提交 in Chromium against the demo hall and its e-licence library simulator: the clerk asks
// the citizen on the pad, the citizen confirms, two materials are fetched as e-licences and the
// 受理回执 (decoded from the printer sink's ESC/POS bytes) prints them as 免提交 with their
// identifiers. Then the library goes down: one click takes paper, and the receipt and the
// manager's statistics say so.
import type { Page } from '@playwright/test';
import { test, expect, shot, type DemoInfo } from './demoHall';
import { api, login, openManagerConsole } from './managerHallApi';
import { chooseItem } from './intakeSteps';

const ITEM = '城乡居民养老保险参保登记'; // 居民身份证 (idCard) + 户口簿 (household) + a form
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const devices = (demo: DemoInfo) => demo.devices as { controlUrl: string; licenceService: string };
async function printed(demo: DemoInfo): Promise<string[]> {
  const r = await fetch(`${devices(demo).controlUrl}/w/1/printer`);
  return ((await r.json()) as { receipts: { lines: string[] }[] }).receipts.map((x) => x.lines.join('\n'));
}
/** Receipt text without the wrap's hanging spaces and line breaks. */
const flat = (s: string) => s.replace(/\s+/g, '');

async function intake(page: Page) {
  await page.getByTestId('btn-simulate-card').click();
  await expect(page.getByTestId('card-name')).toHaveText('张三丰', { timeout: 15_000 });
  await chooseItem(page, '养老保险', ITEM);
  await expect(page.getByTestId('mat-2')).toBeVisible();
}

async function consentOnPad(page: Page, pad: Page) {
  await page.getByTestId('btn-licence-fetch').click();
  await expect(page.getByTestId('licence-pick')).toContainText('户口簿');
  await page.getByTestId('licence-ask-pad').click();
  await expect(pad.getByTestId('pad-consent')).toBeVisible({ timeout: 10_000 });
  await expect(pad.getByTestId('pad-consent-idCard')).toHaveText('居民身份证');
  await expect(pad.getByTestId('pad-consent-household')).toHaveText('居民户口簿');
  // The pad shows the holder masked, never his number.
  await expect(pad.getByTestId('pad-consent')).toContainText('张*丰');
  await expect(pad.getByTestId('pad-consent')).not.toContainText('110101');
}

test.describe.configure({ timeout: 180_000 });

test('免提交: pad consent → two e-licences fetched → receipt 免提交; service down → paper in one click', async ({ browser, demo }) => {
  const c1 = demo.counters[0]!;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const pad = await ctx.newPage();
  await pad.goto(`${c1.url}/#/pad`);
  await page.goto(`${c1.url}/#/counter`);
  await page.getByLabel('工号').fill('C001');
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('clerk-name')).toContainText('C001');

  // --- 1. The citizen confirms on the pad; both licences are fetched.
  await intake(page);
  await consentOnPad(page, pad);
  await shot(pad, 'licence-1-pad-consent');
  await expect(page.getByTestId('licence-fetch-go')).toBeDisabled(); // no fetch before the consent
  await pad.getByTestId('pad-consent-agree').click();
  await expect(page.getByTestId('licence-consent')).toContainText('评价器确认', { timeout: 10_000 });
  await expect(pad.getByTestId('pad-idle')).toBeVisible();
  await page.getByTestId('licence-fetch-go').click();
  await expect(page.getByTestId('licence-fetched-1')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('licence-fetched-0')).toContainText('110101********');
  const ids = (await page.locator('[data-testid^="licence-fetched-"] code').allTextContents()).map((s) => s.trim());
  expect(ids).toHaveLength(2);
  for (const id of ids) expect(id).toMatch(/^[0-9A-Z]{21}\.[0-9A-Z]{18}\.\d{10}\.\d{3}\.[0-9A-Z]$/);
  await shot(page, 'licence-2-fetched');
  await page.getByTestId('licence-close').click();
  await expect(page.getByTestId('mat-exempt')).toHaveCount(2);
  await page.getByTestId('mat-check-2').check();
  const before = (await printed(demo)).length;
  await page.getByTestId('btn-accept').click();
  await expect(page.getByTestId('result-case-no')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await printed(demo)).length, { timeout: 20_000 }).toBeGreaterThan(before);
  const receipt = flat((await printed(demo)).at(-1)!);
  expect(receipt).toContain('受理回执');
  expect(receipt.split('免提交，电子证照').length - 1).toBe(2);
  for (const id of ids) expect(receipt).toContain(id);
  expect(receipt).toContain('标注“免提交”的2项材料经申请人授权从电子证照库调取');
  // The case keeps the identifiers on its material lines.
  await page.getByTestId('result-open').click();
  await expect(page.getByTestId('drawer-mat-exempt')).toHaveCount(2);
  for (const id of ids) await expect(page.getByTestId('drawer-mat-exempt').filter({ hasText: id })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('drawer-mat-exempt')).toHaveCount(0);
  await page.getByTestId('result-close').click();

  // --- 2. The library is down: after the consent, the fetch fails and one click takes paper.
  await fetch(`${devices(demo).licenceService}/control/down`, { method: 'POST', body: JSON.stringify({ down: true }) });
  await intake(page);
  await consentOnPad(page, pad);
  await pad.getByTestId('pad-consent-agree').click();
  await expect(page.getByTestId('licence-consent')).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('licence-fetch-go').click();
  await expect(page.getByTestId('licence-error')).toContainText('电子证照服务暂时无法访问', { timeout: 15_000 });
  await shot(page, 'licence-3-service-down');
  await expect(page.getByTestId('licence-fetch-go')).toBeEnabled(); // a retry stays possible
  await page.getByTestId('licence-to-paper').click();
  await expect(page.getByTestId('mat-check-0')).toBeChecked();
  await expect(page.getByTestId('mat-check-1')).toBeChecked();
  await page.getByTestId('mat-check-2').check();
  const before2 = (await printed(demo)).length;
  await page.getByTestId('btn-accept').click();
  await expect(page.getByTestId('result-case-no')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await printed(demo)).length, { timeout: 20_000 }).toBeGreaterThan(before2);
  const paper = flat((await printed(demo)).at(-1)!);
  expect(paper).toContain('电子证照服务不可用，已收纸质材料');
  expect(paper).not.toContain('免提交，电子证照');

  // --- 3. The manager's statistics count both (once the cases have synced to the hall).
  const token = await login(demo.hallUrl, 'M001');
  const day = chinaToday();
  await expect
    .poll(
      async () =>
        (await api<{ materials?: { electronic: number; paperFallback: number } }>(demo.hallUrl, 'GET', `/api/stats?from=${day}&to=${day}&groupBy=hour`, token))
          .body.materials,
      { timeout: 30_000 },
    )
    .toMatchObject({ electronic: 2, paperFallback: 2 });
  const mgr = await ctx.newPage();
  await openManagerConsole(mgr, demo.hallUrl);
  await mgr.getByRole('tab', { name: '统计分析' }).click();
  await expect(mgr.getByTestId('kpi-electronic')).toHaveText('2', { timeout: 15_000 });
  await expect(mgr.getByTestId('kpi-paper-fallback')).toHaveText('2');
  await mgr.getByTestId('stats-electronic').scrollIntoViewIfNeeded();
  await shot(mgr, 'licence-4-manager-stats');
});
