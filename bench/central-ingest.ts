// `npm run bench -- central`: N simulated halls push their case streams concurrently into a REAL
// central process on a REAL PostgreSQL (a throwaway cluster), over HTTP, 1,000 records a push.
// Reports events/s end to end (validation, exactly-once bookkeeping, case projection with the
// working-day calendar, all in the push transaction), push round-trip p50/p99 under that load
// (= uplink lag from a hall's push to central visibility), the ratio to a server-side `COPY` of
// the same rows into the same server, and p50/p99 of the city KPI and overdue queries over the
// data. Defaults are small enough for a shared 2-core machine; the issue's size:
//   CENTRAL_BENCH_FULL=1 npm run bench -- central        (50 halls × 20,000 cases = 1,000,000 cases)
//   CENTRAL_BENCH_HALLS=8 CENTRAL_BENCH_CASES=5000 …     (cases per hall)
//   CENTRAL_BENCH_DAYS=cyclic                            (each push spans all 28 days: rollup worst case)
import fs from 'node:fs';
import path from 'node:path';
import { findPgBin, startPgCluster } from '../tests/support/pgCluster';
import { startCentralProcess } from '../tests/support/centralProcess';
import { HallOutbox } from '../tests/support/uplinkStream';
import { call, supervisorToken } from '../tests/support/centralClient';
import { openStore } from '../central/db/connect';
import { migrateCentral } from '../central/db/migrate';
import type { UplinkPushResponse, UplinkRecord } from '../domain/api/uplink';

const FULL = process.env.CENTRAL_BENCH_FULL === '1';
const HALLS = Number(process.env.CENTRAL_BENCH_HALLS ?? (FULL ? 50 : 4));
const CASES = Number(process.env.CENTRAL_BENCH_CASES ?? (FULL ? 20_000 : 1_500));
const BATCH = 1000;
const QUERY_RUNS = Number(process.env.CENTRAL_BENCH_QUERIES ?? 100);
const LIVE = process.env.CENTRAL_BENCH_LIVE !== '0';
const LIVE_GAP = Number(process.env.CENTRAL_BENCH_LIVE_GAP ?? 20);
const CYCLIC_DAYS = process.env.CENTRAL_BENCH_DAYS === 'cyclic';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

// CPU seconds (user + system) from /proc: the machine this runs on is shared, so wall time
// swings with the load; CPU time per event is the steadier comparison. PostgreSQL's is the
// postmaster's live children plus the ones it already reaped (cutime/cstime).
const TICK = 100;
function procTimes(pid: number): { self: number; children: number } {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { self: (Number(f[11]) + Number(f[12])) / TICK, children: (Number(f[13]) + Number(f[14])) / TICK };
  } catch {
    return { self: 0, children: 0 };
  }
}
function pgCpu(dataDir: string): number {
  const pm = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let t = procTimes(pm).self + procTimes(pm).children;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pm) t += procTimes(Number(d)).self;
    } catch {
      /* gone */
    }
  }
  return t;
}

/** The next `BATCH`-ish records of one hall: whole cases (4 events; every fifth stays open). */
function* hallRecords(hallId: string): Generator<UplinkRecord[]> {
  let seq = 0;
  let made = 0;
  while (made < CASES) {
    const o = new HallOutbox(hallId);
    while (o.lastSeq < BATCH - 4 && made < CASES) {
      // In time order, as a hall's outbox is (a push covers the days its cases were made on);
      // CENTRAL_BENCH_DAYS=cyclic cycles every push through all 28 days (every push then refreshes
      // 28 days of the daily rollup per hall: the worst case the earlier runs measured).
      const day = CYCLIC_DAYS ? 1 + (made % 28) : 1 + Math.floor((made * 28) / CASES);
      const at = `2026-11-${String(day).padStart(2, '0')}T02:00:00.000Z`;
      const open = made % 5 === 0;
      o.addCase({
        at,
        promisedDays: 1 + (made % 7),
        until: open ? 'accepted' : 'handedOver',
        completedAt: `2026-11-${String(Math.min(28, day + 2)).padStart(2, '0')}T02:00:00.000Z`,
      });
      made++;
    }
    yield o.records.map((r) => ({ ...r, seq: ++seq }));
  }
}

