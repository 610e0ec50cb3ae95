// The push route reads its body as bytes and parses it when the push's turn comes (central/app.ts,
// uplink/gate.ts): same parser and same answers as Fastify's own JSON body, the token checked first.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCentral, type CentralServer } from '../../central/app';
import { HallOutbox } from '../support/uplinkStream';
import { enroll } from '../support/centralClient';

let c: CentralServer;
let hall: { hallId: string; hallToken: string };

beforeAll(async () => {
  c = await startCentral({ seed: 'demo', logLevel: 'warn' });
  hall = await enroll(c.url, 'HALL1-DEMO');
});
afterAll(async () => {
  await c?.close();
});

const post = async (body: string, token: string | null = hall.hallToken, type = 'application/json') => {
  const res = await fetch(`${c.url}/api/uplink/push`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as { code?: string; results?: { status: string }[]; lastSeq?: number } };
};

it('bad JSON, an empty body, a __proto__ key: 400 malformed_json; no token first: 401; text/plain: 400', async () => {
  expect(await post('{not json')).toMatchObject({ status: 400, body: { code: 'malformed_json' } });
  expect(await post('')).toMatchObject({ status: 400, body: { code: 'malformed_json' } });
  expect(await post('{"hallId":"x","__proto__":{"polluted":1}}')).toMatchObject({ status: 400, body: { code: 'malformed_json' } });
  expect(await post('{not json', null)).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
  // Another media type is judged as the body it is (a string): not a push.
  const asText = JSON.stringify({ hallId: hall.hallId, sentAt: new Date().toISOString(), backlog: 0, records: [] });
  expect(await post(asText, hall.hallToken, 'text/plain')).toMatchObject({ status: 400, body: { code: 'invalid_body' } });
  expect(await post(JSON.stringify({ hallId: hall.hallId, sentAt: 'yesterday', backlog: 0, records: [] }))).toMatchObject({
    status: 400,
    body: { code: 'invalid_body' },
  });
});

// After the five refusals above (more than the gate's 4 places), a push still gets in: a push
// that fails gives its place back.
it('a well-formed push is applied, and another hall id in it is refused', async () => {
  const o = new HallOutbox(hall.hallId);
  o.addCase({ at: '2026-11-03T02:00:00.000Z', until: 'handedOver', completedAt: '2026-11-04T02:00:00.000Z' });
  const ok = await post(JSON.stringify({ hallId: hall.hallId, sentAt: new Date().toISOString(), backlog: 0, records: o.records }));
  expect(ok.status).toBe(200);
  expect(ok.body.results?.every((r) => r.status === 'accepted')).toBe(true);
  expect(ok.body.lastSeq).toBe(o.records.length);
  const other = await post(JSON.stringify({ hallId: 'another-hall', sentAt: new Date().toISOString(), backlog: 0, records: [] }));
  expect(other).toMatchObject({ status: 403, body: { code: 'hall_mismatch' } });
});
