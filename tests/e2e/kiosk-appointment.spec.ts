// Appointment check-in at the kiosk: a booking code issues an 'appointment' ticket once;
// a booking whose slot is hours away is refused with a clear message and issues nothing.
import { test, expect, shot } from './demoHall';

async function enterCode(page: import('@playwright/test').Page, code: string) {
  await page.getByTestId('kiosk-appointment').click();
  for (const d of code) await page.getByTestId(`kiosk-appt-key-${d}`).click();
  await page.getByTestId('kiosk-appt-ok').click();
}

test('kiosk: appointment check-in by booking code', async ({ page, demo }) => {
  await page.goto(`${demo.hallUrl}/#/kiosk?enroll=KIOSK-DEMO`);
  await enterCode(page, '100001');
  await expect(page.getByTestId('kiosk-appt-done')).toBeVisible();
  await expect(page.getByTestId('kiosk-ticket-number')).toHaveText(/^A\d{3}$/);
  await shot(page, 'kiosk-8-appointment-checked-in');

  // A fresh load (a goto that only changes the hash keeps the old page and its screen).
  await page.reload();
  await enterCode(page, '100002');
  await expect(page.getByTestId('kiosk-failed-message')).toContainText('预约');
  await shot(page, 'kiosk-9-appointment-too-early');
});
