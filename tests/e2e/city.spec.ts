// The city console in Chromium against the real demo: central (embedded PostgreSQL) + two halls
// uplinked to it. Cases accepted at hall 1's counter (pushed through the hall's sync API as the
// counter core does) reach the city; the supervisor sees both halls, the KPIs, the overdue mark,
// and publishes a catalogue version that hall 1 then serves to its counters.
import crypto from 'node:crypto';
import { test, expect, shot } from './demoHall';
import { openManagerConsole, api } from './managerHallApi';

test.use({ city: true });

/** A raw request to a full URL (the central's or the hall's). */
const json = <T>(url: string, method: string, body?: unknown, token?: string) => api<T>(url, method, '', token, body);

/** A case 收件 → 受理 at window 1, accepted `daysAgo` days ago with 承诺时限 `promisedDays`. */
function caseEvents(seq0: number, daysAgo: number, promisedDays: number) {
  const caseId = crypto.randomUUID();
  const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  const actor = { workNo: 'C001', windowNo: 1 };
  const ev = (seq: number, kind: string, payload: unknown) => ({
    id: crypto.randomUUID(),
    stream: 'case',
    streamId: caseId,
    deviceId: 'e2e-counter-1',
    seq,
    kind,
    at,
    actor,
    payload,
    schemaVersion: 1,
  });
  return [
    ev(seq0, 'received', {
      caseNo: `99990120261207${String(seq0).padStart(6, '0')}`,
      itemCode: '000107001',
      itemName: '个体工商户设立登记',
      channel: 'window',
      applicant: { name: '李四光', idType: 'residentId', idNumber: '11010519491231002X', phone: '13912345678' },
      materials: [{ name: '身份证复印件', received: true, originalOrCopy: 'copy', count: 1 }],
    }),
    ev(seq0 + 1, 'accepted', { caseType: 'committed', commitment: 'timeLimited', promisedDays, dueDate: null }),
  ];
}

