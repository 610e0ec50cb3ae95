// Tracking load (issue 17): 2,000 citizens' tracking pages open at once on one hall (WebSocket
// clients at the protocol level, /api/track/<token>/ws, not 2,000 browsers, in a worker thread
// of their own at the lowest priority) while 200 windows call at 1 call/s each.
//
// Phases alternate against one server: without pages, with pages, without, with, … , without
// (`--pairs` phases with pages, each between two without). The pages are opened before each
// phase with pages and closed after it, so "with" always means open and receiving. For each
// phase: call-next p50/p99 and the server's CPU; for each phase with pages: the ratio of its p99
// to the mean of its two neighbours without, the time from a call-next request to the called
// ticket's page showing it, and a check that every page still waiting worked out the same
// "ahead" as the hall answers (the run fails otherwise). Then the goal's statistics: the median
// of the per-pair ratios (with their spread) and the pooled p99 ratio with a 95 % block-bootstrap
// interval (bench/_stats.ts); and, as before, the single ratio of the first pair.
// At 200 windows × 10 s a phase's p99 is its 20th-slowest call of 2,000: `--seconds 30` makes it
// the 60th of 6,000. Setup shared with server-queue.ts (bench/_hall.ts).
// Run: npx tsx bench/track-load.ts [--windows 200] [--pages 2000] [--seconds 10] [--pairs 3]
// (BENCH_CPU_PROF=<dir> writes the hall server's CPU profile there.)
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { issueTickets, pacedCallsBySecond, request, sleep, startBenchHall, summary, withCpu, type Issued } from './_hall';
import { bootstrapRatio, median } from './_stats';

const { values } = parseArgs({
  options: {
    'data-root': { type: 'string', default: os.tmpdir() },
    windows: { type: 'string', default: '200' },
    pages: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    pairs: { type: 'string', default: '3' },
  },
});
const WINDOWS = Number(values.windows);
const PAGES = Number(values.pages);
const S = Number(values.seconds);
const PAIRS = Math.max(1, Number(values.pairs));
const load = () => os.loadavg().map((x) => x.toFixed(2));
console.log(`load average at start ${load().join(' ')}`);

const hall = await startBenchHall({ windows: WINDOWS, dataRoot: values['data-root'], name: 'hall-track-bench' });
const perPhase = WINDOWS * S;
// In queue order: what the first phase without pages calls; then per pair a block of twice a
// phase (at least twice the pages): the phase with pages calls its first half, the next phase
// without its second. The pages follow tickets spread evenly over the block, so during the phase
// with them about half are called and the rest keep moving up, as in a hall.
await issueTickets(hall, perPhase);
const blocks: Issued[][] = [];
for (let k = 0; k < PAIRS; k++) blocks.push(await issueTickets(hall, Math.max(2 * PAGES, 2 * perPhase)));
await issueTickets(hall, WINDOWS * 2);
console.log(`issued ${perPhase + blocks.reduce((n, b) => n + b.length, 0) + WINDOWS * 2} tickets`);

