// The hall's uplink outbox (server/uplink/outbox.ts): written in the caller's transaction (a
// rolled-back change leaves no record), ticket facts from the queue, case events masked with
// keyed hashes, ratings without the rater's text; GET /api/uplink/status roles.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app';
import type { HallContext } from '../../server/context';
import { outboxOf, toRecord } from '../../server/uplink/outbox';
import { FollowUpService } from '../../server/followups/service';
import type { OutboxRow } from '../../server/uplink/schema';
import { uplinkBodySchemas, uplinkRecordSchema } from '../../domain/api/uplink';
import { call } from '../support/centralClient';

const ID = '11010519491231002X';
let s: HallServer & { ctx: HallContext };
let clerk: string;
/** Window 1's counter device: only it pushes sync events and sends its window's ratings. */
let counter: string;

const rows = (after = 0) => s.ctx.store.raw.prepare('SELECT * FROM uplink_outbox WHERE seq > ? ORDER BY seq').all(after) as OutboxRow[];

beforeAll(async () => {
  s = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'warn' });
  clerk = (await call<{ token: string }>(s.url, 'POST', '/api/auth/login', null, { workNo: 'C001', password: 'demo', windowNo: 1 })).body.token;
  counter = (await call<{ token: string }>(s.url, 'POST', '/api/devices/enroll', null, { code: 'COUNTER-DEMO-1', kind: 'counter', name: 'unit counter' })).body
    .token;
});
afterAll(async () => {
  await s?.close();
});

