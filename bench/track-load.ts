// Tracking load (issue 17): 2,000 citizens' tracking pages open at once on one hall (WebSocket
// clients at the protocol level, /api/track/<token>/ws, not 2,000 browsers, in a worker thread
// of their own) while 200 windows call at 1 call/s each. Reports, from one process against one
// server, the hall server's call-next latency without the pages (a run before and a run after)
// and with them (goal: p99 within 1.5×), the time from a call-next request to the called
// ticket's page showing it, and checks that every page still waiting worked out the same
// "ahead" as the hall answers. Setup shared with server-queue.ts (bench/_hall.ts).
// Run: npx tsx bench/track-load.ts [--windows 200] [--pages 2000] [--seconds 10]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { issueTickets, pacedCalls, request, sleep, startBenchHall, summary, withCpu } from './_hall';

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

const hall = await startBenchHall({ windows: WINDOWS, dataRoot: values['data-root'], name: 'hall-track-bench' });
const perPhase = WINDOWS * S;
// In queue order: what the first baseline calls; then the tracked tickets, every other one of
// twice as many (so during the run with pages about half of them are called and the rest keep
// moving up, as in a hall); then enough for the second baseline.
await issueTickets(hall, perPhase);
const middle = await issueTickets(hall, Math.max(2 * PAGES, perPhase));
await issueTickets(hall, perPhase + WINDOWS * 2);
const tracked = middle.filter((_, i) => i % 2 === 0).slice(0, PAGES);
console.log(`issued ${perPhase * 2 + middle.length + WINDOWS * 2} tickets`);

const phase = async (label: string, onCalled?: (id: string, at: number) => void) => {
  const { result: lat, cores } = await withCpu(hall.proc.pid!, () => pacedCalls(hall.clerks, S, onCalled));
  const s = summary(lat);
  console.log(`${label}: ${s.n} calls, p50 ${s.p50} ms, p90 ${s.p90} ms, p99 ${s.p99} ms, max ${s.max} ms; server CPU ${cores} cores`);
  return { ...s, cpu: cores };
};

const before = await phase(`call-next without tracking pages (${WINDOWS} windows × 1/s × ${S}s)`);

// The worker is TypeScript too: it registers tsx's loader first (a worker does not inherit it).
const pagesScript = JSON.stringify(new URL('./_track-pages.ts', import.meta.url).href);
const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${pagesScript}); })`, {
  eval: true,
  workerData: { wsBase: hall.base.replace('http', 'ws'), pages: tracked.map((t) => ({ id: t.id, token: t.token! })) },
});
const fromWorker = <T>(kind: string) =>
  new Promise<T>((resolve, reject) => {
    const on = (m: { kind: string }) => {
      if (m.kind !== kind) return;
      worker.off('message', on);
      resolve(m as T);
    };
    worker.on('message', on);
    worker.once('error', reject);
  });
const opened = await fromWorker<{ pages: number }>('open');
console.log(`${opened.pages} tracking pages open (first view received by each)`);
await sleep(2000); // the pages' first views and lines settle

const calledAt = new Map<string, number>();
const t0 = performance.now();
const withPages = await phase(`call-next with ${PAGES} tracking pages open`, (id, at) => calledAt.set(id, at));
await sleep(3000); // the last calls and line changes reach their pages
worker.postMessage({ kind: 'report' });
const report = await fromWorker<{
  shownAt: Record<string, number>;
  count: { views: number; lines: number; stale: number; bytes: number };
  ahead: Record<string, number>;
}>('report');
const seconds = (performance.now() - t0) / 1000;
const shown: number[] = [];
for (const [id, at] of calledAt) if (report.shownAt[id] !== undefined) shown.push(report.shownAt[id] - at);
const show = summary(shown);
const { count } = report;
console.log(
  `call → tracking page shows it: ${show.n} tracked tickets called, p50 ${show.p50} ms, p90 ${show.p90} ms, p99 ${show.p99} ms, max ${show.max} ms; ` +
    `pages received ${Math.round((count.views + count.lines) / seconds)} messages/s (${count.views} whole views, ${count.lines} line messages, ${Math.round(count.bytes / seconds / 1024)} KiB/s), ${count.stale} gaps`,
);

// Every page still waiting must show what the hall answers for it.
const waiting = Object.entries(report.ahead);
let wrong = 0;
const byId = new Map(tracked.map((t) => [t.id, t.token!]));
for (let i = 0; i < waiting.length; i += 8) {
  await Promise.all(
    waiting.slice(i, i + 8).map(async ([id, ahead]) => {
      const v = JSON.parse((await request(hall.anon, 'GET', `/api/track/${byId.get(id)}`)).text) as { ahead: number; state: string };
      if (v.state === 'waiting' && v.ahead !== ahead) wrong++;
    }),
  );
}
console.log(`"ahead" on the ${waiting.length} pages still waiting: ${wrong} differ from the hall's answer`);
worker.postMessage({ kind: 'close' });
await new Promise((r) => worker.once('exit', r));
await sleep(1000);

const after = await phase('call-next without tracking pages (again)');
const baseline = (before.p99 + after.p99) / 2;
const ratio = (x: number, a: number, b: number) => Math.round((x / ((a + b) / 2)) * 100) / 100;
const result = {
  windows: WINDOWS,
  pages: PAGES,
  callNextP99Ms: { without: baseline, withoutBefore: before.p99, withoutAfter: after.p99, withPages: withPages.p99 },
  callNextP50Ms: { withoutBefore: before.p50, withoutAfter: after.p50, withPages: withPages.p50 },
  ratio: ratio(withPages.p99, before.p99, after.p99),
  ratioP50: ratio(withPages.p50, before.p50, after.p50),
  callToPageMs: { p50: show.p50, p99: show.p99, samples: show.n },
  pageMessages: count,
  aheadMismatches: wrong,
  serverCpuCores: { withoutBefore: before.cpu, withPages: withPages.cpu, withoutAfter: after.cpu },
  targets: { ratio: 1.5 },
};
console.log(JSON.stringify(result));
await hall.stop();
process.exit(wrong || count.stale ? 1 : 0);
