// Runs the real Electron app where an Electron binary exists (it cannot be downloaded on every
// machine); elsewhere it is reported as skipped, never as passed.
import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
function electronBinary(): string | null {
  try {
    const p = require('electron') as unknown as string;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

test('the Electron app opens the counter window', async () => {
  const bin = electronBinary();
  test.skip(!bin, 'Electron binary not installed on this machine (npm ci does not download it)');
  const app = await electron.launch({ executablePath: bin!, args: ['.'], env: { ...process.env, HALL_URL: 'http://127.0.0.1:1' } });
  const win = await app.firstWindow();
  await expect(win.getByText('窗口登录')).toBeVisible();
  await app.close();
});
