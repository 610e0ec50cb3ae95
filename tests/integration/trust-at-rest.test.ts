// Personal data at rest (issue 12): a real hall server and two counter databases syncing through
// it. The raw SQLite files (database and WAL) of both sides must not contain an applicant's name
// or ID number; data files and key files are 0600; the ID-hash salt is not in the database; the
// daily retention job (driven with an injected clock) crypto-shreds closed cases past the
// retention period on both sides and purges old print jobs; plain rows of older builds still read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { startHallServer } from '../../server/app';
import { syncServiceFor } from '../../server/sync/service';
import { openCounterDb, type Db } from '../../electron/core/db';
import { appendCaseEvents, streamEvents } from '../../electron/core/sync/eventLog';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { attachAtRest, openCounterKeyring, COUNTER_KEY_FILE } from '../../electron/core/privacy/atRest';
import { runCounterRetention } from '../../electron/core/privacy/retention';
import { refreshCaseRow, searchKey } from '../../electron/core/cases/caseStore';
import '../../electron/core/sync/deadLetters';
import '../../electron/core/receipts/printService'; // its migration (case_receipts)
import { SHREDDED_APPLICANT } from '../../domain/cases/sealedFields';
import { caseDrafts } from '../support/syncCases';

const DAY = 86_400_000;
const ID = '11010519491231002X'; // caseDrafts(…, 0, …); pulled as window 1 (where it was received: full applicant)
const NAME = '测试申请人';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-at-rest-'));
let clock = new Date();
let hall: Awaited<ReturnType<typeof startHallServer>>;
const closedCase = uuidv7();
const openCase = uuidv7();

function counter(name: string): Db {
  const dataDir = path.join(dir, name);
  const db = openCounterDb(dataDir);
  attachAtRest(db, openCounterKeyring({ dataDir }));
  return db;
}
let a: Db;
let b: Db;

async function sync(db: Db, deviceId: string, until: () => boolean): Promise<void> {
  const engine = new SyncEngine({ db, deviceId, hallUrl: hall.url, enrollCode: 'COUNTER-DEMO', idleCheckMs: 50, longPollMs: 200 });
  engine.start();
  const t0 = Date.now();
  while (!until() || engine.status().pending > 0) {
    if (Date.now() - t0 > 90_000) throw new Error('sync timeout');
    await new Promise((r) => setTimeout(r, 50));
  }
  await engine.stop();
}

/** Every byte SQLite wrote for this database (main file and WAL). */
function rawBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}
const mode = (f: string) => fs.statSync(f).mode & 0o777;

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: path.join(dir, 'hall'), seed: 'demo', logLevel: 'silent', now: () => clock });
  a = counter('counter-a');
  b = counter('counter-b');
  const key = searchKey(a);
  appendCaseEvents(a, 'W1-A', caseDrafts(closedCase, 0, 1), () => undefined);
  appendCaseEvents(a, 'W1-A', caseDrafts(openCase, 3, 1, 2)); // same ID number (IDS[3 % 3]), another case number
  a.transaction(() => [closedCase, openCase].forEach((c) => refreshCaseRow(a, key, c)))();
  await sync(a, 'W1-A', () => true);
  await sync(b, 'W2-B', () => streamEvents(b, 'case', closedCase).length === 5 && streamEvents(b, 'case', openCase).length === 2);
}, 180_000);

afterAll(async () => {
  await hall.close();
  a.close();
  b.close();
});

describe('encrypted at rest', () => {
  it('the hall database file and its WAL hold no applicant name or ID number; the hall still serves them', () => {
    hall.ctx.store.raw.pragma('wal_checkpoint(PASSIVE)');
    const bytes = rawBytes(path.join(dir, 'hall', 'hall.sqlite'));
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(ID))).toBe(false);
    expect(bytes.includes(Buffer.from(NAME))).toBe(false);
    const pulled = syncServiceFor(hall.ctx)
      .pullNow(0, 100, undefined, 1)
      .events.find((e) => e.streamId === closedCase && e.kind === 'received');
    expect((pulled!.payload as { applicant: { idNumber: string } }).applicant.idNumber).toBe(ID);
  });

  it('both counter databases hold no applicant name or ID number; their event logs still read them', () => {
    for (const [name, db] of [
      ['counter-a', a],
      ['counter-b', b],
    ] as const) {
      db.pragma('wal_checkpoint(PASSIVE)');
      const bytes = rawBytes(path.join(dir, name, 'counter.db'));
      expect(bytes.includes(Buffer.from(ID)), name).toBe(false);
      expect(bytes.includes(Buffer.from(NAME)), name).toBe(false);
      const received = streamEvents(db, 'case', closedCase).find((e) => e.kind === 'received')!;
      expect((received.payload as { applicant: { name: string } }).applicant.name).toBe(NAME);
    }
  });

  it('data files and key files are 0600; the ID-hash salt and search key are not in the databases', () => {
    const files = [
      path.join(dir, 'hall', 'hall.sqlite'),
      path.join(dir, 'hall', 'hall.sqlite-wal'),
      path.join(dir, 'hall', 'hall.keys.json'),
      path.join(dir, 'counter-a', 'counter.db'),
      path.join(dir, 'counter-a', 'counter.db-wal'),
      path.join(dir, 'counter-a', COUNTER_KEY_FILE),
    ];
    for (const f of files) expect(mode(f), f).toBe(0o600);
    expect(hall.ctx.store.raw.prepare(`SELECT value FROM meta WHERE key = 'id_salt'`).get()).toBeUndefined();
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'hall', 'hall.keys.json'), 'utf8')).secrets.idSalt).toMatch(/.{20,}/);
    expect(a.prepare(`SELECT value FROM meta WHERE key = 'searchKey'`).get()).toBeUndefined();
  });

  it('plain rows written before encryption was switched on still read', () => {
    const dataDir = path.join(dir, 'legacy');
    const db = openCounterDb(dataDir);
    const c = uuidv7();
    appendCaseEvents(db, 'OLD', caseDrafts(c, 1, 1, 1));
    expect(db.prepare('SELECT payload FROM events').get()).toMatchObject({ payload: expect.stringContaining('440524188001010014') });
    attachAtRest(db, openCounterKeyring({ dataDir }));
    expect((streamEvents(db, 'case', c)[0]!.payload as { applicant: { idNumber: string } }).applicant.idNumber).toBe('440524188001010014');
    db.close();
  });
});