// The worker is TypeScript too: it registers tsx's loader first (a worker does not inherit it).
const pagesScript = JSON.stringify(new URL('./_track-pages.ts', import.meta.url).href);
const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${pagesScript}); })`, {
  eval: true,
  workerData: { wsBase: hall.base.replace('http', 'ws') },
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
await fromWorker('ready');

interface Phase {
  label: string;
  pages: boolean;
  n: number;
  p50: number;
  p99: number;
  max: number;
  cpu: number;
  load: string;
  bySecond: number[][];
}
const phases: Phase[] = [];
const runPhase = async (pages: boolean, onCalled?: (id: string, at: number) => void): Promise<Phase> => {
  const label = `${pages ? 'with' : 'without'} ${phases.length}`;
  const { result: bySecond, cores } = await withCpu(hall.proc.pid!, () => pacedCallsBySecond(hall.clerks, S, onCalled));
  const s = summary(bySecond.flat());
  const p: Phase = { label, pages, n: s.n, p50: s.p50, p99: s.p99, max: s.max, cpu: cores, load: load()[0]!, bySecond };
  console.log(`${label}: ${s.n} calls, p50 ${s.p50} ms, p90 ${s.p90} ms, p99 ${s.p99} ms, max ${s.max} ms; server CPU ${cores} cores; load ${p.load}`);
  phases.push(p);
  return p;
};

interface PageStats {
  callToPage: { p50: number; p99: number; n: number };
  messagesPerSecond: number;
  count: { views: number; lines: number; stale: number; bytes: number };
  aheadChecked: number;
  aheadWrong: number;
}
const pageStats: PageStats[] = [];

const withPagesPhase = async (block: Issued[]) => {
  // Spread over the whole block (every other ticket at the default sizes): with longer phases too,
  // about half are called during the phase and the rest are still waiting for the "ahead" check.
  const stride = Math.max(1, Math.floor(block.length / PAGES));
  const tracked = block.filter((_, i) => i % stride === 0).slice(0, PAGES);
  worker.postMessage({ kind: 'open', pages: tracked.map((t) => ({ id: t.id, token: t.token! })) });
  const opened = await fromWorker<{ pages: number }>('open');
  console.log(`${opened.pages} tracking pages open (first view received by each)`);
  await sleep(2000); // the pages' first views and lines settle
  const calledAt = new Map<string, number>();
  const t0 = performance.now();
  await runPhase(true, (id, at) => calledAt.set(id, at));
  await sleep(3000); // the last calls and line changes reach their pages
  worker.postMessage({ kind: 'report' });
  const report = await fromWorker<{ shownAt: Record<string, number>; count: PageStats['count']; ahead: Record<string, number> }>('report');
  const seconds = (performance.now() - t0) / 1000;
  const shown: number[] = [];
  for (const [id, at] of calledAt) if (report.shownAt[id] !== undefined) shown.push(report.shownAt[id] - at);
  const show = summary(shown);
  const { count } = report;
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
  const messagesPerSecond = Math.round((count.views + count.lines) / seconds);
  console.log(
    `  call → tracking page shows it: ${show.n} tracked tickets called, p50 ${show.p50} ms, p99 ${show.p99} ms, max ${show.max} ms; ` +
      `pages received ${messagesPerSecond} messages/s (${count.views} whole views, ${count.lines} line messages, ${Math.round(count.bytes / seconds / 1024)} KiB/s), ${count.stale} gaps; ` +
      `"ahead" on the ${waiting.length} pages still waiting: ${wrong} differ from the hall's answer`,
  );
  pageStats.push({ callToPage: { p50: show.p50, p99: show.p99, n: show.n }, messagesPerSecond, count, aheadChecked: waiting.length, aheadWrong: wrong });
  worker.postMessage({ kind: 'disconnect' });
  await fromWorker('disconnect');
  await sleep(1000); // the hub forgets the closed pages
};

await runPhase(false);
for (const block of blocks) {
  await withPagesPhase(block);
  await runPhase(false);
}
worker.postMessage({ kind: 'close' });
await new Promise((r) => worker.once('exit', r));

// The goal's statistics.
const r2 = (x: number) => Math.round(x * 100) / 100;
const without = phases.filter((p) => !p.pages);
const withP = phases.filter((p) => p.pages);
const pairRatios = withP.map((p, k) => r2(p.p99 / ((without[k]!.p99 + without[k + 1]!.p99) / 2)));
const pairRatiosP50 = withP.map((p, k) => r2(p.p50 / ((without[k]!.p50 + without[k + 1]!.p50) / 2)));
const boot = bootstrapRatio(
  withP.flatMap((p) => p.bySecond),
  without.flatMap((p) => p.bySecond),
);
const medianRatio = r2(median(pairRatios));
console.log(
  `call-next p99 ratio with / without pages: first pair (the single ratio reported before) ${pairRatios[0]}; ` +
    `per pair ${pairRatios.join(', ')} → median ${medianRatio} (min ${Math.min(...pairRatios)}, max ${Math.max(...pairRatios)}); ` +
    `pooled ${r2(boot.ratio)}, 95 % block-bootstrap interval ${r2(boot.low)}–${r2(boot.high)} (${boot.iterations} resamples of one-second blocks); goal ≤ 1.5`,
);
const wrong = pageStats.reduce((n, s) => n + s.aheadWrong, 0);
const gaps = pageStats.reduce((n, s) => n + s.count.stale, 0);
const result = {
  windows: WINDOWS,
  pages: PAGES,
  seconds: S,
  pairs: PAIRS,
  phases: phases.map(({ bySecond: _b, ...p }) => p),
  ratio: pairRatios[0],
  pairRatios,
  medianRatio,
  pairRatiosP50,
  pooled: { ratio: r2(boot.ratio), low: r2(boot.low), high: r2(boot.high) },
  pageStats: pageStats.map(({ count: _c, ...s }) => s),
  aheadMismatches: wrong,
  gaps,
  loadAverage: { end: load() },
  targets: { ratio: 1.5 },
};
console.log(JSON.stringify(result));
await hall.stop();
process.exit(wrong || gaps ? 1 : 0);
