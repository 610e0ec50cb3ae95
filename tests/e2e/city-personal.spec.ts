// The city's personal-data switch in Chromium against the real demo (central + hall 1 uplinked):
// the supervisor switches 个人信息上报 on for hall 1 (confirmed), the hall hears it, a case accepted
// 30 days ago at hall 1's counter goes up with its applicant, the 电子监察 list still shows it
// masked, 查看完整信息 asks for a reason and then shows the real name and ID; switched off, the
// central erases it.
import crypto from 'node:crypto';
import { test, expect, shot } from './demoHall';
import { openManagerConsole, api } from './managerHallApi';

test.use({ city: true });

const NAME = '周晓梅';
const ID = '11010519491231002X';

/** A raw request to a full URL (the central's or the hall's). */
const json = <T>(url: string, method: string, body?: unknown, token?: string) => api<T>(url, method, '', token, body);

test('city supervisor: 个人信息上报 on for one hall, one applicant opened with a reason, off erases', async ({ page, demo }) => {
  test.setTimeout(240_000);
  const central = demo.centralUrl!;
  const manager = (await json<{ token: string }>(`${demo.hallUrl}/api/auth/login`, 'POST', { workNo: 'M001', password: 'demo' })).body.token;

  await page.goto(`${central}/#/city`);
  await page.getByTestId('city-workno').fill('S001');
  await page.getByTestId('city-password').fill('demo');
  await page.getByTestId('city-login').click();
  const toggle = page.getByTestId('hall-personal-demo-hall-1');
  await expect(toggle).toBeVisible({ timeout: 30_000 });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(toggle).toContainText('仅脱敏');
  await toggle.click();
  await expect(page.getByRole('dialog')).toContainText('接收 示例市政务服务中心 的申请人个人信息');
  await page.waitForTimeout(500);
  await shot(page, 'city-personal-confirm');
  await page.getByTestId('personal-confirm').click();
  await expect(page.getByTestId('personal-notice')).toContainText('已开启', { timeout: 15_000 });
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await shot(page, 'city-personal-on');

  // The hall hears it (idle settings poll or a push answer).
  await expect
    .poll(
      async () =>
        (await json<{ cityReceivesPersonalData: boolean }>(`${demo.hallUrl}/api/uplink/status`, 'GET', undefined, manager)).body.cityReceivesPersonalData,
      {
        timeout: 60_000,
      },
    )
    .toBe(true);
  // The hall's manager sees it on the uplink tile.
  const board = await page.context().newPage();
  await openManagerConsole(board, demo.hallUrl);
  await expect(board.getByTestId('uplink-personal')).toContainText('个人信息明文上报', { timeout: 30_000 });
  await shot(board, 'city-personal-manager-tile');
  await board.close();

  // A case accepted 30 days ago with 5 working days promised (overdue) at window 1's counter.
  const counter = (
    await json<{ token: string }>(`${demo.hallUrl}/api/devices/enroll`, 'POST', { code: 'COUNTER-DEMO-1', kind: 'counter', name: 'e2e pii counter' })
  ).body.token;
  const caseId = crypto.randomUUID();
  const caseNo = `99990120261207${String(crypto.randomInt(900_000) + 100_000)}`;
  const at = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const ev = (seq: number, kind: string, payload: unknown) => ({
    id: crypto.randomUUID(),
    stream: 'case',
    streamId: caseId,
    deviceId: 'e2e-pii-counter',
    seq,
    kind,
    at,
    actor: { workNo: 'C001', windowNo: 1 },
    payload,
    schemaVersion: 1,
  });
  const push = await json<{ results: { status: string }[] }>(
    `${demo.hallUrl}/api/sync/push`,
    'POST',
    {
      deviceId: 'e2e-pii-counter',
      schemaVersion: 1,
      sentAt: new Date().toISOString(),
      events: [
        ev(1, 'received', {
          caseNo,
          itemCode: '000107001',
          itemName: '个体工商户设立登记',
          channel: 'window',
          applicant: { name: NAME, idType: 'residentId', idNumber: ID, phone: '13912345678' },
          materials: [],
        }),
        ev(2, 'accepted', { caseType: 'committed', commitment: 'timeLimited', promisedDays: 5, dueDate: null }),
      ],
    },
    counter,
  );
  expect(push.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);

  await page.getByRole('tab', { name: '电子监察' }).click();
  const row = page.getByTestId('city-cases').getByRole('row').filter({ hasText: caseNo });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText('周*梅');
  await expect(row).not.toContainText(ID);
  await row.getByTestId('open-applicant').click();
  await page.getByTestId('open-applicant-ok').click();
  await expect(page.getByRole('dialog')).toContainText('请说明查看理由');
  await page.getByTestId('open-applicant-reason').fill('电子监察核查超期办件');
  await page.getByTestId('open-applicant-ok').click();
  const details = page.getByTestId('applicant-details');
  await expect(details).toContainText(NAME, { timeout: 15_000 });
  await expect(details).toContainText(ID);
  await expect(details).toContainText('居民身份证');
  await shot(page, 'city-personal-applicant');
  await page.keyboard.press('Escape');

  // Off again: the central erases what it holds for hall 1.
  await page.getByRole('tab', { name: '大厅状态' }).click();
  await toggle.click();
  await expect(page.getByRole('dialog')).toContainText('停止接收');
  await page.getByTestId('personal-confirm').click();
  await expect(page.getByTestId('personal-notice')).toContainText('已删除 1 条', { timeout: 15_000 });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  // The trail: switched on, the applicant opened with the reason, switched off — no personal data.
  const trail = page.getByTestId('city-audit');
  await expect(trail).toContainText('关闭接收，删除 1 条', { timeout: 15_000 });
  await expect(trail).toContainText('电子监察核查超期办件');
  await expect(trail).toContainText('开启接收明文');
  await expect(trail).not.toContainText(ID);
  await page.waitForTimeout(800);
  await shot(page, 'city-personal-audit');
});
