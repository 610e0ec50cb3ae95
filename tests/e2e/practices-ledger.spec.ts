// Hall practices (issue 16) in Chromium against the real demo hall: a 「办不成事」 problem recorded
// at the window (the slip printed to a TCP printer sink and decoded), assigned, resolved and called
// back in the manager console, shown in the ledger with its history and exported; a 帮办代办 service
// registered with two milestones, two cases linked, and the overdue-milestone warning; at the counter
// the 代办员 accepts a case under his service and sees it in 我的代办 (overdue milestone in red).
import ExcelJS from 'exceljs';
import { test, expect, shot } from './demoHall';
import { api, login, openManagerConsole } from './managerHallApi';
import { startPrinterSink } from '../../native/printer/sink';
import { chooseItem } from './intakeSteps';
import type { ProblemLedger, ProxyServiceList, ProxyServiceView } from '../../domain/api/practices';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTs } from '../../scripts/processes';
import { freePort } from '../support/ports';

test('办不成事 window → problem ledger; 帮办代办 service with linked cases and an overdue milestone', async ({ page, demo }) => {
  test.setTimeout(120_000);
  const hall = demo.hallUrl;
  const manager = await login(hall, 'M001');
  const sink = await startPrinterSink();
  try {
    expect((await api(hall, 'PUT', '/api/kiosk/printer', manager, { deviceId: 'window-9', address: sink.url, widthMm: 80 })).status).toBe(200);
    await openManagerConsole(page, hall);

    // ---- the 办不成事 window records a problem ----
    await page.getByRole('tab', { name: '办不成事台账' }).click();
    await page.getByTestId('problem-record-open').click();
    await page.getByTestId('problem-name').fill('欧阳明远');
    await page.getByTestId('problem-phone').fill('13812345678');
    await page.getByTestId('problem-id').fill('11010519491231002X');
    await page.getByTestId('problem-tried').fill('办理二手房转移登记，窗口拒收但未说明理由');
    await page.getByTestId('problem-department').fill('不动产登记中心');
    await page.getByTestId('problem-item').fill('不动产转移登记');
    await page.getByTestId('problem-asks').fill('书面说明不予受理的理由并给出补正清单');
    await shot(page, 'practices-1-record');
    await page.getByTestId('problem-record-submit').click();
    const slipAlert = page.getByTestId('problem-slip');
    await expect(slipAlert).toContainText('回执已打印', { timeout: 15_000 });
    const ledger0 = (await api<ProblemLedger>(hall, 'GET', '/api/practices/problems', manager)).body;
    const p = ledger0.problems[0]!;
    expect(p).toMatchObject({ windowNo: 9, status: 'received', applicant: { name: '欧**远', phone: '138****5678' } });
    const [slip] = await sink.waitForReceipts(1, 10_000);
    const slipText = slip!.lines.join('\n');
    expect(slipText).toContain('「办不成事」反映回执');
    expect(slipText).toContain(p.no);
    expect(slipText).toContain(`${p.dueOn.slice(0, 4)}年${Number(p.dueOn.slice(5, 7))}月${Number(p.dueOn.slice(8, 10))}日`);
    expect(slipText).not.toContain('欧阳明远');
    await expect(page.getByTestId(`problem-status-${p.no}`)).toHaveText('受理');
    await shot(page, 'practices-2-slip');

    // ---- 交办 → 协调 → 办结 → 回访 ----
    await page.getByTestId(`problem-assign-${p.no}`).click();
    await page.getByTestId('problem-assign-person').fill('陈静');
    await page.getByTestId('problem-act-ok').click();
    await expect(page.getByTestId(`problem-status-${p.no}`)).toHaveText('协调中');
    await expect(page.getByTestId(`problem-row-${p.no}`)).toContainText('不动产登记中心 / 陈静');
    await page.getByTestId(`problem-note-${p.no}`).click();
    await page.getByTestId('problem-act-note').fill('已约不动产登记中心负责人会商');
    await page.getByTestId('problem-act-ok').click();
    await expect(page.locator('.ant-modal-wrap:visible')).toHaveCount(0);
    await page.getByTestId(`problem-resolve-${p.no}`).click();
    await page.getByTestId('problem-act-note').fill('指定专人受理，材料预审通过，已出具补正清单');
    await page.getByTestId('problem-act-ok').click();
    await expect(page.getByTestId(`problem-status-${p.no}`)).toHaveText('办结');
    await page.getByTestId(`problem-callback-${p.no}`).click();
    await page.getByTestId('problem-satisfaction').getByText('满意', { exact: true }).click();
    await page.getByTestId('problem-act-note').fill('电话回访，群众满意');
    await page.getByTestId('problem-act-ok').click();
    await expect(page.getByTestId(`problem-status-${p.no}`)).toHaveText('已回访 · 满意');
    await expect(page.getByTestId('ledger-closed')).toHaveText('1');
    await expect(page.getByTestId('ledger-by-department')).toContainText('不动产登记中心');
    await shot(page, 'practices-3-ledger');

    // The history: every step with its actor.
    await page.getByTestId(`problem-open-${p.no}`).click();
    const history = page.getByTestId('problem-history');
    await expect(history.locator('.ant-timeline-item')).toHaveCount(5);
    for (const step of ['受理登记', '交办', '协调', '办结', '回访']) await expect(history).toContainText(step);
    await expect(history).toContainText('M001');
    // Let the drawer finish sliding in before the picture.
    await page.waitForTimeout(500);
    await shot(page, 'practices-4-history');
    await page.keyboard.press('Escape');

    // The XLSX export from the button.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.getByTestId('ledger-export').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const rows = wb
      .getWorksheet('问题台账')!
      .getSheetValues()
      .map((r) => JSON.stringify(r));
    expect(rows.some((r) => r.includes(p.no) && r.includes('已回访'))).toBe(true);
    expect(rows.join()).not.toContain('欧阳明远');

    // ---- 帮办代办 ----
    await page.getByRole('tab', { name: '帮办代办' }).click();
    await page.getByTestId('proxy-register-open').click();
    await page.getByTestId('proxy-name').fill('王五');
    await page.getByTestId('proxy-org').fill('示例新材料有限公司');
    await page.getByTestId('proxy-project').fill('新厂房建设项目');
    await page.getByTestId('proxy-agent').click();
    await page.getByTitle('张伟（C002）').click();
    await page.getByTestId('proxy-items').fill('BDC-001、QY-001');
    // Registered afterwards: it started on 2 November, so its first milestone is already late.
    await page.getByTestId('proxy-started').fill('2026-11-02');
    await page.getByTestId('proxy-m-title-0').fill('材料预审');
    await page.getByTestId('proxy-m-days-0').fill('2');
    await page.getByTestId('proxy-add-milestone').click();
    await page.getByTestId('proxy-m-title-1').fill('并联审批');
    await page.getByTestId('proxy-m-days-1').fill('60');
    await page.getByTestId('proxy-register-submit').click();
    const svcNo = 'DB-20261102-001';
    await expect(page.getByTestId(`proxy-row-${svcNo}`)).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('proxy-overdue-warning')).toContainText('1 个代办节点已超期');
    await expect(page.getByTestId(`proxy-m-${svcNo}-m1`)).toContainText('超期');

    for (const [caseNo, item] of [
      ['SL2026110200001', 'BDC-001'],
      ['SL2026110200002', 'QY-001'],
    ] as const) {
      await page.getByTestId(`proxy-link-${svcNo}`).click();
      await page.getByTestId('proxy-case-no').fill(caseNo);
      await page.getByTestId('proxy-item-code').fill(item);
      await page.getByTestId('proxy-link-ok').click();
      await expect(page.getByTestId('proxy-linked')).toContainText('张伟（工号C002）');
      await expect(page.getByTestId(`proxy-cases-${svcNo}`)).toContainText(caseNo);
    }
    await expect(page.getByTestId('proxy-linked')).toHaveText(`已关联，回执上印有：代办服务：${svcNo} / 代办员：张伟（工号C002）`);
    await expect(page.getByTestId('proxy-workload')).toContainText('张伟（C002）');
    const list = (await api<ProxyServiceList>(hall, 'GET', '/api/practices/proxy-services', manager)).body;
    expect(list.workload.find((w) => w.agentWorkNo === 'C002')).toMatchObject({ active: 1, cases: 2, overdueMilestones: 1 });
    await shot(page, 'practices-5-proxy');

    // ---- the 代办员 at his counter: a case accepted under his service, then 我的代办 ----
    const mineSvc = await api<ProxyServiceView>(hall, 'POST', '/api/practices/proxy-services', manager, {
      requestId: `e2e-proxy-${Date.now()}`,
      applicant: { kind: 'person', name: '李四' },
      project: '老年人代办二手房过户',
      agentWorkNo: 'C001',
      items: [],
      milestones: [
        { title: '材料预审', days: 1 },
        { title: '过户登记', days: 300 },
      ],
      startedOn: '2026-11-02',
    });
    expect(mineSvc.status, JSON.stringify(mineSvc.body)).toBe(201);
    const c1 = demo.counters[0]!;
    await page.goto(`${c1.url}/#/counter`);
    await page.getByLabel('工号').fill('C001');
    await page.getByLabel('密码').fill('demo');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByTestId('clerk-name')).toContainText('C001', { timeout: 15_000 });
    await page.getByTestId('btn-simulate-card').click();
    await expect(page.getByTestId('card-name')).toHaveText('张三丰', { timeout: 15_000 });
    await chooseItem(page, 'esfzydj', '二手房转移登记');
    await page.getByTestId('mats-all').click();
    // The select appears once the clerk's services are read (and reads them again when opened): retried as a whole.
    await expect(async () => {
      await page.getByTestId('intake-proxy').click({ timeout: 5_000 });
      await page.locator('.ant-select-item-option', { hasText: mineSvc.body.no }).click({ timeout: 5_000 });
      await expect(page.getByTestId('intake-proxy')).toContainText(mineSvc.body.no, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await page.getByTestId('btn-accept').click();
    await expect(page.getByTestId('result-proxy')).toContainText(`已按代办服务 ${mineSvc.body.no} 受理`, { timeout: 15_000 });
    const caseNo = (await page.getByTestId('result-case-no').textContent())!.trim();
    await page.getByTestId('tab-proxy').click();
    await expect(page.getByTestId(`my-proxy-cases-${mineSvc.body.no}`)).toContainText(caseNo, { timeout: 10_000 });
    await expect(page.getByTestId(`my-proxy-m-${mineSvc.body.no}-m1`)).toContainText('超期');
    await expect(page.getByTestId(`my-proxy-m-${mineSvc.body.no}-m1`)).toHaveClass(/ant-tag-red/);
    await shot(page, 'practices-6-counter-my-proxy');
  } finally {
    await sink.close();
  }
});

test('the 办不成事 window’s own counter records a problem and prints the 反映回执 on its printer', async ({ browser, demo }) => {
  test.setTimeout(120_000);
  const sink = await startPrinterSink();
  const core = await startTs<{ url: string }>(
    'counter-9',
    'electron/core/main.ts',
    [
      ...['--window', '9', '--port', String(await freePort()), '--hall', demo.hallUrl, '--renderer', 'out/renderer'],
      ...['--data', mkdtempSync(join(tmpdir(), 'counter-9-')), '--enroll', 'COUNTER-DEMO-9', '--printer', sink.url],
      ...(demo.fingerprint ? ['--hall-fingerprint', demo.fingerprint] : []),
    ],
    { readyTag: 'COUNTER_READY' },
  );
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${core.info.url}/#/counter`);
    await page.getByLabel('工号').fill('C007');
    await page.getByLabel('密码').fill('demo');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByTestId('clerk-name')).toContainText('C007', { timeout: 15_000 });
    await page.getByTestId('mode-problem').click();
    await page.getByTestId('problem-name').fill('司马相如');
    await page.getByTestId('problem-tried').fill('办理个体工商户设立登记，被告知需先到另一部门开证明');
    await page.getByTestId('problem-department').fill('区市场监督管理局');
    await page.getByTestId('problem-asks').fill('明确是否需要该证明，不需要的当场受理');
    await shot(page, 'practices-7-counter-desk-form');
    await page.getByTestId('problem-desk-submit').click();
    await expect(page.getByTestId('problem-desk-no')).toContainText(/问题编号 BBC-\d{8}-\d{3}/, { timeout: 15_000 });
    const no = (await page.getByTestId('problem-desk-no').textContent())!.match(/BBC-\d{8}-\d{3}/)![0];
    const [slip] = await sink.waitForReceipts(1, 15_000);
    const text = slip!.lines.join('\n');
    expect(text).toContain(no);
    expect(text).toContain('9号窗口');
    expect(text).not.toContain('司马相如');
    await shot(page, 'practices-8-counter-desk-done');
    // The next citizen: an empty form again.
    await page.getByTestId('problem-desk-next').click();
    await expect(page.getByTestId('problem-name')).toHaveValue('');
  } finally {
    await ctx.close();
    await core.stop();
    await sink.close();
  }
});