const pg = await startPgCluster();
const dbUrl = await pg.createDatabase('central_bench');
const central = await startCentralProcess({ pg: dbUrl });
try {
  const sup = await supervisorToken(central.url);
  const halls: { hallId: string; token: string }[] = [];
  for (let i = 0; i < HALLS; i++) {
    const h = await call(central.url, 'POST', '/api/city/halls', sup, { code: `BENCH-${String(i).padStart(3, '0')}`, name: `压测大厅${i + 1}` });
    const e = await call(central.url, 'POST', '/api/uplink/enroll', null, { enrollmentCode: h.body.enrollmentCode });
    halls.push({ hallId: e.body.hallId, token: e.body.hallToken });
  }
  process.stdout.write(
    `central bench: ${HALLS} halls × ${fmt(CASES)} cases (4 events each, 20% left open, November ${CYCLIC_DAYS ? 'cycled through every push' : 'in time order'}), ${BATCH} records a push, PostgreSQL ${path.basename(path.dirname(findPgBin() ?? '/?/bin'))} (fsync on)\n`,
  );

  const hall0 = halls[0]!.hallId;
  const routes = [
    ['KPIs city-wide, one month', '/api/city/kpis?from=2026-11-01&to=2026-11-30'],
    ['KPIs one hall, one week', `/api/city/kpis?from=2026-11-02&to=2026-11-08&hall=${hall0}`],
    ['overdue cases city-wide (first 200)', '/api/city/cases?deadline=overdue'],
    ['overdue cases one hall', `/api/city/cases?deadline=overdue&hall=${hall0}`],
  ] as const;
  const getOk = async (p: string) => {
    const r = await call(central.url, 'GET', p, sup);
    if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
  };
  for (const [, p] of routes) for (let i = 0; i < 5; i++) await getOk(p);

  const rtts: number[] = [];
  let events = 0;
  let ingesting = true;
  // A dashboard polling while the halls push: one request at a time, the four routes in turn,
  // LIVE_GAP ms apart (CENTRAL_BENCH_LIVE=0: none, for an ingest-only CPU figure).
  const live = routes.map(() => [] as number[]);
  const liveLoop = (async () => {
    if (!LIVE) return;
    for (let i = 0; ingesting; i++) {
      await new Promise((r) => setTimeout(r, LIVE_GAP));
      if (!ingesting) break;
      const t = performance.now();
      await getOk(routes[i % routes.length]![1]);
      live[i % routes.length]!.push(performance.now() - t);
    }
  })();
  const pgData = path.join(pg.dir, 'data');
  const cpu0 = { central: procTimes(central.proc.pid!).self, pg: pgCpu(pgData) };
  const t0 = performance.now();
  await Promise.all(
    halls.map(async (h) => {
      for (const records of hallRecords(h.hallId)) {
        const t = performance.now();
        const res = await fetch(`${central.url}/api/uplink/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
          body: JSON.stringify({ hallId: h.hallId, sentAt: new Date().toISOString(), backlog: 0, records }),
        });
        const body = (await res.json()) as UplinkPushResponse;
        if (!res.ok || body.results.some((r) => r.status !== 'accepted')) throw new Error(`push failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        rtts.push(performance.now() - t);
        events += records.length;
      }
    }),
  );
  const ingestS = (performance.now() - t0) / 1000;
  const cpu = { central: procTimes(central.proc.pid!).self - cpu0.central, pg: pgCpu(pgData) - cpu0.pg };
  ingesting = false;
  await liveLoop;
  const eps = events / ingestS;
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  process.stdout.write(`ingest: ${fmt(events)} events in ${fmt(ingestS)} s = ${fmt(eps)} events/s (goal ≥ 50,000 at full size on a real server)\n`);
  process.stdout.write(
    `ingest CPU: central ${fmt(cpu.central)} s + PostgreSQL ${fmt(cpu.pg)} s = ${fmt((1e6 * (cpu.central + cpu.pg)) / events)} µs per event (${fmt(events / (cpu.central + cpu.pg))} events per CPU-second; load average ${load})\n`,
  );
  process.stdout.write(
    `push round trip (${BATCH} records, ${HALLS} halls at once) = uplink lag to central visibility: p50 ${fmt(pct(rtts, 50))} ms, p99 ${fmt(pct(rtts, 99))} ms\n`,
  );
  if (LIVE) {
    process.stdout.write(
      `city queries DURING the ingest (one at a time, ${LIVE_GAP} ms apart, ${fmt(live.flat().length)} requests; their CPU is in the central's above):\n`,
    );
    routes.forEach(([label], i) =>
      process.stdout.write(
        `  ${label.padEnd(36)} p50 ${fmt(pct(live[i]!, 50)).padStart(7)} ms   p99 ${fmt(pct(live[i]!, 99)).padStart(7)} ms   max ${fmt(Math.max(...live[i]!)).padStart(7)} ms   (${live[i]!.length} runs)\n`,
      ),
    );
  }

  // COPY of the same rows (the stream and the case projection) into a fresh database on the same server.
  const store = await openStore({ pg: dbUrl, poolSize: 2 });
  const copyUrl = await pg.createDatabase('central_copy');
  const copy = await openStore({ pg: copyUrl, poolSize: 1 });
  await migrateCentral(copy.db);
  const { sql } = await import('kysely');
  const files = { records: path.join(pg.dir, 'records.csv'), cases: path.join(pg.dir, 'cases.csv') };
  await sql.raw(`COPY (SELECT * FROM uplink_records) TO '${files.records}' WITH (FORMAT csv)`).execute(store.db);
  await sql.raw(`COPY (SELECT * FROM cases) TO '${files.cases}' WITH (FORMAT csv)`).execute(store.db);
  const cpuC = pgCpu(pgData);
  const tc = performance.now();
  await sql.raw(`COPY uplink_records FROM '${files.records}' WITH (FORMAT csv)`).execute(copy.db);
  await sql.raw(`COPY cases FROM '${files.cases}' WITH (FORMAT csv)`).execute(copy.db);
  const copyS = (performance.now() - tc) / 1000;
  const copyCpu = pgCpu(pgData) - cpuC;
  await copy.close();
  for (const f of Object.values(files)) fs.rmSync(f, { force: true });
  process.stdout.write(
    `COPY of the same rows (uplink_records + cases, with their indexes): ${fmt(copyS)} s = ${fmt(events / copyS)} events/s; ingest/COPY = ${fmt(ingestS / copyS)}× (goal ≤ 3×)\n`,
  );
  process.stdout.write(
    `COPY CPU: PostgreSQL ${fmt(copyCpu)} s = ${fmt((1e6 * copyCpu) / events)} µs per event; ingest/COPY in CPU time = ${fmt((cpu.central + cpu.pg) / copyCpu)}×\n`,
  );

  // City queries over that data, over HTTP (what a dashboard sees).
  // VACUUM sets the visibility map, as autovacuum does in steady state: the KPI aggregates are
  // index-only scans (migration 002) only on pages it has marked all-visible.
  await sql`VACUUM ANALYZE`.execute(store.db);
  if (process.env.CENTRAL_BENCH_EXPLAIN === '1') {
    // The plans of the city queries (what serves them: index or scan).
    const asOf = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    for (const q of [
      `SELECT h.hall_id, d.* FROM halls h CROSS JOIN LATERAL (SELECT sum(cases), sum(completed), jsonb_agg(wait_hist) FROM hall_daily WHERE hall_id = h.hall_id AND day BETWEEN '2026-11-01' AND '2026-11-30') d`,
      `SELECT cases.hall_id, halls.name, case_id, case_no, status, item_code, item_name, department, accepted_on, due_date, applicant_masked FROM cases
        JOIN halls ON halls.hall_id = cases.hall_id WHERE open = true AND due_date IS NOT NULL AND due_date < '${asOf}' ORDER BY due_date, cases.hall_id, case_id LIMIT 200`,
    ]) {
      const plan = await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${q}`).execute(store.db);
      process.stdout.write(`${plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}\n`);
    }
  }
  // The same queries called in this process straight on the store (no HTTP, no central event
  // loop): what PostgreSQL and the query code cost, apart from the machine's scheduling.
  {
    const { kpis, deadlineCases } = await import('../central/city/queries');
    const { defaultCalendar, chinaDateOf } = await import('../domain/calendar');
    const today = chinaDateOf(Date.now());
    for (const [label, run] of [
      ['KPIs city-wide, one month (direct)', () => kpis(store.db, '2026-11-01', '2026-11-30', undefined, today)],
      ['overdue city-wide (direct)', () => deadlineCases(store.db, { deadline: 'overdue', limit: 200, asOf: today, calendar: defaultCalendar })],
    ] as const) {
      for (let i = 0; i < 5; i++) await run();
      const xs: number[] = [];
      for (let i = 0; i < QUERY_RUNS; i++) {
        const t = performance.now();
        await run();
        xs.push(performance.now() - t);
      }
      process.stdout.write(`${label.padEnd(38)} p50 ${fmt(pct(xs, 50)).padStart(7)} ms   p99 ${fmt(pct(xs, 99)).padStart(7)} ms\n`);
    }
  }
  await store.close();
  const time = async (p: string) => {
    // A few requests first: a dashboard's server is warm (first-call JIT and plan caching).
    for (let i = 0; i < 5; i++) await call(central.url, 'GET', p, sup);
    const xs: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) {
      const t = performance.now();
      const r = await call(central.url, 'GET', p, sup);
      if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
      xs.push(performance.now() - t);
    }
    return xs;
  };
  process.stdout.write('city queries after the ingest, over HTTP:\n');
  const cpuQ = procTimes(central.proc.pid!).self;
  for (const [label, p] of routes) {
    const xs = await time(p);
    process.stdout.write(
      `${label.padEnd(38)} p50 ${fmt(pct(xs, 50)).padStart(7)} ms   p99 ${fmt(pct(xs, 99)).padStart(7)} ms   (${QUERY_RUNS} runs; goal p99 < 50 ms)\n`,
    );
  }
  const perQuery = (procTimes(central.proc.pid!).self - cpuQ) / (routes.length * (QUERY_RUNS + 5));
  process.stdout.write(`central CPU per city query (after the ingest): ${fmt(perQuery * 1000)} ms\n`);
} finally {
  await central.stop();
  pg.destroy();
}
