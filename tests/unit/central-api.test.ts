// The central on its embedded PostgreSQL (PGlite), over real HTTP: the schema rule, every route
// (wrong type, wrong role, replay, value from the future), the exactly-once ingest rules, the
// KPIs and 电子监察 over known data, and projections equal to a fresh rebuild.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startCentral, type CentralServer } from '../../central/app';
import { tablesNotDistributable } from '../../central/db/distribution';
import { chinaDateOf } from '../../domain/calendar';
import { uplinkPushResponseSchema } from '../../domain/api/uplink';
import { cityCasesResponseSchema, hallListResponseSchema, kpiResponseSchema } from '../../domain/api/city';
import { HallOutbox, pushAll } from '../support/uplinkStream';
import { call, enroll, projectionSnapshot, supervisorToken } from '../support/centralClient';
import { expectKpiMatches, kpisFromFacts } from '../support/kpiOracle';

let c: CentralServer;
let sup: string;
let hall: { hallId: string; hallToken: string };

beforeAll(async () => {
  c = await startCentral({ seed: 'demo', logLevel: 'warn' });
  sup = await supervisorToken(c.url);
  hall = await enroll(c.url, 'HALL1-DEMO');
});
afterAll(async () => {
  await c?.close();
});

describe('schema', () => {
  it('every table has hall_id in its primary key (distributable by hall)', async () => {
    expect(await tablesNotDistributable(c.store.db)).toEqual([]);
    // The check itself can fail: a table keyed without hall_id is reported.
    await sql`CREATE TABLE scratch_bad (id text PRIMARY KEY, hall_id text)`.execute(c.store.db);
    expect(await tablesNotDistributable(c.store.db)).toEqual(['scratch_bad']);
    await sql`DROP TABLE scratch_bad`.execute(c.store.db);
  });
});

describe('sign-in and roles', () => {
  it('login: wrong type, wrong password, then a token', async () => {
    expect((await call(c.url, 'POST', '/api/auth/login', null, { workNo: 1, password: 'demo' })).body.code).toBe('invalid_body');
    expect((await call(c.url, 'POST', '/api/auth/login', null, { workNo: 'S001', password: 'nope' })).status).toBe(401);
    const ok = await call(c.url, 'POST', '/api/auth/login', null, { workNo: 'S001', password: 'demo' });
    expect(ok.body.role).toBe('supervisor');
  });
  it('no token 401; a hall token cannot use city routes; a supervisor cannot push', async () => {
    expect((await call(c.url, 'GET', '/api/city/halls')).status).toBe(401);
    expect((await call(c.url, 'GET', '/api/city/halls', 'garbage')).status).toBe(401);
    expect((await call(c.url, 'GET', '/api/city/halls', hall.hallToken)).body.code).toBe('forbidden');
    expect((await call(c.url, 'GET', '/api/city/kpis?from=2026-01-01&to=2026-01-02', hall.hallToken)).status).toBe(403);
    expect((await call(c.url, 'GET', '/api/city/cases', hall.hallToken)).status).toBe(403);
    expect((await call(c.url, 'POST', '/api/city/halls', hall.hallToken, { code: '1234-9', name: 'x' })).status).toBe(403);
    expect(
      (await call(c.url, 'POST', '/api/uplink/push', sup, { hallId: hall.hallId, sentAt: new Date().toISOString(), backlog: 0, records: [] })).status,
    ).toBe(403);
    expect((await call(c.url, 'GET', '/api/uplink/state', sup)).status).toBe(403);
  });
  it('logout ends the session; a second logout (replay) is refused', async () => {
    const t = await supervisorToken(c.url);
    expect((await call(c.url, 'POST', '/api/auth/logout', t)).status).toBe(200);
    expect((await call(c.url, 'GET', '/api/city/halls', t)).status).toBe(401);
    expect((await call(c.url, 'POST', '/api/auth/logout', t)).status).toBe(401);
    expect((await call(c.url, 'POST', '/api/auth/logout', hall.hallToken)).status).toBe(403);
  });
  it('rejections list: supervisors only, unknown hall 404', async () => {
    expect((await call(c.url, 'GET', `/api/city/halls/${hall.hallId}/rejections`, hall.hallToken)).status).toBe(403);
    expect((await call(c.url, 'GET', '/api/city/halls/no-such-hall/rejections', sup)).body.code).toBe('unknown_hall');
  });
  it('a forged hall token (right hall id, wrong secret) is refused', async () => {
    expect((await call(c.url, 'GET', '/api/uplink/state', `${hall.hallId}.forged`)).status).toBe(401);
  });
});

