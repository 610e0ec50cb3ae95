// Hall server benchmark (issue 3): 200 simulated windows over loopback, each holding the
// WebSocket event stream open, 5 displays re-fetching the snapshot on every signal, and a
// kiosk issuing tickets. Reports call-next p50/p99 at 1 call/s per window, calls/s at
// saturation, and the same client against a bare Fastify route before and after (the ratio that matters).
// Run: npx tsx bench/server-queue.ts [--windows 200] [--seconds 10] [--saturation-seconds 5] [--tls] [--paced-only]
// --tls: the hall serves HTTPS with a self-signed certificate (clients verify it) and the
// windows' event streams are wss:; bench/server-tls.ts runs the paced phase both ways.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { v7 as uuidv7 } from 'uuid';
import { callRoute, request, spawnScript, summary, type Conn } from './_server-client';
import { cpuSeconds, issueTickets, pacedCalls, sleep, startBenchHall } from './_hall';
import { makeSelfSignedCert } from '../scripts/selfSignedCert';

const { values } = parseArgs({
  options: {
    'data-root': { type: 'string', default: os.tmpdir() },
    windows: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    'saturation-seconds': { type: 'string', default: '5' },
    tls: { type: 'boolean', default: false },
    'paced-only': { type: 'boolean', default: false },
  },
});
const WINDOWS = Number(values.windows);
const PACED_S = Number(values.seconds);
const SAT_S = Number(values['saturation-seconds']);

const hall = await startBenchHall({
  windows: WINDOWS,
  dataRoot: values['data-root'],
  name: 'hall-bench',
  prepare: (dir) => (values.tls ? makeSelfSignedCert(path.join(dir, 'tls')) : null),
});
const { base, clerks, conn, enrollDevice, kioskToken, tls: cert } = hall;
const kiosk = conn(base, kioskToken);

// Every window holds the event stream; displays re-fetch the snapshot on each signal.
let signals = 0;
const sockets: WebSocket[] = [];
const wsUrl = (token: string) => `${base.replace('http', 'ws')}/api/events?token=${token}`;
for (const c of clerks) {
  const ws = new WebSocket(wsUrl(c.token!), cert ? { ca: cert.cert } : {});
  ws.on('message', () => signals++);
  sockets.push(ws);
}
let snapshots = 0;
let displaysOn = true;
for (let d = 0; d < 5; d++) {
  const token = await enrollDevice('display');
  const dc = conn(base, token);
  let busy = false;
  let again = false;
  const refetch = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    do {
      again = false;
      if (!displaysOn) break;
      await callRoute(dc, 'queue.snapshot').catch(() => undefined);
      snapshots++;
    } while (again);
    busy = false;
  };
  const ws = new WebSocket(wsUrl(token), cert ? { ca: cert.cert } : {});
  ws.on('message', () => void refetch());
  sockets.push(ws);
}
await Promise.all(sockets.map((ws) => new Promise((r) => (ws.readyState === ws.OPEN ? r(null) : ws.once('open', r)))));
console.log(`${sockets.length} WebSockets open`);

// Tickets to call: enough for the paced and the saturation phase (a call that finds nothing
// answers 204 and costs less, so running dry would flatter the numbers; empties are reported).
let t0 = performance.now();
const PRE = WINDOWS * PACED_S + 10_000 * SAT_S; // the bench seed: 8 categories numbered 1..9999
await issueTickets(hall, PRE, 16);
console.log(
  `pre-issued ${PRE} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s (${Math.round(PRE / ((performance.now() - t0) / 1000))} tickets/s)`,
);

// Phase 1: each window calls once per second; the kiosk issues ~1 ticket per 5 ms meanwhile.
const paced: number[] = [];
let stop = false;
const kioskLoop = (async () => {
  while (!stop) {
    await callRoute(kiosk, 'tickets.issue', { body: { category: 'ABCDEFGH'[Math.floor(Math.random() * 8)]! } });
    await sleep(5);
  }
})();
// Every window's connection is open (and, over TLS, its handshake done) before timing: a
// counter keeps its connection to the hall alive all day.
await Promise.all(clerks.map((c) => request(c, 'GET', '/api/health')));
const sig0 = signals;
t0 = performance.now();
paced.push(...(await pacedCalls(clerks, PACED_S)));
const pacedS = (performance.now() - t0) / 1000;
const ps = summary(paced);
console.log(
  `paced: ${WINDOWS} windows × 1 call/s for ${PACED_S}s: ${ps.n} calls, p50 ${ps.p50} ms, p90 ${ps.p90} ms, p99 ${ps.p99} ms, max ${ps.max} ms; ${Math.round((signals - sig0) / pacedS / WINDOWS)} signals/s per window socket, ${snapshots} display snapshots`,
);
stop = true;
await kioskLoop;
if (values['paced-only']) {
  console.log(JSON.stringify({ windows: WINDOWS, tls: Boolean(cert), pacedCallNext: { p50Ms: ps.p50, p99Ms: ps.p99, calls: ps.n }, target: { p99Ms: 20 } }));
  for (const ws of sockets) ws.close();
  await hall.stop();
  kiosk.agent.destroy();
  process.exit(0);
}

