// Uplink lag, hall commit → central visibility: a hall server process uplinked to a central
// process (embedded PostgreSQL), one ticket issued every 500 ms; for each, the time until the
// central's hall list shows the hall's outbox seq (polled every 20 ms). Reports p50/p99.
// Run: npx tsx bench/uplink-lag.ts [--samples 40]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCentralProcess } from '../tests/support/centralProcess';
import { spawnHall } from '../tests/integration/server-harness';
import { call, supervisorToken } from '../tests/support/centralClient';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '40' } } });
const N = Number(values.samples);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uplink-lag-'));
const central = await startCentralProcess({ dataDir: path.join(dir, 'central') });
const hall = await spawnHall({ dataDir: path.join(dir, 'hall'), args: ['--seed', 'demo', '--central', central.url, '--central-code', 'HALL1-DEMO'] });
const sup = await supervisorToken(central.url);
const manager = (await call<{ token: string }>(hall.url, 'POST', '/api/auth/login', null, { workNo: 'M001', password: 'demo' })).body.token;
const lastSeq = async () =>
  (await call<{ halls: { hallId: string; lastSeq: number }[] }>(central.url, 'GET', '/api/city/halls', sup)).body.halls.find((h) => h.hallId === 'demo-hall-1')
    ?.lastSeq ?? 0;
const outboxSeq = async () => (await call<{ outboxSeq: number }>(hall.url, 'GET', '/api/uplink/status', manager)).body.outboxSeq;
while ((await lastSeq()) < (await outboxSeq()) || (await outboxSeq()) === 0) await new Promise((r) => setTimeout(r, 200));

const lags: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  const r = await call(hall.url, 'POST', '/api/tickets', manager, { category: 'A', channel: 'manual' });
  if (r.status !== 201) throw new Error(`issue ${r.status}`);
  const target = await outboxSeq();
  while ((await lastSeq()) < target) await new Promise((res) => setTimeout(res, 20));
  lags.push(performance.now() - t0);
  await new Promise((res) => setTimeout(res, 500));
}
lags.sort((a, b) => a - b);
const q = (p: number) => Math.round(lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]!);
console.log(
  `uplink lag (hall commit → central visible), ${N} tickets: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${Math.round(lags.at(-1)!)} ms, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`,
);
console.log(JSON.stringify({ samples: N, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: Math.round(lags.at(-1)!) }));
await hall.stop();
await central.stop();
fs.rmSync(dir, { recursive: true, force: true });
