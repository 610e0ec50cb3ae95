// Issue 12 (device identity, ratings, personal data on the wire) against the REAL hall server
// process: each probe of the issue as a test that failed on the code before it.
//  - ratings only from the window's own devices, for the clerk the server knows, once per service;
//  - sync push only with a counter device token, only its own log, window and present clerks;
//  - pull masks other windows' applicants; the manager's reveal needs a reason and is audited;
//  - replacing a counter PC moves its sync log (id and seq) to the new enrollment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import fs from 'node:fs';
import { client, login, spawnHall, tempDataDir, type HallProcess } from './server-harness';
import { createCaseEvent, CASE_SCHEMA_VERSION } from '../../domain/cases';
import { pullResponseSchema, pushResponseSchema, type WireEvent } from '../../domain/sync/wire';
import { caseDrafts } from '../support/syncCases';

let hall: HallProcess;
const tok = {} as Record<'M001' | 'C001' | 'C002' | 'counter1' | 'counter2' | 'pad1' | 'pad2', string>;

async function enrollCode(code: string, kind: 'counter' | 'pad', name: string) {
  const r = await client(hall.url).post<{
    token: string;
    deviceId: string;
    windowNo: number | null;
    takeOver?: { syncDeviceId: string; lastSeq: number } | null;
  }>('/api/devices/enroll', { code, kind, name });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Case events as a counter writes them, signed by `actor` (default: the window's own clerk). */
function caseEvents(
  deviceId: string,
  firstSeq: number,
  windowNo: number,
  opts: { caseId?: string; kinds?: number; actor?: { workNo: string; windowNo: number | null }; phone?: string } = {},
): WireEvent[] {
  const caseId = opts.caseId ?? uuidv7();
  return caseDrafts(caseId, firstSeq, windowNo, opts.kinds ?? 2).map((d, i) => {
    const draft = { ...d, actor: opts.actor ?? d.actor };
    if (d.kind === 'received' && opts.phone) (draft.payload as { applicant: Record<string, unknown> }).applicant.phone = opts.phone;
    const e = createCaseEvent({ ...draft, deviceId, seq: firstSeq + i, at: new Date().toISOString() } as never);
    return {
      id: e.id,
      stream: 'case',
      streamId: caseId,
      deviceId,
      seq: e.seq,
      kind: e.kind,
      at: e.at,
      actor: e.actor,
      payload: e.payload,
      schemaVersion: e.schemaVersion,
    };
  });
}

const push = (token: string, deviceId: string, events: unknown[]) =>
  client(hall.url, token).post<Record<string, unknown>>('/api/sync/push', {
    deviceId,
    schemaVersion: CASE_SCHEMA_VERSION,
    sentAt: new Date().toISOString(),
    events,
  });

const rating = (over: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  windowNo: 1,
  clerkWorkNo: 'C001',
  level: 'veryDissatisfied',
  reasonCodes: ['B04'],
  channel: 'hallTablet',
  ratedAt: new Date().toISOString(),
  ...over,
});

async function ratingsOf(windowNo: number): Promise<{ id: string; clerkWorkNo: string }[]> {
  const r = await client(hall.url, tok.M001).get<{ items: { id: string; clerkWorkNo: string }[] }>(`/api/ratings?windowNo=${windowNo}&limit=1000`);
  expect(r.status).toBe(200);
  return r.body.items;
}

const dataDir = tempDataDir();
beforeAll(async () => {
  // Our own data directory: the last test reads the database after the server stopped.
  hall = await spawnHall({ dataDir });
  tok.M001 = await login(hall.url, 'M001');
  tok.C001 = await login(hall.url, 'C001');
  tok.C002 = await login(hall.url, 'C002');
  tok.counter1 = (await enrollCode('COUNTER-DEMO-1', 'counter', 'W1-test')).token;
  tok.counter2 = (await enrollCode('COUNTER-DEMO-2', 'counter', 'W2-test')).token;
  tok.pad1 = (await enrollCode('PAD-DEMO-1', 'pad', 'pad-1')).token;
  tok.pad2 = (await enrollCode('PAD-DEMO-2', 'pad', 'pad-2')).token;
}, 60_000);
afterAll(async () => {
  await hall?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('enrollment codes carry the window', () => {
  it('a counter or pad code needs a window; the enrolled device is listed with it', async () => {
    const m = client(hall.url, tok.M001);
    const none = await m.post<{ code: string }>('/api/devices/enrollment-codes', { kind: 'counter' });
    expect(none.status).toBe(400);
    const kioskWithWindow = await m.post('/api/devices/enrollment-codes', { kind: 'kiosk', windowNo: 1 });
    expect(kioskWithWindow.status).toBe(400);
    const unknownWindow = await m.post('/api/devices/enrollment-codes', { kind: 'pad', windowNo: 99 });
    expect(unknownWindow.status).toBe(404);
    expect((await client(hall.url, tok.C001).post('/api/devices/enrollment-codes', { kind: 'pad', windowNo: 1 })).status).toBe(403);
    const code = await m.post<{ code: string; windowNo: number }>('/api/devices/enrollment-codes', { kind: 'pad', windowNo: 3 });
    expect(code.status).toBe(200);
    expect(code.body.windowNo).toBe(3);
    const dev = await enrollCode(code.body.code, 'pad', 'pad-3');
    expect(dev.windowNo).toBe(3);
    const list = await m.get<{ devices: { id: string; windowNo: number | null }[] }>('/api/devices');
    expect(list.body.devices.find((d) => d.id === dev.deviceId)?.windowNo).toBe(3);
    // Replay: a single-use code works once.
    expect((await client(hall.url).post('/api/devices/enroll', { code: code.body.code, kind: 'pad', name: 'again' })).status).toBe(403);
  });
});

describe('ratings', () => {
  it("window 2's clerk posting veryDissatisfied for C001 at window 1 gets 403 (and so does a manager); nothing is stored", async () => {
    const r = rating();
    const byClerk = await client(hall.url, tok.C002).post<{ code: string }>('/api/ratings', r);
    expect(byClerk.status).toBe(403);
    expect((await client(hall.url, tok.M001).post('/api/ratings', r)).status).toBe(403);
    expect((await client(hall.url).post('/api/ratings', r)).status).toBe(401);
    expect((await ratingsOf(1)).map((x) => x.id)).not.toContain(r.id);
  });

  it("another window's pad cannot rate window 1; a kiosk cannot rate at all", async () => {
    const r = rating();
    const res = await client(hall.url, tok.pad2).post<{ code: string }>('/api/ratings', r);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('rating_not_your_window');
    const kiosk = (await client(hall.url).post<{ token: string }>('/api/devices/enroll', { code: 'KIOSK-DEMO', kind: 'kiosk', name: 'k' })).body.token;
    expect((await client(hall.url, kiosk).post('/api/ratings', r)).status).toBe(403);
    expect((await ratingsOf(1)).map((x) => x.id)).not.toContain(r.id);
  });

  it('a rating for a work number that does not exist is refused, and one for a clerk not at that window', async () => {
    const ghost = rating({ clerkWorkNo: 'X999' });
    const res = await client(hall.url, tok.pad1).post<{ code: string; message: string }>('/api/ratings', ghost);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('rating_unknown_clerk');
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    const elsewhere = await client(hall.url, tok.pad1).post<{ code: string }>('/api/ratings', rating({ clerkWorkNo: 'C004' }));
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('rating_clerk_not_at_window');
    const ids = (await ratingsOf(1)).map((x) => x.id);
    expect(ids).not.toContain(ghost.id);
    // Wrong type: a 400 with a code, nothing stored. A rating from the future is refused.
    expect((await client(hall.url, tok.pad1).post('/api/ratings', { ...rating(), windowNo: '1' })).status).toBe(400);
    const future = await client(hall.url, tok.pad1).post<{ code: string }>(
      '/api/ratings',
      rating({ clerkWorkNo: 'C001', ratedAt: new Date(Date.now() + 86_400_000).toISOString() }),
    );
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('rating_bad_time');
  });

  it('the rated clerk is the one who served the ticket; one rating per service, idempotent by id', async () => {
    const kiosk = (await client(hall.url).post<{ token: string }>('/api/devices/enroll', { code: 'KIOSK-DEMO', kind: 'kiosk', name: 'k2' })).body.token;
    const t = await client(hall.url, kiosk).post<{ id: string }>('/api/tickets', { category: 'A' });
    expect(t.status).toBe(201);
    const ticketId = t.body.id;
    const c1 = client(hall.url, tok.C001);
    expect((await c1.post('/api/windows/1/call-next', { ticketId })).status).toBe(200);
    expect((await c1.post('/api/windows/1/start', {})).status).toBe(200);
    expect((await c1.post('/api/windows/1/finish', { ticketId })).status).toBe(200);
    // Naming another clerk (AB角 C002 of window 1, who did not serve it) is refused, not stored.
    const wrong = await client(hall.url, tok.pad1).post<{ code: string }>('/api/ratings', rating({ ticketId, clerkWorkNo: 'C002' }));
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe('rating_clerk_mismatch');
    const good = rating({ ticketId, level: 'satisfied' });
    expect((await client(hall.url, tok.pad1).post('/api/ratings', good)).body).toEqual({ id: good.id, accepted: true, duplicate: false });
    // Replay: same id → same answer, marked duplicate.
    expect((await client(hall.url, tok.pad1).post('/api/ratings', good)).body).toEqual({ id: good.id, accepted: true, duplicate: true });
    // A second, different rating for the same service is refused.
    const second = await client(hall.url, tok.pad1).post<{ code: string }>('/api/ratings', rating({ ticketId, level: 'veryDissatisfied' }));
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('rating_already_given');
    // The same id with different content is not a replay either.
    expect((await client(hall.url, tok.pad1).post('/api/ratings', { ...good, level: 'veryDissatisfied' })).status).toBe(409);
    const stored = (await ratingsOf(1)).filter((x) => x.id === good.id);
    expect(stored.map((x) => x.clerkWorkNo)).toEqual(['C001']);
  });

  it("a counter's 'rating' record for an unknown clerk becomes a rejection, not a rating", async () => {
    const id = uuidv7();
    const body = rating({ id, clerkWorkNo: 'X999' });
    const ev = {
      id: uuidv7(),
      stream: 'rating',
      streamId: id,
      deviceId: 'W1-ratings',
      seq: 1,
      kind: 'rated',
      at: new Date().toISOString(),
      actor: { workNo: 'C001', windowNo: 1 },
      payload: body,
      schemaVersion: CASE_SCHEMA_VERSION,
    };
    const tokR = (await enrollCode('COUNTER-DEMO-1', 'counter', 'W1-ratings')).token;
    const r = pushResponseSchema.parse((await push(tokR, 'W1-ratings', [ev])).body);
    expect(r.results[0]).toMatchObject({ status: 'rejected', code: 'rating_unknown_clerk' });
    expect((await ratingsOf(1)).map((x) => x.id)).not.toContain(id);
  });
});

describe('sync push identity', () => {
  it("a clerk's or manager's token pushing sync events gets 403, even for a counter's own log", async () => {
    const own = caseEvents('W1-test', 1, 1);
    expect((await push(tok.counter1, 'W1-test', own)).status).toBe(200);
    for (const who of ['C001', 'M001'] as const) {
      const r = await push(tok[who]!, 'W1-test', caseEvents('W1-test', 3, 1));
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('sync_push_device_only');
    }
    // The counter's next real event is still accepted (no SYNC_SEQ_REUSED).
    const next = pushResponseSchema.parse((await push(tok.counter1, 'W1-test', caseEvents('W1-test', 3, 1, { kinds: 1 }))).body);
    expect(next.results.map((x) => x.status)).toEqual(['accepted']);
  });

  it('a counter device token pushing as hall-backoffice (or another device, or a second log) is refused', async () => {
    const r = await push(tok.counter1, 'hall-backoffice', caseEvents('hall-backoffice', 1, 1));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('sync_device_reserved');
    const taken = await push(tok.counter2, 'W1-test', caseEvents('W1-test', 10, 1));
    expect(taken.status).toBe(403);
    expect(taken.body.code).toBe('sync_device_owned');
    const second = await push(tok.counter1, 'W1-other', caseEvents('W1-other', 1, 1));
    expect(second.status).toBe(403);
    expect(second.body.code).toBe('sync_device_not_yours');
    // A pad is a window device too, but it does not push case logs.
    expect((await push(tok.pad1, 'pad-log', [])).status).toBe(403);
  });

  it('events signed as another window or as a clerk who was not at the window are rejected with a code and not applied', async () => {
    const tokW6 = (await enrollCode('COUNTER-DEMO-6', 'counter', 'W6-test')).token;
    const otherWindow = caseEvents('W6-test', 1, 6, { kinds: 1, actor: { workNo: 'C006', windowNo: 5 } });
    const notThere = caseEvents('W6-test', 2, 6, { kinds: 1, actor: { workNo: 'C003', windowNo: 6 } });
    const ghost = caseEvents('W6-test', 3, 6, { kinds: 1, actor: { workNo: 'X999', windowNo: 6 } });
    // C001 is the AB角 of window 6 (C006's backup): accepted.
    const backup = caseEvents('W6-test', 4, 6, { kinds: 1, actor: { workNo: 'C001', windowNo: 6 } });
    const r = pushResponseSchema.parse((await push(tokW6, 'W6-test', [...otherWindow, ...notThere, ...ghost, ...backup])).body);
    expect(r.results.map((x) => (x.status === 'rejected' ? x.code : x.status))).toEqual([
      'SYNC_ACTOR_WRONG_WINDOW',
      'SYNC_ACTOR_NOT_AT_WINDOW',
      'SYNC_ACTOR_UNKNOWN',
      'accepted',
    ]);
    expect(r.lastSeq).toBe(4);
    const m = client(hall.url, tok.M001);
    for (const e of [...otherWindow, ...notThere, ...ghost]) expect((await m.get(`/api/cases/${e.streamId}`)).status).toBe(404);
    expect((await m.get(`/api/cases/${backup[0]!.streamId}`)).status).toBe(200);
    // The rejections are the counter's dead letters and the manager's list.
    const rej = await m.get<{ rejections: { seq: number; code: string }[] }>('/api/sync/rejections?deviceId=W6-test');
    expect(rej.body.rejections.map((x) => x.code).sort()).toEqual(['SYNC_ACTOR_NOT_AT_WINDOW', 'SYNC_ACTOR_UNKNOWN', 'SYNC_ACTOR_WRONG_WINDOW']);
  });

  it('a clerk with a session at the window that day is accepted there; the back office still writes through its own path', async () => {
    // C002 signs in at window 1 as C001's AB角 while C001 is seated there: the duty rota asks for
    // a manager's unlock (docs/rota.md). A session at window 1.
    const seated = await client(hall.url).post('/api/auth/login', {
      workNo: 'C002',
      password: 'demo',
      windowNo: 1,
      unlock: { workNo: 'M001', password: 'demo' },
    });
    expect(seated.status).toBe(200);
    const ev = caseEvents('W1-test', 4, 1, { kinds: 2, actor: { workNo: 'C002', windowNo: 1 } });
    const r = pushResponseSchema.parse((await push(tok.counter1, 'W1-test', ev)).body);
    expect(r.results.map((x) => x.status)).toEqual(['accepted', 'accepted']);
    const step = await client(hall.url, tok.M001).post<{ event: { deviceId: string } }>(`/api/cases/${ev[0]!.streamId}/events`, {
      kind: 'processingStep',
      payload: { step: '审核', outcome: 'pass', handler: { workNo: 'M001' } },
    });
    expect(step.status).toBe(200);
    expect(step.body.event.deviceId).toBe('hall-backoffice');
  });
});

describe('personal data on pull', () => {
  let caseId = '';
  beforeAll(async () => {
    const ev = caseEvents('W1-test', 6, 1, { kinds: 1, phone: '13812345678' });
    caseId = ev[0]!.streamId;
    const r = pushResponseSchema.parse((await push(tok.counter1, 'W1-test', ev)).body);
    expect(r.results[0]!.status).toBe('accepted');
  });

  const receivedFor = async (token: string) => {
    const p = pullResponseSchema.parse((await client(hall.url, token).get(`/api/sync/pull?since=0&limit=5000`)).body);
    const e = p.events.find((x) => x.streamId === caseId && x.kind === 'received');
    return (e!.payload as { applicant: { name: string; idNumber: string; phone?: string; masked?: boolean } }).applicant;
  };

  it("window 2's counter pulling window 1's applicant gets it masked; window 1's counter gets it in full", async () => {
    const masked = await receivedFor(tok.counter2);
    expect(masked.masked).toBe(true);
    expect(masked.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(masked.phone).toBe('138****5678');
    expect(masked.name).toContain('*');
    const full = await receivedFor(tok.counter1);
    expect(full.masked).toBeUndefined();
    expect(full.idNumber).not.toContain('*');
    expect(full.phone).toBe('13812345678');
  });

  it("window 2's clerk and the manager pull it masked too; the hall-wide list is masked", async () => {
    // (C002's earlier token ended when he signed in at window 1: sign in at his own window again.)
    expect((await receivedFor(await login(hall.url, 'C002'))).idNumber).toContain('*');
    expect((await receivedFor(tok.M001)).idNumber).toContain('*');
    const list = await client(hall.url, tok.M001).get<{ cases: { caseId: string; applicantMasked: { idNumber: string } }[] }>('/api/cases?limit=500');
    expect(list.body.cases.find((c) => c.caseId === caseId)!.applicantMasked.idNumber).toContain('*');
    expect(JSON.stringify(list.body)).not.toContain('13812345678');
  });

  it('a manager sees the full ID only with a reason, and the viewing is recorded (查看留痕)', async () => {
    expect((await client(hall.url, tok.C001).post(`/api/cases/${caseId}/reveal`, { reason: '核对身份' })).status).toBe(403);
    expect((await client(hall.url, tok.counter1).post(`/api/cases/${caseId}/reveal`, { reason: '核对身份' })).status).toBe(403);
    expect((await client(hall.url, tok.M001).post(`/api/cases/${caseId}/reveal`, {})).status).toBe(400);
    expect((await client(hall.url, tok.M001).post(`/api/cases/${caseId}/reveal`, { reason: 7 })).status).toBe(400);
    expect((await client(hall.url, tok.M001).post(`/api/cases/${uuidv7()}/reveal`, { reason: '核对身份' })).status).toBe(404);
    const r = await client(hall.url, tok.M001).post<{ applicant: { idNumber: string; phone: string } }>(`/api/cases/${caseId}/reveal`, {
      reason: '申请人来电核对身份',
    });
    expect(r.status).toBe(200);
    expect(r.body.applicant.idNumber).not.toContain('*');
    expect(r.body.applicant.phone).toBe('13812345678');
  });
});

describe('replacing a broken counter PC', () => {
  it('moves the sync log (device id and seq) to the new enrollment and revokes the old token', async () => {
    const m = client(hall.url, tok.M001);
    const devs = await m.get<{ devices: { id: string; syncDeviceId: string | null }[] }>('/api/devices');
    const old = devs.body.devices.find((d) => d.syncDeviceId === 'W1-test')!;
    expect(old).toBeTruthy();
    expect((await client(hall.url, tok.C001).post(`/api/devices/${old.id}/replace`, {})).status).toBe(403);
    const first = await m.post<{ code: string }>(`/api/devices/${old.id}/replace`, {});
    expect(first.status).toBe(200);
    // Replay: replaced again before the new PC enrolled — only the newest code takes over.
    const rep = await m.post<{ code: string; syncDeviceId: string; lastSeq: number; windowNo: number }>(`/api/devices/${old.id}/replace`, {});
    expect(rep.status).toBe(200);
    expect((await client(hall.url).post('/api/devices/enroll', { code: first.body.code, kind: 'counter', name: 'stale' })).status).toBe(403);
    expect((await m.post(`/api/devices/${old.id}/replace`, { ttlMinutes: 'x' })).status).toBe(400);
    expect(rep.body).toMatchObject({ syncDeviceId: 'W1-test', lastSeq: 6, windowNo: 1 });
    // The broken PC's token no longer works.
    expect((await push(tok.counter1, 'W1-test', [])).status).toBe(401);
    const fresh = await enrollCode(rep.body.code, 'counter', 'W1-new-pc');
    expect(fresh.takeOver).toEqual({ syncDeviceId: 'W1-test', lastSeq: 6 });
    expect(fresh.windowNo).toBe(1);
    const next = pushResponseSchema.parse((await push(fresh.token, 'W1-test', caseEvents('W1-test', 7, 1, { kinds: 1 }))).body);
    expect(next.results.map((x) => x.status)).toEqual(['accepted']);
    expect(next.lastSeq).toBe(7);
  });
});

describe('stored ratings', () => {
  it('can be neither edited nor deleted (the database refuses)', async () => {
    await hall.stop();
    const db = new Database(path.join(hall.dataDir, 'hall.sqlite'));
    try {
      const n = (db.prepare('SELECT COUNT(*) AS n FROM ratings').get() as { n: number }).n;
      expect(n).toBeGreaterThan(0);
      expect(() => db.prepare("UPDATE ratings SET level = 'verySatisfied'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM ratings').run()).toThrow(/append-only/);
      expect((db.prepare('SELECT COUNT(*) AS n FROM ratings').get() as { n: number }).n).toBe(n);
      const audit = db.prepare("SELECT data FROM events WHERE type = 'admin.revealApplicant'").all() as { data: string }[];
      expect(audit.map((a) => (JSON.parse(a.data) as { reason: string }).reason)).toEqual(['申请人来电核对身份']);
    } finally {
      db.close();
    }
  });
});