describe('outbox', () => {
  it('a rolled-back change leaves no outbox record', () => {
    const before = outboxOf(s.ctx.store).lastSeq;
    expect(() =>
      s.ctx.engine.mutate(() => {
        outboxOf(s.ctx.store).append('staff', Date.now(), { workNo: 'X1', name: '测试', role: 'clerk', active: true });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(outboxOf(s.ctx.store).lastSeq).toBe(before);
  });

  it('queue actions write ticket facts (issued, called) that match the contract and carry no ID number', async () => {
    const from = outboxOf(s.ctx.store).lastSeq;
    expect((await call(s.url, 'POST', '/api/tickets', clerk, { category: 'A', idNumber: ID })).status).toBe(201);
    expect((await call(s.url, 'POST', '/api/windows/1/call-next', clerk, {})).status).toBe(200);
    const got = rows(from).map((r) => toRecord(r, 0));
    expect(got.map((r) => (r.body as { fact: string }).fact)).toEqual(['issued', 'called']);
    for (const r of got) {
      expect(uplinkRecordSchema.safeParse(r).success).toBe(true);
      expect(uplinkBodySchemas.ticket.safeParse(r.body).success).toBe(true);
      expect(JSON.stringify(r)).not.toContain(ID);
    }
    expect((got[1]!.body as { clerkWorkNo: string }).clerkWorkNo).toBe('C001');
  });

  it('a received case event goes up masked with keyed hashes; a rating without its text', async () => {
    const from = outboxOf(s.ctx.store).lastSeq;
    const caseId = crypto.randomUUID();
    const ev = {
      id: crypto.randomUUID(),
      stream: 'case',
      streamId: caseId,
      deviceId: 'unit-counter',
      seq: 1,
      kind: 'received',
      at: new Date().toISOString(),
      actor: { workNo: 'C001', windowNo: 1 },
      schemaVersion: 1,
      payload: {
        caseNo: '99990120261207000001',
        itemCode: '000107001',
        itemName: '个体工商户设立登记',
        channel: 'window',
        applicant: { name: '王小明', idType: 'residentId', idNumber: ID, phone: '13912345678' },
        materials: [],
      },
    };
    const push = await call<{ results: { status: string }[] }>(s.url, 'POST', '/api/sync/push', counter, {
      deviceId: 'unit-counter',
      schemaVersion: 1,
      events: [ev],
    });
    expect(push.body.results[0]!.status).toBe('accepted');
    const rating = {
      id: crypto.randomUUID(),
      windowNo: 1,
      clerkWorkNo: 'C001',
      level: 'satisfied',
      reasonCodes: [],
      text: '王小明 很好 13912345678',
      channel: 'hallTablet',
      ratedAt: new Date().toISOString(),
    };
    expect((await call(s.url, 'POST', '/api/ratings', counter, rating)).status).toBe(200);
    expect((await call(s.url, 'POST', '/api/ratings', counter, rating)).status).toBe(200); // replay: no second record
    const got = rows(from).map((r) => toRecord(r, 0));
    expect(got.map((r) => r.kind)).toEqual(['caseEvent', 'rating']);
    const body = uplinkBodySchemas.caseEvent.parse(got[0]!.body);
    expect(body.serverVersion).toBeGreaterThan(0);
    expect(body.applicantKeys?.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    const text = JSON.stringify(got);
    for (const secret of [ID, '王小明', '13912345678', '很好']) expect(text).not.toContain(secret);
  });

  it('the applicant is kept beside the masked record only sealed; opened for a city that receives it; gone when shredded or acknowledged', async () => {
    const o = outboxOf(s.ctx.store);
    const from = o.lastSeq;
    const caseId = crypto.randomUUID();
    const applicant = { name: '赵六', idType: 'residentId', idNumber: ID, phone: '13700001111' };
    const push = await call<{ results: { status: string }[] }>(s.url, 'POST', '/api/sync/push', counter, {
      deviceId: 'unit-counter',
      schemaVersion: 1,
      events: [
        {
          id: crypto.randomUUID(),
          stream: 'case',
          streamId: caseId,
          deviceId: 'unit-counter',
          seq: 2,
          kind: 'received',
          at: new Date().toISOString(),
          actor: { workNo: 'C001', windowNo: 1 },
          schemaVersion: 1,
          payload: { caseNo: '99990120261207000077', itemCode: '000107001', itemName: '个体工商户设立登记', channel: 'window', applicant, materials: [] },
        },
      ],
    });
    expect(push.body.results[0]!.status, JSON.stringify(push.body)).toBe('accepted');
    const [row] = rows(from);
    expect(row!.personal).toContain('"$sealed"');
    for (const secret of [ID, '赵六', '13700001111']) expect(row!.personal).not.toContain(secret);
    // The wire record carries no personal field by itself (the uplink client adds it only for a city that receives it).
    expect(toRecord(row!, 0).personal).toBeUndefined();
    expect(o.personalFor(row!, s.ctx.sealer)).toEqual({ applicant });
    expect(o.personalFor(row!, null)).toBeNull();
    // Retention shreds the case's data key: the outbox copy can no longer be opened either.
    s.ctx.sealer!.shred(caseId);
    expect(o.personalFor(row!, s.ctx.sealer)).toBeNull();
    // Acknowledged: erased from the row.
    expect(o.erasePersonal(row!.seq)).toBeGreaterThanOrEqual(1);
    expect(rows(from)[0]!.personal).toBeNull();
  });

  it('a 差评 follow-up goes up after each action; overturned on appeal, the rating goes up again as invalid', async () => {
    const m = (await call<{ token: string }>(s.url, 'POST', '/api/auth/login', null, { workNo: 'M001', password: 'demo' })).body.token;
    const rating = {
      id: crypto.randomUUID(),
      windowNo: 1,
      clerkWorkNo: 'C001',
      level: 'veryDissatisfied',
      reasonCodes: [],
      channel: 'hallTablet',
      ratedAt: new Date().toISOString(),
    };
    expect((await call(s.url, 'POST', '/api/ratings', counter, rating)).status).toBe(200);
    const list = await call<{ tasks: { id: string; ratingId: string }[] }>(s.url, 'GET', '/api/followups', m);
    const task = list.body.tasks.find((t) => t.ratingId === rating.id)!;
    const from = outboxOf(s.ctx.store).lastSeq;
    expect((await call(s.url, 'POST', `/api/followups/${encodeURIComponent(task.id)}/actions`, m, { type: 'appeal', reason: '评价人误操作' })).status).toBe(
      200,
    );
    // The review needs a second manager (the appellant may not review): through the service.
    new FollowUpService(s.ctx.store).act(task.id, { type: 'review', decision: 'overturned', note: '核实' } as Parameters<FollowUpService['act']>[1], 'M009');
    const got = rows(from).map((r) => toRecord(r, 0));
    expect(got.map((r) => r.kind)).toEqual(['followUp', 'followUp', 'rating']);
    expect(uplinkBodySchemas.followUp.parse(got[1]!.body).status).toBe('invalidated');
    expect(uplinkBodySchemas.rating.parse(got[2]!.body)).toMatchObject({ ratingId: rating.id, valid: false });
  });

  it('GET /api/uplink/status: manager only; "off" without --central', async () => {
    expect((await call(s.url, 'GET', '/api/uplink/status')).status).toBe(401);
    expect((await call(s.url, 'GET', '/api/uplink/status', clerk)).status).toBe(403);
    const m = (await call<{ token: string }>(s.url, 'POST', '/api/auth/login', null, { workNo: 'M001', password: 'demo' })).body.token;
    const st = await call<{ configured: boolean; state: string; backlog: number; outboxSeq: number }>(s.url, 'GET', '/api/uplink/status', m);
    expect(st.status).toBe(200);
    expect(st.body).toMatchObject({ configured: false, state: 'off' });
    expect(st.body.backlog).toBe(st.body.outboxSeq);
  });
});