describe('halls and enrollment', () => {
  it('registers a hall with a one-time code; the code works once; the same 机构代码 twice is a conflict', async () => {
    expect((await call(c.url, 'POST', '/api/city/halls', sup, { code: 42, name: '区中心' })).body.code).toBe('invalid_body');
    expect((await call(c.url, 'POST', '/api/city/halls', sup, { code: '440305 01', name: '区中心' })).status).toBe(400);
    const r = await call(c.url, 'POST', '/api/city/halls', sup, { code: '440305-01', name: '南山区政务服务中心' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code: '440305-01' });
    expect((await call(c.url, 'POST', '/api/city/halls', sup, { code: '440305-01', name: '又一个' })).body.code).toBe('hall_code_exists');
    const e = await call(c.url, 'POST', '/api/uplink/enroll', null, { enrollmentCode: r.body.enrollmentCode });
    expect(e.body).toMatchObject({ hallId: r.body.hallId, code: '440305-01', name: '南山区政务服务中心', lastSeq: 0 });
    expect((await call(c.url, 'POST', '/api/uplink/enroll', null, { enrollmentCode: r.body.enrollmentCode })).body.code).toBe('bad_enrollment_code');
    expect((await call(c.url, 'POST', '/api/uplink/enroll', null, { enrollmentCode: 7 })).status).toBe(400);
    const state = await call(c.url, 'GET', '/api/uplink/state', e.body.hallToken);
    expect(state.body).toMatchObject({ hallId: r.body.hallId, lastSeq: 0, catalogueVersion: 1 });
  });
  it('the demo code is reusable (demo mode only)', async () => {
    const again = await enroll(c.url, 'HALL2-DEMO');
    const third = await enroll(c.url, 'HALL2-DEMO');
    expect(third.hallId).toBe(again.hallId);
    // The newer token replaces the older one.
    expect((await call(c.url, 'GET', '/api/uplink/state', again.hallToken)).status).toBe(401);
    expect((await call(c.url, 'GET', '/api/uplink/state', third.hallToken)).status).toBe(200);
  });
});

