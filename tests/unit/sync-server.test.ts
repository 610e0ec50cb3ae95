// The hall server's sync ingest, in-process: exactly-once per (deviceId, seq), per-event
// results, rejections that never block, deferral of newer kinds, clock skew, pull cursor,
// back-office events and the hall-wide case list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startHallServer } from '../../server/app';
import { createCaseEvent, CASE_SCHEMA_VERSION } from '../../domain/cases';
import { pullResponseSchema, pushResponseSchema, type WireEvent } from '../../domain/sync/wire';
import { caseDrafts } from '../support/syncCases';

let hall: Awaited<ReturnType<typeof startHallServer>>;
let token: string;
let manager: string;

async function call(method: string, path: string, body?: unknown, tok = token) {
  const res = await fetch(hall.url + path, {
    method,
    headers: { authorization: `Bearer ${tok}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads loosely typed JSON
  return { status: res.status, json: (await res.json()) as any };
}

function caseEvents(deviceId: string, firstSeq: number, caseId = uuidv7(), kinds = 5, at = new Date().toISOString()): WireEvent[] {
  return caseDrafts(caseId, firstSeq, 1, kinds).map((d, i) => {
    const e = createCaseEvent({ ...d, deviceId, seq: firstSeq + i, at } as never);
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

// One enrollment per sync log: a device token pushes only the log it claimed first.
const deviceTokens = new Map<string, string>();
async function deviceToken(deviceId: string): Promise<string> {
  let t = deviceTokens.get(deviceId);
  if (!t) {
    // The device's window: `dev-w2` is window 2's counter; other test ids are window 1's.
    const windowNo = Number(/-w(\d+)$/.exec(deviceId)?.[1] ?? 1);
    const enr = await fetch(`${hall.url}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `COUNTER-DEMO-${windowNo}`, kind: 'counter', name: deviceId }),
    });
    t = ((await enr.json()) as { token: string }).token;
    deviceTokens.set(deviceId, t);
  }
  return t;
}
const push = async (deviceId: string, events: unknown[], sentAt = new Date().toISOString()) =>
  call('POST', '/api/sync/push', { deviceId, schemaVersion: CASE_SCHEMA_VERSION, sentAt, events }, await deviceToken(deviceId));

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent' });
  const enr = await fetch(`${hall.url}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'COUNTER-DEMO', kind: 'counter', name: 'W1' }),
  });
  token = ((await enr.json()) as { token: string }).token;
  const lg = await fetch(`${hall.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workNo: 'M001', password: 'demo' }),
  });
  manager = ((await lg.json()) as { token: string }).token;
});
afterAll(async () => hall?.close());

