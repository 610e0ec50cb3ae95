// Call-next p99 at 200 windows over TLS beside the same figure over plain HTTP (issue 12):
// bench/server-queue.ts's paced phase (each window calls once a second, every window holds its
// event WebSocket, displays re-fetch on each signal, a kiosk issues meanwhile), run once with
// --tls (self-signed certificate, clients verify it; wss: streams) and once without.
//   npx tsx bench/server-tls.ts [--windows 200] [--seconds 10]
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { windows: { type: 'string', default: '200' }, seconds: { type: 'string', default: '10' } } });
const run = (tls: boolean) => {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/server-queue.ts',
      '--windows',
      values.windows!,
      '--seconds',
      values.seconds!,
      '--saturation-seconds',
      '1',
      '--paced-only',
      ...(tls ? ['--tls'] : []),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  process.stdout.write(r.stdout);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as { pacedCallNext: { p50Ms: number; p99Ms: number; calls: number } };
};
const plain = run(false);
const tls = run(true);
console.log(
  `call-next at ${values.windows} windows: over TLS p50 ${tls.pacedCallNext.p50Ms} ms, p99 ${tls.pacedCallNext.p99Ms} ms; plain HTTP p50 ${plain.pacedCallNext.p50Ms} ms, p99 ${plain.pacedCallNext.p99Ms} ms (goal p99 ≤ 20 ms)`,
);
console.log(
  JSON.stringify({
    windows: Number(values.windows),
    tls: tls.pacedCallNext,
    plain: plain.pacedCallNext,
    target: { p99Ms: 20 },
    meetsTarget: tls.pacedCallNext.p99Ms <= 20,
  }),
);
