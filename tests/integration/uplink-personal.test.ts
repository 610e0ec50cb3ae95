// Personal data on the city uplink end to end, with real processes: a hall server (encrypting at
// rest) pushing through the fault proxy to a central process on a throwaway PostgreSQL server.
// Default: the outbox keeps the applicant only SEALED beside the masked record, erases it once
// acknowledged, and the central holds masked values and hashes only. Configured by the city
// supervisor: the hall hears it (idle: from its settings poll; busy: in every push answer), opens and attaches the applicant, the
// central stores it encrypted (raw column checked) and the supervisor opens it; a replayed push
// stores nothing twice; turned off again, nothing new is kept.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import Database from 'better-sqlite3';
import { startPgCluster, type PgCluster } from '../support/pgCluster';
import { startCentralProcess, type CentralProc } from '../support/centralProcess';
import { call, supervisorToken } from '../support/centralClient';
import { FaultProxy, type FaultMode } from '../support/faultProxy';
import { spawnHall, type HallProcess } from './server-harness';
import { openStore, type CentralStore } from '../../central/db/connect';

const ID = '11010519491231002X';
const NAME = '王小明';
const PHONE = '13912345678';
const HALL = 'demo-hall-1';

let pg: PgCluster;
let store: CentralStore;
let central: CentralProc;
let proxy: FaultProxy;
let hall: HallProcess;
let centralDir: string;
let hallDir: string;
let cityToken: string;