describe('uplink push: exactly once', () => {
  it('refuses a wrong body, another hall id, and a clock a day ahead', async () => {
    const push = (b: unknown) => call(c.url, 'POST', '/api/uplink/push', hall.hallToken, b);
    expect((await push({ hallId: hall.hallId, sentAt: new Date().toISOString(), backlog: 0, records: 'x' })).body.code).toBe('invalid_body');
    expect((await push({ hallId: 'demo-hall-2', sentAt: new Date().toISOString(), backlog: 0, records: [] })).body.code).toBe('hall_mismatch');
    expect((await push({ hallId: hall.hallId, sentAt: new Date(Date.now() + 2 * 86400_000).toISOString(), backlog: 0, records: [] })).body.code).toBe(
      'future_sent_at',
    );
  });

  it('duplicates answered with the first result, gaps with the expected seq, rejections kept and visible', async () => {
    const o = new HallOutbox(hall.hallId);
    for (let i = 0; i < 5; i++) o.addTicket('2026-11-02T01:00:00.000Z', 10);
    o.addBroken();
    o.addStaff('C001', '李娜');
    const first = await pushAll(c.url, hall.hallToken, o, { batch: 7 });
    expect(first.at(-1)!.lastSeq).toBe(17);
    const all = first.flatMap((r) => r.results);
    expect(all.filter((r) => r.status === 'rejected').map((r) => r.seq)).toEqual([16]);
    // Resend everything: the same answers, nothing applied twice.
    const again = await call(c.url, 'POST', '/api/uplink/push', hall.hallToken, {
      hallId: hall.hallId,
      sentAt: new Date().toISOString(),
      backlog: 0,
      records: o.records,
    });
    const parsed = uplinkPushResponseSchema.parse(again.body);
    expect(parsed.results.filter((r) => r.status === 'duplicate')).toHaveLength(16);
    expect(parsed.results.find((r) => r.seq === 16)).toMatchObject({ status: 'rejected', code: 'UPLINK_BODY_INVALID' });
    expect(parsed.lastSeq).toBe(17);
    // A gap: records from 20 while the central expects 18.
    o.addTicket('2026-11-02T01:00:00.000Z', 10);
    const gap = await call(c.url, 'POST', '/api/uplink/push', hall.hallToken, {
      hallId: hall.hallId,
      sentAt: new Date().toISOString(),
      backlog: 0,
      records: o.records.slice(19),
    });
    expect(gap.body).toMatchObject({ expectedSeq: 18, lastSeq: 17, results: [] });
    // A restored hall reusing seq 3 with another record: told, not stored.
    const reused = await call(c.url, 'POST', '/api/uplink/push', hall.hallToken, {
      hallId: hall.hallId,
      sentAt: new Date().toISOString(),
      backlog: 0,
      records: [{ ...o.records[2]!, id: 'another-record-id' }],
    });
    expect(reused.body.results[0]).toMatchObject({ status: 'rejected', code: 'UPLINK_SEQ_REUSED' });
    await pushAll(c.url, hall.hallToken, o, { from: 18 });
    const rej = await call(c.url, 'GET', `/api/city/halls/${hall.hallId}/rejections`, sup);
    expect(rej.body.rejections.map((r: { seq: number }) => r.seq)).toEqual([16]);
    const list = hallListResponseSchema.parse((await call(c.url, 'GET', '/api/city/halls', sup)).body);
    const h = list.halls.find((x) => x.hallId === hall.hallId)!;
    expect(h).toMatchObject({ lastSeq: 20, accepted: 19, rejected: 1, backlog: 0, enrolled: true });
    expect(h.lastUplinkAt).not.toBeNull();
    expect(Math.abs(h.clockSkewMs!)).toBeLessThan(60_000);
    const tickets = await c.store.db
      .selectFrom('ticket_facts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('hall_id', '=', hall.hallId)
      .executeTakeFirstOrThrow();
    expect(Number(tickets.n)).toBe(6);
  });

  it('a record PostgreSQL cannot store (U+0000, an unpaired surrogate) is a rejection, not a push that fails on every resend', async () => {
    const reg = await call(c.url, 'POST', '/api/city/halls', sup, { code: 'CHARS-01', name: '字符测试大厅' });
    const h = await enroll(c.url, reg.body.enrollmentCode);
    const o = new HallOutbox(h.hallId);
    o.addStaff('C001', 'a\u0000b');
    o.addStaff('C002', 'x\ud800y');
    o.addStaff('C003', '王芳');
    // A broken envelope whose own strings cannot be stored either: kept, cleaned.
    o.records.push({ seq: 4, id: 'bad\u0000id-0000', kind: 'staff', at: 'not a time', body: { workNo: '\u0000' } });
    o.addStaff('C004', '张伟');
    const res = await pushAll(c.url, h.hallToken, o, { batch: 10 });
    const results = res.flatMap((r) => r.results);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'accepted', 'rejected', 'accepted']);
    expect(results[0]).toMatchObject({ code: 'UPLINK_BODY_INVALID' });
    expect(results[3]).toMatchObject({ code: 'UPLINK_RECORD_INVALID' });
    expect(res.at(-1)!.lastSeq).toBe(5);
    const staff = await c.store.db.selectFrom('hall_staff').select('work_no').where('hall_id', '=', h.hallId).orderBy('work_no').execute();
    expect(staff.map((x) => x.work_no)).toEqual(['C003', 'C004']);
    const rej = await call(c.url, 'GET', `/api/city/halls/${h.hallId}/rejections`, sup);
    expect(rej.body.rejections.map((r: { seq: number }) => r.seq)).toEqual([4, 2, 1]);
    // Resent: the same answers.
    const again = await call(c.url, 'POST', '/api/uplink/push', h.hallToken, {
      hallId: h.hallId,
      sentAt: new Date().toISOString(),
      backlog: 0,
      records: o.records.slice(0, 3),
    });
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected', 'duplicate']);
  });

  it('a record without a usable seq is answered UPLINK_RECORD_NO_SEQ with its id; the numbered ones around it are applied', async () => {
    const reg = await call(c.url, 'POST', '/api/city/halls', sup, { code: 'NOSEQ-01', name: '无序号测试大厅' });
    const h = await enroll(c.url, reg.body.enrollmentCode);
    const o = new HallOutbox(h.hallId);
    o.addStaff('C001', '王芳');
    o.addStaff('C002', '张伟');
    const [first, second] = o.records;
    const res = await call(c.url, 'POST', '/api/uplink/push', h.hallToken, {
      hallId: h.hallId,
      sentAt: new Date().toISOString(),
      backlog: 0,
      records: [first, { ...second!, seq: undefined, id: 'no-seq-record-1' }, { ...second!, seq: 0, id: 'zero-seq-record' }, second],
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toMatchObject([
      { seq: 1, status: 'accepted' },
      { seq: 0, id: 'no-seq-record-1', status: 'rejected', code: 'UPLINK_RECORD_NO_SEQ' },
      { seq: 0, id: 'zero-seq-record', status: 'rejected', code: 'UPLINK_RECORD_NO_SEQ' },
      { seq: 2, status: 'accepted' },
    ]);
    expect(res.body.lastSeq).toBe(2);
  });
});

describe('city KPIs and 电子监察 over known data', () => {
  let hall2: { hallId: string; hallToken: string };
  const today = chinaDateOf(Date.now());
  beforeAll(async () => {
    hall2 = await enroll(c.url, 'HALL2-DEMO');
    const o = new HallOutbox(hall2.hallId);
    // Accepted Mon 2026-11-02, 1 working day promised → due Tue 11-03.
    o.addCase({ at: '2026-11-02T02:00:00.000Z', promisedDays: 1, completedAt: '2026-11-03T02:00:00.000Z' }); // on time
    o.addCase({ at: '2026-11-02T02:00:00.000Z', promisedDays: 1, completedAt: '2026-11-06T02:00:00.000Z' }); // 3 days late
    o.addCase({ at: '2026-11-02T02:00:00.000Z', promisedDays: 1, until: 'accepted' }); // still open: overdue today
    o.addCase({ at: new Date().toISOString(), promisedDays: 1, until: 'accepted' }); // due soon
    o.addCase({ at: new Date().toISOString(), promisedDays: 30, until: 'accepted' }); // fine
    for (const l of ['verySatisfied', 'satisfied', 'satisfied', 'dissatisfied']) o.addRating(l, '2026-11-03T03:00:00.000Z');
    const bad = o.addRating('veryDissatisfied', '2026-11-04T03:00:00.000Z');
    o.addFollowUp(bad, '2026-11-04', '2026-11-05', '2026-11-05');
    o.addFollowUp(`${bad}x`, '2026-11-04', '2026-11-06', '2026-11-09');
    o.addTicket('2026-11-02T01:00:00.000Z', 10);
    o.addTicket('2026-11-02T01:00:00.000Z', 20);
    o.addTicket('2026-11-02T01:00:00.000Z', 30, { noShow: true });
    await pushAll(c.url, hall2.hallToken, o, { batch: 5 });
  });

  it('per hall and city-wide, with the documented definitions', async () => {
    const r = await call(c.url, 'GET', `/api/city/kpis?from=2026-11-01&to=2026-11-30&hall=${hall2.hallId}`, sup);
    const k = kpiResponseSchema.parse(r.body);
    expect(k.halls).toHaveLength(1);
    expect(k.halls[0]).toMatchObject({
      hallId: hall2.hallId,
      cases: 3,
      completed: 2,
      onTimeRate: 0.5,
      ratings: 5,
      goodRate: 0.6,
      badCount: 2,
      followUpOnTimeRate: 0.5,
      tickets: 3,
      avgWaitMinutes: 20,
      noShowRate: 0.3333,
    });
    // percentile_cont over 10, 20, 30 min is 28; the rollup's 30-second buckets give it within ±15 s.
    expect(Math.abs(k.halls[0]!.p90WaitMinutes! - 28)).toBeLessThanOrEqual(0.25);
    const city = kpiResponseSchema.parse((await call(c.url, 'GET', '/api/city/kpis?from=2026-11-01&to=2026-11-30', sup)).body);
    expect(city.halls.length).toBeGreaterThanOrEqual(2);
    expect(city.city.tickets).toBe(city.halls.reduce((s, h) => s + h.tickets, 0));
    expect(city.city.cases).toBe(city.halls.reduce((s, h) => s + h.cases, 0));
  });

  it('kpis: wrong type, reversed range, a range starting in the future', async () => {
    expect((await call(c.url, 'GET', '/api/city/kpis?from=yesterday&to=2026-11-30', sup)).body.code).toBe('invalid_query');
    expect((await call(c.url, 'GET', '/api/city/kpis?from=2026-11-30&to=2026-11-01', sup)).status).toBe(400);
    expect((await call(c.url, 'GET', '/api/city/kpis?from=2099-01-01&to=2099-01-02', sup)).body.code).toBe('future_date');
  });

  it('overdue and due-soon cases across halls, masked, with working days', async () => {
    const over = cityCasesResponseSchema.parse((await call(c.url, 'GET', `/api/city/cases?deadline=overdue&hall=${hall2.hallId}`, sup)).body);
    expect(over.asOf).toBe(today);
    expect(over.cases).toHaveLength(1);
    expect(over.cases[0]).toMatchObject({ deadline: 'overdue', dueDate: '2026-11-03', applicantMasked: '测***人', hallName: '示例市高新区政务服务中心' });
    expect(over.cases[0]!.overdueDays).toBeGreaterThan(10);
    const soon = cityCasesResponseSchema.parse((await call(c.url, 'GET', `/api/city/cases?deadline=dueSoon&hall=${hall2.hallId}`, sup)).body);
    expect(soon.cases).toHaveLength(1);
    expect(['dueSoon', 'dueToday']).toContain(soon.cases[0]!.deadline);
    expect(JSON.stringify(over)).not.toContain('11010519491231002X');
    expect((await call(c.url, 'GET', '/api/city/cases?deadline=late', sup)).status).toBe(400);
    expect((await call(c.url, 'GET', '/api/city/cases?limit=0', sup)).status).toBe(400);
  });

  it('the stored stream holds masked applicants plus keyed hashes, never the ID number', async () => {
    const rows = await c.store.db.selectFrom('uplink_records').select('body').where('hall_id', '=', hall2.hallId).where('kind', '=', 'caseEvent').execute();
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/11010519491231002X|440524188001010014|110101199003074477|13800138000/);
    expect(text).toContain('idNumberHash');
  });

  it('an applicant a hall sent unmasked is masked before it is stored', async () => {
    const o = new HallOutbox(hall2.hallId);
    const caseId = o.addCase({ at: '2026-11-05T02:00:00.000Z', until: 'received' });
    const body = o.records[0]!.body as { event: { payload: Record<string, unknown> }; applicantKeys?: unknown };
    body.event.payload.applicant = { name: '王小明', idType: 'residentId', idNumber: '11010519491231002X', phone: '13900139000' };
    delete body.applicantKeys;
    const lastSeq = (await call(c.url, 'GET', '/api/uplink/state', hall2.hallToken)).body.lastSeq as number;
    const r = await call(c.url, 'POST', '/api/uplink/push', hall2.hallToken, {
      hallId: hall2.hallId,
      sentAt: new Date().toISOString(),
      backlog: 0,
      records: [{ ...o.records[0]!, seq: lastSeq + 1 }],
    });
    expect(r.body.results[0].status).toBe('accepted');
    const stored = await c.store.db.selectFrom('uplink_records').select('body').where('hall_id', '=', hall2.hallId).where('ref', '=', caseId).execute();
    expect(JSON.stringify(stored)).not.toMatch(/王小明|11010519491231002X|13900139000/);
    expect(JSON.stringify(stored)).toContain('110105********002X');
    const row = await c.store.db
      .selectFrom('cases')
      .select('applicant_masked')
      .where('hall_id', '=', hall2.hallId)
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row.applicant_masked).toBe('王*明');
  });

  it('the daily rollup follows rows that change or move to another day; KPIs from it equal KPIs from the facts', async () => {
    const kpi = async () =>
      kpiResponseSchema.parse((await call(c.url, 'GET', `/api/city/kpis?from=2026-10-01&to=2026-11-30&hall=${hall2.hallId}`, sup)).body).halls[0]!;
    const k0 = await kpi();
    const lastSeq = (await call(c.url, 'GET', '/api/uplink/state', hall2.hallToken)).body.lastSeq as number;
    const o = new HallOutbox(hall2.hallId);
    // A rating overturned on appeal (valid: false), then one moved to another day; a follow-up
    // closed late after its due date moved; a ticket called in one push and issued in the next.
    const r1 = o.addRating('verySatisfied', '2026-11-10T03:00:00.000Z');
    const r2 = o.addRating('satisfied', '2026-11-11T03:00:00.000Z');
    o.addFollowUp('rating-fu-move', '2026-11-10', '2026-11-12', null);
    const t0 = Date.parse('2026-11-12T01:00:00.000Z');
    o.records.push({
      seq: o.lastSeq + 1,
      id: 'tk-called',
      kind: 'ticket',
      at: new Date(t0 + 600_000).toISOString(),
      body: { ticketId: 'tk-split', fact: 'called', at: new Date(t0 + 600_000).toISOString(), category: 'A', windowNo: 1, clerkWorkNo: 'C001' },
    });
    const first = o.lastSeq;
    const ratingBody = (id: string, at: string, valid: boolean) => ({
      ratingId: id,
      level: 'verySatisfied',
      ratedAt: at,
      windowNo: 1,
      clerkWorkNo: 'C001',
      ticketId: null,
      caseId: null,
      reasonCodes: [],
      valid,
    });
    o.records.push({
      seq: o.lastSeq + 1,
      id: 'r1-appeal',
      kind: 'rating',
      at: '2026-11-13T03:00:00.000Z',
      body: ratingBody(r1, '2026-11-10T03:00:00.000Z', false),
    });
    o.records.push({
      seq: o.lastSeq + 1,
      id: 'r2-moved',
      kind: 'rating',
      at: '2026-11-13T03:00:00.000Z',
      body: ratingBody(r2, '2026-10-20T03:00:00.000Z', true),
    });
    o.records.push({
      seq: o.lastSeq + 1,
      id: 'fu-close',
      kind: 'followUp',
      at: '2026-11-20T03:00:00.000Z',
      body: {
        followUpId: 'fu-rating-fu-move',
        ratingId: 'rating-fu-move',
        status: 'closed',
        openedOn: '2026-11-10',
        dueDate: '2026-11-16',
        closedOn: '2026-11-18',
        action: 'reply',
      },
    });
    o.records.push({
      seq: o.lastSeq + 1,
      id: 'tk-issued',
      kind: 'ticket',
      at: new Date(t0).toISOString(),
      body: { ticketId: 'tk-split', fact: 'issued', at: new Date(t0).toISOString(), category: 'A' },
    });
    for (const r of o.records) r.seq += lastSeq;
    const push = async (records: typeof o.records) =>
      uplinkPushResponseSchema.parse(
        (await call(c.url, 'POST', '/api/uplink/push', hall2.hallToken, { hallId: hall2.hallId, sentAt: new Date().toISOString(), backlog: 0, records })).body,
      );
    expect((await push(o.records.slice(0, first))).results.filter((r) => r.status !== 'accepted')).toEqual([]);
    const k1 = await kpi();
    expect(k1.ratings).toBe(k0.ratings + 2);
    expect(k1.tickets).toBe(k0.tickets); // called without issued: no issue day yet
    expect((await push(o.records.slice(first))).results.filter((r) => r.status !== 'accepted')).toEqual([]);
    const k2 = await kpi();
    expect(k2.ratings).toBe(k0.ratings + 1); // r1 invalid; r2 now on 10-20, still in range
    expect(k2.tickets).toBe(k0.tickets + 1);
    const days = await c.store.db
      .selectFrom('hall_daily')
      .select(['day', 'ratings', 'fu_total', 'fu_closed', 'tickets'])
      .where('hall_id', '=', hall2.hallId)
      .orderBy('day')
      .execute();
    expect(days.find((d) => d.day === '2026-11-10')).toBeUndefined(); // r1 overturned: nothing left that day
    expect(days.find((d) => d.day === '2026-11-11')).toBeUndefined(); // r2 moved away
    expect(days.find((d) => d.day === '2026-10-20')).toMatchObject({ ratings: 1 });
    expect(days.find((d) => d.day === '2026-11-12')).toMatchObject({ tickets: 1, fu_total: 0 }); // the follow-up's due date moved to 11-16
    expect(days.find((d) => d.day === '2026-11-16')).toMatchObject({ fu_total: 1, fu_closed: 1 });
    const exact = await kpisFromFacts(c.store.db, '2026-10-01', '2026-11-30', today);
    expectKpiMatches(k2, exact.halls[hall2.hallId]!);
    const city = kpiResponseSchema.parse((await call(c.url, 'GET', '/api/city/kpis?from=2026-10-01&to=2026-11-30', sup)).body);
    expectKpiMatches(city.city, exact.city);
    for (const h of city.halls) expectKpiMatches(h, exact.halls[h.hallId]!);
  });

  it('projections equal a fresh projection from the stored records', async () => {
    const before = await projectionSnapshot(c.store.db, hall2.hallId);
    expect(before.cases).toHaveLength(6);
    expect(before.hall_daily!.length).toBeGreaterThan(3); // the rollup is part of the projection
    expect((before.cases as { department: string | null }[]).every((x) => x.department === '区市场监督管理局')).toBe(true);
    await c.rebuild(hall2.hallId);
    expect(await projectionSnapshot(c.store.db, hall2.hallId)).toEqual(before);
  });
});

