// The manager console against the real hall server: the live board with window actions, category
// assignment by drag and drop, ordering rules with preview, statistics with CSV/XLSX export, case
// deadlines, and a 差评 taken through 回访 → 整改 → 反馈 to closure.
import { readFileSync } from 'node:fs';
import { test, expect, shot } from './demoHall';
import { api, issue, login, openManagerConsole } from './managerHallApi';

interface Snap {
  windows: { no: number; status: string; pauseReason?: string | null; categories: { category: string; weight: number }[] }[];
}

test('manager console: board, assignment drag and drop, rules, stats export, 差评 follow-up', async ({ page, demo }) => {
  test.setTimeout(150_000);
  const hall = demo.hallUrl;
  const manager = await login(hall, 'M001');
  await login(hall, 'C005'); // window 5 staffed
  const c6 = await login(hall, 'C006');
  await issue(hall, manager, 'A');
  await issue(hall, manager, 'D', { priority: 'elderly' });
  await api(hall, 'POST', '/api/windows/6/call-next', c6, {});

  await openManagerConsole(page, hall);
  await expect(page.getByTestId('mgr-win-6')).toContainText('赵敏');
  await expect(page.getByTestId('mgr-win-6')).toContainText(/D\d{3}/);
  await expect(page.getByTestId('mgr-win-status-5')).toHaveText('空闲');

  // Pause window 5 with a reason from the board.
  await page.getByTestId('mgr-win-menu-5').click();
  await page.getByRole('menuitem', { name: '暂停服务' }).click();
  await page.getByTestId('mgr-pause-reason').fill('临时离岗');
  await page
    .getByRole('button', { name: /暂停服务/ })
    .last()
    .click();
  await expect(page.getByTestId('mgr-win-status-5')).toHaveText('暂停');
  await expect(page.getByTestId('mgr-win-5')).toContainText('临时离岗');
  await shot(page, 'manager-1-board');
  const snap1 = (await api<Snap>(hall, 'GET', '/api/queue', manager)).body;
  expect(snap1.windows.find((w) => w.no === 5)).toMatchObject({ status: 'paused', pauseReason: '临时离岗' });
  await page.getByTestId('mgr-win-menu-5').click();
  await page.getByRole('menuitem', { name: '恢复服务' }).click();
  await expect(page.getByTestId('mgr-win-status-5')).toHaveText('空闲');

  // Drag category D onto window 5, then move it on to window 3.
  await page.getByRole('tab', { name: '窗口业务调度' }).click();
  await page.getByTestId('palette-D').dragTo(page.getByTestId('assign-win-5'));
  await expect(page.getByTestId('assign-5-D')).toBeVisible();
  let snap = (await api<Snap>(hall, 'GET', '/api/queue', manager)).body;
  expect(snap.windows.find((w) => w.no === 5)!.categories.map((c) => c.category)).toContain('D');
  await page.getByTestId('drag-5-D').dragTo(page.getByTestId('assign-win-3'));
  await expect(page.getByTestId('assign-3-D')).toBeVisible();
  await expect(page.getByTestId('assign-5-D')).toHaveCount(0);
  snap = (await api<Snap>(hall, 'GET', '/api/queue', manager)).body;
  expect(snap.windows.find((w) => w.no === 3)!.categories.map((c) => c.category)).toContain('D');
  expect(snap.windows.find((w) => w.no === 5)!.categories.map((c) => c.category)).not.toContain('D');
  await shot(page, 'manager-2-assignment');

  // Ordering rules: preview under the draft, save as a new version, server explanation.
  await page.getByRole('tab', { name: '排序规则' }).click();
  await expect(page.getByTestId('rules-preview-next')).toBeVisible();
  const before = (await api<{ version: number }>(hall, 'GET', '/api/ordering-rules', manager)).body.version;
  await page.getByTestId('rules-ratio-priority').locator('xpath=descendant-or-self::input').fill('3');
  await page.getByTestId('rules-save').click();
  await expect(page.getByTestId('rules-saved')).toBeVisible();
  const after = (await api<{ version: number; rules: { priorityRatio: { priority: number } } }>(hall, 'GET', '/api/ordering-rules', manager)).body;
  expect(after.version).toBe(before + 1);
  expect(after.rules.priorityRatio.priority).toBe(3);
  await expect(page.getByTestId('rules-explain-next')).toHaveText(/[AB]\d{3}/); // window 1 serves A and B
  await shot(page, 'manager-3-rules');

  // Statistics with charts and exports.
  await page.getByRole('tab', { name: '统计分析' }).click();
  await expect(page.getByTestId('kpi-issued')).not.toHaveText('0');
  await expect(page.getByTestId('chart-volume').locator('canvas')).toHaveCount(1);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  expect(csvText.startsWith('\ufeff')).toBe(true);
  expect(csvText).toContain('取号数');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(
    readFileSync((await xlsx.path())!)
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');
  await shot(page, 'manager-4-stats');

  await page.getByRole('tab', { name: '办件时限' }).click();
  await expect(page.getByTestId('manager-cases')).toBeVisible();

  // A bad rating arrives; it becomes a follow-up task that is taken to closure.
  const ratingId = `e2e-bad-${Date.now()}`;
  // Ratings come only from the window's own devices: window 1's rating pad.
  const pad = (await api<{ token: string }>(hall, 'POST', '/api/devices/enroll', undefined, { code: 'PAD-DEMO-1', kind: 'pad', name: 'e2e-pad-1' })).body.token;
  const r = await api(hall, 'POST', '/api/ratings', pad, {
    id: ratingId,
    windowNo: 1,
    clerkWorkNo: 'C001',
    level: 'veryDissatisfied',
    reasonCodes: ['B04'],
    channel: 'hallTablet',
    ratedAt: new Date().toISOString(),
  });
  expect(r.status).toBe(200);
  await page.getByRole('tab', { name: '差评整改' }).click();
  await expect(page.getByTestId(`follow-status-${ratingId}`)).toHaveText('处理中');
  await shot(page, 'manager-5-followup-open');
  for (const stage of ['回访', '整改', '反馈']) {
    await page.getByTestId(`follow-do-${ratingId}`).click();
    await expect(page.getByRole('dialog')).toContainText(stage);
    await page.getByTestId('follow-note').fill(`${stage}：已处理`);
    await page.locator('#follow-submit').click();
    await expect(page.getByRole('dialog')).toBeHidden();
  }
  await expect(page.getByTestId(`follow-status-${ratingId}`)).toHaveText('已办结');
  const list = (
    await api<{
      closure: { closed: number; total: number };
      tasks: { ratingId: string; stages: Record<string, { doneOn: string | null; dueDate: string }> }[];
    }>(hall, 'GET', '/api/followups', manager)
  ).body;
  const task = list.tasks.find((t) => t.ratingId === ratingId)!;
  expect(task.stages.reply!.doneOn).not.toBeNull();
  expect(task.stages.callback!.dueDate > new Date().toISOString().slice(0, 10)).toBe(true); // 15 working days ahead
  await expect(page.getByTestId('follow-closure')).toHaveText(`${list.closure.closed}/${list.closure.total}`);
  await shot(page, 'manager-6-followup-closed');
  // Leave the shared demo hall as found: rules back, D back on window 6 only, line empty.
  await api(hall, 'PUT', '/api/ordering-rules', manager, { priorityRatio: { priority: 2, normal: 1 } });
  await api(hall, 'PUT', '/api/windows/3/assignment', manager, { categories: [{ category: 'B', weight: 1 }] });
});
