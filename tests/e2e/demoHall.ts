// Playwright fixture: a whole demo hall (real hall server, real counter cores, simulators)
// started through `scripts/demo.ts` on free ports with its own data directory, for each test:
// no test sees another's tickets, cases or ratings.
import { test as base, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTs, type Started } from '../../scripts/processes';
import { freePortRun } from '../support/ports';

export interface DemoInfo {
  hallUrl: string;
  /** SHA-256 of the demo hall's self-signed certificate (the demo runs over HTTPS). */
  fingerprint: string | null;
  counters: { url: string; windowNo: number; pairCode: string }[];
  devices: Record<string, unknown> | null;
  /** Only with `test.use({ city: true })`: the central and the second hall. */
  centralUrl: string | null;
  hall2Url: string | null;
  hall2Counters: { url: string; windowNo: number; pairCode: string }[];
}

export const ARTIFACTS = join(process.cwd(), 'tests/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

// The demo hall serves HTTPS with a self-signed certificate: Chromium accepts it for the test,
// and so does Node's fetch in the spec helpers (test processes only).
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

export const test = base.extend<{ demo: DemoInfo; city: boolean }>({
  ignoreHTTPSErrors: true,
  /** Start the city central and a second hall too (off by default: most specs need one hall, and CPU is scarce). */
  city: [false, { option: true }],
  demo: [
    async ({ city }, use) => {
      const port = await freePortRun(4);
      const cityArgs = city
        ? ['--central-port', String(await freePortRun(1)), '--halls', '2', '--hall2-port', String(await freePortRun(2)), '--hall2-counters', '1']
        : ['--no-central'];
      const data = mkdtempSync(join(tmpdir(), 'hall-e2e-'));
      // A private copy of the built UI, so a rebuild during the run cannot swap chunks under it.
      const renderer = join(data, 'renderer');
      cpSync('out/renderer', renderer, { recursive: true });
      const demo: Started<DemoInfo> = await startTs<DemoInfo>(
        'demo',
        'scripts/demo.ts',
        ['--hall-port', String(port), '--counters', '2', '--data', join(data, 'hall-data'), '--no-build', '--renderer', renderer, ...cityArgs],
        { readyTag: 'DEMO_READY', timeoutMs: 150_000 },
      );
      await use(demo.info);
      await demo.stop('SIGINT');
    },
    { timeout: 180_000 },
  ],
});

export { expect } from '@playwright/test';