// Phases 2–4: every window calls back-to-back: the bare route, the hall server, the bare route again.
async function saturate(targets: Conn[], seconds: number): Promise<{ calls: number; empty: number; perSecond: number; lat: ReturnType<typeof summary> }> {
  const lat: number[] = [];
  let empty = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    targets.map(async (c, i) => {
      while (performance.now() < end) {
        const s = performance.now();
        const r = await callRoute(c, 'windows.callNext', { params: { windowNo: i + 1 }, body: { requestId: uuidv7() } });
        if (r.status !== 200 && r.status !== 204) throw new Error(`call-next ${r.status} ${r.text}`);
        if (r.status === 204) empty++;
        lat.push(performance.now() - s);
      }
    }),
  );
  return { calls: lat.length, empty, perSecond: Math.round(lat.length / seconds), lat: summary(lat) };
}
/** One saturation run with CPU readings of the server process and of this client. */
async function measured(pid: number, targets: Conn[]) {
  const cpu0 = cpuSeconds(pid);
  const client0 = process.cpuUsage();
  const r = await saturate(targets, SAT_S);
  const c = process.cpuUsage(client0);
  return { ...r, serverCpu: (cpuSeconds(pid) - cpu0) / SAT_S, clientCpu: (c.user + c.system) / 1e6 / SAT_S };
}
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

// The bare route runs before AND after the hall server's saturation, and the ratio uses their
// mean: the same client varies by tens of percent between runs on this machine.
const bare = await spawnScript(['bench/_server-bare.ts']);
const bareConns = clerks.map(() => conn(bare.url));
const b1 = await measured(bare.proc.pid!, bareConns);
console.log(
  `saturation (bare Fastify route, before): ${b1.perSecond} calls/s, p50 ${b1.lat.p50} ms, p99 ${b1.lat.p99} ms; server CPU ${pct(b1.serverCpu)}, client CPU ${pct(b1.clientCpu)} of one core`,
);
const sat = await measured(hall.proc.pid!, clerks);
console.log(
  `saturation (hall server): ${sat.perSecond} calls/s (${sat.empty} of ${sat.calls} found nothing waiting), p50 ${sat.lat.p50} ms, p99 ${sat.lat.p99} ms; server CPU ${pct(sat.serverCpu)}, client CPU ${pct(sat.clientCpu)} of one core`,
);
displaysOn = false;
for (const ws of sockets) ws.close();
await sleep(200);
await hall.stop();
const b2 = await measured(bare.proc.pid!, bareConns);
console.log(
  `saturation (bare Fastify route, after): ${b2.perSecond} calls/s, p50 ${b2.lat.p50} ms, p99 ${b2.lat.p99} ms; server CPU ${pct(b2.serverCpu)}, client CPU ${pct(b2.clientCpu)} of one core`,
);
bare.proc.kill('SIGTERM');
const bareMean = (b1.perSecond + b2.perSecond) / 2;

const result = {
  windows: WINDOWS,
  pacedCallNext: { p50Ms: ps.p50, p99Ms: ps.p99, calls: ps.n },
  saturation: {
    callsPerSecond: sat.perSecond,
    emptyCalls: sat.empty,
    p50Ms: sat.lat.p50,
    p99Ms: sat.lat.p99,
    serverCpuCores: Math.round(sat.serverCpu * 100) / 100,
  },
  bareRoute: {
    callsPerSecond: Math.round(bareMean),
    before: b1.perSecond,
    after: b2.perSecond,
    serverCpuCores: Math.round(((b1.serverCpu + b2.serverCpu) / 2) * 100) / 100,
  },
  ratio: Math.round((sat.perSecond / bareMean) * 100) / 100,
  targets: { p99Ms: 20, callsPerSecond: 1500, ratio: 0.5 },
};
console.log(JSON.stringify(result));
for (const c of [...bareConns, kiosk]) c.agent.destroy();
process.exit(0);
