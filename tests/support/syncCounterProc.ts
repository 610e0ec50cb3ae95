// A counter's sync side as a real child process: the local SQLite event log plus the sync
// engine, driven by JSON lines on stdin (one reply line per command on stdout). Tests kill it
// with SIGKILL and start it again on the same data directory.
//   tsx tests/support/syncCounterProc.ts --data DIR --device ID --hall URL [--window N] [--clock-offset-ms MS]
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { openCounterDb } from '../../electron/core/db';
import { appendCaseEvents, nextSeq, streamEvents } from '../../electron/core/sync/eventLog';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { CASE_SCHEMA_VERSION } from '../../domain/cases';
import { projectCaseLog, projectionDigest } from '../../domain/sync/wire';
import { caseDrafts } from './syncCases';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    device: { type: 'string' },
    hall: { type: 'string' },
    window: { type: 'string', default: '1' },
    'clock-offset-ms': { type: 'string', default: '0' },
    batch: { type: 'string', default: '500' },
  },
});
const offset = Number(values['clock-offset-ms']);
const now = () => new Date(Date.now() + offset);
const windowNo = Number(values.window);
const deviceId = values.device!;
const db = openCounterDb(values.data!);
let engine: SyncEngine | null = null;
const makeEngine = () =>
  new SyncEngine({
    db,
    deviceId,
    hallUrl: values.hall!,
    enrollCode: `COUNTER-DEMO-${windowNo}`,
    now,
    batchSize: Number(values.batch),
    longPollMs: 2000,
    idleCheckMs: 200,
    backoffBaseMs: 100,
    backoffMaxMs: 1500,
  });

function rawInsert(e: { stream: string; streamId: string; kind: string; payload: unknown; schemaVersion: number }): string {
  const id = uuidv7();
  db.prepare(
    `INSERT INTO events (id, stream, stream_id, device_id, seq, kind, at, actor, payload, schema_version, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'local')`,
  ).run(
    id,
    e.stream,
    e.streamId,
    deviceId,
    nextSeq(db, deviceId),
    e.kind,
    now().toISOString(),
    JSON.stringify({ workNo: `C00${windowNo}`, windowNo }),
    JSON.stringify(e.payload),
    e.schemaVersion,
  );
  return id;
}

const commands: Record<string, (a: Record<string, unknown>) => unknown> = {
  create: (a) => {
    const ids: string[] = [];
    const n = Number(a.cases);
    for (let i = 0; i < n; i++) {
      const caseId = uuidv7();
      appendCaseEvents(db, deviceId, caseDrafts(caseId, i, windowNo, Number(a.kinds ?? 5)), undefined, now);
      ids.push(caseId);
    }
    return { created: n, first: ids[0] };
  },
  /** An event from a NEWER build: a kind this build does not know, higher schema version. */
  newer: (a) =>
    rawInsert({
      stream: 'case',
      streamId: String(a.caseId),
      kind: 'caseTransferred',
      payload: { toHall: '330106', note: 'x' },
      schemaVersion: CASE_SCHEMA_VERSION + 1,
    }),
  /** A 收件 as an OLDER build wrote it: without the fields that later got defaults (materials, channel). */
  older: () => {
    const caseId = uuidv7();
    const d = caseDrafts(caseId, 7, windowNo, 1)[0]!;
    const { materials: _m, channel: _c, ...payload } = d.payload as Record<string, unknown>;
    rawInsert({ stream: 'case', streamId: caseId, kind: 'received', payload, schemaVersion: 1 });
    return caseId;
  },
  /** A local event the server will reject (invalid payload written by a buggy build). */
  bad: (a) =>
    rawInsert({
      stream: 'case',
      streamId: String(a.caseId),
      kind: 'accepted',
      payload: { caseType: 'committed', promisedDays: -1, dueDate: null },
      schemaVersion: CASE_SCHEMA_VERSION,
    }),
  start: () => {
    engine ??= makeEngine();
    engine.start();
    return true;
  },
  stop: async () => {
    await engine?.stop();
    engine = null;
    return true;
  },
  status: () => (engine ?? makeEngine()).status(),
  deadLetters: () => (engine ?? makeEngine()).deadLetters(),
  /** Hash of this device's own accepted events and of every case projection it holds. */
  digest: () => {
    const own = db.prepare(`SELECT id FROM events WHERE origin = 'local' AND rejected_code IS NULL ORDER BY id`).all() as { id: string }[];
    const dups = (db.prepare('SELECT COUNT(*) - COUNT(DISTINCT id) AS d FROM events').get() as { d: number }).d;
    const caseIds = (db.prepare(`SELECT DISTINCT stream_id AS c FROM events WHERE stream = 'case' ORDER BY stream_id`).all() as { c: string }[]).map(
      (r) => r.c,
    );
    const h = crypto.createHash('sha256');
    for (const c of caseIds)
      h.update(projectionDigest(projectCaseLog(streamEvents(db, 'case', c).map((e) => ({ ...e, serverVersion: e.serverVersion ?? undefined })))) + '\n');
    return {
      ownCount: own.length,
      ownHash: crypto
        .createHash('sha256')
        .update(own.map((r) => r.id).join('\n'))
        .digest('hex'),
      cases: caseIds.length,
      projections: h.digest('hex'),
      duplicates: dups,
    };
  },
};

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const msg = JSON.parse(line) as { id: number; cmd: string; args?: Record<string, unknown> };
  try {
    const result = await commands[msg.cmd]!(msg.args ?? {});
    process.stdout.write(JSON.stringify({ id: msg.id, ok: true, result }) + '\n');
  } catch (err) {
    process.stdout.write(JSON.stringify({ id: msg.id, ok: false, error: String(err) }) + '\n');
  }
});
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
