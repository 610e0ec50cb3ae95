// Tracking load (issue 17): 2,000 citizens' tracking pages open at once on one hall (WebSocket
// clients at the protocol level, /api/track/<token>/ws, not 2,000 browsers) while 200 windows
// call at 1 call/s each. Reports the hall server's call-next p99 without them (before and after)
// and with them (goal: within 1.5×), and the time from a call-next request to the called
// ticket's tracking page receiving its "called" view (p99). Same machinery as server-queue.ts.
// Run: npx tsx bench/track-load.ts [--windows 200] [--pages 2000] [--seconds 10]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { v7 as uuidv7 } from 'uuid';
import { conn, request, spawnScript, summary, type Conn } from './_server-client';

const { values } = parseArgs({
  options: {
    'data-root': { type: 'string', default: os.tmpdir() },
    windows: { type: 'string', default: '200' },
    pages: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
  },
});
const WINDOWS = Number(values.windows);
const PAGES = Number(values.pages);
const S = Number(values.seconds);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = fs.mkdtempSync(path.join(values['data-root'], 'hall-track-bench-'));
const hall = await spawnScript([
  'server/main.ts',
  '--port',
  '0',
  '--data',
  dataDir,
  '--seed',
  'bench',
  '--bench-windows',
  String(WINDOWS),
  '--log-level',
  'warn',
]);
const base = hall.url;
console.log(`hall server ${base} (data ${dataDir}), ${os.cpus().length} CPUs`);

const anon = conn(base);
const kioskToken = JSON.parse((await request(anon, 'POST', '/api/devices/enroll', { code: 'KIOSK-DEMO', kind: 'kiosk', name: 'bench kiosk' })).text)
  .token as string;
const clerks: Conn[] = [];
for (let i = 0; i < WINDOWS; i += 8) {
  clerks.push(
    ...(await Promise.all(
      Array.from({ length: Math.min(8, WINDOWS - i) }, async (_, j) => {
        const r = await request(anon, 'POST', '/api/auth/login', { workNo: `B${String(i + j + 1).padStart(3, '0')}`, password: 'demo' });
        return conn(base, JSON.parse(r.text).token as string);
      }),
    )),
  );
}
console.log(`${clerks.length} clerks signed in`);

/** Issues `n` tickets in round-robin categories, in order; returns [id, token] of each. */
async function issue(n: number): Promise<[string, string][]> {
  const out: [string, string][] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      const k = conn(base, kioskToken);
      for (let i = next++; i < n; i = next++) {
        const r = await request(k, 'POST', '/api/tickets', { category: 'ABCDEFGH'[i % 8] });
        if (r.status !== 201) throw new Error(`issue ${r.status} ${r.text}`);
        const t = JSON.parse(r.text) as { id: string; trackUrl: string };
        out[i] = [t.id, t.trackUrl.split('/').pop()!];
      }
      k.agent.destroy();
    }),
  );
  return out;
}
// Three batches in queue order: what the baseline calls, the tracked tickets, what the second baseline calls.
const perPhase = WINDOWS * S;
await issue(perPhase);
const tracked = await issue(Math.max(PAGES, perPhase));
await issue(perPhase + WINDOWS * 2);
console.log(`issued ${perPhase * 2 + tracked.length + WINDOWS * 2} tickets`);

/** CPU seconds (user + system) the server process has used so far, from /proc: less at the mercy of a busy host than latency. */
function cpuSeconds(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

const calledAt = new Map<string, number>();
async function paced(label: string): Promise<ReturnType<typeof summary> & { cpu: number }> {
  const lat: number[] = [];
  const cpu0 = cpuSeconds(hall.proc.pid!);
  const w0 = performance.now();
  await Promise.all(
    clerks.map(async (c, i) => {
      await sleep((i / WINDOWS) * 1000);
      for (let k = 0; k < S; k++) {
        const start = performance.now();
        const r = await request(c, 'POST', `/api/windows/${i + 1}/call-next`, { requestId: uuidv7() });
        lat.push(performance.now() - start);
        if (r.status === 200) calledAt.set((JSON.parse(r.text) as { ticket: { id: string } }).ticket.id, start);
        else if (r.status !== 204) throw new Error(`call-next ${r.status} ${r.text}`);
        await sleep(Math.max(0, 1000 - (performance.now() - start)));
      }
    }),
  );
  const s = summary(lat);
  const cpu = Math.round(((cpuSeconds(hall.proc.pid!) - cpu0) / ((performance.now() - w0) / 1000)) * 100) / 100;
  console.log(`${label}: ${s.n} calls, p50 ${s.p50} ms, p90 ${s.p90} ms, p99 ${s.p99} ms, max ${s.max} ms; server CPU ${cpu} cores`);
  return { ...s, cpu };
}

const before = await paced(`call-next without tracking pages (${WINDOWS} windows × 1/s × ${S}s)`);

// 2,000 pages open, each on its own socket; a page "shows" the call when its view says called.
const shownAt = new Map<string, number>();
const pages: WebSocket[] = [];
let messages = 0;
const wsBase = base.replace('http', 'ws');
let opened = 0;
for (let i = 0; i < PAGES; i += 100) {
  await Promise.all(
    tracked.slice(i, Math.min(PAGES, i + 100)).map(
      ([id, token]) =>
        new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(`${wsBase}/api/track/${token}/ws`);
          ws.on('message', (d) => {
            messages++;
            const v = JSON.parse(String(d)) as { state: string };
            if (v.state !== 'waiting' && !shownAt.has(id)) shownAt.set(id, performance.now());
            resolve();
          });
          ws.once('error', reject);
          pages.push(ws);
          opened++;
        }),
    ),
  );
}
console.log(`${opened} tracking pages open (first view received by each)`);
const m0 = messages;
const t0 = performance.now();
calledAt.clear();
const withPages = await paced(`call-next with ${PAGES} tracking pages open`);
await sleep(3000); // the last calls reach their pages
const updatesPerSecond = Math.round((messages - m0) / ((performance.now() - t0) / 1000));
const shown: number[] = [];
for (const [id, at] of calledAt) {
  const s = shownAt.get(id);
  if (s !== undefined) shown.push(s - at);
}
const show = summary(shown);
console.log(
  `call → tracking page shows it: ${show.n} tracked tickets called, p50 ${show.p50} ms, p90 ${show.p90} ms, p99 ${show.p99} ms, max ${show.max} ms; ${updatesPerSecond} page updates/s`,
);
for (const ws of pages) ws.close();
await sleep(1000);

const after = await paced('call-next without tracking pages (again)');
const baseline = (before.p99 + after.p99) / 2;
const result = {
  windows: WINDOWS,
  pages: PAGES,
  callNextP99Ms: { without: baseline, withoutBefore: before.p99, withoutAfter: after.p99, withPages: withPages.p99 },
  ratio: Math.round((withPages.p99 / baseline) * 100) / 100,
  callToPageMs: { p50: show.p50, p99: show.p99, samples: show.n },
  serverCpuCores: { withoutBefore: before.cpu, withPages: withPages.cpu, withoutAfter: after.cpu },
  targets: { ratio: 1.5 },
};
console.log(JSON.stringify(result));
hall.proc.kill('SIGTERM');
await new Promise((r) => hall.proc.once('exit', r));
for (const c of [...clerks, anon]) c.agent.destroy();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
