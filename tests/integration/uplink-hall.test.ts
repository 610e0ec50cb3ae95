// The hall's uplink end to end with real processes: a hall server (`--central URL --central-code`)
// pushing its outbox to a central process (embedded PostgreSQL) through the fault proxy. Cases,
// ratings and ticket facts arrive exactly once and in order; the city link cut for a while then
// restored drains the backlog; the hall restarted mid-push resumes; nothing personal is stored
// at the central; a catalogue version published at the central reaches the hall's counters.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startCentralProcess, type CentralProc } from '../support/centralProcess';
import { call, supervisorToken } from '../support/centralClient';
import { FaultProxy } from '../support/faultProxy';
import { spawnHall, type HallProcess } from './server-harness';
import { openStore } from '../../central/db/connect';
import Database from 'better-sqlite3';

const ID = '11010519491231002X';
const NAME = '王小明';
const PHONE = '13912345678';

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
async function hallCall<T = any>(method: string, p: string, token?: string, body?: unknown) {
  return call<T>(hall.url, method, p, token, body);
}
async function hallLogin(workNo: string, windowNo?: number): Promise<string> {
  const r = await hallCall<{ token: string }>('POST', '/api/auth/login', undefined, { workNo, password: 'demo', ...(windowNo ? { windowNo } : {}) });
  if (r.status !== 200) throw new Error(`hall login ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
const startHall = () => spawnHall({ dataDir: hallDir, args: ['--seed', 'demo', '--central', proxy.url, '--central-code', 'HALL1-DEMO'] });

async function cityHall() {
  const r = await call<{ halls: { hallId: string; lastSeq: number; accepted: number; rejected: number; backlog: number }[] }>(
    central.url,
    'GET',
    '/api/city/halls',
    cityToken,
  );
  return r.body.halls.find((h) => h.hallId === 'demo-hall-1')!;
}
async function hallStatus(token: string) {
  return (
    await hallCall<{
      outboxSeq: number;
      ackedSeq: number;
      backlog: number;
      hallId: string;
      code: string;
      name: string;
      catalogueVersion: number;
      state: string;
    }>('GET', '/api/uplink/status', token)
  ).body;
}

let deviceSeq = 0;
/** Window 1's counter device token (only a counter's device token pushes; enrolled once, it outlives hall restarts). */
let counterToken: string | null = null;
async function counterDevice(): Promise<string> {
  if (!counterToken) {
    const r = await hallCall<{ token: string }>('POST', '/api/devices/enroll', undefined, {
      code: 'COUNTER-DEMO-1',
      kind: 'counter',
      name: 'uplink test counter',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    counterToken = r.body.token;
  }
  return counterToken;
}
/** A case at the counter: 收件 (with a real-looking applicant) → 受理, pushed like a counter does (C001 signed in at window 1). */
async function caseAtCounter(_clerk: string): Promise<string> {
  const caseId = crypto.randomUUID();
  const actor = { workNo: 'C001', windowNo: 1 };
  const ev = (kind: string, payload: unknown) => ({
    id: crypto.randomUUID(),
    stream: 'case',
    streamId: caseId,
    deviceId: 'counter-test-1',
    seq: ++deviceSeq,
    kind,
    at: new Date().toISOString(),
    actor,
    payload,
    schemaVersion: 1,
  });
  const events = [
    ev('received', {
      caseNo: `99990120261207${String(deviceSeq).padStart(6, '0')}`,
      itemCode: '000107001',
      itemName: '个体工商户设立登记',
      channel: 'window',
      applicant: { name: NAME, idType: 'residentId', idNumber: ID, phone: PHONE },
      materials: [{ name: '身份证复印件', received: true, originalOrCopy: 'copy', count: 1 }],
    }),
    ev('accepted', { caseType: 'committed', commitment: 'timeLimited', promisedDays: 5, dueDate: null }),
  ];
  const r = await hallCall<{ results: { status: string }[] }>('POST', '/api/sync/push', await counterDevice(), {
    deviceId: 'counter-test-1',
    schemaVersion: 1,
    sentAt: new Date().toISOString(),
    events,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.results.every((x) => x.status === 'accepted')).toBe(true);
  return caseId;
}

/** Kiosk-style issue, then the clerk calls and finishes: issued/called/done facts. */
async function ticketServed(clerk: string): Promise<void> {
  const t = await hallCall('POST', '/api/tickets', clerk, { category: 'A', idNumber: ID });
  expect(t.status, JSON.stringify(t.body) + hall.stderr().slice(-1500)).toBe(201);
  const c = await hallCall('POST', '/api/windows/1/call-next', clerk, {});
  expect([200, 204]).toContain(c.status);
}

beforeAll(async () => {
  centralDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uplink-central-'));
  hallDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uplink-hall-'));
  central = await startCentralProcess({ dataDir: centralDir });
  proxy = new FaultProxy(central.port);
  await proxy.listen();
  cityToken = await supervisorToken(central.url);
  hall = await startHall();
}, 180_000);

afterAll(async () => {
  await hall?.stop();
  await central?.stop();
  await proxy?.close();
  // PGlite (opened by the last test) finishes writing its directory after close resolves.
  await new Promise((r) => setTimeout(r, 2_000));
  fs.rmSync(centralDir, { recursive: true, force: true });
  fs.rmSync(hallDir, { recursive: true, force: true });
});

describe('hall → central uplink', () => {
  it("enrolls with the one-time code and takes the city's 机构 code and name", async () => {
    const manager = await hallLogin('M001');
    await until('enrolled', async () => (await hallStatus(manager)).hallId === 'demo-hall-1');
    const s = await hallStatus(manager);
    expect(s.code).toBe('999901-01');
    expect(s.name).toBe('示例市政务服务中心');
    // The manager-only route: a clerk is refused.
    const clerk = await hallLogin('C001', 1);
    expect((await hallCall('GET', '/api/uplink/status', clerk)).status).toBe(403);
    // The hall token (it proves this hall to the city) is in the keyring file, not in the database.
    const db = new Database(path.join(hallDir, 'hall.sqlite'), { readonly: true });
    const state = db.prepare('SELECT key, value FROM uplink_state').all() as { key: string; value: string }[];
    db.close();
    expect(state.map((r) => r.key)).toContain('hall_id');
    expect(state.map((r) => r.key)).not.toContain('token');
    const ring = JSON.parse(fs.readFileSync(path.join(hallDir, 'hall.keys.json'), 'utf8')) as { secrets: Record<string, string> };
    expect(ring.secrets.uplinkToken).toMatch(/\S{20,}/);
    expect(state.some((r) => r.value === ring.secrets.uplinkToken)).toBe(false);
  }, 120_000);

  it('cases, ratings and ticket facts flow up exactly once, in order', async () => {
    const clerk = await hallLogin('C001', 1);
    const manager = await hallLogin('M001');
    const caseId = await caseAtCounter(clerk);
    await ticketServed(clerk);
    const rating = {
      id: crypto.randomUUID(),
      windowNo: 1,
      clerkWorkNo: 'C001',
      level: 'veryDissatisfied',
      reasonCodes: [],
      text: `${NAME} 电话 ${PHONE}`,
      channel: 'hallTablet',
      ratedAt: new Date().toISOString(),
    };
    expect((await hallCall('POST', '/api/ratings', await counterDevice(), rating)).status).toBe(200);
    // Resent by the pad: the hall answers duplicate and writes no second outbox record.
    expect((await hallCall('POST', '/api/ratings', await counterDevice(), rating)).status).toBe(200);
    await until('drained', async () => {
      const s = await hallStatus(manager);
      return s.backlog === 0 && s.outboxSeq > 0 && (await cityHall()).lastSeq === s.outboxSeq;
    });
    const s = await hallStatus(manager);
    const h = await cityHall();
    expect(h.accepted + h.rejected).toBe(s.outboxSeq);
    expect(h.rejected).toBe(0);
    const cases = await call<{ cases: { caseId: string; applicantMasked: string }[] }>(
      central.url,
      'GET',
      '/api/city/cases?hall=demo-hall-1&limit=500',
      cityToken,
    );
    expect(cases.status).toBe(200);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const k = await call<{ city: { cases: number; ratings: number; badCount: number; tickets: number } }>(
      central.url,
      'GET',
      `/api/city/kpis?from=${today}&to=${today}&hall=demo-hall-1`,
      cityToken,
    );
    expect(k.status, JSON.stringify(k.body)).toBe(200);
    expect(k.body.city.cases).toBe(1);
    expect(k.body.city.ratings).toBe(1);
    expect(k.body.city.badCount).toBe(1);
    expect(k.body.city.tickets).toBeGreaterThanOrEqual(1);
    expect(caseId).toBeTruthy();
  }, 180_000);

  it('the city link cut for a while, then restored: the backlog drains in order', async () => {
    const clerk = await hallLogin('C001', 1);
    const manager = await hallLogin('M001');
    proxy.setMode({ down: true });
    for (let i = 0; i < 6; i++) await caseAtCounter(clerk);
    for (let i = 0; i < 4; i++) await ticketServed(clerk);
    await new Promise((r) => setTimeout(r, 2_000));
    const cut = await hallStatus(manager);
    expect(cut.backlog).toBeGreaterThan(0);
    proxy.setMode({ duplicate: 0.3, reorderMs: 200, cutOnResponse: 0.2 });
    await until('drained after the cut', async () => (await hallStatus(manager)).backlog === 0, 150_000);
    proxy.setMode({});
    const s = await hallStatus(manager);
    const h = await cityHall();
    expect(h.lastSeq).toBe(s.outboxSeq);
    expect(h.accepted).toBe(s.outboxSeq);
    const k = await call<{ city: { cases: number } }>(
      central.url,
      'GET',
      `/api/city/kpis?from=2026-01-01&to=${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}&hall=demo-hall-1`,
      cityToken,
    );
    expect(k.body.city.cases).toBe(7);
  }, 240_000);

  it('the hall restarted (SIGKILL) mid-push resumes without loss or doubling', async () => {
    let clerk = await hallLogin('C001', 1);
    proxy.setMode({ delayMs: 30 });
    for (let i = 0; i < 5; i++) await caseAtCounter(clerk);
    await hall.kill9();
    proxy.setMode({});
    hall = await startHall();
    clerk = await hallLogin('C001', 1);
    await caseAtCounter(clerk);
    const manager = await hallLogin('M001');
    await until('drained after restart', async () => (await hallStatus(manager)).backlog === 0, 150_000);
    const s = await hallStatus(manager);
    const h = await cityHall();
    expect(h.lastSeq).toBe(s.outboxSeq);
    expect(h.accepted).toBe(s.outboxSeq);
    const k = await call<{ city: { cases: number } }>(
      central.url,
      'GET',
      `/api/city/kpis?from=2026-01-01&to=${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}&hall=demo-hall-1`,
      cityToken,
    );
    expect(k.body.city.cases).toBe(13);
  }, 240_000);

  it("a catalogue version published at the central reaches the hall's counters", async () => {
    const cat = await call<{
      version: number;
      catalogue: { items: Record<string, unknown>[]; departments: unknown[]; holidayOverrides: unknown[]; badReasons: unknown[] };
    }>(central.url, 'GET', '/api/city/catalogue?since=0', cityToken);
    expect(cat.status).toBe(200);
    const item = { ...cat.body.catalogue.items[0]!, basicCode: '000199001', implementationCode: '11000000000019900100001', name: '城市新增测试事项' };
    const pub = await call<{ version: number }>(central.url, 'POST', '/api/city/catalogue', cityToken, {
      baseVersion: cat.body.version,
      ...cat.body.catalogue,
      items: [...cat.body.catalogue.items, item],
    });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    const clerk = await hallLogin('C001', 1);
    // Any push announces the new version; make one.
    await ticketServed(clerk);
    await until('catalogue applied', async () => {
      const r = await hallCall<{ items: { code: string; name: string }[] }>('GET', '/api/catalogue', clerk);
      return r.body.items.some((i) => i.code === '000199001' && i.name === '城市新增测试事项');
    });
    const manager = await hallLogin('M001');
    expect((await hallStatus(manager)).catalogueVersion).toBe(pub.body.version);
  }, 120_000);

  it('nothing personal is stored at the central (ID number, name, phone)', async () => {
    await hall.stop();
    await central.stop();
    const store = await openStore({ dataDir: path.join(centralDir, 'pg') });
    try {
      for (const t of ['uplink_records', 'cases', 'ratings', 'ticket_facts']) {
        const r = await sql<{ txt: string }>`select coalesce(string_agg(t::text, ' '), '') as txt from ${sql.table(t)} t`.execute(store.db);
        const txt = r.rows[0]!.txt;
        expect(txt.length, t).toBeGreaterThan(0);
        expect(txt.includes(ID), `${t} holds the ID number`).toBe(false);
        expect(txt.includes(NAME), `${t} holds the name`).toBe(false);
        expect(txt.includes(PHONE), `${t} holds the phone`).toBe(false);
      }
      const facts = await store.db.selectFrom('ticket_facts').selectAll().execute();
      expect(facts.length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