describe('retention (daily job, injected clock)', () => {
  it('the hall shreds only cases closed more than retentionDays ago', () => {
    expect(hall.runRetention()).toMatchObject({ shredded: 0 });
    clock = new Date(Date.now() + 179 * DAY);
    expect(hall.runRetention()).toMatchObject({ shredded: 0 });
    clock = new Date(Date.now() + 181 * DAY);
    expect(hall.runRetention()).toMatchObject({ shredded: 1 });
    const events = syncServiceFor(hall.ctx).pullNow(0, 100, undefined, 1).events;
    const applicantOf = (c: string) => (events.find((e) => e.streamId === c && e.kind === 'received')!.payload as { applicant: unknown }).applicant;
    expect(applicantOf(closedCase)).toEqual(SHREDDED_APPLICANT);
    expect((applicantOf(openCase) as { idNumber: string }).idNumber).toBe(ID);
    // The case itself stays (statistics), its projection too, without the applicant.
    const detail = syncServiceFor(hall.ctx).caseDetail(closedCase);
    expect(detail.status).toBe('handedOver');
    expect(JSON.stringify(detail)).not.toContain(ID);
    expect(hall.runRetention()).toMatchObject({ shredded: 0 });
  });

  it('a counter shreds closed cases past retention, clears their search hashes, and purges print jobs after 7 days', () => {
    a.exec(`CREATE TABLE IF NOT EXISTS print_jobs (id TEXT PRIMARY KEY, template TEXT NOT NULL, data TEXT NOT NULL, bytes BLOB NOT NULL, state TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, last_error_code TEXT, last_error TEXT, reprint_of TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, printed_at TEXT, next_attempt_at INTEGER)`);
    const now = Date.now();
    const job = a.prepare(
      `INSERT INTO print_jobs (id, template, data, bytes, state, created_at, updated_at) VALUES (?, 'acceptance', '{}', x'00', 'done', ?, ?)`,
    );
    job.run('old', new Date(now - 8 * DAY).toISOString(), new Date(now - 8 * DAY).toISOString());
    job.run('new', new Date(now - 2 * DAY).toISOString(), new Date(now - 2 * DAY).toISOString());
    a.prepare(`INSERT INTO case_receipts (job_id, case_id, template, at) VALUES ('old', ?, 'acceptance', ?)`).run(
      closedCase,
      new Date(now - 8 * DAY).toISOString(),
    );

    expect(runCounterRetention(a, new Date(now), 180)).toEqual({ shredded: 0, printJobs: 1, licenceDocs: 0 });
    expect((a.prepare('SELECT id FROM print_jobs').all() as { id: string }[]).map((r) => r.id)).toEqual(['new']);
    expect(a.prepare(`SELECT * FROM case_receipts WHERE job_id = 'old'`).get()).toBeUndefined();

    expect(runCounterRetention(a, new Date(now + 181 * DAY), 180).shredded).toBe(1);
    const received = streamEvents(a, 'case', closedCase).find((e) => e.kind === 'received')!;
    expect((received.payload as { applicant: unknown }).applicant).toEqual(SHREDDED_APPLICANT);
    expect((streamEvents(a, 'case', openCase)[0]!.payload as { applicant: { idNumber: string } }).applicant.idNumber).toBe(ID);
    expect(a.prepare('SELECT id_hash, name_hash FROM cases WHERE case_id = ?').get(closedCase)).toEqual({ id_hash: '', name_hash: '' });
  });
});