describe('catalogue downlink', () => {
  it('halls get a version only when newer; publishing is optimistic; replays conflict', async () => {
    const full = await call(c.url, 'GET', '/api/city/catalogue?since=0', hall.hallToken);
    expect(full.body.version).toBe(1);
    expect(full.body.catalogue.items.length).toBeGreaterThan(0);
    expect(full.body.catalogue.badReasons.length).toBeGreaterThan(0);
    expect((await call(c.url, 'GET', '/api/city/catalogue?since=1', hall.hallToken)).body.catalogue).toBeNull();
    expect((await call(c.url, 'GET', '/api/city/catalogue?since=-1', hall.hallToken)).status).toBe(400);
    expect((await call(c.url, 'GET', '/api/city/catalogue?since=99999999', hall.hallToken)).status).toBe(400);
    const body = { ...full.body.catalogue, holidayOverrides: [{ date: '2026-12-31', working: false, note: '市政府临时调休' }], baseVersion: 1 };
    expect((await call(c.url, 'POST', '/api/city/catalogue', hall.hallToken, body)).status).toBe(403);
    expect((await call(c.url, 'POST', '/api/city/catalogue', sup, { ...body, items: 'x' })).body.code).toBe('invalid_body');
    expect((await call(c.url, 'GET', '/api/city/catalogue?since=0')).status).toBe(401);
    // A base version from the future is a conflict too, never a jump.
    expect((await call(c.url, 'POST', '/api/city/catalogue', sup, { ...body, baseVersion: 7 })).body).toMatchObject({
      code: 'catalogue_version_conflict',
      details: { current: 1 },
    });
    const pub = await call(c.url, 'POST', '/api/city/catalogue', sup, body);
    expect(pub.body.version).toBe(2);
    const replay = await call(c.url, 'POST', '/api/city/catalogue', sup, body);
    expect(replay).toMatchObject({ status: 409, body: { code: 'catalogue_version_conflict' } });
    const next = await call(c.url, 'GET', '/api/city/catalogue?since=1', hall.hallToken);
    expect(next.body.catalogue.holidayOverrides).toEqual([{ date: '2026-12-31', working: false, note: '市政府临时调休' }]);
    const halls = (await call(c.url, 'GET', '/api/city/halls', sup)).body.halls as { hallId: string; catalogueVersion: number | null }[];
    expect(halls.find((h) => h.hallId === hall.hallId)!.catalogueVersion).toBe(1);
  });
});
