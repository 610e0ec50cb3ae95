// The kiosk against the real hall server: screen-only issue, the ID pad with the green channel
// by age and one waiting ticket per ID per category, and print-then-issue with a real TCP
// printer sink — a failed print issues nothing and leaves no ticket waiting.
import net from 'node:net';
import { test, expect, shot } from './demoHall';
import { api, login } from './managerHallApi';

interface Snap {
  categories: { code: string; waiting: number }[];
  waiting?: { number: string; category: string }[];
}

async function typeId(page: import('@playwright/test').Page, id: string) {
  for (const ch of id) await page.getByTestId(`kiosk-key-${ch}`).click();
}

test('kiosk: screen ticket, ID pad with green channel, one ticket per ID per category', async ({ page, demo }) => {
  const hall = demo.hallUrl;
  // The demo gives the kiosk a simulated printer (issue 17): this test is about the screen-only kiosk.
  expect((await api(hall, 'PUT', '/api/kiosk/printer', await login(hall, 'M001'), { address: null })).status).toBe(200);
  await page.goto(`${hall}/#/kiosk?enroll=KIOSK-DEMO&idle=4`);
  await expect(page.getByTestId('kiosk-cat-A')).toBeVisible();
  await expect(page.getByTestId('kiosk-cat-A')).toContainText('等候');
  await shot(page, 'kiosk-1-home');

  await page.getByTestId('kiosk-cat-A').click();
  await expect(page.getByTestId('kiosk-ticket-number')).toHaveText(/^A\d{3}$/);
  await expect(page.getByTestId('kiosk-ticket')).toContainText('未连接打印机');
  await shot(page, 'kiosk-2-ticket-screen-mode');
  // Inactivity brings the start screen back.
  await expect(page.getByTestId('kiosk-with-id')).toBeVisible({ timeout: 10_000 });

  // A wrong check digit is refused on the pad, in Chinese.
  await page.getByTestId('kiosk-with-id').click();
  await typeId(page, '110105195003071231');
  await page.getByTestId('kiosk-id-ok').click();
  await expect(page.getByTestId('kiosk-id-error')).toContainText('校验位');
  await shot(page, 'kiosk-3-id-invalid');
  for (let i = 0; i < 18; i++) await page.getByTestId('kiosk-key-del').click();

  // Born 1950: green channel.
  await typeId(page, '110105195003071230');
  await page.getByTestId('kiosk-id-ok').click();
  await expect(page.getByTestId('kiosk-elderly')).toBeVisible();
  await expect(page.getByTestId('kiosk-id-accepted')).toContainText('110105********1230');
  await shot(page, 'kiosk-4-id-elderly');
  await page.getByTestId('kiosk-cat-B').click();
  await expect(page.getByTestId('kiosk-ticket')).toContainText('优先办理');
  const number = (await page.getByTestId('kiosk-ticket-number').textContent())!.trim();

  const manager = await login(hall, 'M001');
  // The snapshot is served at least as new as the last signal, and signals are coalesced
  // (100 ms): a read right after the issue may be one signal behind, so wait for it.
  await expect
    .poll(async () => (await api<Snap>(hall, 'GET', '/api/queue', manager)).body.waiting?.some((t) => t.number === number), { timeout: 5_000 })
    .toBe(true);

  // The same ID again for the same category: refused while the first ticket waits.
  await page.getByRole('button', { name: '返回首页' }).click();
  await page.getByTestId('kiosk-with-id').click();
  await typeId(page, '110105195003071230');
  await page.getByTestId('kiosk-id-ok').click();
  await page.getByTestId('kiosk-cat-B').click();
  await expect(page.getByTestId('kiosk-failed-message')).toContainText('请勿重复取号');
  await shot(page, 'kiosk-5-duplicate-id');
});

test('kiosk: print-then-issue — printed ticket counts, failed print issues nothing', async ({ page, demo }) => {
  const hall = demo.hallUrl;
  const received: Buffer[] = [];
  const sink = net.createServer((s) => {
    const chunks: Buffer[] = [];
    s.on('data', (d) => chunks.push(d));
    s.on('end', () => {
      received.push(Buffer.concat(chunks));
      s.end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const port = (sink.address() as net.AddressInfo).port;
  const manager = await login(hall, 'M001');
  expect((await api(hall, 'PUT', '/api/kiosk/printer', manager, { address: `tcp://127.0.0.1:${port}` })).status).toBe(200);
  expect((await api(hall, 'PUT', '/api/kiosk/printer', manager, { address: 'lpt1' })).status).toBe(400);

  await page.goto(`${hall}/#/kiosk?enroll=KIOSK-DEMO`);
  await page.getByTestId('kiosk-cat-D').click();
  await expect(page.getByTestId('kiosk-ticket')).toContainText('请取走号票');
  const number = (await page.getByTestId('kiosk-ticket-number').textContent())!.trim();
  await expect.poll(() => received.length).toBe(1);
  expect(received[0]!.includes(Buffer.from(number))).toBe(true); // the number is on the paper
  await shot(page, 'kiosk-6-printed');

  const waitingD = async () => (await api<Snap>(hall, 'GET', '/api/queue', manager)).body.categories.find((c) => c.code === 'D')!.waiting;
  await expect.poll(waitingD).toBeGreaterThan(0);
  const before = await waitingD();
  await new Promise<void>((r) => sink.close(() => r())); // the printer goes away
  await page.getByRole('button', { name: '返回首页' }).click();
  await page.getByTestId('kiosk-cat-D').click();
  await expect(page.getByTestId('kiosk-failed')).toBeVisible();
  await expect(page.getByTestId('kiosk-failed')).toContainText('号票打印失败');
  await expect(page.getByTestId('kiosk-failed-message')).toContainText('本次没有出号');
  await shot(page, 'kiosk-7-print-failed');
  await expect.poll(waitingD).toBe(before); // no orphan ticket waiting
  const snap = (await api<Snap>(hall, 'GET', '/api/queue', manager)).body;
  expect(snap.waiting?.filter((t) => t.category === 'D').map((t) => t.number)).toEqual([number]);

  await api(hall, 'PUT', '/api/kiosk/printer', manager, { address: null });
});
