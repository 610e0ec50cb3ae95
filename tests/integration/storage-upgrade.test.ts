// Upgrade in place: copies of databases written by the release before the migrations folders
// (tests/fixtures/db/*-v0.sqlite, made by scripts/make-db-fixtures.ts) are opened by the current
// code. Every migration ends up applied and the old rows read back through the real stores —
// the hall through a real server over HTTP, the counter through its stores and print queue.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app';
import type { HallContext } from '../../server/context';
import { appliedMigrationIds } from '../../storage/migrate';
import { hallLedger, hallMigrations } from '../../server/db/migrations/index';
import { counterLedger, counterMigrations } from '../../electron/core/db/migrations/index';
import { AppointmentStore } from '../../server/appointments/store';
import { FollowUpStore } from '../../server/followups/store';
import { KioskStore } from '../../server/kiosk/store';
import { DeviceHealthStore } from '../../server/deviceHealth/store';
import { getMeta, openCounterDb } from '../../electron/core/db';
import { AuditLog } from '../../electron/core/audit/auditLog';
import { loadCaseRow } from '../../electron/core/cases/caseStore';
import { CounterRecords } from '../../electron/core/cases/counterRecords';
import { verifyCachedCredential } from '../../electron/core/session/credentialCache';
import { listDeadLetters } from '../../electron/core/sync/deadLetters';
import { streamEvents } from '../../electron/core/sync/eventLog';
import { PrintQueue } from '../../native/printer/queue';
import { createReceiptPrinter } from '../../native/printer/printer';

const ids = (list: readonly { id: number }[]) => list.map((m) => m.id).sort((a, b) => a - b);

/** Facts about the fixture read with plain SQL before the current code touches it. */
function facts(file: string, sql: Record<string, string>): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const out = Object.fromEntries(Object.entries(sql).map(([k, q]) => [k, db.prepare(q).all()]));
  db.close();
  return out;
}

describe('hall database written by the previous release', () => {
  let hall: HallServer & { ctx: HallContext };
  let dir: string;
  let before: Record<string, unknown[]>;
  let manager: string;
  const get = async (path: string) => {
    const res = await fetch(hall.url + path, { headers: { authorization: `Bearer ${manager}` } });
    expect(res.status, path).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads loosely typed JSON
    return (await res.json()) as any;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upgrade-hall-'));
    copyFileSync('tests/fixtures/db/hall-v0.sqlite', join(dir, 'hall.sqlite'));
    before = facts(join(dir, 'hall.sqlite'), {
      applied: 'SELECT id FROM schema_migrations ORDER BY id',
      tickets: 'SELECT id, number, status FROM tickets ORDER BY id',
      cases: 'SELECT case_id, status FROM sync_cases ORDER BY case_id',
      syncEvents: 'SELECT version, id FROM sync_events ORDER BY version',
      ratings: 'SELECT id, level FROM ratings ORDER BY id',
      appointments: 'SELECT id, day, code FROM appointments ORDER BY id',
      followups: 'SELECT id, rating_id FROM followup_tasks',
    });
    hall = await startHallServer({ port: 0, dataDir: dir, logLevel: 'silent', rendererDir: join(dir, 'no-ui') });
    const login = await fetch(`${hall.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workNo: 'M001', password: 'demo' }),
    });
    manager = ((await login.json()) as { token: string }).token;
  });
  afterAll(async () => hall?.close());

  it('the fixture is the old schema (ids 1–5, 601–602) and opening it applies the rest', () => {
    expect(before.applied).toEqual([1, 2, 3, 4, 5, 601, 602].map((id) => ({ id })));
    expect(appliedMigrationIds(hall.ctx.store.raw, hallLedger)).toEqual(ids(hallMigrations));
  });

  it('keeps every row: tickets, sync events, ratings', () => {
    const raw = hall.ctx.store.raw;
    expect(raw.prepare('SELECT id, number, status FROM tickets ORDER BY id').all()).toEqual(before.tickets);
    expect(raw.prepare('SELECT version, id FROM sync_events ORDER BY version').all()).toEqual(before.syncEvents);
    expect(raw.prepare('SELECT id, level FROM ratings ORDER BY id').all()).toEqual(before.ratings);
    expect(before.tickets!.length).toBeGreaterThan(0);
    expect(before.syncEvents!.length).toBeGreaterThan(0);
  });

  it('cases synced before the upgrade read back over HTTP', async () => {
    expect(before.cases!.length).toBe(2);
    for (const c of before.cases as { case_id: string; status: string }[]) {
      const d = await get(`/api/cases/${c.case_id}`);
      expect(d.status).toBe(c.status);
      expect(d.eventCount).toBeGreaterThan(0);
    }
  });

  it('kiosk printer, device health, appointments and the 差评 follow-up read back through their stores and routes', async () => {
    const store = hall.ctx.store;
    expect(new KioskStore(store).list()).toMatchObject([{ device_id: '*', address: 'tcp://127.0.0.1:9100', width_mm: 80 }]);
    expect((await get('/api/kiosk/printers')).printers).toEqual([{ deviceId: '*', address: 'tcp://127.0.0.1:9100', widthMm: 80 }]);
    const health = new DeviceHealthStore(store).list();
    expect(health.find((w) => w.windowNo === 1)?.devices.map((d) => d.kind)).toEqual(['printer', 'idReader']);
    const [first] = before.appointments as { id: string; day: string; code: string }[];
    expect(new AppointmentStore(store).byCode(first!.day, first!.code).map((a) => a.id)).toEqual([first!.id]);
    const [task] = before.followups as { id: string; rating_id: string }[];
    expect(new FollowUpStore(store).get(task!.id)?.ratingId).toBe(task!.rating_id);
    expect((await get('/api/followups')).tasks.map((t: { id: string }) => t.id)).toContain(task!.id);
  });

  it('takes new writes after the upgrade (a ticket issued)', async () => {
    const res = await fetch(`${hall.url}/api/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'A', requestId: uuidv7() }),
    });
    expect(res.status).toBe(201);
    expect(hall.ctx.store.raw.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(before.tickets!.length + 1);
  });
});

