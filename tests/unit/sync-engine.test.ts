// The counter's sync engine against an in-process hall server: retries on its own timer after
// the hall comes back (no new local write needed), dead letters are visible and resolvable,
// the projection hook sees back-office events, and the pull cursor is saved with the events.
import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startHallServer, type HallServer } from '../../server/app';
import { openCounterDb, getMeta, type Db } from '../../electron/core/db';
import { appendCaseEvents, nextSeq, streamEvents } from '../../electron/core/sync/eventLog';
import { SyncEngine, type CaseSyncChange } from '../../electron/core/sync/syncEngine';
import { projectCaseLog } from '../../domain/sync/wire';
import { caseDrafts } from '../support/syncCases';
import { freePort } from '../support/ports';

let hall: HallServer | null = null;
let engine: SyncEngine | null = null;
afterEach(async () => {
  await engine?.stop();
  await hall?.close();
  engine = null;
  hall = null;
});

const until = async (cond: () => boolean, ms = 20_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 25));
  }
};

function makeEngine(db: Db, port: number, extra: Partial<ConstructorParameters<typeof SyncEngine>[0]> = {}) {
  return new SyncEngine({
    db,
    deviceId: 'W9-test',
    hallUrl: `http://127.0.0.1:${port}`,
    enrollCode: 'COUNTER-DEMO',
    idleCheckMs: 50,
    longPollMs: 500,
    backoffBaseMs: 50,
    backoffMaxMs: 300,
    ...extra,
  });
}

describe('SyncEngine', () => {
  it('retries on its own after the hall comes back, without a new local write', async () => {
    const port = await freePort();
    const db = openCounterDb(':memory:');
    appendCaseEvents(db, 'W9-test', caseDrafts(uuidv7(), 1, 1));
    engine = makeEngine(db, port);
    engine.start();
    await new Promise((r) => setTimeout(r, 600)); // several failed attempts: nothing listens yet
    expect(engine.status().online).toBe(false);
    expect(engine.status().lastError).toMatch(/无法连接/);
    expect(engine.status().pending).toBe(5);
    hall = await startHallServer({ port, dataDir: ':memory:', seed: 'demo', logLevel: 'silent' });
    await until(() => engine!.status().pending === 0);
    expect(engine.status().online).toBe(true);
  });

  it('a rejected event becomes a visible dead letter, does not block the next ones, and can be resolved', async () => {
    hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent' });
    const db = openCounterDb(':memory:');
    const caseId = uuidv7();
    appendCaseEvents(db, 'W9-test', caseDrafts(caseId, 1, 1, 1));
    db.prepare(
      `INSERT INTO events (id, stream, stream_id, device_id, seq, kind, at, actor, payload, schema_version, origin) VALUES (?, 'case', ?, 'W9-test', ?, 'accepted', ?, '{"workNo":"C001","windowNo":1}', '{"caseType":"committed","promisedDays":-1,"dueDate":null}', 1, 'local')`,
    ).run(uuidv7(), caseId, nextSeq(db, 'W9-test'), new Date().toISOString());
    appendCaseEvents(db, 'W9-test', caseDrafts(uuidv7(), 2, 1));
    engine = makeEngine(db, hall.port);
    engine.start();
    await until(() => engine!.status().pending === 0);
    expect(engine.status().deadLetters).toBe(1);
    const [d] = engine.deadLetters();
    expect(d!.code).toBe('CASE_EVENT_PAYLOAD_INVALID');
    expect(d!.message).toMatch(/受理/);
    // The dead letter is left out of the counter's projection, like on the server.
    expect(projectCaseLog(streamEvents(db, 'case', caseId)).status).toBe('received');
    expect(engine.resolveDeadLetter(d!.id, '已重新录入')).toEqual({ resolved: true });
    expect(engine.status().deadLetters).toBe(0);
    expect(engine.deadLetters(true)[0]!.resolvedNote).toBe('已重新录入');
  });

  it('applies back-office events through the hook, in the same transaction as the cursor', async () => {
    hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent' });
    const db = openCounterDb(':memory:');
    const caseId = uuidv7();
    appendCaseEvents(db, 'W9-test', caseDrafts(caseId, 1, 1, 3));
    engine = makeEngine(db, hall.port);
    const changes: CaseSyncChange[] = [];
    engine.onRemoteCaseEvents((c) => {
      expect(db.inTransaction).toBe(true);
      changes.push(c);
    });
    engine.start();
    await until(() => engine!.status().pending === 0);
    const login = await fetch(`${hall.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workNo: 'M001', password: 'demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const r = await fetch(`${hall.url}/api/cases/${caseId}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: 'completed', payload: { result: 'approved' } }),
    });
    expect(r.status).toBe(200);
    await until(() => changes.some((c) => c.inserted.some((e) => e.kind === 'completed')));
    expect(projectCaseLog(streamEvents(db, 'case', caseId)).status).toBe('completed');
    const cursor = Number(getMeta(db, 'sync.pullCursor'));
    expect(cursor).toBe(((await r.json()) as { event: { serverVersion: number } }).event.serverVersion);
  });
});
