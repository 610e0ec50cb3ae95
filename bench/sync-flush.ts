// 10,000 cases (5 events each) created offline at one counter, then flushed to a REAL hall
// server process (tsx server/main.ts) by the sync engine: time and events/s end to end (push,
// per-event validation, exactly-once bookkeeping, server re-projection of every case, ack
// stamping on the counter). In the same run: a raw SQLite bulk insert of the same rows into the
// same table, for the ratio. Target: ≥ 5,000 events/s; with applicant fields encrypted at rest
// (the hall's default) ≥ 10,000 events/s is the issue-12 goal. Runs twice: encrypted at rest,
// then the plain baseline (`--plain-at-rest`), and prints both.
//   npx tsx bench/sync-flush.ts            (SYNC_BENCH_CASES=2000 for a quick run; SYNC_BENCH_MODES=sealed for one run)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { openCounterDb } from '../electron/core/db';
import { appendCaseEvents, type StoredEvent } from '../electron/core/sync/eventLog';
import { SyncEngine } from '../electron/core/sync/syncEngine';
import { attachAtRest, openCounterKeyring } from '../electron/core/privacy/atRest';
import { migrate as migrateHall } from '../server/db/connection';
import { HallClient } from '../domain/api/hallClient';
import { startHallProcess } from '../tests/support/hallProcess';
import { caseDrafts } from '../tests/support/syncCases';

const CASES = Number(process.env.SYNC_BENCH_CASES ?? 10_000);
const BATCH = Number(process.env.SYNC_BENCH_BATCH ?? 1000);

async function run(mode: 'sealed' | 'plain'): Promise<Record<string, unknown>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `sync-bench-${mode}-`));
  const db = openCounterDb(path.join(tmp, 'counter'));
  // The counter seals too when encryption is on (its own log and what it pulls).
  if (mode === 'sealed') attachAtRest(db, openCounterKeyring({ dataDir: path.join(tmp, 'counter') }));
  let t = performance.now();
  for (let i = 0; i < CASES; i++) appendCaseEvents(db, 'BENCH-W1', caseDrafts(uuidv7(), i, 1));
  const createMs = performance.now() - t;
  const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;

  const hall = await startHallProcess({ dataDir: path.join(tmp, 'hall'), args: mode === 'plain' ? ['--plain-at-rest'] : [] });
  const engine = new SyncEngine({
    db,
    deviceId: 'BENCH-W1',
    hallUrl: hall.url,
    enrollCode: 'COUNTER-DEMO',
    batchSize: BATCH,
    idleCheckMs: 50,
    longPollMs: 1000,
  });
  t = performance.now();
  engine.start();
  let maxBacklog = 0;
  for (;;) {
    const s = engine.status();
    maxBacklog = Math.max(maxBacklog, s.backlog?.total ?? 0);
    if (s.pending === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const flushMs = performance.now() - t;
  // The server's cached case projections catch up right after the flush (debounced, see docs/sync.md).
  const manager = new HallClient({ baseUrl: hall.url });
  await manager.login('M001', 'demo');
  for (;;) {
    const r = await manager.call('sync.devices');
    if (r.projectionBacklog === 0) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const projectedMs = performance.now() - t;
  await engine.stop();
  await hall.stop();

  // The same rows, raw: one transaction, one prepared statement, same table and indexes.
  const rows = db.prepare('SELECT * FROM events ORDER BY seq').all() as Record<string, unknown>[] as unknown as (StoredEvent &
    Record<string, string | number>)[];
  const raw = new Database(path.join(tmp, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  migrateHall(raw); // the hall's whole schema: same table and indexes as the server
  const ins = raw.prepare(
    'INSERT INTO sync_events (id, stream, stream_id, device_id, seq, kind, at, actor, payload, schema_version, state, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  t = performance.now();
  raw.transaction(() => {
    const now = Date.now();
    for (const r of rows) ins.run(r.id, r.stream, r.stream_id, r.device_id, r.seq, r.kind, r.at, r.actor, r.payload, r.schema_version, 'ok', 'device', now);
  })();
  const rawMs = performance.now() - t;
  raw.close();
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });

  const eps = events / (flushMs / 1000);
  const rawEps = events / (rawMs / 1000);
  return {
    atRest: mode,
    cases: CASES,
    events,
    batch: BATCH,
    createOfflineMs: Math.round(createMs),
    flushMs: Math.round(flushMs),
    flushEventsPerSec: Math.round(eps),
    flushAndServerProjectionMs: Math.round(projectedMs),
    eventsPerSecIncludingProjection: Math.round(events / (projectedMs / 1000)),
    rawInsertMs: Math.round(rawMs),
    rawEventsPerSec: Math.round(rawEps),
    ratioRawOverSync: Number((rawEps / eps).toFixed(1)),
    progressBarTotal: maxBacklog,
    target: mode === 'sealed' ? 10_000 : 5000,
    meetsTarget: eps >= (mode === 'sealed' ? 10_000 : 5000),
  };
}

const modes = (process.env.SYNC_BENCH_MODES ?? 'sealed,plain').split(',') as ('sealed' | 'plain')[];
const results = [];
for (const m of modes) {
  const r = await run(m);
  console.log(JSON.stringify(r, null, 2));
  results.push(r);
}
if (results.length === 2) {
  console.log(
    `sync ingest: encrypted at rest ${results[0]!.flushEventsPerSec} events/s, plain ${results[1]!.flushEventsPerSec} events/s (goal with encryption ≥ 10,000)`,
  );
}