test('city supervisor: both halls, KPIs, overdue cases, catalogue published to the hall', async ({ page, demo }) => {
  test.setTimeout(240_000);
  expect(demo.centralUrl).toBeTruthy();
  const central = demo.centralUrl!;
  const clerk = (await json<{ token: string }>(`${demo.hallUrl}/api/auth/login`, 'POST', { workNo: 'C001', password: 'demo', windowNo: 1 })).body.token;
  // Only a counter's device token pushes (issue 12): enroll one for window 1 with the demo's reusable code.
  const counter = (
    await json<{ token: string }>(`${demo.hallUrl}/api/devices/enroll`, 'POST', { code: 'COUNTER-DEMO-1', kind: 'counter', name: 'e2e counter 1' })
  ).body.token;
  // One case accepted today, one accepted 30 days ago with 5 working days promised (overdue).
  const events = [...caseEvents(1, 0, 5), ...caseEvents(3, 30, 5)];
  const push = await json<{ results: { status: string }[] }>(
    `${demo.hallUrl}/api/sync/push`,
    'POST',
    { deviceId: 'e2e-counter-1', schemaVersion: 1, sentAt: new Date().toISOString(), events },
    counter,
  );
  expect(push.status).toBe(200);
  expect(push.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);

  await page.goto(`${central}/#/city`);
  await page.getByTestId('city-workno').fill('S001');
  await page.getByTestId('city-password').fill('demo');
  await page.getByTestId('city-login').click();
  const halls = page.getByTestId('city-halls');
  await expect(halls).toContainText('示例市政务服务中心', { timeout: 30_000 });
  await expect(halls).toContainText('示例市高新区政务服务中心');
  // Both halls uplinked (online, nothing waiting).
  await expect(halls.getByText(/在线|补报中/)).toHaveCount(2, { timeout: 90_000 });
  await shot(page, 'city-halls');

  await page.getByRole('tab', { name: '指标与排名' }).click();
  await expect
    .poll(
      async () => {
        await page.getByTestId('kpi-refresh').click();
        await page.waitForTimeout(1_000);
        return page.getByTestId('kpi-cases').innerText();
      },
      { timeout: 90_000 },
    )
    .toMatch(/[1-9]/);
  await expect(page.getByTestId('city-ranking')).toContainText('示例市高新区政务服务中心');
  await page.waitForTimeout(500);
  await shot(page, 'city-kpis');

  await page.getByRole('tab', { name: '电子监察' }).click();
  const cases = page.getByTestId('city-cases');
  await expect(cases.getByTestId('mark-red').first()).toBeVisible({ timeout: 60_000 });
  await expect(cases).toContainText('李*光');
  await expect(cases).not.toContainText('李四光');
  await expect(cases).not.toContainText('11010519491231002X');
  await shot(page, 'city-supervision');

  await page.getByRole('tab', { name: '事项目录' }).click();
  await expect(page.getByTestId('cat-version')).toContainText('第 1 版');
  await page.getByTestId('cat-add').click();
  await page.getByTestId('cat-new-name').fill('城市新增测试事项');
  await page.getByTestId('cat-new-code').fill('000199002');
  await page.getByTestId('cat-new-ok').click();
  // A 差评 reason of the city's own and a day off go with the version (to counters, pads, phones).
  await page.getByTestId('ref-reason-code').fill('X1');
  await page.getByTestId('ref-reason-label').fill('材料要求反复变化');
  await page.getByTestId('ref-reason-add').click();
  await page.getByTestId('ref-reason-add').click(); // nothing filled in: refused in Chinese
  await expect(page.getByTestId('ref-error')).toContainText('请填写原因代码和原因');
  await page.getByTestId('ref-reason-code').fill('X1');
  await page.getByTestId('ref-reason-label').fill('重复');
  await page.getByTestId('ref-reason-add').click(); // the same code again
  await expect(page.getByTestId('ref-error')).toContainText('该原因代码已存在');
  await page.getByTestId('ref-reason-code').fill('');
  await page.getByTestId('ref-reason-label').fill('');
  await page.getByTestId('ref-day-date').fill('2027-03-03');
  await page.getByTestId('ref-day-note').fill('市政府临时调休');
  await page.getByTestId('ref-day-add').click();
  await expect(page.getByTestId('cat-reference')).toContainText('材料要求反复变化');
  await expect(page.getByTestId('cat-reference')).toContainText('2027-03-03');
  await page.getByTestId('cat-publish').click();
  await expect(page.getByTestId('cat-notice')).toContainText('第 2 版');
  await expect(page.getByTestId('cat-version')).toContainText('第 2 版');
  await shot(page, 'city-catalogue');

  // Hall 1 picks the version up with its next push (a ticket makes one) and serves it to counters.
  const kiosk = await json<{ status: number }>(`${demo.hallUrl}/api/tickets`, 'POST', { category: 'A' }, clerk);
  expect(kiosk.status).toBe(201);
  await expect
    .poll(
      async () => {
        const r = await json<{ items: { code: string; name: string }[] }>(`${demo.hallUrl}/api/catalogue`, 'GET', undefined, clerk);
        return r.body.items.some((i) => i.code === '000199002' && i.name === '城市新增测试事项');
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  // … with the reason list and the day off, as its counters fetch them.
  const ref = await json<{ reasons: { version: string; reasons: { code: string }[] }; holidayOverrides: { date: string }[] }>(
    `${demo.hallUrl}/api/catalogue/reference`,
    'GET',
    undefined,
    clerk,
  );
  expect(ref.body.reasons.version).toMatch(/^city-/);
  expect(ref.body.reasons.reasons.map((r) => r.code)).toContain('X1');
  expect(ref.body.holidayOverrides.map((o) => o.date)).toContain('2027-03-03');

  // The hall manager's board shows the uplink tile.
  await openManagerConsole(page, demo.hallUrl);
  await expect(page.getByTestId('uplink-tile')).toContainText('市级中心', { timeout: 30_000 });
  await shot(page, 'city-manager-uplink-tile');
});