const until = async (what: string, ok: () => Promise<boolean>, ms = 90_000) => {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const hallCall = <T = any>(method: string, p: string, token?: string, body?: unknown) => call<T>(hall.url, method, p, token, body);
async function hallLogin(workNo: string, windowNo?: number): Promise<string> {
  const r = await hallCall<{ token: string }>('POST', '/api/auth/login', undefined, { workNo, password: 'demo', ...(windowNo ? { windowNo } : {}) });
  if (r.status !== 200) throw new Error(`hall login ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
async function hallStatus() {
  const r = await hallCall<{ outboxSeq: number; ackedSeq: number; backlog: number; hallId: string | null; cityReceivesPersonalData: boolean }>(
    'GET',
    '/api/uplink/status',
    await hallLogin('M001'),
  );
  return r.body;
}
const drained = () =>
  until('drained', async () => {
    const s = await hallStatus();
    return s.outboxSeq > 0 && s.backlog === 0 && s.ackedSeq === s.outboxSeq;
  });

let counterToken: string | null = null;
let deviceSeq = 0;
/** 收件 (real applicant) → 受理 at window 1's counter, pushed as a counter does. */
async function caseAtCounter(): Promise<string> {
  if (!counterToken) {
    const r = await hallCall<{ token: string }>('POST', '/api/devices/enroll', undefined, {
      code: 'COUNTER-DEMO-1',
      kind: 'counter',
      name: 'pii test counter',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    counterToken = r.body.token;
  }
  const caseId = crypto.randomUUID();
  const ev = (kind: string, payload: unknown) => ({
    id: crypto.randomUUID(),
    stream: 'case',
    streamId: caseId,
    deviceId: 'counter-pii-1',
    seq: ++deviceSeq,
    kind,
    at: new Date().toISOString(),
    actor: { workNo: 'C001', windowNo: 1 },
    payload,
    schemaVersion: 1,
  });
  const r = await hallCall<{ results: { status: string }[] }>('POST', '/api/sync/push', counterToken, {
    deviceId: 'counter-pii-1',
    schemaVersion: 1,
    sentAt: new Date().toISOString(),
    events: [
      ev('received', {
        caseNo: `99990120261207${String(deviceSeq).padStart(6, '0')}`,
        itemCode: '000107001',
        itemName: '个体工商户设立登记',
        channel: 'window',
        applicant: { name: NAME, idType: 'residentId', idNumber: ID, phone: PHONE },
        materials: [],
      }),
      ev('accepted', { caseType: 'committed', commitment: 'timeLimited', promisedDays: 5, dueDate: null }),
    ],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.results.every((x) => x.status === 'accepted')).toBe(true);
  return caseId;
}
/** Any queue action writes an outbox record: the push answer carries the city's setting at once. */
async function nudge(): Promise<void> {
  const t = await hallCall('POST', '/api/tickets', await hallLogin('C001', 1), { category: 'A' });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
}
const applicantRows = async () => (await sql<{ n: string }>`SELECT count(*)::text AS n FROM case_applicants`.execute(store.db)).rows[0]!.n;
const tableText = async (t: string) =>
  (await sql<{ txt: string }>`SELECT coalesce(string_agg(x::text, ' '), '') AS txt FROM ${sql.table(t)} x`.execute(store.db)).rows[0]!.txt;
/** Every byte of the hall's database files (main, WAL): the plain ID number and name are nowhere. */
function hallFilesHold(s: string): boolean {
  const files = fs.readdirSync(hallDir).filter((f) => f.startsWith('hall.sqlite'));
  expect(files.length).toBeGreaterThan(0);
  return files.some((f) => fs.readFileSync(path.join(hallDir, f)).includes(Buffer.from(s, 'utf8')));
}
function outboxPersonal(): { seq: number; personal: string | null }[] {
  const db = new Database(path.join(hallDir, 'hall.sqlite'), { readonly: true });
  try {
    return db.prepare(`SELECT seq, personal FROM uplink_outbox WHERE kind = 'caseEvent' ORDER BY seq`).all() as { seq: number; personal: string | null }[];
  } finally {
    db.close();
  }
}
/** Everything the hall sends to the central from now on (request bytes through the proxy). */
function wire(faults: Omit<FaultMode, 'tap'> = {}): { holds: (s: string) => boolean } {
  const chunks: Buffer[] = [];
  proxy.setMode({ ...faults, tap: (c) => chunks.push(c) });
  return { holds: (s) => Buffer.concat(chunks).includes(Buffer.from(s, 'utf8')) };
}
const setReceive = (receive: boolean) => call(central.url, 'PUT', `/api/city/halls/${HALL}/personal-data`, cityToken, { receive });

beforeAll(async () => {
  pg = await startPgCluster();
  const url = await pg.createDatabase('central_pii');
  centralDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pii-central-'));
  hallDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pii-hall-'));
  central = await startCentralProcess({ pg: url, dataDir: centralDir });
  store = await openStore({ pg: url });
  proxy = new FaultProxy(central.port);
  await proxy.listen();
  cityToken = await supervisorToken(central.url);
  hall = await spawnHall({ dataDir: hallDir, args: ['--seed', 'demo', '--central', proxy.url, '--central-code', 'HALL1-DEMO'] });
  await until('enrolled', async () => (await hallStatus()).hallId === HALL);
}, 180_000);

afterAll(async () => {
  await hall?.stop();
  await central?.stop();
  await proxy?.close();
  await store?.close();
  pg?.destroy();
  fs.rmSync(centralDir, { recursive: true, force: true });
  fs.rmSync(hallDir, { recursive: true, force: true });
});

describe('personal data on the uplink', () => {
  it('default: sealed in the outbox until acknowledged, then erased; the central holds masked values and hashes only', async () => {
    expect((await hallStatus()).cityReceivesPersonalData).toBe(false);
    proxy.setMode({ down: true });
    await caseAtCounter();
    // Waiting to go up: the applicant is beside the record, sealed — never plain in any file.
    const waiting = outboxPersonal().filter((r) => r.personal !== null);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.personal).toContain('"$sealed"');
    expect(waiting[0]!.personal).not.toContain(ID);
    expect(hallFilesHold(ID)).toBe(false);
    expect(hallFilesHold(NAME)).toBe(false);
    const sent = wire();
    await drained();
    // Not configured: the applicant never went over the link.
    expect(sent.holds('idNumberHash')).toBe(true);
    expect(sent.holds(ID)).toBe(false);
    expect(sent.holds(NAME)).toBe(false);
    expect(outboxPersonal().every((r) => r.personal === null)).toBe(true);
    expect(await applicantRows()).toBe('0');
    expect(await tableText('uplink_records')).toContain('idNumberHash');
    expect(await tableText('cases')).toContain('王*明');
    for (const t of ['uplink_records', 'cases']) {
      const txt = await tableText(t);
      expect(txt.includes(ID), `${t} holds the ID number`).toBe(false);
      expect(txt.includes(NAME), `${t} holds the name`).toBe(false);
    }
  }, 180_000);

  let caseId = '';
  it('configured: the hall sends the applicant, the central stores ciphertext, the supervisor opens it', async () => {
    expect((await setReceive(true)).status).toBe(200);
    // No push needed: an idle hall asks for its settings every 15 s.
    await until('the idle hall heard the setting', async () => (await hallStatus()).cityReceivesPersonalData, 60_000);
    // Pushes duplicated and answers cut after the central committed: resends answered `duplicate`.
    const sent = wire({ duplicate: 0.5, reorderMs: 200, cutOnResponse: 0.3 });
    caseId = await caseAtCounter();
    await caseAtCounter();
    await drained();
    proxy.setMode({});
    expect(sent.holds(ID)).toBe(true);
    expect(outboxPersonal().every((r) => r.personal === null)).toBe(true);
    expect(await applicantRows()).toBe('2');
    const raw = await store.db.selectFrom('case_applicants').selectAll().where('case_id', '=', caseId).execute();
    expect(raw).toHaveLength(1);
    expect(raw[0]!.sealed).not.toContain(ID);
    expect(Buffer.from(raw[0]!.sealed, 'base64').includes(Buffer.from(ID))).toBe(false);
    for (const t of ['case_applicants', 'uplink_records', 'cases', 'city_audit']) {
      const txt = await tableText(t);
      expect(txt.includes(ID), `${t} holds the ID number`).toBe(false);
      expect(txt.includes(NAME), `${t} holds the name`).toBe(false);
    }
    const r = await call(central.url, 'POST', `/api/city/halls/${HALL}/cases/${caseId}/applicant`, cityToken, { reason: '电子监察核查' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.applicant).toMatchObject({ name: NAME, idNumber: ID, phone: PHONE });
    // The hall's own token cannot open applicants.
    const ring = JSON.parse(fs.readFileSync(path.join(hallDir, 'hall.keys.json'), 'utf8')) as { secrets: Record<string, string> };
    const hallToken = ring.secrets.uplinkToken!;
    expect((await call(central.url, 'POST', `/api/city/halls/${HALL}/cases/${caseId}/applicant`, hallToken, { reason: '核查' })).status).toBe(403);
    const audit = await store.db.selectFrom('city_audit').select(['action', 'actor']).where('hall_id', '=', HALL).orderBy('at').execute();
    expect(audit).toEqual([
      { action: 'hall.personalData', actor: 'S001' },
      { action: 'applicant.open', actor: 'S001' },
    ]);

    // Replay of the received record (same seq and id) with another applicant: duplicate, nothing stored again.
    const rec = await store.db
      .selectFrom('uplink_records')
      .select(['seq', 'id', 'kind', 'at', 'body'])
      .where('hall_id', '=', HALL)
      .where('ref', '=', caseId)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    const replay = await call(central.url, 'POST', '/api/uplink/push', hallToken, {
      hallId: HALL,
      sentAt: new Date().toISOString(),
      backlog: 0,
      records: [
        {
          seq: Number(rec.seq),
          id: rec.id,
          kind: rec.kind,
          at: rec.at,
          body: rec.body,
          personal: { applicant: { name: '李四', idType: 'other', idNumber: 'X1234567' } },
        },
      ],
    });
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body.results[0].status).toBe('duplicate');
    expect(await applicantRows()).toBe('2');
    const again = await call(central.url, 'POST', `/api/city/halls/${HALL}/cases/${caseId}/applicant`, cityToken, { reason: '复核' });
    expect(again.body.applicant.name).toBe(NAME);
  }, 180_000);

  it('turned off again: held applicants erased, new ones neither sent nor kept', async () => {
    const off = await setReceive(false);
    expect(off.body).toMatchObject({ receivePersonalData: false, changed: true, erased: 2 });
    await nudge();
    await until('the hall heard the setting', async () => !(await hallStatus()).cityReceivesPersonalData);
    const sent = wire();
    await caseAtCounter();
    await drained();
    expect(sent.holds('idNumberHash')).toBe(true);
    expect(sent.holds(ID)).toBe(false);
    expect(await applicantRows()).toBe('0');
    expect(outboxPersonal().every((r) => r.personal === null)).toBe(true);
    expect(hallFilesHold(ID)).toBe(false);
  }, 180_000);
});
