// The manager console's 设备 tab against the real hall server: a one-time enrollment code made in
// the UI (shown once, large, with kind and expiry) enrolls a kiosk through the hall API; the kiosk
// appears as 在用, is revoked in the UI behind a confirm, and its token is refused from then on.
import { test, expect, shot } from './demoHall';
import { api, openManagerConsole } from './managerHallApi';

test('manager console: enrollment code made in the UI enrolls a kiosk; revoking it in the UI kills its token', async ({ page, demo }) => {
  test.setTimeout(120_000);
  const hall = demo.hallUrl;
  await openManagerConsole(page, hall);

  await page.getByRole('tab', { name: '设备', exact: true }).click();
  const panel = page.getByTestId('manager-devices');
  await expect(panel).toBeVisible();

  // A code for a kiosk (the default kind), valid 30 minutes.
  await panel.getByRole('spinbutton').fill('30');
  await page.getByTestId('devices-code-create').click();
  const code = (await page.getByTestId('devices-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(page.getByTestId('devices-code-for')).toHaveText('类型：取号机');
  await expect(page.getByTestId('devices-code-expires')).toContainText(/有效期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await shot(page, 'manager-devices-0-code');

  // The code is for a kiosk: a display cannot use it; the kiosk can, once.
  const refused = await api(hall, 'POST', '/api/devices/enroll', undefined, { code, kind: 'display', name: '错用的大屏' });
  expect(refused).toMatchObject({ status: 403, body: { code: 'bad_enrollment_code' } });
  const enrolled = await api<{ token: string; deviceId: string }>(hall, 'POST', '/api/devices/enroll', undefined, {
    code,
    kind: 'kiosk',
    name: 'E2E 东门取号机',
  });
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
  const { token, deviceId } = enrolled.body;
  expect((await api(hall, 'GET', '/api/kiosk/categories', token)).status).toBe(200);
  expect((await api(hall, 'POST', '/api/devices/enroll', undefined, { code, kind: 'kiosk', name: '再次使用' })).status).toBe(403);

  // The list follows the hall's signal: the new kiosk shows as 在用.
  await page.getByTestId('devices-code-close').click();
  await expect(page.getByTestId('devices-code')).toHaveCount(0);
  const row = panel.locator(`tr[data-row-key="${deviceId}"]`);
  await expect(row).toContainText('E2E 东门取号机');
  await expect(row).toContainText('取号机');
  await expect(page.getByTestId(`devices-status-${deviceId}`)).toHaveText('在用');

  // Revoke behind a confirm: cancelling changes nothing, confirming revokes.
  await page.getByTestId(`devices-revoke-${deviceId}`).click();
  await expect(page.locator('.ant-popconfirm')).toContainText('吊销设备「E2E 东门取号机」');
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /取\s*消/ })
    .click();
  expect((await api(hall, 'GET', '/api/kiosk/categories', token)).status).toBe(200);
  await page.getByTestId(`devices-revoke-${deviceId}`).click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /吊\s*销/ })
    .click();
  await expect(page.getByTestId('devices-notice')).toContainText('已吊销「E2E 东门取号机」');
  await expect(page.getByTestId(`devices-status-${deviceId}`)).toContainText('已吊销');
  await expect(page.getByTestId(`devices-revoke-${deviceId}`)).toBeDisabled();
  await expect(page.locator('.ant-popconfirm:visible')).toHaveCount(0);
  await shot(page, 'manager-devices-1-revoked');

  // Its token is dead for every call.
  expect(await api(hall, 'GET', '/api/kiosk/categories', token)).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
  expect(await api(hall, 'POST', '/api/tickets', token, { category: 'A', channel: 'kiosk' })).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
});
