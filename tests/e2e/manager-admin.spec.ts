// The manager console's reference data tab against the real hall server: add a window and a
// clerk in the UI (the form checks fields with the shared zod schemas), prove through the hall
// API that the clerk signs in there, deactivate him in the UI (his token dies, login refused),
// change a category's prefix (the next ticket carries it), and change the display notice (大厅 tab;
// the queue snapshot the displays read carries it).
import { test, expect, shot } from './demoHall';
import { api, openManagerConsole } from './managerHallApi';

test('manager console: staff, windows and categories are edited in the UI and take effect on the hall server', async ({ page, demo }) => {
  test.setTimeout(120_000);
  const hall = demo.hallUrl;
  await openManagerConsole(page, hall);

  await page.getByRole('tab', { name: '基础数据' }).click();
  const admin = page.getByTestId('manager-admin');
  await expect(admin.locator('tr[data-row-key="C001"]')).toContainText('李娜');
  await expect(admin).not.toContainText(/scrypt/);
  // The signed-in manager cannot deactivate himself.
  await expect(page.getByTestId('admin-staff-deactivate-M001')).toBeDisabled();

  // A new window 10: the next number after the demo's 1–6 and 9 (办不成事); every demo window already has its clerk.
  await admin.getByRole('tab', { name: '窗口', exact: true }).click();
  await page.getByTestId('admin-window-add').click();
  const winDlg = page.getByRole('dialog', { name: '新增窗口' });
  await expect(winDlg.getByLabel('窗口号')).toHaveValue('10');
  await winDlg.getByLabel('窗口名称').fill('10号窗口');
  await page.getByTestId('admin-window-save').click();
  await expect(admin.locator('tr[data-row-key="10"]')).toContainText('10号窗口');

  // A clerk at window 10 with C001 as his backup; a short password is refused by the form first.
  await admin.getByRole('tab', { name: '工作人员' }).click();
  await page.getByTestId('admin-staff-add').click();
  const dlg = page.getByRole('dialog', { name: '新增工作人员' });
  await dlg.getByLabel('工号').fill('C107');
  await dlg.getByLabel('姓名').fill('孙丽');
  await dlg.getByLabel('固定窗口').click();
  await page.locator('.ant-select-item-option[title="10号窗口"]').click();
  await dlg.getByLabel('AB角（B角）').click();
  await page.locator('.ant-select-item-option[title="C001 · 李娜"]').click();
  await dlg.getByLabel('初始密码（至少 8 位，含字母和数字）').fill('123');
  await page.getByTestId('admin-staff-save').click();
  await expect(dlg).toContainText('密码至少 8 位，且须同时包含字母和数字');
  await shot(page, 'manager-admin-0-form');
  await dlg.getByLabel('初始密码（至少 8 位，含字母和数字）').fill('secret77x');
  await page.getByTestId('admin-staff-save').click();
  await expect(page.getByTestId('admin-notice')).toContainText('C107');
  const row = admin.locator('tr[data-row-key="C107"]');
  await expect(row).toContainText('孙丽');
  await expect(row).toContainText('窗口人员');
  await expect(row).toContainText('10号窗口');
  await expect(row).toContainText('C001 李娜');
  await expect(row).toContainText('在岗');

  // He signs in through the hall API, seated at window 10 (a window added mid-month has no rota yet: the home-window rule applies).
  const signIn = () =>
    api<{ token: string; role: string; windowNo: number; staff: { workNo: string; name: string } }>(hall, 'POST', '/api/auth/login', undefined, {
      workNo: 'C107',
      password: 'secret77x',
    });
  const ok = await signIn();
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  expect(ok.body).toMatchObject({ role: 'clerk', windowNo: 10, staff: { workNo: 'C107', name: '孙丽' } });
  await shot(page, 'manager-admin-1-staff');

  // Deactivated in the UI: his token is dead and he cannot sign in again.
  await page.getByTestId('admin-staff-deactivate-C107').click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /停\s*用/ })
    .click();
  await expect(row).toContainText('已停用');
  expect((await api(hall, 'GET', '/api/auth/me', ok.body.token)).status).toBe(401);
  const refused = await signIn();
  expect(refused).toMatchObject({ status: 401, body: { code: 'bad_credentials' } });

  // Category D gets the prefix QY: the next ticket carries it.
  await admin.getByRole('tab', { name: '业务类别' }).click();
  await page.getByTestId('admin-category-edit-D').click();
  const catDlg = page.getByRole('dialog', { name: '编辑业务类别 D' });
  await catDlg.getByLabel('号票前缀').fill('qy');
  await expect(catDlg).toContainText('号码示例：QY001');
  await page.getByTestId('admin-category-save').click();
  await expect(admin.locator('tr[data-row-key="D"]')).toContainText('QY001 – QY999');
  const manager = (await api<{ token: string }>(hall, 'POST', '/api/auth/login', undefined, { workNo: 'M001', password: 'demo' })).body.token;
  const ticket = await api<{ number: string }>(hall, 'POST', '/api/tickets', manager, { category: 'D', channel: 'manual' });
  expect(ticket.status).toBe(201);
  expect(ticket.body.number).toMatch(/^QY\d{3}$/);
  await shot(page, 'manager-admin-2-categories');

  // 大厅: a new display notice, saved in the UI, is in the snapshot every display reads.
  await admin.getByRole('tab', { name: '大厅', exact: true }).click();
  const form = page.getByTestId('admin-hall-form');
  await expect(form.getByLabel('大厅名称')).toHaveValue('示例市政务服务中心');
  await expect(form.getByLabel('大屏公告')).toHaveValue('请按号等候，留意叫号；60岁以上老年人可走绿色通道。');
  await form.getByLabel('大屏公告').fill('今日 16:30 起暂停受理不动产登记，请改日办理。');
  await page.getByTestId('admin-hall-save').click();
  await expect(page.getByTestId('admin-notice')).toContainText('已保存大厅名称和公告');
  const snap = await api<{ hall: { name: string; notice: string | null } }>(hall, 'GET', '/api/queue', manager);
  expect(snap.body.hall).toMatchObject({ name: '示例市政务服务中心', notice: '今日 16:30 起暂停受理不动产登记，请改日办理。' });
  await shot(page, 'manager-admin-3-hall');
});