describe('push', () => {
  it('applies each (deviceId, seq) once and answers duplicates with the same version', async () => {
    const evs = caseEvents('dev-a', 1);
    const r1 = pushResponseSchema.parse((await push('dev-a', evs)).json);
    expect(r1.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    const versions = r1.results.map((r) => (r as { serverVersion: number }).serverVersion);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(r1.lastSeq).toBe(5);
    const r2 = pushResponseSchema.parse((await push('dev-a', evs)).json);
    expect(r2.results.map((r) => r.status)).toEqual(Array(5).fill('duplicate'));
    expect(r2.results.map((r) => (r as { serverVersion: number }).serverVersion)).toEqual(versions);
    const detail = await call('GET', `/api/cases/${evs[0]!.streamId}`, undefined, manager);
    expect(detail.json.status).toBe('handedOver');
    expect(detail.json.eventCount).toBe(5);
    expect(detail.json.applicantMasked.idNumber).toContain('*');
  });

  it('rejects a bad event with a code and Chinese message, keeps going, and repeats the rejection on resend', async () => {
    const good = caseEvents('dev-b', 1, uuidv7(), 3);
    const bad = { ...good[1]!, payload: { caseType: 'committed', promisedDays: -3, dueDate: null } };
    const batch = [good[0], bad, { ...good[2]!, kind: 'accepted', payload: good[1]!.payload }];
    const r = pushResponseSchema.parse((await push('dev-b', batch)).json);
    expect(r.results.map((x) => x.status)).toEqual(['accepted', 'rejected', 'accepted']);
    const rej = r.results[1] as { code: string; message: string };
    expect(rej.code).toBe('CASE_EVENT_PAYLOAD_INVALID');
    expect(rej.message).toMatch(/受理/);
    expect(r.lastSeq).toBe(3);
    const again = pushResponseSchema.parse((await push('dev-b', batch)).json);
    expect(again.results.map((x) => x.status)).toEqual(['duplicate', 'rejected', 'duplicate']);
    const list = await call('GET', '/api/sync/rejections?deviceId=dev-b', undefined, manager);
    expect(list.json.rejections).toHaveLength(1);
    expect(list.json.rejections[0].code).toBe('CASE_EVENT_PAYLOAD_INVALID');
  });

  it('a malformed event (no envelope) is one rejected result, never a 400 for the batch', async () => {
    const r = await push('dev-c', [{ seq: 1, id: 'x' }, ...caseEvents('dev-c', 2, uuidv7(), 1)]);
    expect(r.status).toBe(200);
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['rejected', 'accepted']);
  });

  it('a gap answers expectedSeq and applies nothing past it', async () => {
    const evs = caseEvents('dev-d', 1, uuidv7(), 4);
    const r = pushResponseSchema.parse((await push('dev-d', evs.slice(2))).json);
    expect(r.results).toHaveLength(0);
    expect(r.expectedSeq).toBe(1);
    const ok = pushResponseSchema.parse((await push('dev-d', evs)).json);
    expect(ok.results.every((x) => x.status === 'accepted')).toBe(true);
  });

  it('keeps an unknown newer kind (deferred, versioned, pulled) and refuses an unknown kind of the current schema', async () => {
    const [recv] = caseEvents('dev-e', 1, uuidv7(), 1);
    const newer = { ...recv!, id: uuidv7(), seq: 2, kind: 'caseTransferred', payload: { toHall: '330106' }, schemaVersion: CASE_SCHEMA_VERSION + 1 };
    const typo = { ...recv!, id: uuidv7(), seq: 3, kind: 'caseTransfered', payload: {} };
    const r = pushResponseSchema.parse((await push('dev-e', [recv, newer, typo])).json);
    expect(r.results.map((x) => x.status)).toEqual(['accepted', 'accepted', 'rejected']);
    expect((r.results[1] as { deferred: boolean }).deferred).toBe(true);
    const detail = await call('GET', `/api/cases/${recv!.streamId}`, undefined, manager);
    expect(detail.json.deferred).toEqual([{ eventId: newer.id, kind: 'caseTransferred', schemaVersion: CASE_SCHEMA_VERSION + 1 }]);
    const pulled = pullResponseSchema.parse((await call('GET', '/api/sync/pull?since=0&limit=5000')).json);
    expect(pulled.events.some((e) => e.id === newer.id)).toBe(true);
  });

  it('records device clocks, reports skew over 5 minutes to the manager, never orders by them', async () => {
    const caseId = uuidv7();
    const dayAhead = new Date(Date.now() + 86_400_000).toISOString();
    const evs = caseEvents('dev-skew', 1, caseId, 2, dayAhead);
    // The second event claims to be a day EARLIER than the first: server order still wins.
    evs[1] = { ...evs[1]!, at: new Date(Date.now() - 86_400_000).toISOString() };
    const r = pushResponseSchema.parse((await push('dev-skew', evs, dayAhead)).json);
    expect(r.clockSkewMs!).toBeGreaterThan(86_000_000);
    const devs = await call('GET', '/api/sync/devices', undefined, manager);
    const d = devs.json.devices.find((x: { deviceId: string }) => x.deviceId === 'dev-skew');
    expect(d.clockSkewed).toBe(true);
    expect(devs.json.devices.find((x: { deviceId: string }) => x.deviceId === 'dev-a').clockSkewed).toBe(false);
    const detail = await call('GET', `/api/cases/${caseId}`, undefined, manager);
    expect(detail.json.status).toBe('accepted');
    expect(detail.json.conflicts).toEqual([]);
  });

  it('a device token cannot push another device token’s log', async () => {
    const enr = await fetch(`${hall.url}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'COUNTER-DEMO', kind: 'counter', name: 'W2' }),
    });
    const other = ((await enr.json()) as { token: string }).token;
    const r = await call('POST', '/api/sync/push', { deviceId: 'dev-a', schemaVersion: 1, events: [] }, other);
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('sync_device_owned');
  });
});

describe('pull and back office', () => {
  it('pages by server version, and back-office events reach the pull and the projection', async () => {
    const caseId = uuidv7();
    await push('dev-f', caseEvents('dev-f', 1, caseId, 2));
    const refused = await call('POST', `/api/cases/${caseId}/events`, { kind: 'handedOver', payload: { method: 'window' } }, manager);
    expect(refused.status).toBe(409);
    expect(refused.json.message).toMatch(/不能/);
    const eventId = uuidv7();
    const step = await call('POST', `/api/cases/${caseId}/events`, { kind: 'completed', payload: { result: 'approved' }, eventId }, manager);
    expect(step.status).toBe(200);
    expect(step.json.case.status).toBe('completed');
    const again = await call('POST', `/api/cases/${caseId}/events`, { kind: 'completed', payload: { result: 'approved' }, eventId }, manager);
    expect(again.json.duplicate).toBe(true);

    const seen: number[] = [];
    let since = 0;
    for (;;) {
      const p = pullResponseSchema.parse((await call('GET', `/api/sync/pull?since=${since}&limit=7`)).json);
      seen.push(...p.events.map((e) => e.serverVersion));
      expect(p.next).toBeGreaterThanOrEqual(since);
      since = p.next;
      if (!p.hasMore) break;
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(step.json.event.serverVersion);
  });

  it('a long-poll returns as soon as a new event is committed', async () => {
    const since = pullResponseSchema.parse((await call('GET', '/api/sync/pull?since=0&limit=1')).json);
    const cur = (await call('GET', '/api/sync/devices', undefined, manager)).json.version as number;
    expect(since.hasMore).toBe(true);
    const waiting = call('GET', `/api/sync/pull?since=${cur}&waitMs=20000`);
    const t0 = Date.now();
    await push('dev-g', caseEvents('dev-g', 1, uuidv7(), 1));
    const r = pullResponseSchema.parse((await waiting).json);
    expect(r.events).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('lists hall-wide cases with deadline marks, masked', async () => {
    const r = await call('GET', '/api/cases?limit=500', undefined, manager);
    expect(r.status).toBe(200);
    expect(r.json.total).toBeGreaterThan(3);
    expect(typeof r.json.overdue).toBe('number');
    for (const c of r.json.cases) {
      expect(c.applicant).toBeUndefined();
      if (c.applicantMasked) expect(c.applicantMasked.idNumber).toMatch(/\*/);
    }
    const open = await call('GET', '/api/cases?open=true', undefined, manager);
    expect(open.json.cases.every((c: { status: string }) => !['handedOver', 'refused', 'withdrawn'].includes(c.status))).toBe(true);
  });
});

describe('issue 13: 容缺 and offline walk-ins at the hall', () => {
  const wire = (deviceId: string, seq: number, caseId: string, kind: string, payload: unknown): WireEvent => {
    const e = createCaseEvent({ caseId, deviceId, seq, kind, actor: { workNo: 'C001', windowNo: 1 }, payload, at: new Date().toISOString() } as never);
    return {
      id: e.id,
      stream: 'case',
      streamId: caseId,
      deviceId,
      seq,
      kind: e.kind,
      at: e.at,
      actor: e.actor,
      payload: e.payload,
      schemaVersion: e.schemaVersion,
    };
  };

  it('the back office cannot complete or hand over a 容缺 case with waived materials owed; supplied → it can; terminate needs a reason', async () => {
    const caseId = uuidv7();
    const [received] = caseDrafts(caseId, 4242, 1, 1);
    const evs = [
      wire('dev-rq', 1, caseId, 'received', received!.payload),
      wire('dev-rq', 2, caseId, 'conditionallyAccepted', {
        caseType: 'committed',
        promisedDays: 5,
        dueDate: null,
        waivedMaterials: ['契税完税凭证', '婚姻状况证明'],
        supplyDeadline: '2099-01-01',
        commitmentSigned: true,
      }),
    ];
    expect(pushResponseSchema.parse((await push('dev-rq', evs)).json).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const done = await call('POST', `/api/cases/${caseId}/events`, { kind: 'completed', payload: { result: 'approved' } }, manager);
    expect(done.status).toBe(409);
    expect(done.json.code).toBe('CASE_WAIVED_MATERIALS_OUTSTANDING');
    expect(done.json.message).toContain('契税完税凭证');
    // one of two supplied: still refused
    expect(
      (await call('POST', `/api/cases/${caseId}/events`, { kind: 'materialsSupplemented', payload: { materials: ['契税完税凭证'], complete: false } }, manager))
        .status,
    ).toBe(200);
    expect((await call('POST', `/api/cases/${caseId}/events`, { kind: 'completed', payload: { result: 'approved' } }, manager)).json.code).toBe(
      'CASE_WAIVED_MATERIALS_OUTSTANDING',
    );
    expect(
      (await call('POST', `/api/cases/${caseId}/events`, { kind: 'materialsSupplemented', payload: { materials: ['婚姻状况证明'], complete: true } }, manager))
        .status,
    ).toBe(200);
    expect((await call('POST', `/api/cases/${caseId}/events`, { kind: 'completed', payload: { result: 'approved' } }, manager)).status).toBe(200);
    expect((await call('POST', `/api/cases/${caseId}/events`, { kind: 'handedOver', payload: { method: 'window' } }, manager)).status).toBe(200);

    // Another 容缺 case, never supplied: terminated (a reason is required), then nothing more.
    const other = uuidv7();
    const [rec2] = caseDrafts(other, 4243, 1, 1);
    await push('dev-rq', [
      wire('dev-rq', 3, other, 'received', rec2!.payload),
      wire('dev-rq', 4, other, 'conditionallyAccepted', {
        caseType: 'committed',
        promisedDays: 5,
        dueDate: null,
        waivedMaterials: ['契税完税凭证'],
        supplyDeadline: '2099-01-01',
        commitmentSigned: true,
      }),
    ]);
    expect((await call('POST', `/api/cases/${other}/events`, { kind: 'terminated', payload: { reason: '' } }, manager)).status).toBe(400);
    const term = await call(
      'POST',
      `/api/cases/${other}/events`,
      { kind: 'terminated', payload: { reasonCode: 'waivedNotSupplied', reason: '申请人未在承诺期限内补齐容缺材料' } },
      manager,
    );
    expect(term.status).toBe(200);
    expect(term.json.case.status).toBe('terminated');
    expect((await call('POST', `/api/cases/${other}/events`, { kind: 'completed', payload: { result: 'approved' } }, manager)).status).toBe(409);
  });

  it('an offline walk-in and its timed-out online attempt (same request id) are one hall ticket; a late request is refused', async () => {
    const clerk = (
      (await (
        await fetch(`${hall.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ workNo: 'C002', password: 'demo' }),
        })
      ).json()) as { token: string }
    ).token;
    const requestId = uuidv7();
    // The online attempt reached the hall after the counter's deadline: refused, nobody served.
    const late = await call('POST', '/api/windows/2/walk-in', { requestId, notAfter: Date.now() - 1000 }, clerk);
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('request_expired');
    expect((await call('GET', '/api/windows/2', undefined, clerk)).json.current ?? null).toBeNull();
    // The offline ticket arrives by sync under the same request id: one ticket, done, never called.
    const id = uuidv7();
    const rec = {
      id: uuidv7(),
      stream: 'ticket',
      streamId: id,
      deviceId: 'dev-w2',
      seq: 1,
      kind: 'walkIn',
      at: new Date().toISOString(),
      actor: { workNo: 'C002', windowNo: 2 },
      payload: { id, requestId, number: 'L001', category: 'A', windowNo: 2, issuedAt: new Date().toISOString(), channel: 'walkIn', offline: true },
      schemaVersion: CASE_SCHEMA_VERSION,
    };
    expect(pushResponseSchema.parse((await push('dev-w2', [rec])).json).results[0]!.status).toBe('accepted');
    expect(pushResponseSchema.parse((await push('dev-w2', [rec])).json).results[0]!.status).toBe('duplicate');
    const tickets = hall.ctx.store.all(hall.ctx.store.q.selectFrom('tickets').selectAll().where('request_id', '=', requestId));
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ number: 'L001', status: 'done', channel: 'walkIn', window_no: 2 });
    // An online walk-in with that request id (say it was retried) maps to the same ticket and leaves the window alone.
    const again = await call('POST', '/api/windows/2/walk-in', { requestId: uuidv7() }, clerk);
    expect(again.status).toBe(200);
    const same = await call('POST', '/api/windows/2/walk-in', { requestId }, clerk);
    expect(same.status).toBe(409); // the first answer (request_expired) is what this request id gets, replayed
    expect(hall.ctx.store.all(hall.ctx.store.q.selectFrom('tickets').selectAll().where('request_id', '=', requestId))).toHaveLength(1);
  });
});
