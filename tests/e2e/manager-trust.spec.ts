// The manager console's trust actions against the real demo hall: a pad code asks for its window;
// 更换电脑 revokes a counter and issues the code that continues its sync log; 查看完整信息 on a
// masked case needs a reason and then shows the full ID (the hall records the viewing).
import { v7 as uuidv7 } from 'uuid';
import { test, expect, shot } from './demoHall';
import { api, login, openManagerConsole } from './managerHallApi';
import { caseDrafts } from '../support/syncCases';

// (The domain's case module loads a JSON calendar the Playwright loader cannot import: events are built as they travel.)
const CASE_SCHEMA_VERSION = 1;

test('manager console: window-bound codes, replacing a counter PC, audited reveal of a masked applicant', async ({ page, demo }) => {
  test.setTimeout(150_000);
  const hall = demo.hallUrl;
  const manager = await login(hall, 'M001');

  // A counter at window 3 (enrolled through the API) pushes a case signed by window 3's clerk.
  const code3 = await api<{ code: string; windowNo: number }>(hall, 'POST', '/api/devices/enrollment-codes', manager, { kind: 'counter', windowNo: 3 });
  expect(code3.body.windowNo).toBe(3);
  const counter = await api<{ token: string; deviceId: string; windowNo: number }>(hall, 'POST', '/api/devices/enroll', undefined, {
    code: code3.body.code,
    kind: 'counter',
    name: 'E2E 3号柜台',
  });
  expect(counter.body.windowNo).toBe(3);
  const caseId = uuidv7();
  const events = caseDrafts(caseId, 1, 3, 2).map((d, i) => {
    if (d.kind === 'received') (d.payload as { applicant: Record<string, unknown> }).applicant.phone = '13912345678';
    return {
      id: uuidv7(),
      stream: 'case',
      streamId: caseId,
      deviceId: 'W3-e2e',
      seq: i + 1,
      kind: d.kind,
      at: new Date().toISOString(),
      actor: d.actor,
      payload: d.payload,
      schemaVersion: CASE_SCHEMA_VERSION,
    };
  });
  const pushed = await api<{ results: { status: string }[] }>(hall, 'POST', '/api/sync/push', counter.body.token, {
    deviceId: 'W3-e2e',
    schemaVersion: CASE_SCHEMA_VERSION,
    events,
  });
  expect(pushed.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);

  await openManagerConsole(page, hall);
  await page.getByRole('tab', { name: '设备', exact: true }).click();
  const panel = page.getByTestId('manager-devices');

  // A pad code: the window is asked for, and required.
  await page.getByTestId('devices-code-kind').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '评价器' }).click();
  await expect(page.getByTestId('devices-code-window')).toBeVisible();
  await page.getByTestId('devices-code-create').click();
  await expect(page.getByText('柜台和评价器的注册码须指定窗口')).toBeVisible();
  await page.getByTestId('devices-code-window').fill('2');
  await page.getByTestId('devices-code-create').click();
  await expect(page.getByTestId('devices-code-window-shown')).toHaveText('2 号窗口');
  const padCode = (await page.getByTestId('devices-code').textContent())!.trim();
  const pad = await api<{ windowNo: number }>(hall, 'POST', '/api/devices/enroll', undefined, { code: padCode, kind: 'pad', name: 'E2E 2号评价器' });
  expect(pad.body.windowNo).toBe(2);
  await shot(page, 'manager-trust-0-pad-code');
  await page.getByTestId('devices-code-close').click();

  // 更换电脑: the old counter's token dies; the new code is for window 3 and continues after seq 2.
  await page.reload();
  await page.getByTestId('manager-board').waitFor();
  await page.getByRole('tab', { name: '设备', exact: true }).click();
  const row = panel.locator(`tr[data-row-key="${counter.body.deviceId}"]`);
  await expect(row).toContainText('3 号窗口');
  await page.getByTestId(`devices-replace-${counter.body.deviceId}`).click();
  await expect(page.locator('.ant-popconfirm')).toContainText('更换柜台「E2E 3号柜台」的电脑');
  await page.locator('.ant-popconfirm').getByRole('button', { name: '更换电脑' }).click();
  await expect(page.getByTestId('devices-code-window-shown')).toHaveText('3 号窗口');
  await expect(page.getByTestId('devices-notice')).toContainText('从序号 2 之后接续');
  const newCode = (await page.getByTestId('devices-code').textContent())!.trim();
  await shot(page, 'manager-trust-1-replace');
  expect((await api(hall, 'POST', '/api/sync/push', counter.body.token, { deviceId: 'W3-e2e', schemaVersion: CASE_SCHEMA_VERSION, events: [] })).status).toBe(
    401,
  );
  const fresh = await api<{ takeOver: { syncDeviceId: string; lastSeq: number } }>(hall, 'POST', '/api/devices/enroll', undefined, {
    code: newCode,
    kind: 'counter',
    name: 'E2E 3号柜台（新）',
  });
  expect(fresh.body.takeOver).toEqual({ syncDeviceId: 'W3-e2e', lastSeq: 2 });

  // The case list is masked; the full ID needs a reason.
  await page.getByRole('tab', { name: '办件时限' }).click();
  await page.getByText('全部在办').click();
  const cases = page.getByTestId('manager-cases');
  await expect(cases.getByTestId(`case-reveal-${caseId}`)).toBeVisible();
  await expect(cases).not.toContainText('13912345678');
  await cases.getByTestId(`case-reveal-${caseId}`).click();
  await expect(page.locator('#case-reveal-ok')).toBeDisabled();
  await page.getByTestId('case-reveal-reason').fill('申请人来电，核对身份');
  await page.locator('#case-reveal-ok').click();
  const shown = page.getByTestId('case-revealed');
  await expect(shown).toContainText('13912345678');
  await expect(shown).not.toContainText('*');
  await expect(page.getByText('本次查看已留痕')).toBeVisible();
  await shot(page, 'manager-trust-2-reveal');
});
