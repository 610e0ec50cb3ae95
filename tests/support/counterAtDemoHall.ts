// One counter against real parts: a hall server process with the demo seed, the counter core and
// a TCP printer sink decoding the ESC/POS it receives; the clerk signed in and the catalogue read
// from the hall. Shared by the counter integration suites that need the whole chain.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTs, type Started } from '../../scripts/processes';
import { freePort } from './ports';
import { startPrinterSink, type PrinterSink } from '../../native/printer/sink';
import { createCounterCore, type CounterCore } from '../../electron/core/counterCore';
import { coreConfigSchema } from '../../electron/core/config';
import { waitFor } from './waitFor';

export interface CounterAtHall {
  hall: Started<{ url: string }>;
  sink: PrinterSink;
  core: CounterCore;
  base: string;
  dir: string;
  close(): Promise<void>;
}

export async function startCounterAtDemoHall(opts: { prefix: string; windowNo?: number; workNo?: string }): Promise<CounterAtHall> {
  const dir = mkdtempSync(join(tmpdir(), `${opts.prefix}-`));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const hall = await startTs('hall', 'server/main.ts', ['--port', String(port), '--data', join(dir, 'hall'), '--seed', 'demo', '--demo-password', 'demo'], {
    readyTag: 'HALL_READY',
    ready: (l) => (l.startsWith('{"hall":"listening"') ? (JSON.parse(l) as { url: string }) : null),
  });
  const sink = await startPrinterSink();
  const windowNo = opts.windowNo ?? 1;
  const core = await createCounterCore(
    coreConfigSchema.parse({
      windowNo,
      hallUrl: base,
      dataDir: join(dir, 'counter'),
      printer: sink.url,
      hallCode: '510104',
      enrollCode: `COUNTER-DEMO-${windowNo}`,
    }),
  );
  await core.host.call('session.login', { workNo: opts.workNo ?? 'C001', password: 'demo' });
  await waitFor(async () => (await core.host.call('catalogue.status', {})).source === 'server');
  return {
    hall,
    sink,
    core,
    base,
    dir,
    async close() {
      await core.close();
      await sink.close();
      await hall.stop();
    },
  };
}
