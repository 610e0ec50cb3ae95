// Browser-mode entry of a counter core: `tsx electron/core/main.ts --window 1 --hall URL --port 7301`.
import { parseCoreArgs } from './config';
import { createCounterCore } from './counterCore';
import { startBrowserHost } from './browserHost';
import { logger } from './logger';

const config = parseCoreArgs(process.argv.slice(2));
const core = await createCounterCore(config);
const web = await startBrowserHost({ host: core.host, port: config.port, bindHost: config.host, rendererDir: config.rendererDir });
logger.info({ url: web.url, windowNo: config.windowNo }, 'counter core listening');
process.stdout.write(`COUNTER_READY ${JSON.stringify({ url: `http://${config.host}:${config.port}`, windowNo: config.windowNo, pairCode: web.pairCode })}\n`);

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await web.close().catch(() => undefined);
  await core.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
