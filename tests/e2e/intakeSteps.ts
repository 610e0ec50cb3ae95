// Steps the counter specs share. Each step is bounded and retried as a whole: under load the
// select's dropdown can open after the keystrokes were typed (they then go nowhere and the wanted
// option, outside antd's virtual list, never renders), so the query is filled into the select's
// own search input and the option awaited with a timeout.
import { expect, type Page } from '@playwright/test';

export async function chooseItem(page: Page, query: string, name: string): Promise<void> {
  const select = page.getByTestId('item-select');
  await expect(async () => {
    await select.click({ timeout: 5_000 });
    await select.locator('input').fill(query, { timeout: 5_000 });
    await page.locator('.ant-select-item-option', { hasText: name }).first().click({ timeout: 5_000 });
    await expect(page.getByTestId('mat-0')).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
}