describe('counter database written by the previous release', () => {
  let dir: string;
  let before: Record<string, unknown[]>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'upgrade-counter-'));
    copyFileSync('tests/fixtures/db/counter-v0.sqlite', join(dir, 'counter.db'));
    before = facts(join(dir, 'counter.db'), {
      applied: 'SELECT version FROM schema_migrations ORDER BY version',
      cases: 'SELECT case_id, case_no, status FROM cases ORDER BY case_id',
      events: 'SELECT id, seq, server_version FROM events ORDER BY seq',
      jobs: 'SELECT id, template, state FROM print_jobs ORDER BY id',
      ratings: 'SELECT rated_on, clerk_work_no FROM ratings_local',
    });
  });

  it('the fixture is the old schema (1, 10, 50–54, 60, 61) and opening it applies the rest', () => {
    expect(before.applied).toEqual([1, 10, 50, 51, 52, 53, 54, 60, 61].map((version) => ({ version })));
    const db = openCounterDb(dir);
    expect(appliedMigrationIds(db, counterLedger)).toEqual(ids(counterMigrations));
    db.close();
  });

  it('keeps every row, readable through the real stores', () => {
    const db = openCounterDb(dir);
    const deviceId = getMeta(db, 'deviceId')!;
    expect(deviceId).toMatch(/^W1-/);
    // cases: the projection and its events
    const cases = before.cases as { case_id: string; case_no: string; status: string }[];
    expect(cases).toHaveLength(2);
    for (const c of cases) {
      expect(loadCaseRow(db, c.case_id)).toMatchObject({ caseNo: c.case_no, status: c.status });
      expect(streamEvents(db, 'case', c.case_id).length).toBeGreaterThan(0);
    }
    expect(db.prepare('SELECT id, seq, server_version FROM events ORDER BY seq').all()).toEqual(before.events);
    // audit trail, still immutable
    const audit = new AuditLog(db, deviceId).list(100);
    expect(audit.length).toBe(12);
    expect(audit.some((e) => e.action === 'case.accept')).toBe(true);
    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/AUDIT_IMMUTABLE/);
    // ratings and service log → my day
    const day = (before.ratings as { rated_on: string }[])[0]!.rated_on;
    const myDay = new CounterRecords(db, deviceId, 1).myDay('C001', day);
    expect(myDay.ratings.satisfied + myDay.ratings.dissatisfied).toBe(3);
    // offline sign-in cache (column added by migration 61) and dead letters (column from 60)
    expect(verifyCachedCredential(db, 'C001', 'demo')?.staff.workNo).toBe('C001');
    expect(listDeadLetters(db, true)).toEqual([]);
    // print jobs written by the queue that used to create its own table
    const queue = new PrintQueue(db, { printer: createReceiptPrinter({ interface: 'tcp://127.0.0.1:9' }), checkStatus: false });
    expect(
      queue
        .list()
        .map((j) => ({ id: j.id, template: j.template, state: j.state }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(before.jobs);
    db.close();
  });

  it('a print queue on a database that was not migrated is refused with a code', () => {
    const db = new Database(':memory:');
    expect(() => new PrintQueue(db, { printer: createReceiptPrinter({ interface: 'tcp://127.0.0.1:9' }) })).toThrow(
      expect.objectContaining({ code: 'PRINT_QUEUE_NOT_MIGRATED' }),
    );
    db.close();
  });
});
